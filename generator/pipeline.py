"""load → validate → builder → IR → render → format → write, and nothing reaches back.

The one place that drives the stages and hands them the side concerns: the previous run's cache
and the user's store (`generator.incremental`), the SDK surface (`generator.changes`).
`generate` first asks the previous run's cache whether anything changed; when nothing did, no
stage runs at all.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path

from generator.builder import build_api
from generator.changes.diff import compare
from generator.changes.surface import SURFACE_FILE, SURFACE_VERSION, Surface, dump, surface
from generator.config import SETTINGS_FILE, Config, settings_record
from generator.diagnostics import Diagnostic, GeneratorError, Level
from generator.format import Reuse, black_mode, format_files, needs_formatting
from generator.incremental import cache
from generator.incremental.cache import Cache, code_digest
from generator.incremental.fresh import unchanged_result
from generator.incremental.parallel import Background, Pool
from generator.incremental.store import Answers, Store, address, digest
from generator.ir import Api
from generator.load import Document, load, uri_to_path
from generator.paths import template_dirs
from generator.render.files import bytecode_directory_name, render_api
from generator.results import GenerationResult, OutputFile, Progress, Quiet
from generator.validate import validate
from generator.versions import tool_version
from generator.write import (
    MANIFEST,
    CheckResult,
    check_output,
    manifest_text,
    user_owned,
    write_output,
)

_CLEAN = "clean"
# Niceness of black's workers, and of the CLI's process, while the validator's verdict is pending.
_YIELD_TO_VALIDATOR = 5


def _spec_files(document: Document) -> dict[str, str]:
    """Every file the spec consists of, relative to the root file's directory, with its hash."""
    base = uri_to_path(document.root_uri).parent
    return {
        Path(os.path.relpath(uri_to_path(uri), base)).as_posix(): digest(text)
        for uri, text in document.sources.items()
    }


class _Validation:
    """openapi-spec-validator's verdict on a document, worked out beside the later stages.

    Nothing is validated when these exact sources validated cleanly before, here (the output
    directory's cache) or anywhere (the store). Otherwise the validator runs in a forked child
    (`generator.incremental.parallel`) while this process builds, renders and formats;
    `outcome()` waits for it, so problems are reported exactly as if validation had come first;
    `early()`, called between stages and between files being formatted, stops the run as soon
    as the child's verdict is in and is an error. Without a child it validates at once, first.
    """

    def __init__(
        self,
        document: Document,
        config: Config,
        previous: Cache | None,
        stored: Store | None,
        *,
        beside: bool = True,
        progress: Progress | None = None,
    ) -> None:
        self._config, self._stored = config, stored
        self._progress = progress or Quiet()
        self._told = False
        self.files = _spec_files(document)  # also recorded for the next run's fast path
        self.sources = digest(json.dumps(self.files, sort_keys=True))
        # The verdict depends on the validator and on how sdkgen drives it, and on nothing else.
        self._verdict = address(
            f"openapi-spec-validator={tool_version('openapi-spec-validator')}",
            code_digest(),
            self.sources,
        )
        clean = (previous is not None and previous.validated == self.sources) or (
            stored is not None and stored.get("validated", self._verdict) == _CLEAN
        )
        self._problems: Background[list[Diagnostic]] | None = (
            None if clean else Background(lambda: validate(document), fork=beside)
        )
        if self._problems is None:
            self._progress.stage("validated: these exact sources were valid before")
            self._told = True
        elif not self._problems.forked:
            self.outcome()  # no other core to wait on: validation comes first, and fails first

    def waiting(self) -> bool:
        """Whether `outcome()` would wait for the child."""
        return self._problems is not None and not self._problems.ready()

    def early(self) -> None:
        """Raise now if the verdict has arrived and is an error; otherwise return at once."""
        if self._problems is not None and self._problems.ready():
            self.outcome()

    def outcome(self) -> tuple[str | None, list[Diagnostic]]:
        """The sources' hash when they are clean, and the problems to report.

        In lenient mode (`validate = false`) errors become warnings and generation goes on with
        what is usable; otherwise they raise.
        """
        if self._problems is None:
            return self.sources, []
        problems = self._problems.result()
        if not self._told:  # the first time the verdict is read
            self._told = True
            failed = sum(d.level is Level.ERROR for d in problems)
            self._progress.stage(
                f"validated: {failed} error(s), {len(problems) - failed} warning(s)"
                if problems
                else "validated: no problems"
            )
            if not problems and self._stored is not None:
                self._stored.put("validated", self._verdict, _CLEAN)
        if not self._config.validate:
            return None, [replace(d, level=Level.WARNING) for d in problems]
        errors = [d for d in problems if d.level is Level.ERROR]
        if errors:
            raise GeneratorError(f"{self._config.spec} is not a valid OpenAPI document", errors)
        return (None if problems else self.sources), problems


def build(config: Config) -> tuple[Api, list[Diagnostic]]:
    """The IR of the configured spec; raises GeneratorError on a spec that cannot be used."""
    document = load(config.spec)
    _, problems = _Validation(document, config, None, None, beside=False).outcome()
    api, warnings = build_api(document, config)
    return api, [*problems, *warnings]


def validate_file(path: Path) -> list[Diagnostic]:
    """Every problem openapi-spec-validator finds in the spec at `path`, located."""
    return validate(load(path))


def spec_surface(config: Config) -> tuple[Surface, list[Diagnostic]]:
    """The SDK surface the configured spec would generate, and the problems met on the way."""
    api, diagnostics = build(config)
    return surface(api), diagnostics


@dataclass(frozen=True, slots=True, kw_only=True)
class Produced:
    files: list[OutputFile]
    diagnostics: list[Diagnostic]
    surface: Surface
    record: Cache  # for the next run's fast path, once `files` are on disk


def _reuse(output_dir: Path, previous: Cache | None) -> Reuse:
    """Already-formatted text from the last run, when the rendered text is the same as then."""
    known = previous.formatted if previous is not None else {}

    def reuse(file: OutputFile) -> str | None:
        expected = known.get(digest(file.content))
        if expected is None:
            return None
        try:
            data = (output_dir / file.path).read_bytes()
        except OSError:
            return None
        return data.decode("utf-8") if digest(data) == expected else None

    return reuse


def produce(
    config: Config,
    previous: Cache | None = None,
    stored: Store | None = None,
    progress: Progress | None = None,
    *,
    yield_cpu: bool = False,
) -> Produced:
    """Every output file, in memory: the SDK and its surface record; and the run's record.

    `stored` is the user's store of earlier runs' results (`generator.incremental.store`).
    An invalid spec stops the run as soon as the validator says so (see `_Validation`).
    """
    told = progress or Quiet()
    document = load(config.spec)
    size = sum(len(text) for text in document.sources.values())
    amount = f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"
    told.stage(f"loaded {len(document.sources)} spec file(s), {amount}")
    validation = _Validation(document, config, previous, stored, progress=told)
    if yield_cpu and validation.waiting():
        _yield_cpu()  # the verdict may stop the run; building and rendering may not
    try:
        api, warnings = build_api(document, config)
        operations = sum(len(c.operations) for c in api.apis)
        told.stage(
            f"built {operations} operation(s) in {len(api.apis)} API class(es),"
            f" {len(api.models)} model(s), {len(api.enums)} enum(s)"
        )
        validation.early()
        bytecode = stored.directory(bytecode_directory_name()) if stored is not None else None
        rendered = render_api(api, config.templates, bytecode, between=validation.early)
        told.stage(f"rendered {len(rendered)} file(s)")
        validation.early()
        answers = Answers(stored, "black", black_mode()) if stored is not None else None

        def tick(done: int, total: int) -> None:
            validation.early()
            told.count("formatting with black", done, total)  # modules and docs' examples

        # While the validator works beside them, black's workers yield the CPU to it: a verdict
        # that stops the run is worth more than a head start on formatting.
        pool = Pool(tick=tick, nice=_YIELD_TO_VALIDATOR if validation.waiting() else 0)
        reuse = _reuse(config.output, previous)
        files = format_files(rendered, reuse, answers, pool, everything=config.black)
        by_black = sum(needs_formatting(r, config.black) for r in rendered)
        told.stage(f"laid out {len(files)} file(s), {by_black} of them by black")
    except Exception:
        validation.outcome()  # an invalid spec explains a failure better than its symptom does
        raise
    if validation.waiting():
        told.stage("waiting for openapi-spec-validator")
    validated, problems = validation.outcome()
    diagnostics = [*problems, *warnings]
    recorded = surface(api)
    files.append(OutputFile(path=SURFACE_FILE, content=dump(recorded)))
    files.append(OutputFile(path=SETTINGS_FILE, content=settings_record(config)))
    owned = user_owned(config.output)
    inputs = validation.files
    outputs = {f.path: digest(f.content) for f in files if not owned(f.path)}
    outputs[MANIFEST] = digest(manifest_text(outputs))
    record = Cache(
        fingerprint=cache.fingerprint(config, inputs, template_dirs(config), config.output),
        inputs=inputs,
        outputs=outputs,
        formatted={
            digest(r.content): digest(f.content)
            for r, f in zip(rendered, files, strict=False)
            if needs_formatting(r, config.black)
        },
        validated=validated,
        ignored=tuple(sorted(f.path for f in files if owned(f.path))),
    )
    return Produced(files=files, diagnostics=diagnostics, surface=recorded, record=record)


def _yield_cpu() -> None:
    """Lower this process's priority while the validator works beside it.

    An invalid spec is reported as soon as the validator says so, and on a busy machine (or two
    cores shared with the validator's own helper process) the build and the render would slow
    it down. Later stages do not compete with anything, so the lower priority costs them little.
    It cannot be raised again without privileges, so only the CLI, whose process is one run,
    asks for it (`yield_cpu`); a program calling the pipeline keeps its priority.
    """
    try:
        current = os.nice(0)
        if current < _YIELD_TO_VALIDATOR:  # once: a process running the CLI again stays at 5
            os.nice(_YIELD_TO_VALIDATOR - current)
    except OSError:
        return


def read_surface(output_dir: Path) -> Surface | None:
    """The surface a previous generation recorded in `output_dir`, if any.

    One recorded in another format (by an older sdkgen) counts as none: it cannot be compared.
    """
    try:
        recorded = json.loads((output_dir / SURFACE_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise GeneratorError(f"cannot read {output_dir / SURFACE_FILE}: {error}") from error
    if not isinstance(recorded, dict) or recorded.get("version") != SURFACE_VERSION:
        return None
    return recorded


def generate(
    config: Config,
    *,
    force: bool = False,
    changes: bool = False,
    stored: Store | None = None,
    progress: Progress | None = None,
    yield_cpu: bool = False,
) -> GenerationResult:
    started = time.perf_counter()
    if not force and (unchanged := unchanged_result(config, stored, changes=changes)) is not None:
        return unchanged
    previous = cache.read(stored, config.output)
    produced = produce(config, previous, stored, progress, yield_cpu=yield_cpu)
    earlier = read_surface(config.output) if changes else None
    report = None if earlier is None else compare(earlier, produced.surface)
    (progress or Quiet()).stage(f"writing {len(produced.files)} file(s) to {config.output}")
    result = write_output(produced.files, config.output, force=force)
    cache.record(stored, config.output, produced.record)
    return GenerationResult(
        written=result.written,
        unchanged=result.unchanged,
        removed=result.removed,
        ignored=result.ignored,
        diagnostics=tuple(produced.diagnostics),
        seconds=time.perf_counter() - started,
        changes=report,
    )


def check(
    config: Config, stored: Store | None = None, progress: Progress | None = None
) -> tuple[CheckResult, tuple[Diagnostic, ...]]:
    produced = produce(config, cache.read(stored, config.output), stored, progress)
    result = check_output(produced.files, config.output)
    if result.up_to_date:  # what generate would record: the next run can skip the work
        cache.record(stored, config.output, produced.record)
    return result, tuple(produced.diagnostics)
