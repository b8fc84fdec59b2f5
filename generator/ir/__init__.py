"""The intermediate representation: the only thing templates see.

Every value here is decided and ready to print: names are valid identifiers, annotations are
Python source, literals went through `python_literal`, descriptions are kept raw (for Markdown,
escaped by the docs filters) and also as `docstring` (escaped for Python). Templates hold layout;
nothing in a template may look back at the spec.
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
    DictOf,
    Discriminator,
    ListOf,
    LiteralOf,
    ModelRef,
    Primitive,
    TypeRef,
    UnionOf,
)

__all__ = [
    "Api",
    "ApiClass",
    "Argument",
    "DictOf",
    "Discriminator",
    "EnumDef",
    "EnumMember",
    "ExceptionDef",
    "Field",
    "Header",
    "ListOf",
    "LiteralOf",
    "ModelDef",
    "ModelRef",
    "Operation",
    "Pagination",
    "Parameter",
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
]
