"""Types of values as the generated code sees them: a closed union, rendered in one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
    kind: PrimitiveKind


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelRef:
    """A generated model or enum class."""

    name: str
    module: str
    is_enum: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ListOf:
    item: TypeRef


@dataclass(frozen=True, slots=True, kw_only=True)
class DictOf:
    value: TypeRef


@dataclass(frozen=True, slots=True, kw_only=True)
class LiteralOf:
    """A `const` (or one-valued) schema: `Literal["dog"]`; `values` are Python literals."""

    values: tuple[str, ...]  # Python literals, e.g. "'dog'"


@dataclass(frozen=True, slots=True, kw_only=True)
class Discriminator:
    """How a `oneOf`/`anyOf` of models picks its member: the property, and value → class."""

    wire_name: str  # the property whose value tells the members apart
    tags: tuple[tuple[str, str], ...]  # (wire value, class name), in the spec's order


@dataclass(frozen=True, slots=True, kw_only=True)
class UnionOf:
    options: tuple[TypeRef, ...]
    discriminator: Discriminator | None = None  # set: a pydantic discriminated union


TypeRef = Primitive | ModelRef | ListOf | DictOf | LiteralOf | UnionOf
