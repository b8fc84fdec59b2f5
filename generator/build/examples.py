"""Example values for the docs, taken from the spec where it gives them."""

from __future__ import annotations

from typing import Any

from generator.build.context import BuildContext, Located

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
    for key in ("example", "default"):
        if key in schema and schema[key] is not None:
            return schema[key]
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    enum = [v for v in schema.get("enum") or [] if v is not None]
    if enum:
        return enum[0]
    if depth > 3:
        return None
    properties = node.get("properties")
    if properties is not None:
        required = schema.get("required") or []
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
    """A full JSON object for a model's docs: every property that has an example."""
    node = ctx.deref(node)
    result: dict[str, Any] = {}
    required = node.value.get("required") or []
    properties = node.get("properties")
    for key, prop in properties.items() if properties is not None else ():
        target = ctx.deref(prop).value
        has_example = isinstance(target, dict) and ("example" in target or "enum" in target)
        if key in required or has_example:
            result[key] = example_value(ctx, prop, name=key, depth=1)
    return result
