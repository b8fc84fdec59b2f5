"""Where sdkgen's own files are, without importing the stages that use them."""

from __future__ import annotations

from pathlib import Path

from generator.config import Config


def builtin_templates() -> Path:
    """Templates ship in the wheel as `generator/_templates`; in a checkout they sit beside it."""
    installed = Path(__file__).parent / "_templates"
    return installed if installed.is_dir() else Path(__file__).parent.parent / "templates"


def template_dirs(config: Config) -> list[Path]:
    """Where templates are looked up, first match wins: the user's overrides, then sdkgen's."""
    return [*([config.templates] if config.templates is not None else []), builtin_templates()]
