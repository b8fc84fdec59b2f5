"""Discriminators: which member of a `oneOf`/`anyOf` of models a payload is, from one property.

The spec's `mapping` comes first; then each member's own `const` or `enum` values for the
property (what servers actually send, e.g. `type: {enum: [message]}`), then the member's schema
name (OpenAPI's implicit mapping). The first member to claim a value keeps it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from generator.builder.context import BuildContext, Located
from generator.diagnostics import GeneratorError
from generator.ir import Discriminator, ModelRef, TypeRef


def discriminator_of(
    ctx: BuildContext, node: Located, options: Sequence[TypeRef], targets: Sequence[Located]
) -> Discriminator | None:
    """The discriminator of the union at `node`, if it has one and every member is a model."""
    spec = node.fields.get("discriminator")
    if not isinstance(spec, dict) or not isinstance(spec.get("propertyName"), str):
        return None
    names: list[str] = []
    for option in options:
        if not isinstance(option, ModelRef):
            return None
        names.append(option.name)
    wire_name = spec["propertyName"]
    by_target = {(t.uri, t.pointer): name for t, name in zip(targets, names, strict=True)}
    tags: dict[str, str] = {}
    mapping = spec.get("mapping")
    for value, ref in mapping.items() if isinstance(mapping, dict) else ():
        mapped = _mapped(ctx, node, str(ref))
        if mapped is not None and mapped in by_target:
            tags.setdefault(str(value), by_target[mapped])
    for target, name in zip(targets, names, strict=True):
        for value in _own_values(ctx, target, wire_name, depth=0):
            tags.setdefault(value, name)
        schema_name = target.pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        if target.pointer.startswith("#/components/schemas/") and schema_name:
            tags.setdefault(schema_name, name)
    return Discriminator(wire_name=wire_name, tags=tuple(tags.items()))


def _mapped(ctx: BuildContext, node: Located, ref: str) -> tuple[str, str] | None:
    """Where a mapping value points: a `$ref`, or (OpenAPI allows it) a bare schema name."""
    if "#" not in ref and "/" not in ref and "." not in ref:
        ref = "#/components/schemas/" + ref.replace("~", "~0").replace("/", "~1")
    try:
        target = ctx.document.resolve(ref, node.uri)
    except GeneratorError:
        return None
    return target.uri, target.pointer


def _own_values(ctx: BuildContext, target: Located, wire_name: str, *, depth: int) -> Iterator[str]:
    """The `const`/`enum` values a member declares for the discriminator property."""
    schema = target.value
    if not isinstance(schema, dict) or depth > 8:
        return
    properties = schema.get("properties")
    if isinstance(properties, dict) and wire_name in properties:
        prop = ctx.deref(target.child("properties", wire_name)).value
        yield from _values(prop)
        return
    for index, _ in enumerate(schema.get("allOf") or []):
        part = ctx.deref(target.child("allOf", index))
        yield from _own_values(ctx, part, wire_name, depth=depth + 1)


def _values(prop: Any) -> Iterator[str]:
    if not isinstance(prop, dict):
        return
    if isinstance(prop.get("const"), str | int) and not isinstance(prop.get("const"), bool):
        yield str(prop["const"])
    for value in prop.get("enum") or []:
        if isinstance(value, str | int) and not isinstance(value, bool):
            yield str(value)
