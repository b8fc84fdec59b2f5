"""IR → file contents, through one Jinja2 environment; one render call per output file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2

from generator.model import Api
from generator.text import (
    markdown_cell,
    markdown_code_span,
    markdown_inline,
    python_comment,
    site_links,
)
from generator.write import OutputFile

_FILTERS = {
    "md_cell": markdown_cell,
    "md_inline": markdown_inline,
    "md_code": markdown_code_span,
    "comment": python_comment,
}


def builtin_templates() -> Path:
    """Templates ship in the wheel as `generator/_templates`; in a checkout they sit beside it."""
    installed = Path(__file__).parent / "_templates"
    return installed if installed.is_dir() else Path(__file__).parent.parent / "templates"


def environment(overrides: Path | None = None) -> jinja2.Environment:
    """A user directory, when given, replaces built-in templates file by file."""
    loaders: list[jinja2.BaseLoader] = []
    if overrides is not None:
        loaders.append(jinja2.FileSystemLoader(overrides))
    loaders.append(jinja2.FileSystemLoader(builtin_templates()))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(_FILTERS)
    return env


def render_api(api: Api, overrides: Path | None = None) -> list[OutputFile]:
    env = environment(overrides)
    env.globals["api"] = api
    # Descriptions may link into the vendor's site (`/docs/x`); resolve those for these pages.
    env.filters["md_text"] = lambda text: site_links(text, api.docs_url)
    env.filters["md_cell"] = lambda text: markdown_cell(site_links(text, api.docs_url))
    return [
        OutputFile(path=path, content=env.get_template(template).render(**context))
        for path, template, context in _plan(api)
    ]


def _plan(api: Api) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(output path, template, context) for every file; paths come from sanitized names only."""
    package = api.package_name
    yield "pyproject.toml", "python/pyproject.toml.jinja", {}
    yield "README.md", "docs/README.md.jinja", {}
    modules = ["__init__", "configuration", "api_client", "api_response", "exceptions"]
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
