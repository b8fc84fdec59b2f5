"""sdkgen: an OpenAPI description in, a typed Python SDK with its docs out."""

from __future__ import annotations

from generator.config import Config
from generator.diagnostics import Diagnostic, GeneratorError
from generator.pipeline import GenerationResult, check, generate

__all__ = ["Config", "Diagnostic", "GenerationResult", "GeneratorError", "check", "generate"]
