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
_SURROGATE = re.compile(r"[\ud800-\udfff]")
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
        # `1e+16` as black writes it: `1e16`.
        return (
            float.__repr__(value).replace("e+", "e")
            if math.isfinite(value)
            else f'float("{value}")'
        )
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, str):
        return _string_literal(value)
    if value is None:
        return "None"
    if isinstance(value, dict):
        items = ", ".join(f"{python_literal(k)}: {python_literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(python_literal(v) for v in value) + "]"
    raise TypeError(f"not a JSON value: {value!r}")


def _string_literal(value: str) -> str:
    """`repr`, with black's choice of quotes (it has less to rewrite then).

    Black prefers double quotes unless they would need more escapes than single ones.
    """
    source = str.__repr__(value)
    if source.startswith('"') or value.count('"') > value.count("'"):
        return source
    # `repr` escaped every single quote (or there is none) and no double quote: swap that.
    return '"' + source[1:-1].replace("\\'", "'").replace('"', '\\"') + '"'


def docstring(
    text: str, *, indent: str = "", fallback: str = "", width: int = 88, closes: bool = False
) -> str:
    """Text that can sit between triple double quotes without ending them or escaping anything.

    Lines after the first start with `indent`; long lines are wrapped at `width` (line by line,
    so Markdown lists and tables in descriptions keep their shape). The result is what black
    leaves as it is: lines after the first lose the indentation they share (PEP 257), and
    when `closes` (the closing quotes follow) a last line too long to take them gets a line
    break before them.
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
    # A lone surrogate is shown as its escape, backslash included: a docstring holding the
    # character itself cannot be a class's (CPython encodes `__doc__` as UTF-8 for the type).
    text = _SURROGATE.sub(lambda m: "\\" + _escape(m), text)
    text = _CONTROL.sub(_escape, text)
    if text.startswith('"'):
        text = " " + text  # black's space: four quotes in a row would end the docstring early
    lines: list[str] = []
    for line in _dedented(text.splitlines()):
        lines.extend(_wrap_line(line.rstrip(), width - len(indent)))
    if closes and len(lines) > 1 and len(indent) + len(lines[-1]) + 3 > width:
        lines.append("")
    elif closes and lines and lines[-1].endswith('"'):
        lines[-1] += " "  # black's space between a quote that ends the text and the closing ones
    return ("\n" + indent).join(lines).replace(indent + "\n", "\n")


def _dedented(lines: list[str]) -> list[str]:
    """The first line, then the others without the indentation they all share (as black does).

    Leading tabs count as black counts them (expanded to multiples of 8).
    """
    rest = [_expand_leading_tabs(line) for line in lines[1:]]
    shared = min((len(line) - len(line.lstrip()) for line in rest if line.strip()), default=0)
    return [*lines[:1], *(line[shared:] for line in rest)]


def _expand_leading_tabs(line: str) -> str:
    stripped = line.lstrip()
    if not stripped or stripped == line:
        return line
    return line[: len(line) - len(stripped)].expandtabs() + stripped


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


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|//")
_REFERENCE = re.compile(
    r"^ {0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*\n?[ \t]*(<[^<>\n]*>|\S+)", re.MULTILINE
)
_HTML_URL = re.compile(
    r"""(<[A-Za-z][A-Za-z0-9-]*\b[^<>]*?\s)(href|src)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+)""",
    re.IGNORECASE,
)


def _escaped(text: str, index: int) -> bool:
    """Whether the character at `index` follows an odd run of backslashes."""
    run = 0
    while index - run - 1 >= 0 and text[index - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def _opening_bracket(text: str, close: int) -> int | None:
    """The unescaped `[` that the `]` at `close` closes, within the paragraph."""
    depth = 0
    for index in range(close - 1, -1, -1):
        char = text[index]
        if char == "\n" and text[index - 1 : index] == "\n":
            return None
        if char not in "[]" or _escaped(text, index):
            continue
        if char == "]":
            depth += 1
        elif depth:
            depth -= 1
        else:
            return index
    return None


def _skip_space(text: str, index: int) -> int:
    """Past spaces and tabs and at most one line end."""
    newline = False
    while index < len(text) and text[index] in " \t\n":
        if text[index] == "\n":
            if newline:
                break
            newline = True
        index += 1
    return index


def _bare_destination(text: str, index: int) -> tuple[str, int] | None:
    """A destination without `<…>`: up to a space, a control or an unbalanced `)`."""
    start, depth = index, 0
    while index < len(text) and not text[index].isspace() and ord(text[index]) >= 0x20:
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            if not depth:
                break
            depth -= 1
        index += 1
    return None if depth else (text[start:index], index)


def _destination(text: str, index: int) -> tuple[str, int] | None:
    """A link's `(destination "title")` from just after its `(`: the destination and where the
    link ends, or None when CommonMark would not read a link there."""
    index = _skip_space(text, index)
    if text.startswith("<", index):
        end = index + 1
        while end < len(text) and (text[end] not in "<>\n" or _escaped(text, end)):
            end += 1
        if not text.startswith(">", end):
            return None
        destination, index = text[index + 1 : end], end + 1
    else:
        bare = _bare_destination(text, index)
        if bare is None:
            return None
        destination, index = bare
    index = _skip_space(text, index)
    if index < len(text) and text[index] in "\"'(":
        closing = ")" if text[index] == "(" else text[index]
        index += 1
        while index < len(text) and (text[index] != closing or _escaped(text, index)):
            index += 1
        index = _skip_space(text, index + 1)
    if not text.startswith(")", index):
        return None
    return destination, index + 1


def _inline_links(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, label, destination) of the inline links and images in Markdown `text`."""
    found = []
    for match in re.finditer(r"\]\(", text):
        close = match.start()
        if _escaped(text, close):
            continue
        opening = _opening_bracket(text, close)
        parsed = _destination(text, match.end())
        if opening is None or parsed is None:
            continue
        start = opening - 1 if text[opening - 1 : opening] == "!" else opening
        found.append((start, parsed[1], text[opening + 1 : close], parsed[0]))
    return found


def _relative(destination: str) -> bool:
    return _SCHEME.match(destination) is None


def site_links(text: str, base_url: str | None) -> str:
    """Links in spec text that point into the API vendor's site, made safe for these docs.

    `[Tag](/docs/tag)` becomes absolute against `base_url`; a link that is relative to the page
    the description was first written for (`../verbs/hangup.md`, `#parameter-fields`) cannot be
    resolved from here, so, like a site link without `base_url`, only its text is kept. The same
    goes for reference definitions (`[tag]: /docs/tag`, dropped) and for `href`/`src` in HTML
    (dropped). Links are found as CommonMark finds them: nested brackets, `<…>` destinations,
    titles, escapes.
    """
    base = base_url.rstrip("/") if base_url else None

    def absolute(destination: str) -> str | None:
        bare = destination.strip("<>")
        if base and bare.startswith("/") and not bare.startswith("//"):
            return base + bare
        return None

    while links := [link for link in _inline_links(text) if _relative(link[3])]:
        # Right to left, so earlier offsets stay valid; a link inside one just replaced is
        # found again in the next round.
        limit = len(text)
        for start, end, label, destination in reversed(links):
            if end > limit:
                continue
            target = absolute(destination)
            replacement = label if target is None else f"[{label}]({target})"
            text = text[:start] + replacement + text[end:]
            limit = start

    def reference(match: re.Match[str]) -> str:
        destination = match.group(1)
        if not _relative(destination.strip("<>")):
            return match.group(0)
        target = absolute(destination)
        if target is None:
            return ""
        return match.group(0)[: match.start(1) - match.start()] + target

    text = _REFERENCE.sub(reference, text)

    def html(match: re.Match[str]) -> str:
        quoted = match.group(4)
        value = quoted.strip("\"'")
        if not _relative(value):
            return match.group(0)
        target = absolute(value)
        if target is None:
            return match.group(1)
        quote = quoted[0] if quoted[0] in "\"'" else '"'
        return f"{match.group(1)}{match.group(2)}{match.group(3)}{quote}{target}{quote}"

    return _HTML_URL.sub(html, text)


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
    """Markdown text for a heading, a list item or a line of its own: one line, no control
    characters, and no block (heading, quote, list, fence, HTML, table) started by its first
    character."""
    return _literal_start(one_line(text))


# What starts a block when it begins a line: `#`, `>`, a list or thematic-break marker, a fence,
# HTML, a table's pipe, a setext underline.
_BLOCK_START = re.compile(r"[#>+\-*_=|<`~]|\d{1,9}(?=[.)])")


def _literal_start(text: str) -> str:
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    if match.group()[0].isdigit():  # `1.` starts a list; `1\.` does not
        return f"{match.group()}\\{text[match.end() :]}"
    return "\\" + text


_MARKDOWN_ACTIVE = re.compile(r"[\\`*_\[\]<>&|~]")


def markdown_literal(text: str) -> str:
    """Plain text (a name, a path, a URL, a media type) shown as written, wherever it goes.

    One line; every character Markdown could read as markup inside a line (emphasis, code,
    links, HTML, entities, strikethrough, a table's pipe) is backslash-escaped, so it is safe in
    a table cell, a heading or a list item as it is (not at the start of a line).
    """
    return _MARKDOWN_ACTIVE.sub(lambda m: "\\" + m.group(), one_line(text))


def markdown_code_cell(text: str) -> str:
    """A code span (`markdown_code_span`) that stays in its table cell."""
    return markdown_cell(markdown_code_span(text))


# Blocks that, once opened, run until an end marker, however many blank lines come first: a
# fenced code block and CommonMark's HTML blocks 1 to 5. Left open by a description, they would
# swallow the rest of the page.
_FENCE = re.compile(r" {0,3}(`{3,}(?=[^`]*$)|~{3,})")
_HTML_BLOCKS = (
    (re.compile(r" {0,3}<(script|pre|style|textarea)(\s|>|$)", re.IGNORECASE),
     re.compile(r"</(script|pre|style|textarea)>", re.IGNORECASE)),
    (re.compile(r" {0,3}<!--"), re.compile(r"-->")),
    (re.compile(r" {0,3}<\?"), re.compile(r"\?>")),
    (re.compile(r" {0,3}<![A-Za-z]"), re.compile(r">")),
    (re.compile(r" {0,3}<!\[CDATA\["), re.compile(r"\]\]>")),
)  # fmt: skip


def markdown_text(text: str) -> str:
    """A Markdown description as a block of its own that ends where it ends.

    Control characters (see `_CONTROL`) are dropped and line ends normalized; a code fence the
    text leaves open is closed, and an HTML block it never ends (`<!--` without `-->`) is shown
    as text, so the page after it stays what it is.
    """
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip("\n")
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        if fence is not None:
            marker = fence.group(1)
            closing = re.compile(rf" {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
            end = next((i for i in range(index + 1, len(lines)) if closing.match(lines[i])), None)
            if end is None:
                lines.append(marker)
                break
            index = end + 1
            continue
        for start, stop in _HTML_BLOCKS:
            opened = start.match(line)
            if opened is None:
                continue
            rest = [line[opened.end() :], *lines[index + 1 :]]
            end = next((i for i, part in enumerate(rest) if stop.search(part)), None)
            if end is None:
                lines[index] = line.replace("<", "&lt;", 1)
            else:
                index += end
            break
        index += 1
    return "\n".join(lines)


def markdown_anchors(names: list[str]) -> dict[str, str]:
    """An HTML id for each name, unique among them: the name in lower case when it is a
    plain word already (`basic`, `api-key`), else a slug of it, numbered on a clash."""
    taken: set[str] = set()
    anchors: dict[str, str] = {}
    for name in names:
        plain = name.lower()
        if not re.fullmatch(r"[a-z][a-z0-9_-]*", plain):
            ascii_name = plain.encode("ascii", "ignore").decode("ascii")
            plain = "auth-" + ("-".join(re.findall(r"[a-z0-9]+", ascii_name)) or "scheme")
        anchor, counter = plain, 2
        while anchor in taken:
            anchor, counter = f"{plain}-{counter}", counter + 1
        taken.add(anchor)
        anchors.setdefault(name, anchor)
    return anchors


def markdown_code_span(text: str) -> str:
    """A code span that cannot be closed early by backticks inside it."""
    if not text:
        return "` `"  # "``" is not a code span, and would show as two backticks
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    return f"{ticks} {text} {ticks}" if "`" in text else f"`{text}`"


def toml_string(text: str) -> str:
    """A TOML basic string: quotes and backslashes escaped, control characters as `\\uXXXX`.

    Unlike `json.dumps`, astral characters stay as they are (TOML has no surrogate-pair
    escapes) and lone surrogates, which no TOML file can hold, are dropped.
    """
    out = []
    for char in text:
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            continue
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def json_text(value: Any, *, indent: int | None = None, sort_keys: bool = False) -> str:
    """Readable JSON (non-ASCII kept) that still never carries a raw control character, nor a
    lone surrogate (which no UTF-8 file can hold): both as `\\u` escapes, read back the same."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys)
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
