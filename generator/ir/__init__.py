"""The intermediate representation: the only thing templates see.

Frozen, keyword-only dataclasses holding values: names (Python and wire), type nodes, imports,
defaults and examples as data, constraints, and descriptions as the spec wrote them. Nothing
here is rendered code: the printer (`generator.render.printer`) spells values as Python or
Markdown when a template asks, and every escaping happens there.
"""

from __future__ import annotations

from generator.ir.api import (
    Api,
    ApiClass,
    ExceptionDef,
    SecurityScheme,
    Server,
    ServerVariable,
)
from generator.ir.imports import Import
from generator.ir.operation import (
    Argument,
    Header,
    Operation,
    Pagination,
    Parameter,
    RequestBody,
    Response,
    ResponseTypes,
)
from generator.ir.schema import EnumDef, EnumMember, Field, ModelDef, SchemaDef
from generator.ir.types import (
    ClassRef,
    Constraint,
    DictOf,
    Discriminator,
    EnumRef,
    ListOf,
    LiteralOf,
    ModelRef,
    Nullable,
    Primitive,
    TypeRef,
    UnionOf,
    classes_in,
    value_type,
)
from generator.ir.values import (
    Const,
    Construct,
    DictValue,
    Json,
    ListValue,
    MemberOf,
    Parsed,
    Value,
)

__all__ = [
    "Api",
    "ApiClass",
    "Argument",
    "ClassRef",
    "Const",
    "Constraint",
    "Construct",
    "DictOf",
    "DictValue",
    "Discriminator",
    "EnumDef",
    "EnumMember",
    "EnumRef",
    "ExceptionDef",
    "Field",
    "Header",
    "Import",
    "Json",
    "ListOf",
    "ListValue",
    "LiteralOf",
    "MemberOf",
    "ModelDef",
    "ModelRef",
    "Nullable",
    "Operation",
    "Pagination",
    "Parameter",
    "Parsed",
    "Primitive",
    "RequestBody",
    "Response",
    "ResponseTypes",
    "SchemaDef",
    "SecurityScheme",
    "Server",
    "ServerVariable",
    "TypeRef",
    "UnionOf",
    "Value",
    "classes_in",
    "value_type",
]
