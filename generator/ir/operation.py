"""Operations and their parts, as the API classes and the docs use them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ParameterLocation = Literal["path", "query", "header", "cookie"]
BodyEncoding = Literal["json", "text", "binary", "form", "multipart"]
Decoding = Literal["json", "text", "binary", "none"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Argument:
    """What a method argument shows in the signature, the docstring and the docs table."""

    python_name: str
    annotation: str  # signature annotation, constraints included (validated before sending)
    plain_annotation: str  # the same type without constraints, for internal helpers
    default_literal: str | None  # Python source of the default; None when required
    required: bool
    description: str  # raw spec text, for the docs
    docstring: str  # escaped one-paragraph text for `:param:`
    doc_type: str
    doc_link: str | None
    doc_notes: str  # "[optional] [default to 1000]"
    example_literal: str  # a value for the docs examples


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameter(Argument):
    wire_name: str
    wire_name_literal: str
    location: ParameterLocation
    serialized: str  # the value in its style: `page`, `delimited(ids, ',')`, `path_segment(id)`


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestBody(Argument):
    content_type: str
    encoding: BodyEncoding
    encode_expression: str  # turns the argument into request bytes
    example_imports: tuple[str, ...]  # import lines the docs example needs


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
    success_adapter: str
    decoding: Decoding
    decoding_literal: str
    errors: tuple[tuple[str, str], ...]  # (status pattern literal, adapter constant)


@dataclass(frozen=True, slots=True, kw_only=True)
class Pagination:
    """How an operation's results continue on further pages."""

    style: str  # "link": `Link: <url>; rel="next"` response headers
    item_annotation: str  # the type of one item of a page


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    operation_id: str
    python_name: str
    http_method: str  # "POST"
    method_literal: str
    path: str
    path_literal: str
    summary: str
    description: str
    docstring_summary: str
    docstring_body: str  # indented for the method docstring; "" when there is none
    deprecated: bool
    parameters: tuple[Parameter, ...]
    request_body: RequestBody | None
    arguments: tuple[Parameter | RequestBody, ...]  # signature order: required first
    responses: tuple[Response, ...]
    response_types: ResponseTypes
    return_annotation: str
    return_doc: str  # `:return:` text
    return_doc_type: str
    return_doc_link: str | None
    fixed_headers: tuple[
        tuple[str, str], ...
    ]  # (name literal, value literal): Content-Type, Accept
    servers_constant: str | None  # module-level tuple of this operation's servers
    server_url: str | None  # the first of them, for the docs
    security: tuple[str, ...]  # schemes that may authorize it, in preference order
    security_literals: tuple[str, ...]
    content_type: str | None
    accept: str | None
    signature: str  # e.g. "create_call(account_id, create_call)" for the docs
    example_call_arguments: str  # e.g. "account_id, to=to" for the docs examples
    example_required_arguments: str  # the required arguments as literals, e.g. "'9900000'"
    example_imports: tuple[str, ...]  # import lines the docs examples need
    pagination: Pagination | None
    anchor: str  # the docs anchor

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
