"""Responses: what a call returns on success, and the error model of each error status.

Every 2xx response counts: when they declare different bodies the method returns their union,
and one without a body makes the result optional. With no 2xx response at all, `default`
describes success too.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.builder import naming
from generator.builder.bodies import is_json, is_text, media
from generator.builder.context import BuildContext, Located
from generator.builder.schemas import SchemaRegistry, SchemaType
from generator.ir import Header, Primitive, Response, TypeRef, UnionOf
from generator.ir.operation import Decoding


def response_nodes(ctx: BuildContext, operation: Located) -> list[tuple[str, Located]]:
    responses = operation.get("responses")
    if responses is None:
        return []
    responses = ctx.deref(responses)
    return [(str(status), ctx.deref(node)) for status, node in responses.items()]


def build_response(ctx: BuildContext, status: str, node: Located) -> Response:
    chosen = media(node.get("content"))
    headers = node.get("headers")
    return Response(
        status_code=status,
        description=str(node.fields.get("description") or ""),
        content_type=chosen[0] if chosen else None,
        headers=tuple(
            Header(name=name, description=_description(ctx.deref(header).value))
            for name, header in (headers.items() if headers is not None else ())
        ),
    )


def _description(value: object) -> str:
    return str(value.get("description") or "") if isinstance(value, dict) else ""


def is_success(status: str) -> bool:
    return status.startswith("2")


@dataclass(frozen=True, slots=True)
class Success:
    type: SchemaType | None  # None: no body to decode
    decoding: Decoding


def success(
    ctx: BuildContext, registry: SchemaRegistry, operation: Located, python_name: str
) -> Success:
    """The type of the success responses' bodies, and how to decode them."""
    nodes = response_nodes(ctx, operation)
    chosen = [(s, n) for s, n in nodes if is_success(s)]
    if not chosen:
        chosen = [(s, n) for s, n in nodes if s == "default"]
    hint = naming.pascal_case(python_name) + "Response"
    found: list[SchemaType] = []
    decoding: Decoding = "none"
    empty = False
    for _, node in chosen:
        picked = media(node.get("content"))
        schema = picked[1].get("schema") if picked else None
        if picked is None or schema is None:
            empty = True
            continue
        kind, schema_type = _decoded(registry, picked[0], schema, hint)
        if decoding == "none":
            decoding = kind
        if kind == decoding and schema_type.type not in [f.type for f in found]:
            found.append(schema_type)
    if not found:
        return Success(None, "none")
    nullable = empty or any(f.nullable for f in found)
    if len(found) == 1:
        return Success(SchemaType(found[0].type, nullable, found[0].schema), decoding)
    options: list[TypeRef] = []
    for f in found:
        options.extend(f.type.options if isinstance(f.type, UnionOf) else [f.type])
    union = UnionOf(options=tuple(dict.fromkeys(options)))
    return Success(SchemaType(union, nullable, found[0].schema), decoding)


def _decoded(
    registry: SchemaRegistry, content_type: str, schema: Located, hint: str
) -> tuple[Decoding, SchemaType]:
    found = registry.type_of(schema, name_hint=hint)
    if is_json(content_type):
        return "json", found
    if found.type == Primitive(kind="bytes") or not is_text(content_type):
        return "binary", SchemaType(Primitive(kind="bytes"), False, found.schema)
    return "text", SchemaType(Primitive(kind="str"), False, found.schema)


def error_type(
    ctx: BuildContext, registry: SchemaRegistry, status: str, node: Located, hint: str
) -> SchemaType | None:
    """The model of an error status's JSON body, if it declares one."""
    if is_success(status):
        return None
    chosen = media(node.get("content"))
    if chosen is None or not is_json(chosen[0]):
        return None
    schema = chosen[1].get("schema")
    if schema is None:
        return None
    return registry.type_of(schema, name_hint=f"{hint}Error")
