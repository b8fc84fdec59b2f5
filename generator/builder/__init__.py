"""Document → IR. All decisions about names, types, imports and defaults happen in this package."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from generator.builder import naming
from generator.builder.api_parts import build_schemes, build_servers
from generator.builder.constructed import constructed
from generator.builder.context import BuildContext
from generator.builder.cycles import import_cycles
from generator.builder.models import build_enum, build_model
from generator.builder.operations import (
    ApiClassParts,
    RawOperation,
    build_operation,
    find_operations,
    responses_constant,
)
from generator.builder.schemas import SchemaRegistry
from generator.config import Config
from generator.diagnostics import Diagnostic
from generator.ir import (
    Api,
    ApiClass,
    EnumDef,
    EnumRef,
    ExceptionDef,
    Import,
    ModelDef,
    Operation,
)
from generator.ir.imports import ordered
from generator.load import Document, is_swagger2, original_pointer, upgrade

_ENDS_IN_API = re.compile(r"\bapis?\s*$", re.IGNORECASE)
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
    ctx = BuildContext(document=upgrade(document), config=config)
    if is_swagger2(document.root):
        ctx.original_pointer = original_pointer
    by_tag: dict[str, list[RawOperation]] = defaultdict(list)
    for raw in find_operations(ctx):
        by_tag[raw.tag].append(raw)
    # API classes are named first, so that a schema called `PetsApi` (or `AsyncPetsApi`) yields
    # to the class of tag `pets` and becomes `PetsApiModel`.
    class_names = _api_class_names(ctx, by_tag)
    reserved = frozenset(n for name in class_names.values() for n in (name, f"Async{name}"))
    registry = SchemaRegistry(ctx, reserved=reserved)
    registry.register_components()
    servers = build_servers(ctx)
    spec_host = servers[0].url if servers else None
    apis = [
        _api_class(ctx, registry, tag, raws, spec_host, class_names[tag])
        for tag, raws in by_tag.items()
    ]
    models: list[ModelDef] = []
    enums: list[EnumDef] = []
    while (pending := registry.pending()) is not None:
        if isinstance(pending.ref, EnumRef):
            enums.append(build_enum(ctx, pending))
        else:
            models.append(build_model(ctx, registry, pending))
    models = _lazy_imports(ctx, registry, models)
    apis, models = constructed(apis, models, enums, config.package)
    info = ctx.root.fields.get("info")
    info = info if isinstance(info, dict) else {}
    schemes = build_schemes(ctx)
    operations = [op for api in apis for op in api.operations]
    default_host = _default_host(spec_host, operations)
    description = str(info.get("description") or "")
    kinds = {s.kind for s in schemes}
    api_keys = [s for s in schemes if s.kind == "api_key" and s.parameter_name]
    secret_headers = {"authorization", "proxy-authorization", "cookie", "set-cookie"}
    secret_headers |= {str(s.parameter_name).lower() for s in api_keys if s.location == "header"}
    secret_query = {str(s.parameter_name) for s in api_keys if s.location == "query"}
    title = str(info.get("title") or config.package)
    api = Api(
        title=title,
        title_ends_in_api=_ENDS_IN_API.search(title) is not None,
        version=str(info.get("version") or ""),
        description=description,
        env_prefix=config.package.upper(),
        docs_url=config.docs_url,
        package_name=config.package,
        project_name=config.distribution_name,
        package_version=config.package_version,
        default_host=default_host,
        servers=servers,
        security_schemes=schemes,
        apis=tuple(sorted(apis, key=lambda a: a.name)),
        models=tuple(sorted(models, key=lambda m: m.name)),
        enums=tuple(sorted(enums, key=lambda e: e.name)),
        exceptions=_exceptions(operations),
        secret_headers=tuple(sorted(secret_headers)),
        secret_query_parameters=tuple(sorted(secret_query)),
        has_basic_auth="basic" in kinds,
        # OAuth 2.0 schemes accept a token obtained elsewhere, sent as a bearer token.
        has_bearer_auth=bool({"bearer", "oauth2"} & kinds),
        has_api_key_auth="api_key" in kinds,
        uses_int_enums=any(e.base == "ApiIntEnum" for e in enums),
        uses_files=_uses(config.package, apis, models, "FileContent"),
        uses_decimal_numbers=_uses(config.package, apis, models, "DecimalNumber"),
        uses_discriminators=_uses(config.package, apis, models, "tag_by"),
    )
    return api, list(dict.fromkeys(ctx.diagnostics))


def _uses(package: str, apis: list[ApiClass], models: list[ModelDef], name: str) -> bool:
    """Whether any module imports `name` from the models' `_base`."""
    wanted = Import(f"{package}.models._base", name)
    return any(wanted in a.imports for a in apis) or any(wanted in m.imports for m in models)


def _lazy_imports(
    ctx: BuildContext, registry: SchemaRegistry, models: list[ModelDef]
) -> list[ModelDef]:
    """Models that refer to each other, built again to import one another for typing only.

    Those, and every model that extends one of them, are rebuilt by the models package once all
    classes exist.
    """
    cycles = import_cycles({m.name: m.references for m in models})
    pendings = {p.ref.name: p for p in registry.classes}
    result = [
        (
            build_model(ctx, registry, pendings[m.name], deferred=cycles[m.name])
            if m.name in cycles
            else m
        )
        for m in models
    ]
    rebuilt = {m.name for m in result if m.needs_rebuild}
    changed = True
    while changed:
        changed = False
        for model in result:
            if model.name not in rebuilt and model.base in rebuilt:
                rebuilt.add(model.name)
                changed = True
    return [replace(m, needs_rebuild=True) if m.name in rebuilt else m for m in result]


def _api_class_names(ctx: BuildContext, by_tag: dict[str, list[RawOperation]]) -> dict[str, str]:
    """Each tag's class name; tags that differ only in spelling (`pets`, `Pets`) get their own."""
    taken: set[str] = set()
    names: dict[str, str] = {}
    for tag, raws in by_tag.items():
        base = naming.class_name(tag) + "Api" if tag != "default" else "DefaultApi"
        name = base
        counter = 2
        # `Async<name>` is its twin: neither may be another tag's class.
        while {name, f"Async{name}"} & taken:
            name = f"{base}_{counter}"
            counter += 1
        taken |= {name, f"Async{name}"}
        if name != base:
            ctx.warn(f"tag {tag!r} would also be named {base}; named {name}", raws[0].node)
        names[tag] = name
    return names


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
    name: str,
) -> ApiClass:
    parts = ApiClassParts(reserved={responses_constant(raw.python_name) for raw in raws})
    operations = tuple(build_operation(ctx, registry, raw, parts) for raw in raws)
    package = ctx.config.package
    imports = parts.imports | {
        Import("collections.abc", "Mapping"),
        Import("httpx"),
        Import("pydantic", "TypeAdapter"),
        Import(f"{package}.api_client", "validate_call"),
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
    imports |= {Import(f"{package}.serialization", helper) for helper in parts.helpers}
    return ApiClass(
        name=name,
        module=naming.module_name(name),
        tag=tag,
        description=_tag_description(ctx, tag),
        base_url=_default_host(spec_host, list(operations)),
        operations=operations,
        imports=ordered(imports),
        adapters=tuple((constant, t) for t, constant in parts.adapters.items()),
        servers=tuple((constant, urls) for urls, constant in parts.servers.items()),
    )


def _tag_description(ctx: BuildContext, tag: str) -> str:
    tags = ctx.root.fields.get("tags")
    for item in tags if isinstance(tags, list) else []:
        if isinstance(item, dict) and item.get("name") == tag:
            return str(item.get("description") or "")
    return ""


def _exceptions(operations: list[Operation]) -> tuple[ExceptionDef, ...]:
    declared = {
        int(r.status_code)
        for op in operations
        for r in op.responses
        if r.status_code.isascii() and r.status_code.isdigit() and 400 <= int(r.status_code) < 500
    }
    result = []
    for status in sorted(set(_STANDARD_STATUSES) | (declared & set(_CLIENT_ERRORS))):
        phrase = _CLIENT_ERRORS[status]
        name = naming.class_name(phrase) + "Exception"
        result.append(
            ExceptionDef(
                name=name,
                status=status,
                description=f"The server answered {status} {phrase}.",
                tree_note=f"{status} {phrase}",
                retry_after=status == 429,
            )
        )
    result.append(
        ExceptionDef(
            name="ServiceException",
            status=None,
            description="The server answered with a 5xx status: a problem on its side.",
            tree_note="5xx",
            retry_after=False,
        )
    )
    return tuple(result)
