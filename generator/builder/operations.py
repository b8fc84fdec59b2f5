"""Operations → methods: arguments, request encoding, response decoding, servers, auth."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.builder import naming, types
from generator.builder.bodies import build_body
from generator.builder.context import BuildContext, Located
from generator.builder.parameters import (
    PAGING_RESERVED,
    SIGNATURE_RESERVED,
    build_parameter,
    parameter_nodes,
)
from generator.builder.responses import build_response, error_type, response_nodes, success
from generator.builder.schemas import SchemaRegistry, SchemaType
from generator.ir import (
    Import,
    ListOf,
    Nullable,
    Operation,
    Pagination,
    Parameter,
    Primitive,
    RequestBody,
    ResponseTypes,
    TypeRef,
)

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Every method an operation `x` gets: `x`, `x_with_http_info`, ... An operation may not be named
# like another one's variant.
METHOD_SUFFIXES = ("", "_with_http_info", "_without_preload_content", "_pages", "_iter")
NO_CONTENT = Primitive(kind="none")  # what an operation returns when no body comes back


@dataclass
class ApiClassParts:
    """What the operations of one API class need at module level, gathered while building them."""

    imports: set[Import] = field(default_factory=set)
    adapters: dict[TypeRef, str] = field(default_factory=dict)  # type → constant
    servers: dict[tuple[str, ...], str] = field(default_factory=dict)  # urls → constant
    validation_annotations: bool = False
    helpers: set[str] = field(default_factory=set)  # serialization helpers the methods call
    # Other module-level constants (the operations' `_<NAME>_RESPONSES`), which an adapter for
    # a model named, say, `FetchResponses` must not overwrite.
    reserved: set[str] = field(default_factory=set)

    def _taken(self) -> set[str]:
        return {*self.adapters.values(), *self.servers.values(), *self.reserved}

    def adapter_for(self, t: TypeRef) -> str:
        """The module's `TypeAdapter` constant for values of type `t`, named after the type."""
        if t not in self.adapters:
            base = "_" + naming.snake_case(" ".join(types.words(t))).upper()
            if t == NO_CONTENT:
                base = "_NO_CONTENT"
            self.adapters[t] = naming.dedupe(base if base != "_" else "_DATA", self._taken())
        return self.adapters[t]

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
    for path, listed in ctx.deref(paths).items() if paths is not None else ():
        item = ctx.deref(listed)
        if not isinstance(item.value, dict):
            continue
        for method in (m for m in item.value if m in HTTP_METHODS):
            node = item.child(method)
            if not isinstance(node.value, dict):
                continue
            operation_id = node.fields.get("operationId")
            if not isinstance(operation_id, str) or not operation_id.strip():
                operation_id = f"{method}_{path}"
            base = naming.python_identifier(operation_id, fallback=method)
            python_name = _method_name(base, taken)
            if python_name != base:
                message = f"operationId {operation_id!r} would be named like another method"
                ctx.warn(f"{message}; named {python_name}", node)
            tags = node.fields.get("tags")
            tag = str(tags[0]) if isinstance(tags, list) and tags else "default"
            yield RawOperation(path, method, node, item, tag, python_name)


def _method_name(base: str, taken: set[str]) -> str:
    """`base`, or `base_2`..., such that none of its methods is taken; records them all."""
    candidate, counter = base, 2
    while any(candidate + suffix in taken for suffix in METHOD_SUFFIXES):
        candidate = f"{base}_{counter}"
        counter += 1
    taken.update(candidate + suffix for suffix in METHOD_SUFFIXES)
    return candidate


def build_operation(
    ctx: BuildContext, registry: SchemaRegistry, raw: RawOperation, parts: ApiClassParts
) -> Operation:
    op = raw.node.value
    package = ctx.config.package
    taken = set(SIGNATURE_RESERVED)
    if _pagination_style(ctx, raw) is not None:
        taken |= PAGING_RESERVED
    hint = naming.pascal_case(raw.python_name)
    parameters = _parameters(ctx, registry, raw, taken, parts)
    built_body = build_body(ctx, registry, raw.node, raw.python_name, taken)
    body = built_body.body if built_body else None
    if built_body is not None:
        parts.imports |= built_body.imports
        parts.helpers |= {built_body.helper} if built_body.helper else set()
    nodes = response_nodes(ctx, raw.node)
    responses = [build_response(ctx, status, node) for status, node in nodes]
    result = success(ctx, registry, raw.node, raw.python_name)
    returns: TypeRef = NO_CONTENT
    if result.type is not None:
        found = result.type
        returns = Nullable(inner=found.type) if found.nullable else found.type
        parts.imports |= types.imports(found.type, package=package)
    errors: list[tuple[str, str]] = []
    for status, node in nodes:
        error = error_type(ctx, registry, status, node, hint)
        if error is not None:
            parts.imports |= types.imports(error.type, package=package)
            error_type_ref = Nullable(inner=error.type) if error.nullable else error.type
            errors.append((status, parts.adapter_for(error_type_ref)))
    arguments: list[Parameter | RequestBody] = sorted(
        [*parameters, *([body] if body else [])], key=lambda a: not a.required
    )
    pagination = _pagination(ctx, raw, result.type)
    servers = _servers(raw)
    content_types = [r.content_type for r in responses if r.content_type]
    accept = ", ".join(dict.fromkeys(content_types)) or None
    fixed_headers = []
    # A multipart body brings its own Content-Type, with the boundary in it.
    if body is not None and body.encoding != "multipart":
        fixed_headers.append(("Content-Type", body.content_type))
    if accept:
        fixed_headers.append(("Accept", accept))
    summary = str(op.get("summary") or "")
    description = str(op.get("description") or "")
    return Operation(
        operation_id=str(op.get("operationId") or raw.python_name),
        python_name=raw.python_name,
        http_method=raw.method.upper(),
        path=raw.path,
        summary=summary,
        description=description,
        doc_summary=summary or description.split("\n", 1)[0],
        doc_body=description if summary and description.strip() else "",
        deprecated=bool(op.get("deprecated")),
        parameters=tuple(parameters),
        request_body=body,
        arguments=tuple(arguments),
        responses=tuple(responses),
        response_types=ResponseTypes(
            constant=responses_constant(raw.python_name),
            success_adapter=parts.adapter_for(returns),
            decoding=result.decoding,
            errors=tuple(errors),
        ),
        returns=returns,
        fixed_headers=tuple(fixed_headers),
        servers_constant=parts.servers_for(servers) if servers else None,
        server_url=servers[0] if servers else None,
        security=_security(ctx, raw),
        content_type=body.content_type if body else None,
        accept=accept,
        example_imports=body.example_imports if body else (),
        pagination=pagination,
        anchor=raw.python_name,
    )


def _parameters(
    ctx: BuildContext,
    registry: SchemaRegistry,
    raw: RawOperation,
    taken: set[str],
    parts: ApiClassParts,
) -> list[Parameter]:
    hint = naming.pascal_case(raw.python_name)
    parameters: list[Parameter] = []
    for node in parameter_nodes(ctx, raw.path_item, raw.node):
        built = build_parameter(ctx, registry, node, taken, hint)
        parameters.append(built.parameter)
        parts.helpers |= built.helpers
        parts.imports |= built.imports
        parts.validation_annotations |= bool(built.parameter.constraints)
    locations = {p.location for p in parameters}
    helpers = {"query": "query_params", "header": "header_params", "cookie": "cookie_params"}
    parts.helpers |= {helper for where, helper in helpers.items() if where in locations}
    return parameters


PAGINATION_EXTENSION = "x-sdkgen-pagination"
PAGINATION_STYLES = ("link",)


def _pagination_style(ctx: BuildContext, raw: RawOperation) -> Any:
    """The paging style declared by `x-sdkgen-pagination` or `[tool.sdkgen.pagination]`."""
    operation_id = raw.node.fields.get("operationId")
    style = raw.node.fields.get(PAGINATION_EXTENSION)
    if style is None and isinstance(operation_id, str):
        style = ctx.config.pagination.get(operation_id)
    return style


def _pagination(
    ctx: BuildContext, raw: RawOperation, success: SchemaType | None
) -> Pagination | None:
    style = _pagination_style(ctx, raw)
    if style is None:
        return None
    if style not in PAGINATION_STYLES:
        known = ", ".join(PAGINATION_STYLES)
        ctx.warn(f"pagination style {style!r} is not one of: {known}", raw.node)
        return None
    if success is None or not isinstance(success.type, ListOf):
        ctx.warn("pagination needs a success response that is a JSON array", raw.node)
        return None
    return Pagination(item=success.type.item)


def _servers(raw: RawOperation) -> tuple[str, ...]:
    """Operation-level servers win over path-level ones; spec-level ones are the default host."""
    for owner in (raw.node, raw.path_item):
        servers = owner.fields.get("servers")
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
    requirements = raw.node.fields.get("security", ctx.root.fields.get("security")) or []
    names: list[str] = []
    for requirement in requirements if isinstance(requirements, list) else []:
        for name in requirement if isinstance(requirement, dict) else []:
            if name not in names:
                names.append(str(name))
    return tuple(names)
