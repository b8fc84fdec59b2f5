"""Parameters → method arguments, and how each value goes on the wire (its `style`).

The serialization is decided here, as an expression the template prints: `page` for a query
value in the default form style, `delimited(ids, ',')` for `explode: false`,
`deep_object(filter)` for `style: deepObject`, `path_segment(id)` for a path value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

from generator.builder import naming, types
from generator.builder.context import BuildContext, Located
from generator.builder.examples import example_value
from generator.builder.fields import constraint_args
from generator.builder.schemas import SchemaRegistry
from generator.ir import Parameter, TypeRef
from generator.ir.imports import Import
from generator.ir.operation import ParameterLocation
from generator.text import docstring, one_line, python_literal

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
_DELIMITERS = {"spaceDelimited": " ", "pipeDelimited": "|"}


class ArgumentDocs(TypedDict):
    """The `Argument` fields that parameters and request bodies fill the same way."""

    default_literal: str | None
    required: bool
    description: str
    docstring: str
    doc_type: str
    doc_link: str | None


def argument_docs(description: str, t: TypeRef, *, required: bool) -> ArgumentDocs:
    return ArgumentDocs(
        default_literal=None if required else "None",
        required=required,
        description=description,
        docstring=docstring(one_line(description), indent="            "),
        doc_type=types.doc_type(t),
        doc_link=types.doc_link(t),
    )


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
    validated: bool  # whether its annotation carries constraints (`Annotated[..., Field()]`)


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
    plain = types.annotation(found.type, nullable=found.nullable or not required)
    constraints = constraint_args(found.schema.value, found.type)
    annotation = plain
    if constraints:
        annotation = f"Annotated[{plain}, Field({', '.join(constraints)})]"
    default = found.schema.value.get("default") if isinstance(found.schema.value, dict) else None
    description = str(value.get("description") or "")
    example = value["example"] if "example" in value else example_value(ctx, schema, name=wire_name)
    notes = "" if required else "[optional]"
    if default is not None:
        notes += f" [default to {default}]"
    python_name = argument_name(wire_name, taken)
    serialized, helpers = _serialized(ctx, node, python_name, location, is_json)
    parameter = Parameter(
        python_name=python_name,
        annotation=annotation,
        plain_annotation=plain,
        **argument_docs(description, found.type, required=required),
        doc_notes=notes.strip(),
        example_literal=python_literal(example),
        wire_name=wire_name,
        wire_name_literal=python_literal(wire_name),
        location=location,
        serialized=serialized,
    )
    return BuiltParameter(
        parameter=parameter,
        helpers=helpers,
        imports=types.imports(found.type, package=ctx.config.package),
        validated=bool(constraints),
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


def _serialized(
    ctx: BuildContext,
    node: Located,
    name: str,
    location: ParameterLocation,
    is_json: bool,
) -> tuple[str, set[str]]:
    """The expression the template sends for the value, and the helpers it calls."""
    value: dict[str, Any] = node.value
    if is_json:
        expression, helpers = f"json_value({name})", {"json_value"}
    else:
        expression, helpers = name, set()
    default_style = "form" if location in ("query", "cookie") else "simple"
    style = str(value.get("style") or default_style)
    explode = value.get("explode", style == "form")
    if location == "path":
        if style not in ("simple", "label", "matrix"):
            ctx.warn(f"path parameter style {style!r} is not supported; sent as simple", node)
            style = "simple"
        arguments = [expression]
        if style != "simple":
            arguments.append(f"style={python_literal(style)}")
        if explode is True:
            arguments.append("explode=True")
        if style == "matrix":
            arguments.append(f"name={python_literal(str(value.get('name')))}")
        return f"path_segment({', '.join(arguments)})", helpers | {"path_segment"}
    if location != "query" or is_json:
        return expression, helpers
    if style == "deepObject":
        return f"deep_object({expression})", helpers | {"deep_object"}
    if style in _DELIMITERS or (style == "form" and explode is False):
        separator = _DELIMITERS.get(style, ",")
        return f"delimited({expression}, {python_literal(separator)})", helpers | {"delimited"}
    if style != "form":
        ctx.warn(f"query parameter style {style!r} is not supported; sent as form", node)
    return expression, helpers
