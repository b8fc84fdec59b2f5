"""Types of values as the generated code sees them: a closed union of type nodes.

How a type is spelled (an annotation, a docs cell, a constant's name) is the printer's job
(`generator.render.printer`); here a type is only what it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, assert_never

PrimitiveKind = Literal[
    "str",
    "int",
    "float",
    "bool",
    "bytes",
    "file",
    "date",
    "datetime",
    "uuid",
    "decimal",
    "number_decimal",
    "any",
    "none",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Primitive:
    """A built-in value: `str`, a `datetime`, `bytes`; `file` is an upload, `any` is `Any`."""

    kind: PrimitiveKind


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelRef:
    """A generated model class."""

    name: str
    module: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EnumRef:
    """A generated enum class."""

    name: str
    module: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ListOf:
    item: TypeRef


@dataclass(frozen=True, slots=True, kw_only=True)
class DictOf:
    """An object with arbitrary keys (`additionalProperties`): `dict[str, value]`."""

    value: TypeRef


@dataclass(frozen=True, slots=True, kw_only=True)
class LiteralOf:
    """A `const` (or a small enum of scalars): `Literal["dog"]`."""

    values: tuple[str | int | bool, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Discriminator:
    """How a `oneOf`/`anyOf` of models picks its member: the property, and value → class."""

    wire_name: str  # the property whose value tells the members apart
    tags: tuple[tuple[str, str], ...]  # (wire value, class name), in the spec's order


@dataclass(frozen=True, slots=True, kw_only=True)
class UnionOf:
    options: tuple[TypeRef, ...]
    discriminator: Discriminator | None = None  # set: a pydantic discriminated union


@dataclass(frozen=True, slots=True, kw_only=True)
class Nullable:
    """`inner`, or None: a nullable schema, or an optional field or argument with no default."""

    inner: TypeRef


TypeRef = Primitive | ModelRef | EnumRef | ListOf | DictOf | LiteralOf | UnionOf | Nullable
ClassRef = ModelRef | EnumRef

ConstraintName = Literal[
    "min_length", "max_length", "pattern", "ge", "le", "gt", "lt", "multiple_of"
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Constraint:
    """A check pydantic enforces on a value (`max_length=256`), named as pydantic names it."""

    name: ConstraintName
    value: int | float | str


def classes_in(t: TypeRef) -> set[ClassRef]:
    """The generated classes a type mentions, however deeply."""
    match t:
        case ModelRef() | EnumRef():
            return {t}
        case ListOf(item=inner) | DictOf(value=inner) | Nullable(inner=inner):
            return classes_in(inner)
        case UnionOf(options=options):
            return set().union(*(classes_in(o) for o in options))
        case Primitive() | LiteralOf():
            return set()
        case _:
            assert_never(t)


def value_type(t: TypeRef) -> TypeRef:
    """The type without an outer `Nullable`: what a value is when it is there."""
    return t.inner if isinstance(t, Nullable) else t
