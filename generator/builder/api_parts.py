"""Spec-level servers and security schemes."""

from __future__ import annotations

from generator.builder.context import BuildContext
from generator.builder.operations import server_url
from generator.ir import SecurityScheme, Server, ServerVariable
from generator.ir.api import SchemeKind

_SETTINGS_FIELDS = {"header": "headers", "query": "query", "cookie": "cookies"}


def build_servers(ctx: BuildContext) -> tuple[Server, ...]:
    servers = ctx.root.fields.get("servers") or []
    result = []
    for server in servers if isinstance(servers, list) else []:
        if not isinstance(server, dict):
            continue
        variables = server.get("variables") or {}
        result.append(
            Server(
                url=server_url(server),
                template=str(server.get("url") or ""),
                description=str(server.get("description") or ""),
                variables=tuple(
                    ServerVariable(
                        name=str(name),
                        default=str(v.get("default", "")),
                        enum=tuple(str(e) for e in v.get("enum") or []),
                        description=str(v.get("description") or ""),
                    )
                    for name, v in (variables.items() if isinstance(variables, dict) else ())
                    if isinstance(v, dict)
                ),
            )
        )
    return tuple(result)


def build_schemes(ctx: BuildContext) -> tuple[SecurityScheme, ...]:
    components = ctx.root.get("components")
    schemes = components.get("securitySchemes") if components else None
    result = []
    for name, node in schemes.items() if schemes is not None else ():
        value = ctx.deref(node).value
        if not isinstance(value, dict):
            continue
        kind = _kind(value)
        if kind is None:
            kind_name = value.get("type")
            ctx.warn(f"security scheme {name!r} of type {kind_name!r} is not supported", node)
            continue
        location = value.get("in") if kind == "api_key" else None
        if kind == "api_key" and location not in _SETTINGS_FIELDS:
            ctx.warn(f"API key scheme {name!r} is sent in {location!r}: not supported", node)
            continue
        parameter = str(value.get("name")) if kind == "api_key" else None
        flows = value.get("flows") or {}
        client_credentials = flows.get("clientCredentials") if isinstance(flows, dict) else None
        result.append(
            SecurityScheme(
                name=name,
                kind=kind,
                description=str(value.get("description") or ""),
                location=location if location in _SETTINGS_FIELDS else None,
                settings_field=_SETTINGS_FIELDS.get(str(location)),
                parameter_name=parameter,
                token_url=_token_url(client_credentials),
            )
        )
    return tuple(result)


def _token_url(flow: object) -> str | None:
    url = flow.get("tokenUrl") if isinstance(flow, dict) else None
    return str(url) if url is not None else None


def _kind(value: dict[str, object]) -> SchemeKind | None:
    kind = value.get("type")
    scheme = str(value.get("scheme") or "").lower()
    if kind == "http" and scheme == "basic":
        return "basic"
    if kind == "http" and scheme == "bearer":
        return "bearer"
    if kind == "apiKey":
        return "api_key"
    if kind in ("oauth2", "openIdConnect"):
        return "oauth2"
    return None
