"""IR → file contents, through one Jinja2 environment; one render call per output file."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2.bccache import Bucket

from generator.ir import Api
from generator.paths import builtin_templates
from generator.render import layout
from generator.render.filters import FILTERS, per_api
from generator.results import OutputFile
from generator.versions import tool_version

# How templates are read; compiled code depends on it, so it is part of the on-disk cache's name.
_SYNTAX: dict[str, Any] = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
    "autoescape": False,
}


# Compiled templates for the life of the process, shared by every environment: template key ->
# (checksum of its source, code).
_COMPILED: dict[str, tuple[str, CodeType]] = {}


class _BytecodeCache(jinja2.BytecodeCache):
    """Compiled templates, kept in memory for the process and on disk (a store's directory).

    Compiling the templates costs far more than rendering them. The key names the template
    file and the checksum covers its source, so an override directory or an edited template is
    compiled anew; in memory the code objects are kept as they are (no marshalling).
    """

    def __init__(self, disk: jinja2.FileSystemBytecodeCache | None) -> None:
        self._disk = disk

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = _COMPILED.get(bucket.key, ("", None))
        if code is not None and checksum == bucket.checksum:
            bucket.code = code
        elif self._disk is not None:
            self._disk.load_bytecode(bucket)  # Jinja2 checks the checksum and its own format
            self._keep(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._keep(bucket)
        if self._disk is not None:
            try:
                self._disk.dump_bytecode(bucket)
            except OSError:
                return  # the store is an optimisation only

    @staticmethod
    def _keep(bucket: Bucket) -> None:
        if bucket.code is not None:
            _COMPILED[bucket.key] = (bucket.checksum, bucket.code)


def bytecode_directory_name() -> str:
    """Where in a store compiled templates go: named after how templates compile."""
    syntax = f"jinja2={tool_version('jinja2')}\0{sorted(_SYNTAX.items())!r}"
    return "jinja2-" + hashlib.sha256(syntax.encode()).hexdigest()[:16]


def environment(overrides: Path | None = None, bytecode: Path | None = None) -> jinja2.Environment:
    """A user directory, when given, replaces built-in templates file by file."""
    loaders: list[jinja2.BaseLoader] = []
    if overrides is not None:
        loaders.append(jinja2.FileSystemLoader(overrides))
    loaders.append(jinja2.FileSystemLoader(builtin_templates()))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_BytecodeCache(
            None if bytecode is None else jinja2.FileSystemBytecodeCache(str(bytecode))
        ),
        **_SYNTAX,
    )
    env.filters.update(FILTERS)
    env.filters.update(per_api(None, []))
    return env


def render_api(
    api: Api,
    overrides: Path | None = None,
    bytecode: Path | None = None,
    between: Callable[[], None] = lambda: None,
) -> list[OutputFile]:
    """Every output file as rendered; `bytecode` is a directory for compiled templates.

    `between` is called after each file (the pipeline stops there when the spec is invalid).
    """
    env = environment(overrides, bytecode)
    env.globals["api"] = api
    env.filters.update(per_api(api.docs_url, [scheme.name for scheme in api.security_schemes]))
    plan = list(_plan(api))
    replaced = _replaced(overrides, {template for _, template, _ in plan})
    files = []
    for path, template, context in plan:
        with layout.watching() as unsure:
            content = env.get_template(template).render(**context)
        laid_out = not unsure and template not in replaced
        files.append(OutputFile(path=path, content=content, laid_out=laid_out))
        between()
    return files


def _replaced(overrides: Path | None, templates: set[str]) -> set[str]:
    """The planned templates whose text may come from the user's directory.

    A user's template lays out its own code, so black formats what it renders. A replaced
    partial (an included or imported template) can reach any file: then every one is black's.
    """
    if overrides is None or not overrides.is_dir():
        return set()
    names = {p.relative_to(overrides).as_posix() for p in overrides.rglob("*") if p.is_file()}
    return set(templates) if names - templates else names & templates


def _plan(api: Api) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(output path, template, context) for every file; paths come from sanitized names only."""
    package = api.package_name
    yield "pyproject.toml", "python/pyproject.toml.jinja", {}
    yield "README.md", "docs/README.md.jinja", {}
    modules = ["__init__", "_lazy", "configuration", "api_client", "api_response", "exceptions"]
    modules += ["retries", "serialization", *(["auth"] if api.oauth2_schemes else [])]
    for module in modules:
        yield f"{package}/{module}.py", f"python/package/{module}.py.jinja", {}
    yield f"{package}/py.typed", "python/package/py.typed.jinja", {}
    yield f"{package}/api/__init__.py", "python/package/api/__init__.py.jinja", {}
    yield f"{package}/models/__init__.py", "python/package/models/__init__.py.jinja", {}
    yield f"{package}/models/_base.py", "python/package/models/_base.py.jinja", {}
    for api_class in api.apis:
        yield f"{package}/api/{api_class.module}.py", "python/package/api/api.py.jinja", {
            "api_class": api_class
        }
        yield f"docs/{api_class.name}.md", "docs/api.md.jinja", {"api_class": api_class}
    for model in api.models:
        yield f"{package}/models/{model.module}.py", "python/package/models/model.py.jinja", {
            "model": model
        }
        yield f"docs/{model.name}.md", "docs/model.md.jinja", {"model": model}
    for enum in api.enums:
        yield f"{package}/models/{enum.module}.py", "python/package/models/enum.py.jinja", {
            "enum": enum
        }
        yield f"docs/{enum.name}.md", "docs/enum.md.jinja", {"enum": enum}
