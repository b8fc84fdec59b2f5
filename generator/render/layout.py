"""Python statements laid out as black 26 lays them out, for the shapes the printer builds.

black decides a statement's layout from its tokens alone: joined on one line when that fits in
88 columns, otherwise split at its last bracket pair ("right-hand split"): the text up to the
opening bracket, then the contents one level deeper, then the closing bracket and what follows.
The contents stay on one line when they fit (a call's arguments), or go one item per line with a
trailing comma (always for imports and for list, dict and set displays of two or more items).
Items that still do not fit are split the same way, one level deeper.

The printer builds code as `Code` (text, operators and bracket groups) rather than as strings,
so this module knows every bracket and operator without reading text back. Where black would
take a path this module does not model (an operator in a part that must split, a head that
does not fit, an empty trailing bracket), it says so through `unsure`: the file is then handed
to black instead. The tests hold every file this module lays out to black's output exactly.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

LINE_LENGTH = 88
_INDENT = "    "
# `a if b else c`: black splits before both words, as delimiters of one priority.
_TERNARY = {" if ": " if/else ", " else ": " if/else "}


@dataclass(frozen=True, slots=True)
class Op:
    """Text black may split at or inside (an operator, a printed annotation): never split here."""

    text: str


@dataclass(frozen=True, slots=True)
class Group:
    """A bracket pair and its comma-separated items.

    `explode`: when split, one item per line with a trailing comma even if the items would fit
    on one line (black does this for imports, for displays of two or more items, and for a
    function definition's sole parameter). `magic`: always split so (the items end with a
    trailing comma, which black keeps exploded). `hidden`: the brackets appear only when split
    (an import's names).
    """

    opening: str
    items: tuple[Code, ...]
    closing: str
    explode: bool = False
    magic: bool = False
    hidden: bool = False


Part = str | Op | Group
Code = tuple[Part, ...]


def call(name: str, arguments: Sequence[Code]) -> Code:
    """`name(arg, ...)`."""
    return (name, Group("(", tuple(arguments), ")"))


def display(opening: str, items: Sequence[Code], closing: str) -> Code:
    """A list, dict, set or tuple display; black explodes one of two or more items when split."""
    return (Group(opening, tuple(items), closing, explode=len(items) >= 2),)


def flat(code: Code) -> str:
    """The code on one line."""
    return "".join(_flat_part(part) for part in code)


def _flat_part(part: Part) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, Op):
        return part.text
    inside = ", ".join(flat(item) for item in part.items)
    return inside if part.hidden else part.opening + inside + part.closing


def _magic(code: Code) -> bool:
    """Whether black must split the code whatever its length (a magic trailing comma)."""
    return any(
        isinstance(part, Group) and (part.magic or any(_magic(item) for item in part.items))
        for part in code
    )


# --- the file being rendered ----------------------------------------------------------------

_UNSURE: ContextVar[list[str] | None] = ContextVar("_UNSURE", default=None)


@contextmanager
def watching() -> Iterator[list[str]]:
    """Collects, for one file, the statements this module could not lay out by itself."""
    found: list[str] = []
    token = _UNSURE.set(found)
    try:
        yield found
    finally:
        _UNSURE.reset(token)


def unsure(what: str) -> None:
    """Marks the file being rendered as needing black (`what` says why, for tests)."""
    found = _UNSURE.get()
    if found is not None:
        found.append(what)


# --- layout ---------------------------------------------------------------------------------


def statement(prefix: str, code: Code, suffix: str = "", depth: int = 0) -> str:
    """`prefix` + `code` + `suffix` at `depth` levels of indentation, as black lays it out.

    `prefix` is what comes before the expression black splits (`x = `, `return `, `with `),
    `suffix` what follows it (`:`, ` as name:`); neither is ever split, and neither holds
    brackets (an annotated target goes through `annotated`, which knows its annotation's). The
    first line carries no indentation (the template places it), the others do.
    """
    return _placed(_statement(prefix, code, suffix, depth), prefix + flat(code) + suffix, depth)


def _placed(lines: list[str] | None, unsplit: str, depth: int) -> str:
    """The lines for the template to place (the first without its indentation); when the layout
    had no answer (`None`), the text on one line, and the file is handed to black."""
    if lines is None:
        unsure(unsplit)
        return unsplit
    return "\n".join(lines)[depth * len(_INDENT) :]


def _value_in_parentheses(prefix: str, suffix: str) -> bool:
    """Whether the code is a value black wraps in invisible parentheses (`x = …`, `return …`)."""
    return prefix.endswith(("= ", "return ")) and not suffix


def _wrap(prefix: str, body: list[str], depth: int) -> list[str]:
    """`prefix(` / the body lines, already one level deeper / `)`."""
    pad = _INDENT * depth
    return [pad + prefix + "(", *body, pad + ")"]


def fits(text: str, depth: int = 0) -> bool:
    return len(_INDENT) * depth + len(text) <= LINE_LENGTH


def _statement(prefix: str, code: Code, suffix: str, depth: int) -> list[str] | None:
    pad = _INDENT * depth
    whole = prefix + flat(code) + suffix
    if fits(whole, depth) and not _magic(code):
        return [pad + whole]
    split = _last_group(code)
    if split is None or not _group(code, split).items:
        return _wrapped(prefix, code, suffix, depth)
    lines = _around(prefix, code, split, suffix, depth)
    if lines is None and _value_in_parentheses(prefix, suffix):
        lines = _in_parentheses(prefix, code, depth)
    if lines is None and _one_group(code):
        lines = _around(prefix, code, split, suffix, depth, anyway=True)
    return lines


def _in_parentheses(prefix: str, code: Code, depth: int) -> list[str] | None:
    """`x = (` / the value, laid out one level deeper / `)`: black's second choice for a value,
    taken when splitting at the value's own brackets leaves a line too long, and only if then
    every line fits.
    """
    if any(isinstance(part, Op) for part in code) or _dots(code) > 1:
        return None
    body = _item(code, "", depth + 1)
    if body is None:
        return None
    lines = _wrap(prefix, body, depth)
    return lines if all(fits(line) for line in lines) else None


def _wrapped(prefix: str, code: Code, suffix: str, depth: int) -> list[str] | None:
    """A right-hand side with nothing to split at (`"a long string"`, `client.to_dict()`).

    black puts it in parentheses on a line of its own when it fits there; a single long token
    it leaves as it is.
    """
    pad = _INDENT * depth
    whole = prefix + flat(code) + suffix
    if any(isinstance(part, Op) for part in code) or _magic(code) or "\n" in whole:
        return None
    body = flat(code)
    alone = [pad + _INDENT + body]
    if prefix.endswith(": ") and not suffix and _single(code) and fits(body, depth + 1):
        return _wrap(prefix, alone, depth)  # a long annotation
    if not _value_in_parentheses(prefix, suffix):
        return None if _last_group(code) is not None else [pad + whole]
    if not fits(prefix + "(", depth):
        return None  # black splits the target (a long annotation) instead
    if fits(body, depth + 1):
        return _wrap(prefix, alone, depth)
    return [pad + whole] if _single(code) else None


def _single(code: Code) -> bool:
    """One token: a name, a number or a string (what `"a.b"` holds is inside its quotes)."""
    if len(code) != 1 or not isinstance(code[0], str):
        return False
    token = code[0]
    return token.isidentifier() or token[:1] in "\"'" or token[:1].isdigit()


def _group(code: Code, index: int) -> Group:
    group = code[index]
    assert isinstance(group, Group)
    return group


def _last_group(code: Code) -> int | None:
    """Where black's right-hand split happens: the last bracket pair of the expression."""
    for index in range(len(code) - 1, -1, -1):
        if isinstance(code[index], Group):
            return index
    return None


def _around(
    prefix: str, code: Code, index: int, suffix: str, depth: int, *, anyway: bool = False
) -> list[str] | None:
    """Head (up to the opening bracket), the items one level deeper, tail (closing and after).

    `anyway`: split even when the head is too long (black's last resort when the code has no
    other bracket pair to try).
    """
    group = _group(code, index)
    before, after = code[:index], code[index + 1 :]
    if not group.items or any(isinstance(part, Op) for part in (*before, *after)):
        return None  # black splits at the operator or wraps the whole in parentheses
    if _magic(before) or _magic(after):
        return None
    if _dots(code) > 1:
        return None  # black splits a chain of calls at its dots
    pad = _INDENT * depth
    head = prefix + flat(before) + group.opening
    tail = group.closing + flat(after) + suffix
    # An import splits at its names even when the head is too long: nothing else could.
    if not (fits(head, depth) or anyway or (group.hidden and group.explode)):
        return None
    if not fits(tail, depth):
        return None
    body = _body(group, depth + 1)
    if body is None:
        return None
    return [pad + head, *body, pad + tail]


def _body(group: Group, depth: int) -> list[str] | None:
    """The items inside a split bracket pair."""
    pad = _INDENT * depth
    items = group.items
    if len(items) == 1 and not group.magic:
        comma = "," if group.explode else ""
        return _item(items[0], comma, depth)
    one = ", ".join(flat(item) for item in items)
    hug = not (group.explode or group.magic or any(_magic(item) for item in items))
    if hug and fits(one, depth):
        return [pad + one]
    lines: list[str] = []
    for item in items:
        split = _item(item, ",", depth)
        if split is None:
            return None
        lines += split
    return lines


def _item(item: Code, comma: str, depth: int) -> list[str] | None:
    """One item on its own line(s), followed by `comma`."""
    line = flat(item) + comma
    if fits(line, depth) and not _magic(item):
        return [_INDENT * depth + line]
    if any(isinstance(part, Op) for part in item):
        return _at_operators(item, comma, depth)
    if _dots(item) > 1:
        return None  # black would split at the dots
    index = _last_group(item)
    if index is None or not _group(item, index).items:
        return [_INDENT * depth + line]  # nothing black can split at: it leaves the line long
    lines = _around("", item, index, comma, depth)
    if lines is None and _one_group(item):
        lines = _around("", item, index, comma, depth, anyway=True)
    return lines


def _one_group(code: Code) -> bool:
    """One bracket pair at the top level: when its head is too long, black has nothing else."""
    return sum(isinstance(part, Group) for part in code) == 1


def _dots(code: Code) -> int:
    """Attribute accesses right after a bracket: black's "dot" delimiters."""
    return sum(
        isinstance(part, str) and part.startswith(".") and isinstance(code[index - 1], Group)
        for index, part in enumerate(code)
        if index > 0
    )


def _at_operators(item: Code, comma: str, depth: int) -> list[str] | None:
    """An item split before each of its operators (`a`, `| b`, `| None`), all of one kind.

    That is black's split at the item's strongest delimiter when every operator is the same
    one; each piece must then fit on its line.
    """
    operators = {_TERNARY.get(part.text, part.text) for part in item if isinstance(part, Op)}
    if len(operators) != 1 or not operators.pop().startswith(" "):
        return None
    pieces: list[str] = [""]
    for part in item:
        if isinstance(part, Op):
            pieces.append(part.text.strip() + " ")
        else:
            pieces[-1] += _flat_part(part)
    pieces[-1] += comma
    # A piece with brackets that does not fit would be split further; one without stays long.
    if any(isinstance(part, Group) for part in item) and not all(
        fits(piece, depth) for piece in pieces
    ):
        return None
    return [_INDENT * depth + piece for piece in pieces]


def parenthesized(code: Code) -> Code:
    """`code` in the parentheses black adds around a long annotation or conditional expression.

    They show only when the line is split there. black keeps them when the code has operators
    at its top level; otherwise it splits at the code's own brackets, as if they were not there.
    """
    if not any(isinstance(part, Op) for part in code):
        return code
    return (Group("(", (code,), ")", hidden=True),)


def annotated(target: str, annotation: Code, value: Code | None, depth: int = 0) -> str:
    """`target: annotation = value` (or without a value) in a class body, as black lays it out.

    Both the annotation and the value sit in black's invisible parentheses: the value's are
    used when `target: annotation = (` fits, the annotation's otherwise (`target: (` / the
    annotation / `) = value`).
    """
    if value is None:
        if any(isinstance(part, Op) for part in annotation):
            return statement("", (target + ": ", *parenthesized(annotation)), "", depth)
        return statement(target + ": ", annotation, "", depth)
    text = target + ": " + flat(annotation) + " = " + flat(value)
    return _placed(_annotated(target, annotation, value, depth), text, depth)


def _annotated(target: str, annotation: Code, value: Code, depth: int) -> list[str] | None:
    pad = _INDENT * depth
    prefix = f"{target}: {flat(annotation)} = "
    if fits(prefix + flat(value), depth) and not _magic(value):
        return [pad + prefix + flat(value)]
    if fits(prefix + "(", depth):
        # The value's parentheses are usable: split at its own last bracket when that head
        # fits, otherwise inside the parentheses.
        index = _last_group(value)
        if index is not None and _group(value, index).items:
            head = prefix + flat(value[:index]) + _group(value, index).opening
            if fits(head, depth):
                return _around(prefix, value, index, "", depth)
        body = _item(value, "", depth + 1)
        if body is None or (len(body) == 1 and not fits(body[0])):
            return None
        return _wrap(prefix, body, depth)
    if not any(isinstance(part, Op) for part in annotation) or _last_group(value) is not None:
        return None
    tail = ") = " + flat(value)
    body = _item(annotation, "", depth + 1)
    if body is None or not fits(tail, depth) or not fits(target + ": (", depth):
        return None
    return [pad + target + ": (", *body, pad + tail]


def parameter(name: str, annotation: Code, default: Code | None, depth: int) -> str:
    """`name: annotation = default,` on its own line of a function definition."""
    code: Code = (f"{name}: ", *parenthesized(annotation))
    if default is not None:
        code = (*code, " = ", *default)
    return _placed(_item(code, ",", depth), flat(code) + ",", depth)
