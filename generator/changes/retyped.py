"""A value's type changed: which classes came and went, and who it breaks.

Works on type nodes (read back from a surface), never on annotation text. Whether a value may be
None is left to the nullable/required rules; here the types of the values themselves are
compared. A new type that accepts every value of the old one (a widened union) does not break
code that sends values; one whose values all fit the old type does not break code that reads
them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.changes.surface import type_from_json
from generator.ir import (
    DictOf,
    ListOf,
    LiteralOf,
    Nullable,
    Primitive,
    TypeRef,
    UnionOf,
    classes_in,
    value_type,
)
from generator.render.printer import annotation

_ANY = Primitive(kind="any")
_NONE = Primitive(kind="none")


@dataclass(frozen=True, slots=True)
class Retyped:
    was: str  # the old annotation
    now: str  # the new one
    gone: tuple[str, ...]  # classes the old type named and the new one does not
    came: tuple[str, ...]  # classes the new type names and the old one did not
    breaks_senders: bool  # a value of the old type may not be a value of the new one
    breaks_readers: bool  # a value of the new type may not be a value of the old one

    def breaking(self, *, sent: bool, read: bool) -> bool:
        return (sent and self.breaks_senders) or (read and self.breaks_readers)

    def detail(self, *, sent: bool, read: bool) -> str:
        """What the change means, for the report's message: classes and direction."""
        parts = []
        if self.gone and self.came:
            parts.append(f"{', '.join(self.gone)} → {', '.join(self.came)}")
        elif self.came:
            parts.append(f"now {', '.join(self.came)}")
        elif self.gone:
            parts.append(f"no longer {', '.join(self.gone)}")
        broken = [
            who
            for who, applies in (
                ("code that sends it", sent and self.breaks_senders),
                ("code that reads it", read and self.breaks_readers),
            )
            if applies
        ]
        if broken:
            parts.append("breaks " + " and ".join(broken))
        return f" ({'; '.join(parts)})" if parts else ""


def changed(old: Any, new: Any) -> bool:
    """Whether two recorded types differ in more than whether the value may be None."""
    return value_type(type_from_json(old)) != value_type(type_from_json(new))


def retyped(old: Any, new: Any, *, with_none: bool = False) -> Retyped:
    """How the type recorded as `old` (surface JSON) relates to the one recorded as `new`.

    `with_none`: whether the value may be None counts too (a return type has no nullable rule
    of its own).
    """
    was, now = _plain(type_from_json(old)), _plain(type_from_json(new))
    before = {c.name for c in classes_in(was)}
    after = {c.name for c in classes_in(now)}
    return Retyped(
        was=annotation(was),
        now=annotation(now),
        gone=tuple(sorted(before - after)),
        came=tuple(sorted(after - before)),
        breaks_senders=not accepts(
            *((now, was) if with_none else (value_type(now), value_type(was)))
        ),
        breaks_readers=not accepts(
            *((was, now) if with_none else (value_type(was), value_type(now)))
        ),
    )


def _plain(t: TypeRef) -> TypeRef:
    """The type as a reader of the report wants it: unions without their discriminators."""
    match t:
        case UnionOf(options=options):
            return UnionOf(options=tuple(_plain(o) for o in options))
        case ListOf(item=item):
            return ListOf(item=_plain(item))
        case DictOf(value=value):
            return DictOf(value=_plain(value))
        case Nullable(inner=inner):
            return Nullable(inner=_plain(inner))
    return t


def accepts(wide: TypeRef, narrow: TypeRef) -> bool:
    """Whether every value of type `narrow` is also a value of type `wide`."""
    if wide in (narrow, _ANY):
        return True
    match narrow:
        case Nullable(inner=inner):
            return accepts(wide, _NONE) and accepts(wide, inner)
        case UnionOf(options=options):
            return all(accepts(wide, option) for option in options)
    match wide:
        case Nullable(inner=inner):
            return narrow == _NONE or accepts(inner, narrow)
        case UnionOf(options=options):
            return any(accepts(option, narrow) for option in options)
        case ListOf(item=item):
            return isinstance(narrow, ListOf) and accepts(item, narrow.item)
        case DictOf(value=value):
            return isinstance(narrow, DictOf) and accepts(value, narrow.value)
        case LiteralOf(values=values):
            return isinstance(narrow, LiteralOf) and set(narrow.values) <= set(values)
        case Primitive(kind="str"):
            return isinstance(narrow, LiteralOf) and all(isinstance(v, str) for v in narrow.values)
        case Primitive(kind="int"):
            return isinstance(narrow, LiteralOf) and all(
                isinstance(v, int) and not isinstance(v, bool) for v in narrow.values
            )
    return False
