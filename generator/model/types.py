"""Types of values as the generated code sees them: a closed union, rendered in one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PrimitiveKind = Literal["str", "int", "float", "bool", "bytes", "date", "datetime", "any", "none"]


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
class UnionOf:
    options: tuple[TypeRef, ...]


TypeRef = Primitive | ModelRef | ListOf | DictOf | UnionOf
