"""Request bodies: which media type is sent, the argument's type, and how it is encoded.

JSON is preferred when offered; forms (`application/x-www-form-urlencoded`) and multipart take
a model or a dict (a multipart file is bytes, or `(filename, bytes[, content type])`); XML and
`text/*` are strings; anything else is bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.builder import naming, types
from generator.builder.context import BuildContext, Located
from generator.builder.examples import example_value, text_unescaped
from generator.builder.fields import as_files
from generator.builder.parameters import argument_name
from generator.builder.schemas import SchemaRegistry, SchemaType
from generator.ir import (
    Const,
    DictOf,
    EnumRef,
    Import,
    ModelRef,
    Nullable,
    Primitive,
    RequestBody,
)
from generator.ir.operation import BodyEncoding

_HELPERS = {"json": "json_body", "form": "form_body", "multipart": "multipart_body"}


def media(content: Located | None) -> tuple[str, Located] | None:
    """The media type to use: JSON when offered, else the first one listed."""
    if content is None or not isinstance(content.value, dict) or not content.value:
        return None
    names = list(content.value)
    chosen = next((n for n in names if is_json(n)), names[0])
    return chosen, content.child(chosen)


def is_json(content_type: str) -> bool:
    base = content_type.split(";", 1)[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def is_text(content_type: str) -> bool:
    base = content_type.split(";", 1)[0].strip().lower()
    return base.startswith("text/") or base.endswith(("/xml", "+xml"))


def _encoding(content_type: str, found: SchemaType) -> BodyEncoding:
    base = content_type.split(";", 1)[0].strip().lower()
    model = isinstance(found.type, ModelRef)
    structured = model or isinstance(found.type, DictOf)
    if is_json(base):
        return "json"
    if base == "application/x-www-form-urlencoded" and structured:
        return "form"
    if base.startswith("multipart/") and structured:
        return "multipart"
    if found.type == Primitive(kind="bytes") or not (is_text(base) or found.type == _STR):
        return "binary"
    return "text"


_STR = Primitive(kind="str")


@dataclass(frozen=True, slots=True)
class BuiltBody:
    body: RequestBody
    helper: str | None  # the serialization helper that encodes it
    imports: set[Import]


def build_body(
    ctx: BuildContext,
    registry: SchemaRegistry,
    operation: Located,
    python_name: str,
    taken: set[str],
) -> BuiltBody | None:
    node = operation.get("requestBody")
    if node is None:
        return None
    node = ctx.deref(node)
    chosen = media(node.get("content"))
    if chosen is None:
        return None
    content_type, media_node = chosen
    schema = media_node.get("schema") or Located(media_node.uri, media_node.pointer, {})
    found = registry.type_of(schema, name_hint=naming.pascal_case(python_name) + "Request")
    encoding = _encoding(content_type, found)
    if encoding == "binary":
        found = SchemaType(Primitive(kind="bytes"), found.nullable, found.schema)
    elif encoding == "text":
        found = SchemaType(_STR, found.nullable, found.schema)
    elif encoding == "multipart" and isinstance(found.type, DictOf):
        found = SchemaType(DictOf(value=as_files(found.type.value)), found.nullable, found.schema)
    required = bool(node.fields.get("required"))
    named = found.type if isinstance(found.type, ModelRef | EnumRef) else None
    name = naming.snake_case(named.name) if named else "body"
    value = media_example(ctx, media_node)
    if value is None:
        value = example_value(ctx, schema, name="body")
    if encoding == "text":
        value = text_unescaped(value, content_type)
    description = str(node.fields.get("description") or schema.fields.get("description") or "")
    package = ctx.config.package
    body = RequestBody(
        python_name=argument_name(name, taken),
        type=Nullable(inner=found.type) if found.nullable or not required else found.type,
        constraints=(),
        default=None if required else Const(value=None),
        required=required,
        description=description,
        example=value,
        content_type=content_type,
        encoding=encoding,
        example_imports=(
            (Import(f"{package}.models.{found.type.module}", found.type.name),)
            if isinstance(found.type, ModelRef)
            else ()
        ),
    )
    imports = types.imports(found.type, package=package)
    return BuiltBody(body=body, helper=_HELPERS.get(encoding), imports=imports)


def media_example(ctx: BuildContext, media_node: Located) -> Any:
    if "example" in media_node.fields:
        return media_node.fields["example"]
    examples = media_node.get("examples")
    for _, listed in examples.items() if examples is not None else ():
        example = ctx.deref(listed).value
        if isinstance(example, dict) and "value" in example:
            return example["value"]
    return None
