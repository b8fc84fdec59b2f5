"""Black over the rendered Python (and the docs' Python examples), in-process.

The pinned black version keeps goldens stable. Black is most of a generation's cost, so its
answers are looked up before it is asked: a file whose rendered text is unchanged since the last
run and whose formatted bytes are still on disk (`generator.cache`), then any text black already
formatted in an earlier run (`generator.store`), then a snippet this run already formatted (the
docs repeat examples). Black is imported only when something is left to format.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any

from generator.cache import tool_version
from generator.diagnostics import Diagnostic, GeneratorError, Level
from generator.store import Store, address
from generator.write import OutputFile

# A fenced Python block in Markdown: the docs' examples are formatted like the package.
_PYTHON_FENCE = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)

Reuse = Callable[[OutputFile], str | None]


def needs_formatting(file: OutputFile) -> bool:
    return file.path.endswith((".py", ".md"))


# The mode black runs in; it is part of every stored answer's address.
_LINE_LENGTH = 88
_TARGET = "PY310"


def format_files(
    files: list[OutputFile], reuse: Reuse = lambda file: None, stored: Store | None = None
) -> list[OutputFile]:
    """Formatted files; `reuse` may supply a file's already-formatted text."""
    formatter = _Formatter(stored)
    return [formatter.file(f, reuse) if needs_formatting(f) else f for f in files]


class _Formatter:
    """One run's black, answering each distinct text once."""

    def __init__(self, stored: Store | None) -> None:
        self._stored = stored
        self._mode = f"black={tool_version('black')};line_length={_LINE_LENGTH};target={_TARGET}"
        self._done: dict[str, str] = {}

    def file(self, file: OutputFile, reuse: Reuse) -> OutputFile:
        known = reuse(file)
        if known is not None:
            return replace(file, content=known)
        if file.path.endswith(".py"):
            return replace(file, content=self._source(file.content, file.path))
        content = _PYTHON_FENCE.sub(
            lambda m: f"```python\n{self._source(m.group(1), file.path)}```", file.content
        )
        return replace(file, content=content)

    def _source(self, source: str, path: str) -> str:
        formatted = self._done.get(source)
        if formatted is not None:
            return formatted
        key = address(self._mode, source)
        formatted = None if self._stored is None else self._stored.get("black", key)
        if formatted is None:
            formatted = _black(source, path)
            if self._stored is not None:
                self._stored.put("black", key, formatted)
        self._done[source] = formatted
        return formatted


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
        # Templates must emit valid Python; reaching here is a bug in a template or the IR.
        raise GeneratorError(
            "a template produced invalid Python",
            [Diagnostic(level=Level.ERROR, message=str(error), file=path)],
        ) from error
    return formatted
