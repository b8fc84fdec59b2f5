"""Black over the rendered Python (and the docs' Python examples), in-process.

The pinned black version keeps goldens stable. A file whose rendered text is unchanged since
the last run, and whose formatted bytes are still on disk, is not formatted again (see
`generator.cache`); black is imported only when something needs it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any

from generator.diagnostics import Diagnostic, GeneratorError, Level
from generator.write import OutputFile

# A fenced Python block in Markdown: the docs' examples are formatted like the package.
_PYTHON_FENCE = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)

Reuse = Callable[[OutputFile], str | None]


def needs_formatting(file: OutputFile) -> bool:
    return file.path.endswith((".py", ".md"))


def format_files(files: list[OutputFile], reuse: Reuse = lambda file: None) -> list[OutputFile]:
    """Formatted files; `reuse` may supply a file's already-formatted text."""
    return [_format(f, reuse) if needs_formatting(f) else f for f in files]


def _format(file: OutputFile, reuse: Reuse) -> OutputFile:
    known = reuse(file)
    if known is not None:
        return replace(file, content=known)
    if file.path.endswith(".py"):
        return replace(file, content=_black(file.content, file.path))
    content = _PYTHON_FENCE.sub(
        lambda m: f"```python\n{_black(m.group(1), file.path)}```", file.content
    )
    return replace(file, content=content)


@cache
def _black_api() -> tuple[Any, Any, type[Exception]]:
    """black's `format_str`, its mode and its parse error, imported on first use (~0.1 s)."""
    import black  # noqa: PLC0415  (deferred: a fully cached run never needs it)
    from black.mode import Mode, TargetVersion  # noqa: PLC0415
    from black.parsing import InvalidInput  # noqa: PLC0415

    mode = Mode(target_versions={TargetVersion.PY310}, line_length=88)
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
