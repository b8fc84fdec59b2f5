"""The only ways spec text may enter generated files.

Every literal goes through `python_literal`, every description through `docstring` (Python) or
the Markdown helpers. Nothing else interpolates spec text, so quotes, backslashes, newlines,
template syntax or NUL bytes in a spec can never change the meaning of the generated code.
"""

from __future__ import annotations

import json
import math
import re
import textwrap
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def python_literal(value: Any) -> str:
    """Python source that evaluates to `value` (JSON-like data only)."""
    if isinstance(value, float) and not math.isfinite(value):
        return f'float("{value}")'
    if isinstance(value, dict):
        items = ", ".join(f"{python_literal(k)}: {python_literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(python_literal(v) for v in value) + "]"
    if value is None or isinstance(value, bool | int | float | str):
        return repr(value)
    raise TypeError(f"not a JSON value: {value!r}")


def docstring(text: str, *, indent: str = "", fallback: str = "", width: int = 88) -> str:
    """Text that can sit between triple double quotes without ending them or escaping anything.

    Lines after the first start with `indent`; long lines are wrapped at `width` (line by line,
    so Markdown lists and tables in descriptions keep their shape).
    """
    text = text.strip() or fallback
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    if text.endswith('"'):
        text = text[:-1] + '\\"'
    lines: list[str] = []
    for line in text.splitlines():
        lines.extend(_wrap_line(line.rstrip(), width - len(indent)))
    return ("\n" + indent).join(lines).replace(indent + "\n", "\n")


def _wrap_line(line: str, width: int) -> list[str]:
    if len(line) <= width or line.lstrip().startswith("|"):
        return [line]
    lead = line[: len(line) - len(line.lstrip())]
    return textwrap.wrap(
        line, width=width, subsequent_indent=lead, break_long_words=False, break_on_hyphens=False
    ) or [line]


def python_comment(text: str) -> str:
    """Text for the rest of a `#` comment line: one line, no control characters."""
    return _CONTROL.sub("", one_line(text))


def one_line(text: str) -> str:
    """A description folded into one line, for `:param:` entries and table cells."""
    return " ".join(text.split())


def markdown_cell(text: str) -> str:
    """Text that stays inside one Markdown table cell."""
    text = _CONTROL.sub("", text)
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return "<br>".join(line.strip() for line in text.strip().splitlines())


def markdown_inline(text: str) -> str:
    """Text for a heading or a list item: one line, no control characters."""
    return _CONTROL.sub("", one_line(text))


def markdown_code_span(text: str) -> str:
    """A code span that cannot be closed early by backticks inside it."""
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    return f"{ticks} {text} {ticks}" if "`" in text else f"`{text}`"


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
