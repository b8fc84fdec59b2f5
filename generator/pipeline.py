"""load → validate → build → render → format → write, and nothing reaches back."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from generator.build import build_api
from generator.config import Config
from generator.diagnostics import Diagnostic, GeneratorError, Level
from generator.diff import Report, compare
from generator.format import format_files
from generator.load import load
from generator.model import Api
from generator.render import render_api
from generator.surface import SURFACE_FILE, Surface, dump, surface
from generator.validate import validate
from generator.write import CheckResult, OutputFile, check_output, write_output


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerationResult:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    ignored: tuple[str, ...]  # produced, but left to the user by .sdkgenignore
    diagnostics: tuple[Diagnostic, ...]
    seconds: float
    changes: Report | None  # against the previous generation, when asked for and known


def build(config: Config) -> tuple[Api, list[Diagnostic]]:
    """The IR of the configured spec; raises GeneratorError on a spec that cannot be used."""
    document = load(config.spec)
    diagnostics: list[Diagnostic] = []
    if config.validate:
        problems = validate(document)
        errors = [d for d in problems if d.level is Level.ERROR]
        if errors:
            raise GeneratorError(f"{config.spec} is not a valid OpenAPI document", errors)
        diagnostics.extend(problems)
    api, warnings = build_api(document, config)
    return api, [*diagnostics, *warnings]


@dataclass(frozen=True, slots=True, kw_only=True)
class Produced:
    files: list[OutputFile]
    diagnostics: list[Diagnostic]
    surface: Surface


def produce(config: Config) -> Produced:
    """Every output file, in memory, the SDK surface record included."""
    api, diagnostics = build(config)
    files = format_files(render_api(api, config.templates))
    recorded = surface(api)
    files.append(OutputFile(path=SURFACE_FILE, content=dump(recorded)))
    return Produced(files=files, diagnostics=diagnostics, surface=recorded)


def read_surface(output_dir: Path) -> Surface | None:
    """The surface a previous generation recorded in `output_dir`, if any."""
    try:
        recorded = json.loads((output_dir / SURFACE_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise GeneratorError(f"cannot read {output_dir / SURFACE_FILE}: {error}") from error
    return recorded if isinstance(recorded, dict) else None


def generate(config: Config, *, force: bool = False, changes: bool = False) -> GenerationResult:
    started = time.perf_counter()
    produced = produce(config)
    previous = read_surface(config.output) if changes else None
    report = None if previous is None else compare(previous, produced.surface)
    result = write_output(produced.files, config.output, force=force)
    return GenerationResult(
        written=result.written,
        unchanged=result.unchanged,
        removed=result.removed,
        ignored=result.ignored,
        diagnostics=tuple(produced.diagnostics),
        seconds=time.perf_counter() - started,
        changes=report,
    )


def check(config: Config) -> tuple[CheckResult, tuple[Diagnostic, ...]]:
    produced = produce(config)
    return check_output(produced.files, config.output), tuple(produced.diagnostics)
