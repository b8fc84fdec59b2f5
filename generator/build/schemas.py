"""Schemas → types, models and enums.

Every schema that becomes a class gets its name once, here: named components first (so names
do not depend on which operation mentions them first), then inline objects and enums as they
are met, named after where they appear (`CreateCallMachineDetection`).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from generator import naming
from generator.build.context import BuildContext, Located
from generator.model import DictOf, ListOf, ModelRef, Primitive, TypeRef, UnionOf

_STRING_FORMATS: dict[str, Primitive] = {
    "date": Primitive(kind="date"),
    "date-time": Primitive(kind="datetime"),
    "binary": Primitive(kind="bytes"),
}
_SIMPLE_TYPES: dict[str, Primitive] = {
    "integer": Primitive(kind="int"),
    "number": Primitive(kind="float"),
    "boolean": Primitive(kind="bool"),
}
ANY = Primitive(kind="any")


@dataclass(frozen=True, slots=True)
class SchemaType:
    """A schema's type as a field or parameter sees it."""

    type: TypeRef
    nullable: bool
    schema: Located  # the schema after following $refs, for constraints and defaults


@dataclass(frozen=True, slots=True)
class PendingClass:
    ref: ModelRef
    node: Located


def is_nullable(schema: dict[str, Any]) -> bool:
    types = schema.get("type")
    if schema.get("nullable") is True or schema.get("x-nullable") is True:
        return True
    if isinstance(types, list) and "null" in types:
        return True
    if "enum" in schema and isinstance(schema["enum"], list) and None in schema["enum"]:
        return True
    return any(
        isinstance(option, dict) and option.get("type") == "null"
        for key in ("oneOf", "anyOf")
        for option in schema.get(key) or []
    )


def becomes_class(schema: Any) -> bool:
    """Objects with properties, compositions and enums get a class; everything else is inlined."""
    if not isinstance(schema, dict):
        return False
    if isinstance(schema.get("enum"), list) and [v for v in schema["enum"] if v is not None]:
        return True
    if isinstance(schema.get("properties"), dict) and schema["properties"]:
        return True
    all_of = schema.get("allOf")
    return isinstance(all_of, list) and len(all_of) > 1


class SchemaRegistry:
    def __init__(self, ctx: BuildContext) -> None:
        self._ctx = ctx
        self._refs: dict[tuple[str, str], ModelRef] = {}
        self._class_names: set[str] = set()
        self._module_names: set[str] = {"_base"}
        self._pending: deque[PendingClass] = deque()
        self.classes: list[PendingClass] = []

    def register_components(self) -> None:
        schemas = self._ctx.root.get("components")
        schemas = schemas.get("schemas") if schemas else None
        if schemas is None:
            return
        for name, node in schemas.items():
            if becomes_class(self._ctx.deref(node).value) and "$ref" not in node.value:
                self._register(node, name)

    def pending(self) -> PendingClass | None:
        return self._pending.popleft() if self._pending else None

    def _register(self, node: Located, name_hint: str) -> ModelRef:
        key = (node.uri, node.pointer)
        if key in self._refs:
            return self._refs[key]
        name = naming.dedupe(naming.class_name(name_hint), self._class_names)
        module = naming.dedupe(naming.module_name(name), self._module_names)
        is_enum = "enum" in node.value and "properties" not in node.value
        ref = ModelRef(name=name, module=module, is_enum=is_enum)
        self._refs[key] = ref
        pending = PendingClass(ref, node)
        self._pending.append(pending)
        self.classes.append(pending)
        return ref

    def type_of(self, node: Located, *, name_hint: str) -> SchemaType:
        """The type of the schema at `node`; classes are registered as they are met."""
        if isinstance(node.value, dict) and "$ref" in node.value:
            target = self._ctx.deref(node)
            if becomes_class(target.value):
                ref = self._register(target, _name_from_pointer(target) or name_hint)
                return SchemaType(ref, is_nullable(target.value), target)
            hint = _name_from_pointer(target) or name_hint
            return self.type_of(target, name_hint=hint)
        schema = node.value
        if not isinstance(schema, dict):
            return SchemaType(ANY, False, node)
        nullable = is_nullable(schema)
        if becomes_class(schema):
            return SchemaType(self._register(node, name_hint), nullable, node)
        return SchemaType(self._structural_type(node, name_hint), nullable, node)

    def _structural_type(self, node: Located, name_hint: str) -> TypeRef:
        schema = node.value
        for key in ("allOf", "oneOf", "anyOf"):
            options = schema.get(key)
            if isinstance(options, list) and options:
                return self._union(node.child(key), name_hint)
        types = schema.get("type")
        if isinstance(types, list):
            concrete = [t for t in types if t != "null"]
            if len(concrete) != 1:
                return ANY
            types = concrete[0]
        if types == "array" or "items" in schema:
            items = node.get("items")
            if items is None:
                return ListOf(item=ANY)
            return ListOf(item=self.type_of(items, name_hint=f"{name_hint}Item").type)
        if types == "object" or "additionalProperties" in schema:
            extra = node.get("additionalProperties")
            if extra is None or isinstance(extra.value, bool):
                return DictOf(value=ANY)
            return DictOf(value=self.type_of(extra, name_hint=f"{name_hint}Value").type)
        if types == "string":
            return _STRING_FORMATS.get(str(schema.get("format")), Primitive(kind="str"))
        if isinstance(types, str) and types in _SIMPLE_TYPES:
            return _SIMPLE_TYPES[types]
        return ANY

    def _union(self, options: Located, name_hint: str) -> TypeRef:
        types: list[TypeRef] = []
        for index, option in enumerate(options.value):
            if isinstance(option, dict) and option.get("type") == "null":
                continue
            hint = f"{name_hint}Option{index + 1}" if len(options.value) > 1 else name_hint
            found = self.type_of(options.child(index), name_hint=hint).type
            if found not in types:
                types.append(found)
        if not types:
            return ANY
        if len(types) == 1 or ANY in types:
            return types[0] if len(types) == 1 else ANY
        return UnionOf(options=tuple(types))


def _name_from_pointer(node: Located) -> str | None:
    """`#/components/schemas/callState` → `callState`; a whole file → its stem."""
    if node.pointer in ("#", ""):
        stem = node.uri.rstrip("/").rsplit("/", 1)[-1]
        return stem.split(".", 1)[0] or None
    last = node.pointer.rsplit("/", 1)[-1]
    return last.replace("~1", "/").replace("~0", "~") or None
