"""load → validate → build → render → format → write, and nothing reaches back."""

from __future__ import annotations

import time
from dataclasses import dataclass

from generator.build import build_api
from generator.config import Config
from generator.diagnostics import Diagnostic, GeneratorError, Level
from generator.format import format_files
from generator.load import load
from generator.render import render_api
from generator.validate import validate
from generator.write import CheckResult, OutputFile, check_output, write_output


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerationResult:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]
    seconds: float


def produce(config: Config) -> tuple[list[OutputFile], list[Diagnostic]]:
    """Every output file, in memory; raises GeneratorError on a spec that cannot be used."""
    document = load(config.spec)
    diagnostics: list[Diagnostic] = []
    if config.validate:
        problems = validate(document)
        errors = [d for d in problems if d.level is Level.ERROR]
        if errors:
            raise GeneratorError(f"{config.spec} is not a valid OpenAPI document", errors)
        diagnostics.extend(problems)
    api, warnings = build_api(document, config)
    diagnostics.extend(warnings)
    files = format_files(render_api(api, config.templates))
    return files, diagnostics


def generate(config: Config, *, force: bool = False) -> GenerationResult:
    started = time.perf_counter()
    files, diagnostics = produce(config)
    result = write_output(files, config.output, force=force)
    return GenerationResult(
        written=result.written,
        unchanged=result.unchanged,
        removed=result.removed,
        diagnostics=tuple(diagnostics),
        seconds=time.perf_counter() - started,
    )


def check(config: Config) -> tuple[CheckResult, tuple[Diagnostic, ...]]:
    files, diagnostics = produce(config)
    return check_output(files, config.output), tuple(diagnostics)
