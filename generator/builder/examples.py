"""Example values for the docs, taken from the spec where it gives them."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from generator.builder.context import BuildContext, Located

_BY_TYPE: dict[str, Any] = {
    "integer": 56,
    "number": 3.4,
    "boolean": True,
    "array": [],
    "object": {},
}
_BY_FORMAT = {
    "date": "2013-10-20",
    "date-time": "2013-10-20T19:20:30+01:00",
    "uuid": "38400000-8cf0-11bd-b23e-10b96e4ef00d",
    "uri": "https://example.com",
    "email": "user@example.com",
}


def example_value(ctx: BuildContext, node: Located, *, name: str, depth: int = 0) -> Any:
    """A JSON value for the schema at `node`: its example, its default, or one made up by type."""
    node = ctx.deref(node)
    schema = node.value
    if not isinstance(schema, dict):
        return None
    for key in ("const", "example", "default"):
        if key in schema and schema[key] is not None:
            return schema[key]
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    listed = schema.get("enum")
    enum = [v for v in listed if v is not None] if isinstance(listed, list) else []
    if enum:
        return enum[0]
    if depth > 3:
        return None
    properties = node.get("properties")
    if properties is not None:
        listed = schema.get("required")
        required = listed if isinstance(listed, list) else []
        return {
            key: example_value(ctx, prop, name=key, depth=depth + 1)
            for key, prop in properties.items()
            if key in required
        }
    types = schema.get("type")
    if isinstance(types, list):
        types = next((t for t in types if t != "null"), None)
    if types == "array":
        items = node.get("items")
        return [example_value(ctx, items, name=name, depth=depth + 1)] if items else []
    if types == "string" or types is None:
        return _BY_FORMAT.get(str(schema.get("format")), f"{name}_example")
    return _BY_TYPE.get(str(types))


def object_example(ctx: BuildContext, node: Located) -> dict[str, Any]:
    """A full JSON object for a model's docs: every property that has an example.

    Properties and `required` come from `allOf` parts too, so a `Dog` that extends `Pet`
    shows (and needs) `Pet`'s required fields.
    """
    properties, required = _merged(ctx, node, frozenset())
    result: dict[str, Any] = {}
    for key, prop in properties.items():
        target = ctx.deref(prop).value
        has_example = isinstance(target, dict) and ("example" in target or "enum" in target)
        if key in required or has_example:
            result[key] = example_value(ctx, prop, name=key, depth=1)
    return result


def _merged(
    ctx: BuildContext, node: Located, seen: frozenset[tuple[str, str]]
) -> tuple[dict[str, Located], set[str]]:
    node = ctx.deref(node)
    if (node.uri, node.pointer) in seen or not isinstance(node.value, dict):
        return {}, set()
    seen = seen | {(node.uri, node.pointer)}
    properties: dict[str, Located] = {}
    listed = node.value.get("required")
    required = {str(r) for r in listed} if isinstance(listed, list) else set()
    parts = node.get("allOf")
    for index in range(len(parts.value) if parts and isinstance(parts.value, list) else 0):
        assert parts is not None
        part_properties, part_required = _merged(ctx, parts.child(index), seen)
        properties.update(part_properties)
        required |= part_required
    own = node.get("properties")
    properties.update(own.items() if own is not None else ())
    return properties, required


_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def url_decoded(example: Any) -> Any:
    """A path or query parameter's example as a user types it.

    The client percent-encodes what it sends, so an example the spec gives already encoded
    (`%2b19195551234`) would go out encoded twice (`%252b…`). An example is taken as encoded
    only when every `%` in it starts an escape and the escapes decode as UTF-8; a `+` stays a
    `+` (it is no space outside form bodies).
    """
    if not isinstance(example, str) or "%" not in example:
        return example
    if example.count("%") != len(_PERCENT_ESCAPE.findall(example)):
        return example  # a `%` that starts no escape is a percent sign
    try:
        return unquote(example, errors="strict")
    except UnicodeDecodeError:
        return example


_ESCAPED_QUOTE = re.compile(r"""\\(["'])""")


def text_unescaped(example: Any, content_type: str) -> Any:
    """An XML body's example with the backslashes of a JSON string taken out.

    XML has no backslash escapes: `<?xml version=\\"1.0\\"?>` is a JSON-escaped quote left in
    the spec's text (invalid XML as it is sent). Taken out only when every backslash in the
    example escapes a quote.
    """
    if not isinstance(example, str) or "xml" not in content_type.lower():
        return example
    if "\\" not in example or example.count("\\") != len(_ESCAPED_QUOTE.findall(example)):
        return example
    return _ESCAPED_QUOTE.sub(r"\1", example)
