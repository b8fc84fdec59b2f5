"""Black over the rendered Python (and the docs' Python examples) the layout did not produce.

sdkgen lays out its own code as black would (`generator.render.layout`), so most files pass
through untouched; black formats files from user templates, files holding a statement the layout
does not model, and everything when the user asks for it (`--black`). The pinned black version
keeps goldens stable. Black is slow, so its answers are looked up before it is asked: a file
whose rendered text is unchanged since the last run and whose formatted bytes are still on disk
(`reuse`), then any text black already formatted in an earlier run (`answers`, the user's store),
then a snippet this run already formatted (the docs repeat examples). Black is imported only
when something is left to format. The caller hands in the store and the worker processes
(`generator.incremental`); this stage only formats.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any, Protocol, TypeVar

from generator.diagnostics import Diagnostic, GeneratorError, Level
from generator.results import OutputFile
from generator.versions import tool_version

T = TypeVar("T")
R = TypeVar("R")

# A fenced Python block in Markdown: the docs' examples are formatted like the package.
_PYTHON_FENCE = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)

Reuse = Callable[[OutputFile], str | None]


class Answers(Protocol):
    """black's answers kept from earlier runs, by the exact text it was given."""

    def get(self, source: str) -> str | None: ...

    def put(self, source: str, formatted: str) -> None: ...


class Pool(Protocol):
    """Worker processes: `map` returns `[work(item) for item in items]`, in order."""

    @property
    def workers(self) -> int: ...

    def map(self, work: Callable[[T], R], items: list[T]) -> list[R]: ...


def needs_formatting(file: OutputFile, everything: bool = False) -> bool:
    """Whether black must see the file: Python the layout did not produce (or `everything`)."""
    return file.path.endswith((".py", ".md")) and (everything or not file.laid_out)


# The mode black runs in; it is part of every stored answer's address.
_LINE_LENGTH = 88
_TARGET = "PY310"


def black_mode() -> str:
    """Everything black's answer depends on besides its input."""
    return f"black={tool_version('black')};line_length={_LINE_LENGTH};target={_TARGET}"


def format_files(
    files: list[OutputFile],
    reuse: Reuse = lambda file: None,
    answers: Answers | None = None,
    pool: Pool | None = None,
    everything: bool = False,
) -> list[OutputFile]:
    """Formatted files; `reuse` may supply a file's already-formatted text.

    Files the layout produced are already in black's style and pass through, unless
    `everything` asks for black over all of them.
    """
    formatter = _Formatter(answers, pool)
    known = {f.path: reuse(f) if needs_formatting(f, everything) else f.content for f in files}
    for file in files:
        if known[file.path] is None:
            formatter.want(file)
    formatter.run()
    done = []
    for file in files:
        content = known[file.path]
        done.append(
            replace(file, content=formatter.formatted(file) if content is None else content)
        )
    return done


def _sources(file: OutputFile) -> list[str]:
    """The Python black formats in a file: all of a module, the examples of a page."""
    if file.path.endswith(".py"):
        return [file.content]
    return [m.group(1) for m in _PYTHON_FENCE.finditer(file.content)]


class _Formatter:
    """One run's black: each distinct text answered once, from the store when it can be."""

    def __init__(self, answers: Answers | None, pool: Pool | None) -> None:
        self._answers = answers
        self._pool = pool
        self._done: dict[str, str] = {}
        self._todo: dict[str, str] = {}  # source -> path of the first file holding it

    def want(self, file: OutputFile) -> None:
        for source in _sources(file):
            if source in self._done or source in self._todo:
                continue
            found = self._answers.get(source) if self._answers else None
            if found is None:
                self._todo[source] = file.path
            else:
                self._done[source] = found

    def run(self) -> None:
        jobs = list(self._todo.items())
        for (source, _), formatted in zip(jobs, _black_all(jobs, self._pool), strict=True):
            self._done[source] = formatted
            if self._answers is not None:
                self._answers.put(source, formatted)
        self._todo.clear()

    def formatted(self, file: OutputFile) -> str:
        if file.path.endswith(".py"):
            return self._done[file.content]
        return _PYTHON_FENCE.sub(lambda m: f"```python\n{self._done[m.group(1)]}```", file.content)


# Below this much text, starting worker processes costs more than it saves.
_PARALLEL_CHARACTERS = 60_000


def _black_all(jobs: list[tuple[str, str]], pool: Pool | None) -> list[str]:
    """black over (source, path) pairs, on the pool's workers when there is enough to do."""
    size = sum(len(source) for source, _ in jobs)
    # Largest first: the long modules must not end up queued behind each other at the end.
    order = sorted(range(len(jobs)), key=lambda index: -len(jobs[index][0]))
    ordered = [jobs[index] for index in order]
    if pool is not None and pool.workers > 1 and size >= _PARALLEL_CHARACTERS:
        _black_api()  # imported once, before forking, so that no worker imports it again
        outcomes = pool.map(_black_outcome, ordered)
    else:
        outcomes = [_black_outcome(job) for job in ordered]
    results = [""] * len(jobs)
    for index, (formatted, error) in zip(order, outcomes, strict=True):
        if formatted is None:
            raise _invalid(error, jobs[index][1])
        results[index] = formatted
    return results


def _black_outcome(job: tuple[str, str]) -> tuple[str | None, str]:
    """In a worker: (formatted, "") or (None, why); exceptions do not cross processes well."""
    try:
        return _black(*job), ""
    except GeneratorError as error:
        return None, error.diagnostics[0].message


@cache
def _black_api() -> tuple[Any, Any, type[Exception]]:
    """black's `format_str`, its mode and its parse error, imported on first use (~0.1 s)."""
    import black  # noqa: PLC0415  (deferred: a fully cached run never needs it)
    from black.mode import Mode, TargetVersion  # noqa: PLC0415
    from black.parsing import InvalidInput  # noqa: PLC0415

    mode = Mode(target_versions={TargetVersion[_TARGET]}, line_length=_LINE_LENGTH)
    return black.format_str, mode, InvalidInput


def _black(source: str, path: str) -> str:
    format_str, mode, invalid = _black_api()
    try:
        formatted = str(format_str(source, mode=mode))
        # black's parser takes some invalid code (`f(None=1)`, `x: int = *a`); the compiler
        # does not. The docs' examples are compiled too, though they are never imported.
        compile(formatted, path, "exec", dont_inherit=True)
    except (invalid, SyntaxError, ValueError) as error:
        raise _invalid(str(error), path) from error
    return formatted


def _invalid(message: str, path: str) -> GeneratorError:
    # Templates must emit valid Python; reaching here is a bug in a template or the IR.
    return GeneratorError(
        "a template produced invalid Python",
        [Diagnostic(level=Level.ERROR, message=message, file=path)],
    )
