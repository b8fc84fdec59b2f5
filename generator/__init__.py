"""sdkgen: an OpenAPI description in, a typed Python SDK with its docs out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.config import Config
from generator.diagnostics import Diagnostic, GeneratorError
from generator.results import GenerationResult

if TYPE_CHECKING:
    from generator.pipeline import check, generate

__version__ = "0.1.0"  # the one place it is written; pyproject.toml reads it (hatch)

__all__ = ["Config", "Diagnostic", "GenerationResult", "GeneratorError", "check", "generate"]


def __getattr__(name: str) -> Any:
    """`generate` and `check` load every stage; importing `generator` alone stays cheap."""
    if name in {"generate", "check"}:
        from generator import pipeline  # noqa: PLC0415

        return getattr(pipeline, name)
    raise AttributeError(f"module 'generator' has no attribute {name!r}")
