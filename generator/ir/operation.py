"""Operations and their parts, as the API classes and the docs use them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.ir.imports import Import
from generator.ir.types import Constraint, Primitive, TypeRef, value_type
from generator.ir.values import Json, Value

ParameterLocation = Literal["path", "query", "header", "cookie"]
# How a parameter's value is laid out on the wire (OpenAPI's `style`), as sdkgen sends it.
ParameterStyle = Literal[
    "simple", "label", "matrix", "form", "spaceDelimited", "pipeDelimited", "deepObject"
]
# The generated runtime's helper that lays a value out in its style (None: sent as it is).
Serializer = Literal["path_segment", "delimited", "deep_object"]
BodyEncoding = Literal["json", "text", "binary", "form", "multipart"]
Decoding = Literal["json", "text", "binary", "none"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Argument:
    """A method argument: the signature, the docstring, the docs table and the examples."""

    python_name: str
    type: TypeRef  # `Nullable` when it may be None
    constraints: tuple[Constraint, ...]  # validated before anything is sent
    default: Value | None  # None: required
    required: bool
    description: str  # raw spec text
    # A value for the docs examples, as a user would write it: JSON data, or a `Value` where
    # classes spell it better (a model body built by its Python names: `Construct`).
    example: Json | Value


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameter(Argument):
    wire_name: str
    location: ParameterLocation
    style: ParameterStyle
    explode: bool
    json: bool  # given as `content`: the value is sent as JSON text
    helper: Serializer | None
    spec_default: Json  # the schema's default, for the docs; None when there is none


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestBody(Argument):
    content_type: str
    encoding: BodyEncoding
    example_imports: tuple[Import, ...]  # what the docs example needs to build the value


@dataclass(frozen=True, slots=True, kw_only=True)
class Header:
    name: str
    description: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    status_code: str  # "201", "4XX" or "default"
    description: str
    content_type: str | None
    headers: tuple[Header, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseTypes:
    """How an operation's responses are decoded: one module-level constant per operation."""

    constant: str  # e.g. "_CREATE_CALL_RESPONSES"
    success_adapter: str  # the module's TypeAdapter constant for the success body
    decoding: Decoding
    errors: tuple[tuple[str, str], ...]  # (status pattern, adapter constant)


@dataclass(frozen=True, slots=True, kw_only=True)
class Pagination:
    """An operation whose results continue on further pages, linked by `Link: rel="next"`."""

    item: TypeRef  # one item of a page


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    operation_id: str
    python_name: str
    http_method: str  # "POST"
    path: str
    summary: str
    description: str
    doc_summary: str  # the docstring's first line: the summary, else the description's
    doc_body: str  # the rest of the docstring: the description when there is a summary, or ""
    deprecated: bool
    parameters: tuple[Parameter, ...]
    request_body: RequestBody | None
    arguments: tuple[Parameter | RequestBody, ...]  # signature order: required first
    responses: tuple[Response, ...]
    response_types: ResponseTypes
    returns: TypeRef  # `Primitive(kind="none")` when no body comes back
    fixed_headers: tuple[tuple[str, str], ...]  # (name, value): Content-Type, Accept
    servers_constant: str | None  # module-level tuple of this operation's servers
    server_url: str | None  # the first of them, for the docs
    security: tuple[str, ...]  # schemes that may authorize it, in preference order
    content_type: str | None
    accept: str | None
    example_imports: tuple[Import, ...]  # what the docs examples need
    pagination: Pagination | None
    anchor: str  # the docs anchor

    @property
    def returns_body(self) -> bool:
        """Whether a successful call gives back a value (not only a status)."""
        return value_type(self.returns) != Primitive(kind="none")

    @property
    def path_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "path")

    @property
    def query_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "query")

    @property
    def header_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "header")

    @property
    def cookie_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "cookie")
