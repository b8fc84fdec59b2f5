"""Settings for one generation: `[tool.sdkgen]` in pyproject.toml, a YAML file, then CLI flags."""

from __future__ import annotations

import re
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

    @property
    def distribution_name(self) -> str:
        return self.project_name or self.package.replace("_", "-")


_KEYS = {f.name for f in fields(Config)}


def _problem(message: str, file: Path) -> GeneratorError:
    return GeneratorError(
        "invalid configuration", [Diagnostic(level=Level.ERROR, message=message, file=str(file))]
    )


def _from_mapping(values: Mapping[str, Any], source: Path) -> dict[str, Any]:
    unknown = sorted(set(values) - _KEYS)
    if unknown:
        raise _problem(f"unknown setting(s): {', '.join(unknown)}", source)
    base = source.parent
    settings: dict[str, Any] = dict(values)
    for key in ("spec", "output", "templates"):
        if key in settings and settings[key] is not None:
            settings[key] = base / str(settings[key])
    return settings


def read_pyproject(directory: Path) -> dict[str, Any]:
    """`[tool.sdkgen]` of the nearest pyproject.toml in `directory`, or nothing."""
    path = directory / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise _problem(f"cannot read: {error}", path) from error
    section = data.get("tool", {}).get("sdkgen", {})
    if not isinstance(section, dict):
        raise _problem("[tool.sdkgen] must be a table", path)
    return _from_mapping(section, path)


def read_config_file(path: Path) -> dict[str, Any]:
    import yaml  # noqa: PLC0415  (only a --config file needs it; keeps start-up light)

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise _problem(f"cannot read: {error}", path) from error
    if not isinstance(data, dict):
        raise _problem("the configuration file must hold a mapping", path)
    return _from_mapping(data, path)


def make_config(*layers: Mapping[str, Any]) -> Config:
    """Later layers override earlier ones; `None` values do not override."""
    merged: dict[str, Any] = {}
    for layer in layers:
        merged.update({k: v for k, v in layer.items() if v is not None})
    spec = merged.get("spec")
    if spec is None:
        raise GeneratorError("no spec given: pass SPEC or set `spec` in [tool.sdkgen]")
    merged.setdefault("output", Path("generated"))
    merged.setdefault("package", "openapi_client")
    package = str(merged["package"])
    if not _PACKAGE_NAME.match(package):
        raise GeneratorError(
            f"package name {package!r} is not a valid lowercase Python package name"
        )
    config = Config(spec=Path(spec), output=Path(merged["output"]), package=package)
    rest = {k: v for k, v in merged.items() if k not in {"spec", "output", "package"}}
    if "templates" in rest:
        rest["templates"] = Path(rest["templates"])
    return replace(config, **rest)
