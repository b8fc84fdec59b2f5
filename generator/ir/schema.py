"""Models and enums generated from the spec's schemas."""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir.imports import Import
from generator.ir.types import Constraint, TypeRef
from generator.ir.values import Json, Value, is_mutable


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    """One property of a model, with both its wire and its Python name."""

    wire_name: str
    python_name: str
    type: TypeRef  # the attribute's type: `Nullable` when it may hold None
    default: Value | None  # None: required, no default
    constraints: tuple[Constraint, ...]  # checked by pydantic on construction
    required: bool
    nullable: bool  # the spec allows null (an optional field is not nullable by itself)
    read_only: bool
    secret: bool  # carries a secret (`format: password`, named like a password): not in repr
    description: str  # raw spec text
    spec_default: Json  # the default as the spec writes it, for the docs; None when none fits

    @property
    def needs_field_call(self) -> bool:
        """Declared with pydantic's `Field(...)`: an alias, constraints, a secret or a list/dict
        default.

        A bare default reads better; a list or dict default stays in `Field()`, where it is
        plainly a per-instance copy, not a shared class attribute.
        """
        mutable = self.default is not None and is_mutable(self.default)
        renamed = self.python_name != self.wire_name
        return renamed or bool(self.constraints) or self.secret or mutable


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelDef:
    name: str
    module: str
    base: str  # the class it extends: `ApiModel`, or the model an `allOf` inherits from
    description: str  # raw spec text
    fields: tuple[Field, ...]  # every field, inherited ones too (for the docs)
    class_fields: tuple[Field, ...]  # the fields the class body declares itself
    imports: tuple[Import, ...]
    # Imports of models that (directly or not) refer back to this one: importing them at run
    # time would be circular, so they sit under `if TYPE_CHECKING:` and the models package
    # calls `model_rebuild()` once every class exists.
    typing_imports: tuple[Import, ...]
    extra_type: TypeRef | None  # the type of additionalProperties values, if declared
    example: Json  # a JSON object built from the spec's examples; None when there is none
    # The same example built by Python names (`Construct`), None when it cannot be (a field the
    # model does not declare); and what the docs example imports (the model itself at least).
    constructed_example: Value | None
    example_imports: tuple[Import, ...]
    references: tuple[str, ...]  # other model classes (not enums) its fields use, sorted
    needs_rebuild: bool  # it or a base imports models for typing only: rebuild it
    source: str  # the schema's file URI and JSON pointer, e.g. `file:///api.yaml#/...`


@dataclass(frozen=True, slots=True, kw_only=True)
class EnumMember:
    name: str
    value: str | int  # the wire value


@dataclass(frozen=True, slots=True, kw_only=True)
class EnumDef:
    name: str
    module: str
    description: str  # raw spec text
    base: str  # "ApiStrEnum" or "ApiIntEnum"
    members: tuple[EnumMember, ...]


SchemaDef = ModelDef | EnumDef
