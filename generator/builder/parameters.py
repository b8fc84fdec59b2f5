"""Parameters → method arguments, and how each value goes on the wire (its `style`).

The serialization is decided here, as values the printer spells: the style sdkgen sends, and
the runtime helper that lays the value out (`delimited` for `explode: false`, `deep_object` for
`style: deepObject`, `path_segment` for a path value, none for a plain form value).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.builder import naming, types
from generator.builder.context import BuildContext, Located
from generator.builder.examples import example_value, url_decoded
from generator.builder.fields import constraints
from generator.builder.schemas import SchemaRegistry
from generator.ir import Const, Import, Nullable, Parameter
from generator.ir.operation import ParameterLocation, ParameterStyle, Serializer

LOCATIONS: tuple[ParameterLocation, ...] = ("path", "query", "header", "cookie")
# Names the generated methods use themselves: their own arguments, the `_options` helper's
# `headers`, the `response` local, and the serialization helpers they call.
SIGNATURE_RESERVED = frozenset(
    {
        "self",
        "_request_timeout",
        "_headers",
        "headers",
        "response",
        "path_segment",
        "query_params",
        "header_params",
        "cookie_params",
        "json_body",
        "form_body",
        "multipart_body",
        "delimited",
        "deep_object",
        "json_value",
    }
)
# Locals of the paging methods, reserved only in operations that page.
PAGING_RESERVED = frozenset({"options", "page"})
_DELIMITED = ("spaceDelimited", "pipeDelimited")


def argument_name(text: str, taken: set[str]) -> str:
    """A method argument's name: reserved like a keyword when the method body needs the name."""
    name = naming.python_identifier(text)
    if name in SIGNATURE_RESERVED:
        name = f"var_{name}"
    return naming.dedupe(name, taken)


def parameter_nodes(ctx: BuildContext, path_item: Located, operation: Located) -> list[Located]:
    """Path-item parameters overridden by operation parameters with the same name and place."""
    found: dict[tuple[str, str], Located] = {}
    for owner in (path_item, operation):
        listed = owner.get("parameters")
        if listed is None:
            continue
        listed = ctx.deref(listed)
        for index in range(len(listed.value) if isinstance(listed.value, list) else 0):
            node = ctx.deref(listed.child(index))
            if isinstance(node.value, dict):
                found[(str(node.value.get("name")), str(node.value.get("in")))] = node
    kept = []
    for (name, location), node in found.items():
        if location not in LOCATIONS:
            ctx.warn(f"{location} parameter {name!r} is not supported and is left out", node)
            continue
        kept.append(node)
    return kept


@dataclass(frozen=True, slots=True)
class BuiltParameter:
    parameter: Parameter
    helpers: set[str]  # serialization helpers its value goes through
    imports: set[Import]  # what its annotation needs


def build_parameter(
    ctx: BuildContext,
    registry: SchemaRegistry,
    node: Located,
    taken: set[str],
    hint: str,
) -> BuiltParameter:
    """The parameter, and what the module needs for it."""
    value = node.value
    wire_name = str(value.get("name"))
    location: ParameterLocation = value["in"]
    required = bool(value.get("required")) or location == "path"
    schema, is_json = _schema(node)
    found = registry.type_of(schema, name_hint=hint + naming.pascal_case(wire_name))
    optional = found.nullable or not required
    default = found.schema.value.get("default") if isinstance(found.schema.value, dict) else None
    example = value["example"] if "example" in value else example_value(ctx, schema, name=wire_name)
    if location in ("path", "query"):
        example = url_decoded(example)
    style, explode, helper = _style(ctx, node, location, is_json)
    parameter = Parameter(
        python_name=argument_name(wire_name, taken),
        type=Nullable(inner=found.type) if optional else found.type,
        constraints=constraints(found.schema.value, found.type),
        default=None if required else Const(value=None),
        required=required,
        description=str(value.get("description") or ""),
        example=example,
        wire_name=wire_name,
        location=location,
        style=style,
        explode=explode,
        json=is_json,
        helper=helper,
        spec_default=default,
    )
    helpers = {name for name in (helper, "json_value" if is_json else None) if name}
    return BuiltParameter(
        parameter=parameter,
        helpers=helpers,
        imports=types.imports(found.type, package=ctx.config.package),
    )


def _schema(node: Located) -> tuple[Located, bool]:
    """The parameter's schema; one given as `content` (a JSON value in a query) is sent as JSON."""
    schema = node.get("schema")
    if schema is not None:
        return schema, False
    content = node.get("content")
    if content is not None and isinstance(content.value, dict):
        for media, _ in content.items():
            found = content.child(media).get("schema")
            if found is not None:
                return found, True
    return Located(node.uri, node.pointer + "/schema", {}), False


def _style(
    ctx: BuildContext, node: Located, location: ParameterLocation, is_json: bool
) -> tuple[ParameterStyle, bool, Serializer | None]:
    """The style the value is sent in, whether it explodes, and the helper that lays it out.

    Styles sdkgen cannot send are reported and replaced by the location's default.
    """
    value: dict[str, Any] = node.value
    default_style: ParameterStyle = "form" if location in ("query", "cookie") else "simple"
    style = str(value.get("style") or default_style)
    explode = value.get("explode", style == "form")
    if location == "path":
        if style not in ("simple", "label", "matrix"):
            ctx.warn(f"path parameter style {style!r} is not supported; sent as simple", node)
            style = "simple"
        return _known(style), explode is True, "path_segment"
    if location != "query" or is_json:
        return default_style, explode is not False, None
    if style == "deepObject":
        return "deepObject", explode is not False, "deep_object"
    if style in _DELIMITED or (style == "form" and explode is False):
        return _known(style), False, "delimited"
    if style != "form":
        ctx.warn(f"query parameter style {style!r} is not supported; sent as form", node)
    return "form", True, None


def _known(style: str) -> ParameterStyle:
    styles: tuple[ParameterStyle, ...] = (
        "simple",
        "label",
        "matrix",
        "form",
        "spaceDelimited",
        "pipeDelimited",
        "deepObject",
    )
    return next(s for s in styles if s == style)
