"""Models and enums generated from the spec's schemas."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    """One property of a model, with both its wire and its Python name."""

    wire_name: str
    python_name: str
    annotation: str  # e.g. "CallbackMethodEnum | None"
    field_args: str  # arguments of pydantic's Field(...); "" when a plain default will do
    default_assignment: str | None  # the plain default, when there is one and no Field(...)
    required: bool
    nullable: bool
    read_only: bool
    write_only: bool
    description: str  # raw spec text, for the docs
    docstring: str  # the same, escaped for an attribute docstring
    doc_type: str  # e.g. "List[CallState]" for the docs table
    doc_link: str | None  # model name whose page the docs table links to
    doc_notes: str  # "[optional] [default to POST] [readonly]"


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelDef:
    name: str
    module: str
    base: str  # the class it extends: `ApiModel`, or the model an `allOf` inherits from
    description: str
    docstring: str  # escaped, ready to sit between triple quotes
    fields: tuple[Field, ...]  # every field, inherited ones too (for the docs)
    class_fields: tuple[Field, ...]  # the fields the class body declares itself
    import_lines: tuple[str, ...]
    extra_fields_type: str | None  # annotation of additionalProperties values, if declared
    example_json: str | None  # a JSON document built from the spec's examples
    example_json_literal: str  # the same as a Python string literal ("'{}'" when there is none)
    references: tuple[str, ...] = ()  # other model classes (not enums) its fields use, sorted
    # Imports of models that (directly or not) refer back to this one: importing them at run
    # time would be circular, so they sit under `if TYPE_CHECKING:` and the models package
    # calls `model_rebuild()` once every class exists.
    type_checking_import_lines: tuple[str, ...] = ()
    needs_rebuild: bool = False  # it or a base imports models for typing only: rebuild it
    source: str = ""  # the schema's file URI and JSON pointer, e.g. `file:///api.yaml#/...`


@dataclass(frozen=True, slots=True, kw_only=True)
class EnumMember:
    name: str
    value_literal: str
    value: str  # the wire value as text, for the docs


@dataclass(frozen=True, slots=True, kw_only=True)
class EnumDef:
    name: str
    module: str
    description: str
    docstring: str
    base: str  # "ApiStrEnum" or "ApiIntEnum"
    members: tuple[EnumMember, ...]
    example_literal: str  # a member access such as `CallbackMethodEnum.POST`


SchemaDef = ModelDef | EnumDef
