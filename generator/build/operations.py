"""Operations → methods: arguments, request encoding, response decoding, servers, auth."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator import naming
from generator.build import types
from generator.build.context import BuildContext, Located
from generator.build.examples import example_value
from generator.build.imports import Import
from generator.build.models import constraint_args
from generator.build.schemas import SchemaRegistry, SchemaType
from generator.model import (
    Header,
    ListOf,
    ModelRef,
    Operation,
    Pagination,
    Parameter,
    Primitive,
    RequestBody,
    Response,
    ResponseTypes,
)
from generator.model.operation import BodyEncoding, Decoding
from generator.text import docstring, one_line, python_literal

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Names the generated methods use themselves: their own arguments, the `_options` helper's
# `headers`, the `response` local, and the serialization helpers they call.
_SIGNATURE_RESERVED = {
    "self",
    "_request_timeout",
    "_headers",
    "headers",
    "response",
    "path_segment",
    "query_params",
    "header_params",
    "json_body",
}


@dataclass
class ApiClassParts:
    """What the operations of one API class need at module level, gathered while building them."""

    imports: set[Import] = field(default_factory=set)
    adapters: dict[str, str] = field(default_factory=dict)  # annotation → constant
    servers: dict[tuple[str, ...], str] = field(default_factory=dict)  # urls → constant
    validation_annotations: bool = False
    # Other module-level constants (the operations' `_<NAME>_RESPONSES`), which an adapter for
    # a model named, say, `FetchResponses` must not overwrite.
    reserved: set[str] = field(default_factory=set)

    def _taken(self) -> set[str]:
        return {*self.adapters.values(), *self.servers.values(), *self.reserved}

    def adapter_for(self, annotation: str) -> str:
        if annotation not in self.adapters:
            base = "_" + naming.snake_case(annotation).upper()
            if annotation == "None":
                base = "_NO_CONTENT"
            self.adapters[annotation] = naming.dedupe(base or "_DATA", self._taken())
        return self.adapters[annotation]

    def servers_for(self, urls: tuple[str, ...]) -> str:
        if urls not in self.servers:
            host = urls[0].split("://", 1)[-1].split("/", 1)[0]
            base = "_" + (naming.snake_case(host).upper() or "SERVER") + "_SERVERS"
            self.servers[urls] = naming.dedupe(base, self._taken())
        return self.servers[urls]


def responses_constant(python_name: str) -> str:
    """The module-level `ResponseTypes` constant of an operation."""
    return f"_{python_name.upper()}_RESPONSES"


@dataclass(frozen=True, slots=True)
class RawOperation:
    """An operation found in `paths`, before it is built."""

    path: str
    method: str
    node: Located
    path_item: Located
    tag: str
    python_name: str


def find_operations(ctx: BuildContext) -> Iterator[RawOperation]:
    """Every operation in `paths`, in spec order, with a unique method name."""
    paths = ctx.root.get("paths")
    taken: set[str] = set()
    for path, listed in paths.items() if paths is not None else ():
        item = ctx.deref(listed)
        for method in (m for m in item.value if m in HTTP_METHODS):
            node = item.child(method)
            operation_id = node.value.get("operationId")
            if not isinstance(operation_id, str) or not operation_id.strip():
                operation_id = f"{method}_{path}"
            base = naming.python_identifier(operation_id, fallback=method)
            python_name = naming.dedupe(base, taken)
            if python_name != base:
                ctx.warn(f"operationId {operation_id!r} is used twice; named {python_name}", node)
            tags = node.value.get("tags") or ["default"]
            yield RawOperation(path, method, node, item, str(tags[0]), python_name)


def build_operation(
    ctx: BuildContext, registry: SchemaRegistry, raw: RawOperation, parts: ApiClassParts
) -> Operation:
    op = raw.node.value
    package = ctx.config.package
    taken = set(_SIGNATURE_RESERVED)
    hint = naming.pascal_case(raw.python_name)
    parameters = [
        _parameter(ctx, registry, node, taken, hint, parts) for node in _parameter_nodes(ctx, raw)
    ]
    body = _request_body(ctx, registry, raw, taken, parts)
    responses = [_response(ctx, status, node) for status, node in _response_nodes(ctx, raw)]
    success_type, decoding = _success(ctx, registry, raw, hint)
    annotation = "None"
    if success_type is not None:
        annotation = types.annotation(success_type.type, nullable=success_type.nullable)
        parts.imports |= types.imports(success_type.type, package=package)
    errors: list[tuple[str, str]] = []
    for status, node in _response_nodes(ctx, raw):
        error_type = _error_type(ctx, registry, status, node, hint)
        if error_type is not None:
            parts.imports |= types.imports(error_type.type, package=package)
            error_annotation = types.annotation(error_type.type, nullable=error_type.nullable)
            errors.append((python_literal(status), parts.adapter_for(error_annotation)))
    arguments: list[Parameter | RequestBody] = sorted(
        [*parameters, *([body] if body else [])], key=lambda a: not a.required
    )
    pagination = _pagination(ctx, raw, success_type)
    servers = _servers(raw)
    security = _security(ctx, raw)
    content_types = [r.content_type for r in responses if r.content_type]
    accept = ", ".join(dict.fromkeys(content_types)) or None
    fixed_headers = []
    if body is not None:
        fixed_headers.append(("'Content-Type'", python_literal(body.content_type)))
    if accept:
        fixed_headers.append(("'Accept'", python_literal(accept)))
    summary = str(op.get("summary") or "")
    description = str(op.get("description") or "")
    return Operation(
        operation_id=str(op.get("operationId") or raw.python_name),
        python_name=raw.python_name,
        http_method=raw.method.upper(),
        method_literal=python_literal(raw.method.upper()),
        path=raw.path,
        path_literal=python_literal(raw.path),
        summary=summary,
        description=description,
        docstring_summary=docstring(
            one_line(summary or description.split("\n", 1)[0]), fallback=raw.python_name
        ),
        docstring_body=docstring(description, indent="        ") if summary and description else "",
        deprecated=bool(op.get("deprecated")),
        parameters=tuple(parameters),
        request_body=body,
        arguments=tuple(arguments),
        responses=tuple(responses),
        response_types=ResponseTypes(
            constant=responses_constant(raw.python_name),
            success_adapter=parts.adapter_for(annotation),
            decoding=decoding,
            decoding_literal=python_literal(decoding),
            errors=tuple(errors),
        ),
        return_annotation=annotation,
        return_doc=annotation,
        return_doc_type=types.doc_type(success_type.type) if success_type else "None",
        return_doc_link=types.doc_link(success_type.type) if success_type else None,
        fixed_headers=tuple(fixed_headers),
        servers_constant=parts.servers_for(servers) if servers else None,
        server_url=servers[0] if servers else None,
        security=security,
        security_literals=tuple(python_literal(s) for s in security),
        content_type=body.content_type if body else None,
        accept=accept,
        signature=_signature(raw.python_name, arguments),
        example_call_arguments=", ".join(
            a.python_name if a.required else f"{a.python_name}={a.python_name}" for a in arguments
        ),
        example_imports=body.example_imports if body else (),
        example_required_arguments=", ".join(a.example_literal for a in arguments if a.required),
        pagination=pagination,
        anchor=raw.python_name,
    )


PAGINATION_EXTENSION = "x-sdkgen-pagination"
PAGINATION_STYLES = ("link",)


def _pagination(
    ctx: BuildContext, raw: RawOperation, success: SchemaType | None
) -> Pagination | None:
    """Paging as declared by `x-sdkgen-pagination` or `[tool.sdkgen.pagination]`."""
    operation_id = raw.node.value.get("operationId")
    style = raw.node.value.get(PAGINATION_EXTENSION)
    if style is None and isinstance(operation_id, str):
        style = ctx.config.pagination.get(operation_id)
    if style is None:
        return None
    if style not in PAGINATION_STYLES:
        known = ", ".join(PAGINATION_STYLES)
        ctx.warn(f"pagination style {style!r} is not one of: {known}", raw.node)
        return None
    if success is None or not isinstance(success.type, ListOf):
        ctx.warn("pagination needs a success response that is a JSON array", raw.node)
        return None
    return Pagination(style=style, item_annotation=types.annotation(success.type.item))


def _signature(name: str, arguments: list[Parameter | RequestBody]) -> str:
    parts = [
        a.python_name if a.required else f"{a.python_name}={a.default_literal}" for a in arguments
    ]
    return f"{name}({', '.join(parts)})"


def _argument_name(text: str, taken: set[str]) -> str:
    """A method argument's name: reserved like a keyword when the method body needs the name."""
    name = naming.python_identifier(text)
    if name in _SIGNATURE_RESERVED:
        name = f"var_{name}"
    return naming.dedupe(name, taken)


def _parameter_nodes(ctx: BuildContext, raw: RawOperation) -> list[Located]:
    """Path-item parameters overridden by operation parameters with the same name and place."""
    found: dict[tuple[str, str], Located] = {}
    for owner in (raw.path_item, raw.node):
        listed = owner.get("parameters")
        for index in range(len(listed.value) if listed and isinstance(listed.value, list) else 0):
            node = ctx.deref(listed.child(index)) if listed else None
            if node is not None and isinstance(node.value, dict):
                found[(str(node.value.get("name")), str(node.value.get("in")))] = node
    kept = []
    for (name, location), node in found.items():
        if location not in ("path", "query", "header"):
            ctx.warn(f"{location} parameter {name!r} is not supported yet and is left out", node)
            continue
        kept.append(node)
    return kept


def _parameter(
    ctx: BuildContext,
    registry: SchemaRegistry,
    node: Located,
    taken: set[str],
    hint: str,
    parts: ApiClassParts,
) -> Parameter:
    value = node.value
    wire_name = str(value.get("name"))
    location = str(value.get("in"))
    required = bool(value.get("required")) or location == "path"
    schema = node.get("schema") or Located(node.uri, node.pointer, {})
    found = registry.type_of(schema, name_hint=hint + naming.pascal_case(wire_name))
    parts.imports |= types.imports(found.type, package=ctx.config.package)
    plain = types.annotation(found.type, nullable=found.nullable or not required)
    constraints = constraint_args(found.schema.value)
    annotation = plain
    if constraints:
        annotation = f"Annotated[{plain}, Field({', '.join(constraints)})]"
        parts.validation_annotations = True
    default = found.schema.value.get("default") if isinstance(found.schema.value, dict) else None
    description = str(value.get("description") or "")
    example = value["example"] if "example" in value else example_value(ctx, schema, name=wire_name)
    notes = "" if required else "[optional]"
    if default is not None:
        notes += f" [default to {default}]"
    return Parameter(
        python_name=_argument_name(wire_name, taken),
        annotation=annotation,
        plain_annotation=plain,
        default_literal=None if required else "None",
        required=required,
        description=description,
        docstring=docstring(one_line(description), indent="            "),
        doc_type=types.doc_type(found.type),
        doc_link=types.doc_link(found.type),
        doc_notes=notes.strip(),
        example_literal=python_literal(example),
        wire_name=wire_name,
        wire_name_literal=python_literal(wire_name),
        location=location,  # type: ignore[arg-type]  # checked by _parameter_nodes
    )


def _media(content: Located | None) -> tuple[str, Located] | None:
    """The media type to use: JSON when offered, else the first one listed."""
    if content is None or not isinstance(content.value, dict) or not content.value:
        return None
    names = list(content.value)
    chosen = next((n for n in names if _is_json(n)), names[0])
    return chosen, content.child(chosen)


def _is_json(content_type: str) -> bool:
    base = content_type.split(";", 1)[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def _body_encoding(content_type: str, found: SchemaType) -> BodyEncoding:
    if _is_json(content_type):
        return "json"
    if found.type == Primitive(kind="bytes") or content_type == "application/octet-stream":
        return "binary"
    return "text"


def _request_body(
    ctx: BuildContext,
    registry: SchemaRegistry,
    raw: RawOperation,
    taken: set[str],
    parts: ApiClassParts,
) -> RequestBody | None:
    node = raw.node.get("requestBody")
    if node is None:
        return None
    node = ctx.deref(node)
    media = _media(node.get("content"))
    if media is None:
        return None
    content_type, media_node = media
    schema = media_node.get("schema") or Located(media_node.uri, media_node.pointer, {})
    hint = naming.pascal_case(raw.python_name) + "Request"
    found = registry.type_of(schema, name_hint=hint)
    encoding = _body_encoding(content_type, found)
    if encoding == "binary":
        found = SchemaType(Primitive(kind="bytes"), found.nullable, found.schema)
    elif encoding == "text":
        found = SchemaType(Primitive(kind="str"), found.nullable, found.schema)
    parts.imports |= types.imports(found.type, package=ctx.config.package)
    required = bool(node.value.get("required"))
    name = naming.snake_case(found.type.name) if isinstance(found.type, ModelRef) else "body"
    python_name = _argument_name(name, taken)
    annotation = types.annotation(found.type, nullable=found.nullable or not required)
    encoder = {"json": "json_body({})", "text": "{}.encode()", "binary": "{}"}[encoding]
    expression = encoder.format(python_name)
    if not required:
        expression = f"None if {python_name} is None else {expression}"
    example, example_imports = _body_example(ctx, registry, media_node, schema, found)
    description = str(node.value.get("description") or schema.value.get("description") or "")
    return RequestBody(
        python_name=python_name,
        annotation=annotation,
        plain_annotation=annotation,
        default_literal=None if required else "None",
        required=required,
        description=description,
        docstring=docstring(one_line(description), indent="            "),
        doc_type=types.doc_type(found.type),
        doc_link=types.doc_link(found.type),
        doc_notes="" if required else "[optional]",
        example_literal=example,
        content_type=content_type,
        encoding=encoding,
        encode_expression=expression,
        example_imports=example_imports,
    )


def _body_example(
    ctx: BuildContext,
    registry: SchemaRegistry,
    media: Located,
    schema: Located,
    found: SchemaType,
) -> tuple[str, tuple[str, ...]]:
    """A Python expression for a valid body, and what it must import."""
    value = _media_example(ctx, media)
    if value is None:
        value = example_value(ctx, schema, name="body")
    if isinstance(found.type, ModelRef) and not found.type.is_enum:
        module = f"{ctx.config.package}.models.{found.type.module}"
        literal = f"{found.type.name}.from_dict({python_literal(value)})"
        return literal, (f"from {module} import {found.type.name}",)
    if found.type == Primitive(kind="bytes"):
        return "b'...'", ()
    return python_literal(value), ()


def _media_example(ctx: BuildContext, media: Located) -> Any:
    if "example" in media.value:
        return media.value["example"]
    examples = media.get("examples")
    for _, listed in examples.items() if examples is not None else ():
        example = ctx.deref(listed).value
        if isinstance(example, dict) and "value" in example:
            return example["value"]
    return None


def _response_nodes(ctx: BuildContext, raw: RawOperation) -> list[tuple[str, Located]]:
    responses = raw.node.get("responses")
    return [(status, ctx.deref(node)) for status, node in responses.items()] if responses else []


def _response(ctx: BuildContext, status: str, node: Located) -> Response:
    media = _media(node.get("content"))
    headers = node.get("headers")
    return Response(
        status_code=status,
        description=str(node.value.get("description") or ""),
        content_type=media[0] if media else None,
        headers=tuple(
            Header(name=name, description=str(ctx.deref(header).value.get("description") or ""))
            for name, header in (headers.items() if headers is not None else ())
        ),
    )


def _is_success(status: str) -> bool:
    return status.startswith("2")


def _success(
    ctx: BuildContext, registry: SchemaRegistry, raw: RawOperation, hint: str
) -> tuple[SchemaType | None, Decoding]:
    """The type of the first 2xx response with a body, and how to decode it."""
    for status, node in _response_nodes(ctx, raw):
        if not _is_success(status):
            continue
        media = _media(node.get("content"))
        if media is None or media[1].get("schema") is None:
            continue
        content_type, media_node = media
        schema = media_node.get("schema")
        assert schema is not None
        found = registry.type_of(schema, name_hint=hint + "Response")
        if _is_json(content_type):
            return found, "json"
        textual = content_type.startswith(("text/", "application/xml"))
        if found.type == Primitive(kind="bytes") or not textual:
            return SchemaType(Primitive(kind="bytes"), False, found.schema), "binary"
        return SchemaType(Primitive(kind="str"), False, found.schema), "text"
    return None, "none"


def _error_type(
    ctx: BuildContext, registry: SchemaRegistry, status: str, node: Located, hint: str
) -> SchemaType | None:
    if _is_success(status):
        return None
    media = _media(node.get("content"))
    if media is None or not _is_json(media[0]):
        return None
    schema = media[1].get("schema")
    if schema is None:
        return None
    return registry.type_of(schema, name_hint=f"{hint}Error")


def _servers(raw: RawOperation) -> tuple[str, ...]:
    """Operation-level servers win over path-level ones; spec-level ones are the default host."""
    for owner in (raw.node, raw.path_item):
        servers = owner.value.get("servers")
        if isinstance(servers, list) and servers:
            return tuple(server_url(s) for s in servers if isinstance(s, dict))
    return ()


def server_url(server: dict[str, Any]) -> str:
    """A server's URL with each `{variable}` replaced by its default.

    A relative URL (`/api/v3`, allowed by OpenAPI: relative to where the spec is served) is
    taken as relative to `http://localhost`, so requests still get a scheme and a host.
    """
    url = str(server.get("url") or "")
    variables = server.get("variables") or {}
    for name, variable in variables.items() if isinstance(variables, dict) else ():
        if isinstance(variable, dict) and "default" in variable:
            url = url.replace("{" + str(name) + "}", str(variable["default"]))
    if url.startswith("//"):
        url = "https:" + url
    elif "://" not in url:
        url = "http://localhost/" + url.lstrip("/")
    return url


def _security(ctx: BuildContext, raw: RawOperation) -> tuple[str, ...]:
    requirements = raw.node.value.get("security", ctx.root.value.get("security")) or []
    names: list[str] = []
    for requirement in requirements if isinstance(requirements, list) else []:
        for name in requirement if isinstance(requirement, dict) else []:
            if name not in names:
                names.append(str(name))
    return tuple(names)
