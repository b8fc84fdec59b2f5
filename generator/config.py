"""Settings for one generation.

From the nearest `[tool.sdkgen]` upward (or, for an output directory no `[tool.sdkgen]` names,
the settings that directory recorded when it was generated), then a `--config` file, then
command-line flags.
"""

from __future__ import annotations

import functools
import json
import keyword
import os
import re
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, GeneratorError, Level

_PACKAGE_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    spec: Path
    output: Path
    package: str
    project_name: str | None = None  # distribution name; derived from `package` when unset
    package_version: str = "1.0.0"
    templates: Path | None = None  # a directory whose files replace built-in templates
    docs_url: str | None = None  # base for site-relative links (`/docs/x`) in descriptions
    # operationId -> paging style, for specs that do not say it themselves
    pagination: Mapping[str, str] = field(default_factory=dict)
    validate: bool = True
    # Run black over every generated file, not only over those sdkgen did not lay out itself
    # (files from user templates). The output is the same; this is the slow, belt-and-braces way.
    black: bool = False

    @property
    def distribution_name(self) -> str:
        return self.project_name or self.package.replace("_", "-")


_KEYS = {f.name for f in fields(Config)}
PYPROJECT = "pyproject.toml"
# What the output directory records about the settings it was generated with, so that
# `sdkgen check -o DIR` and `generate -o DIR` reproduce it. Only settings, with paths relative to
# the directory: nothing about the machine or the sdkgen version (the file is committed).
SETTINGS_FILE = ".sdkgen/settings.json"
_SETTINGS_VERSION = 1
# Top-level modules the generated package imports; a package of the same name would hide them.
_SDK_DEPENDENCIES = frozenset({"httpx", "pydantic", "pydantic_core", "typing_extensions"})


class Settings(dict[str, Any]):
    """One layer of settings, and where it came from (for error messages)."""

    def __init__(self, values: Mapping[str, Any], source: str) -> None:
        super().__init__(values)
        self.source = source


def _problem(message: str, file: Path) -> GeneratorError:
    return GeneratorError(
        "invalid configuration", [Diagnostic(level=Level.ERROR, message=message, file=str(file))]
    )


def _from_mapping(values: Mapping[str, Any], source: Path, label: str) -> Settings:
    unknown = sorted(set(values) - _KEYS)
    if unknown:
        raise _problem(f"unknown setting(s): {', '.join(unknown)}", source)
    base = source.parent
    settings: dict[str, Any] = dict(values)
    for key in ("spec", "output", "templates"):
        if key in settings and settings[key] is not None:
            settings[key] = base / str(settings[key])
    return Settings(settings, label)


def _tool_section(path: Path) -> dict[str, Any] | None:
    """`[tool.sdkgen]` of a pyproject.toml, or None when it has none."""
    try:
        data = _parsed(path, path.stat().st_mtime_ns)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise _problem(f"cannot read: {error}", path) from error
    tool = data.get("tool", {})
    section = tool.get("sdkgen") if isinstance(tool, dict) else None
    if section is None:
        return None
    if not isinstance(section, dict):
        raise _problem("[tool.sdkgen] must be a table", path)
    return section


@functools.lru_cache(maxsize=8)
def _parsed(path: Path, mtime_ns: int) -> dict[str, Any]:
    """A TOML file, parsed once per version: finding and reading it must not parse it twice."""
    return tomllib.loads(path.read_text(encoding="utf-8"))


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml with a `[tool.sdkgen]` table, from `start` upward.

    As black, ruff and mypy find theirs; the search stops at the root of a repository (a
    directory holding `.git` or `.hg`), so a checkout never picks up settings from outside it.
    A pyproject.toml without the table (a generated SDK's own) is passed over.
    """
    directory = start.absolute()
    for candidate in (directory, *directory.parents):
        path = candidate / PYPROJECT
        if path.is_file() and _tool_section(path) is not None:
            # Relative to the working directory, as the paths in messages were before the search
            # went upward (`generated is up to date`, `../generated is up to date`).
            try:
                return Path(os.path.relpath(path))
            except ValueError:  # another drive (Windows)
                return path
        if (candidate / ".git").exists() or (candidate / ".hg").exists():
            return None
    return None


def read_pyproject(path: Path) -> Settings:
    """`[tool.sdkgen]` of the pyproject.toml at `path` (nothing when it has no such table)."""
    section = _tool_section(path)
    if section is None:
        return Settings({}, "")
    # Relative to the file, like every path in it, wherever sdkgen runs from.
    return _from_mapping({"output": "generated", **section}, path, f"[tool.sdkgen] in {path}")


def read_config_file(path: Path) -> Settings:
    """A `--config` file: YAML with the keys of `[tool.sdkgen]`, or a pyproject.toml."""
    if path.suffix == ".toml":
        if not path.is_file():
            raise _problem("cannot read: no such file", path)
        return read_pyproject(path)
    import yaml  # noqa: PLC0415  (only a --config file needs it; keeps start-up light)

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise _problem(f"cannot read: {error}", path) from error
    if not isinstance(data, dict):
        raise _problem("the configuration file must hold a mapping", path)
    return _from_mapping(data, path, str(path))


def _relative(path: Path, start: Path) -> str:
    target = os.path.abspath(path)
    try:
        return Path(os.path.relpath(target, os.path.abspath(start))).as_posix()
    except ValueError:  # another drive (Windows): no relative path exists
        return Path(target).as_posix()


def settings_record(config: Config) -> str:
    """`.sdkgen/settings.json` for `config`: its settings, paths relative to the output."""
    document = {
        "version": _SETTINGS_VERSION,
        "spec": _relative(config.spec, config.output),
        "package": config.package,
        "project_name": config.project_name,
        "package_version": config.package_version,
        "templates": (
            None if config.templates is None else _relative(config.templates, config.output)
        ),
        "docs_url": config.docs_url,
        "pagination": dict(sorted(config.pagination.items())),
        "validate": config.validate,
    }
    return json.dumps(document, indent=1) + "\n"


def read_settings(output_dir: Path) -> Settings | None:
    """The settings `output_dir` was generated with, or None when it recorded none."""
    path = output_dir / SETTINGS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise _problem(f"cannot read: {error}", path) from error
    try:
        document = json.loads(text)
    except ValueError as error:
        raise _problem(f"not a settings record sdkgen can read: {error}", path) from error
    if not isinstance(document, dict) or document.get("version") != _SETTINGS_VERSION:
        raise _problem("not a settings record this sdkgen can read (unknown version)", path)
    values = {k: v for k, v in document.items() if k != "version"}
    for key in ("spec", "templates"):
        if isinstance(values.get(key), str):
            values[key] = output_dir / values[key]
    unknown = sorted(set(values) - _KEYS)
    if unknown:
        raise _problem(f"unknown setting(s): {', '.join(unknown)}", path)
    return Settings(values, f"the settings recorded in {path}")


def _package_problem(package: str) -> str | None:
    """Why `package` cannot name the generated package, or None."""
    if not package.isidentifier():
        return "is not a Python identifier (letters, digits and underscores, not first a digit)"
    if keyword.iskeyword(package):
        return "is a Python keyword, so `import` cannot name it"
    if not _PACKAGE_NAME.match(package):
        return "is not lowercase (PEP 8 package names are lowercase)"
    if package in sys.stdlib_module_names:
        return (
            f"shadows the standard-library module `{package}`: code importing the SDK, or the"
            " SDK itself, would get one in place of the other"
        )
    if package in _SDK_DEPENDENCIES:
        return f"shadows `{package}`, which the generated SDK imports"
    return None


def make_config(*layers: Mapping[str, Any]) -> Config:
    """Later layers override earlier ones; `None` values do not override."""
    merged: dict[str, Any] = {}
    for layer in layers:
        merged.update({k: v for k, v in layer.items() if v is not None})
    spec = merged.get("spec")
    if spec is None:
        raise GeneratorError(
            "no spec given: pass SPEC, set `spec` in [tool.sdkgen] of a pyproject.toml here or"
            " above, or name with -o a directory sdkgen generated"
        )
    merged.setdefault("output", Path("generated"))
    merged.setdefault("package", "openapi_client")
    package = str(merged["package"])
    if why := _package_problem(package):
        source = next(
            (
                getattr(layer, "source", "")
                for layer in reversed(layers)
                if layer.get("package") is not None
            ),
            "the default",
        )
        where = f" (from {source})" if source else ""
        raise GeneratorError(f"invalid setting `package` = {package!r}{where}: it {why}")
    config = Config(spec=Path(spec), output=Path(merged["output"]), package=package)
    rest = {k: v for k, v in merged.items() if k not in {"spec", "output", "package"}}
    for key in ("validate", "black"):
        if key in rest and not isinstance(rest[key], bool):
            source = next(
                (
                    getattr(layer, "source", "")
                    for layer in reversed(layers)
                    if layer.get(key) is not None
                ),
                "",
            )
            where = f" (from {source})" if source else ""
            raise GeneratorError(
                f"invalid setting `{key}` = {rest[key]!r}{where}: it must be true or false"
            )
    if "templates" in rest:
        rest["templates"] = Path(rest["templates"])
    return replace(config, **rest)
