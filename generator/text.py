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

# Characters no generated file should carry raw: C0/C1 controls except tab and newline, lone
# surrogates (not encodable as UTF-8), the BOM, and the bidi overrides of "Trojan Source" attacks.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
_QUOTES = re.compile(r'"+')
_PIPE = re.compile(r"(\\*)\|")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def python_literal(value: Any) -> str:
    """Python source that evaluates to `value` (JSON-like data only)."""
    # The base types' own `__repr__`, so a subclass (an IntEnum, a str with a custom repr) cannot
    # put arbitrary text into the source.
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float):
        return float.__repr__(value) if math.isfinite(value) else f'float("{value}")'
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, str):
        return str.__repr__(value)
    if value is None:
        return "None"
    if isinstance(value, dict):
        items = ", ".join(f"{python_literal(k)}: {python_literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(python_literal(v) for v in value) + "]"
    raise TypeError(f"not a JSON value: {value!r}")


def docstring(text: str, *, indent: str = "", fallback: str = "", width: int = 88) -> str:
    """Text that can sit between triple double quotes without ending them or escaping anything.

    Lines after the first start with `indent`; long lines are wrapped at `width` (line by line,
    so Markdown lists and tables in descriptions keep their shape).
    """
    text = (text.strip() or fallback).replace("\r\n", "\n").replace("\r", "\n").strip()
    text = text.replace("\\", "\\\\")
    end = len(text)

    def quotes(match: re.Match[str]) -> str:
        run = match.group()
        if len(run) >= 3:  # would close the docstring
            return '\\"' * len(run)
        if match.end() == end:  # would run into the closing quotes
            return run[:-1] + '\\"'
        return run

    text = _QUOTES.sub(quotes, text)
    text = _CONTROL.sub(_escape, text)
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
    return one_line(text)


def one_line(text: str) -> str:
    """A description folded into one line, for `:param:` entries and table cells.

    Control characters (see `_CONTROL`) are dropped, so the result is safe in a comment, a
    heading or a TOML string as well.
    """
    return " ".join(_CONTROL.sub(" ", text).split())


_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
_ROOT_HREF = re.compile(r"""href=(['"])/""")


def site_links(text: str, base_url: str | None) -> str:
    """Links in spec text that point into the API vendor's site, made safe for these docs.

    `[Tag](/docs/tag)` becomes absolute against `base_url`; a link that is relative to the page
    the description was first written for (`../verbs/hangup.md`) cannot be resolved from here,
    so, like a site link without `base_url`, only its text is kept.
    """
    base = base_url.rstrip("/") if base_url else None

    def fix(match: re.Match[str]) -> str:
        label, target = match.group(1), match.group(2)
        if ":" in target.split("/", 1)[0] or target.startswith("#"):
            return match.group(0)
        if base and target.startswith("/"):
            return f"[{label}]({base}{target})"
        return label

    text = _LINK.sub(fix, text)
    if base:
        text = _ROOT_HREF.sub(lambda m: f"href={m.group(1)}{base}/", text)
    return text


def markdown_cell(text: str) -> str:
    """Text that stays inside one Markdown table cell: one line, every `|` escaped.

    Backslashes are left alone (descriptions are Markdown, `\\*` is meant as an escape) except
    those right before a `|`, which are doubled so that the `\\|` added to the pipe stays an
    escape: `a\\|b` becomes `a\\\\\\|b`.
    """
    text = _CONTROL.sub("", text)
    text = _PIPE.sub(lambda m: m.group(1) * 2 + "\\|", text)
    return "<br>".join(line.strip() for line in text.strip().splitlines())


def markdown_inline(text: str) -> str:
    """Text for a heading or a list item: one line, no control characters."""
    return one_line(text)


def markdown_code_span(text: str) -> str:
    """A code span that cannot be closed early by backticks inside it."""
    if not text:
        return "` `"  # "``" is not a code span, and would show as two backticks
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    return f"{ticks} {text} {ticks}" if "`" in text else f"`{text}`"


def json_text(value: Any) -> str:
    """Readable JSON (non-ASCII kept) that still never carries a raw control character."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))
