"""Document → IR. All decisions about names, types, imports and defaults happen in this package."""

from __future__ import annotations

import json
from collections import defaultdict

from generator import naming
from generator.build.api_parts import build_schemes, build_servers
from generator.build.context import BuildContext
from generator.build.imports import Import, render_imports
from generator.build.models import build_enum, build_model, import_cycles
from generator.build.operations import (
    ApiClassParts,
    RawOperation,
    build_operation,
    find_operations,
    responses_constant,
)
from generator.build.schemas import SchemaRegistry
from generator.config import Config
from generator.diagnostics import Diagnostic
from generator.load import Document
from generator.model import Api, ApiClass, EnumDef, ExceptionDef, ModelDef, Operation
from generator.text import docstring, one_line, python_literal

# The exceptions every client has, whatever its spec declares (OpenAPI Generator's set).
_STANDARD_STATUSES = (400, 401, 403, 404, 409, 422, 429)
# Spelled here, not taken from `http.HTTPStatus`, whose phrases change between Python versions.
_CLIENT_ERRORS = {
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    407: "Proxy Authentication Required",
    408: "Request Timeout",
    409: "Conflict",
    410: "Gone",
    411: "Length Required",
    412: "Precondition Failed",
    413: "Payload Too Large",
    414: "URI Too Long",
    415: "Unsupported Media Type",
    416: "Range Not Satisfiable",
    417: "Expectation Failed",
    418: "I'm a Teapot",
    421: "Misdirected Request",
    422: "Unprocessable Entity",
    423: "Locked",
    424: "Failed Dependency",
    425: "Too Early",
    426: "Upgrade Required",
    428: "Precondition Required",
    429: "Too Many Requests",
    431: "Request Header Fields Too Large",
    451: "Unavailable For Legal Reasons",
}


def build_api(document: Document, config: Config) -> tuple[Api, list[Diagnostic]]:
    ctx = BuildContext(document=document, config=config)
    registry = SchemaRegistry(ctx)
    registry.register_components()
    by_tag: dict[str, list[RawOperation]] = defaultdict(list)
    for raw in find_operations(ctx):
        by_tag[raw.tag].append(raw)
    servers = build_servers(ctx)
    spec_host = servers[0].url if servers else None
    class_names: set[str] = set()
    apis = [
        _api_class(ctx, registry, tag, raws, spec_host, class_names) for tag, raws in by_tag.items()
    ]
    models: list[ModelDef] = []
    enums: list[EnumDef] = []
    while (pending := registry.pending()) is not None:
        if pending.ref.is_enum:
            enums.append(build_enum(ctx, pending))
        else:
            models.append(build_model(ctx, registry, pending))
    cycles = import_cycles({m.name: m.references for m in models})
    if cycles:
        # Models that refer to each other are built again, importing one another lazily.
        pendings = {p.ref.name: p for p in registry.classes}
        for index, model in enumerate(models):
            if model.name in cycles:
                pending = pendings[model.name]
                models[index] = build_model(ctx, registry, pending, deferred=cycles[model.name])
    info = ctx.root.value.get("info") or {}
    schemes = build_schemes(ctx)
    operations = [op for api in apis for op in api.operations]
    default_host = _default_host(spec_host, operations)
    description = str(info.get("description") or "")
    kinds = {s.kind for s in schemes}
    api_keys = [s for s in schemes if s.kind == "api_key" and s.parameter_name]
    secret_headers = {"authorization", "proxy-authorization", "cookie", "set-cookie"}
    secret_headers |= {str(s.parameter_name).lower() for s in api_keys if s.location == "header"}
    secret_query = {str(s.parameter_name) for s in api_keys if s.location == "query"}
    api = Api(
        title=str(info.get("title") or config.package),
        version=str(info.get("version") or ""),
        description=description,
        docstring=docstring(
            f"Client for the {one_line(str(info.get('title') or config.package))} API."
        ),
        toml_description=json.dumps(one_line(description or str(info.get("title") or ""))[:200]),
        env_prefix=config.package.upper(),
        docs_url=config.docs_url,
        package_name=config.package,
        project_name=config.distribution_name,
        package_version=config.package_version,
        package_version_literal=python_literal(config.package_version),
        default_host=default_host,
        default_host_literal=python_literal(default_host),
        servers=servers,
        security_schemes=schemes,
        apis=tuple(sorted(apis, key=lambda a: a.name)),
        models=tuple(sorted(models, key=lambda m: m.name)),
        enums=tuple(sorted(enums, key=lambda e: e.name)),
        exceptions=_exceptions(operations),
        package_name_literal=python_literal(config.package),
        secret_headers=tuple(python_literal(h) for h in sorted(secret_headers)),
        secret_query_parameters=tuple(python_literal(q) for q in sorted(secret_query)),
        has_basic_auth="basic" in kinds,
        # OAuth 2.0 schemes accept a token obtained elsewhere, sent as a bearer token.
        has_bearer_auth=bool({"bearer", "oauth2"} & kinds),
        has_api_key_auth="api_key" in kinds,
        uses_int_enums=any(e.base == "ApiIntEnum" for e in enums),
    )
    return api, ctx.diagnostics


def _default_host(spec_server: str | None, operations: list[Operation]) -> str:
    if spec_server:
        return spec_server
    return next((op.server_url for op in operations if op.server_url), "http://localhost")


def _api_class(
    ctx: BuildContext,
    registry: SchemaRegistry,
    tag: str,
    raws: list[RawOperation],
    spec_host: str | None,
    class_names: set[str],
) -> ApiClass:
    parts = ApiClassParts(reserved={responses_constant(raw.python_name) for raw in raws})
    operations = tuple(build_operation(ctx, registry, raw, parts) for raw in raws)
    package = ctx.config.package
    imports = parts.imports | {
        Import("collections.abc", "Mapping"),
        Import("httpx"),
        Import("pydantic", "TypeAdapter"),
        Import("pydantic", "validate_call"),
        Import(f"{package}.api_client", "ApiClient"),
        Import(f"{package}.api_client", "AsyncApiClient"),
        Import(f"{package}.api_client", "RequestOptions"),
        Import(f"{package}.api_client", "RequestTimeout"),
        Import(f"{package}.api_client", "ResponseTypes"),
        Import(f"{package}.api_response", "ApiResponse"),
    }
    if any(op.pagination for op in operations):
        imports |= {Import("collections.abc", name) for name in ("Iterator", "AsyncIterator")}
    if parts.validation_annotations:
        imports |= {Import("typing", "Annotated"), Import("pydantic", "Field")}
    helpers = {
        "path_segment": any(op.path_parameters for op in operations),
        "query_params": any(op.query_parameters for op in operations),
        "header_params": any(op.header_parameters for op in operations),
        "json_body": any(
            op.request_body and op.request_body.encoding == "json" for op in operations
        ),
    }
    imports |= {Import(f"{package}.serialization", name) for name, used in helpers.items() if used}
    # Tags that differ only in spelling (`pets`, `Pets`) must not share a class and a module.
    base = naming.class_name(tag) + "Api" if tag != "default" else "DefaultApi"
    name = naming.dedupe(base, class_names)
    if name != base:
        ctx.warn(f"tag {tag!r} would also be named {base}; named {name}", raws[0].node)
    tag_info = _tag_description(ctx, tag)
    return ApiClass(
        name=name,
        module=naming.module_name(name),
        tag=tag,
        description=tag_info,
        docstring=docstring(tag_info, indent="    ", fallback=f"Operations tagged {tag!r}."),
        base_url=_default_host(spec_host, list(operations)),
        operations=operations,
        import_lines=render_imports(imports, local_package=package),
        adapters=tuple((constant, annotation) for annotation, constant in parts.adapters.items()),
        servers=tuple(
            (constant, tuple(python_literal(u) for u in urls))
            for urls, constant in parts.servers.items()
        ),
        uses_validation_annotations=parts.validation_annotations,
    )


def _tag_description(ctx: BuildContext, tag: str) -> str:
    for item in ctx.root.value.get("tags") or []:
        if isinstance(item, dict) and item.get("name") == tag:
            return str(item.get("description") or "")
    return ""


def _exceptions(operations: list[Operation]) -> tuple[ExceptionDef, ...]:
    declared = {
        int(r.status_code)
        for op in operations
        for r in op.responses
        if r.status_code.isdigit() and 400 <= int(r.status_code) < 500
    }
    result = []
    for status in sorted(set(_STANDARD_STATUSES) | (declared & set(_CLIENT_ERRORS))):
        phrase = _CLIENT_ERRORS[status]
        name = naming.class_name(phrase) + "Exception"
        result.append(
            ExceptionDef(
                name=name,
                status=status,
                docstring=f"The server answered {status} {phrase}.",
                tree_note=f"{status} {phrase}",
                retry_after=status == 429,
            )
        )
    result.append(
        ExceptionDef(
            name="ServiceException",
            status=None,
            docstring="The server answered with a 5xx status: a problem on its side.",
            tree_note="5xx",
            retry_after=False,
        )
    )
    return tuple(result)
