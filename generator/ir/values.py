"""Values as data: defaults and examples, never their Python spelling.

`Json` is what a spec holds (an example, a raw default). `Value` is a default as the generated
code constructs it: most are plain JSON, a few need a class (an enum member, a UUID).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Json = None | bool | int | float | str | list["Json"] | dict[str, "Json"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Const:
    """A JSON value written as a Python literal (`5`, `"abc"`, `[1, 2]`)."""

    value: Json


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberOf:
    """A member of a generated enum: `CallbackMethodEnum.POST`."""

    enum: str  # the enum class
    member: str  # the member's name


@dataclass(frozen=True, slots=True, kw_only=True)
class Parsed:
    """A value parsed from its text at import time: `UUID("...")`, `Decimal("...")`, a date."""

    kind: Literal["uuid", "decimal", "date"]
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ListValue:
    items: tuple[Value, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class DictValue:
    entries: tuple[tuple[str, Value], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Construct:
    """A generated model built by its Python names: `CreateCall(to="+1", var_from="+2")`."""

    model: str  # the model class
    arguments: tuple[tuple[str, Value], ...]  # (Python name, value), in the example's order


Value = Const | MemberOf | Parsed | ListValue | DictValue | Construct


def is_mutable(value: Value) -> bool:
    """A list or a dict: a default that each instance must get a copy of."""
    if isinstance(value, Const):
        return isinstance(value.value, list | dict)
    return isinstance(value, ListValue | DictValue)
