"""Schemas → types, models and enums.

Every schema that becomes a class gets its name once, here: named components first (so names
do not depend on which operation mentions them first), then inline objects and enums as they
are met, named after where they appear (`CreateCallMachineDetection`).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any, Literal

from generator.builder import naming
from generator.builder.context import BuildContext, Located
from generator.builder.unions import discriminator_of
from generator.ir import (
    ClassRef,
    DictOf,
    EnumRef,
    ListOf,
    LiteralOf,
    ModelRef,
    Primitive,
    TypeRef,
    UnionOf,
)

_STRING_FORMATS: dict[str, Primitive] = {
    "date": Primitive(kind="date"),
    "date-time": Primitive(kind="datetime"),
    "binary": Primitive(kind="bytes"),
    "uuid": Primitive(kind="uuid"),
    "decimal": Primitive(kind="decimal"),
}
_SIMPLE_TYPES: dict[str, Primitive] = {
    "string": Primitive(kind="str"),
    "integer": Primitive(kind="int"),
    "number": Primitive(kind="float"),
    "boolean": Primitive(kind="bool"),
    "null": Primitive(kind="none"),
}
ANY = Primitive(kind="any")
NONE = Primitive(kind="none")
# Keywords that only describe or annotate a schema: an `allOf` part holding nothing else adds
# no structure (`allOf: [{$ref: X}, {description: ..., nullable: true}]` is just X).
_ANNOTATIONS = frozenset(
    {
        "description",
        "title",
        "nullable",
        "x-nullable",
        "example",
        "examples",
        "default",
        "readOnly",
        "writeOnly",
        "deprecated",
        "externalDocs",
        "xml",
        "$comment",
    }
)


@dataclass(frozen=True, slots=True)
class SchemaType:
    """A schema's type as a field or parameter sees it."""

    type: TypeRef
    nullable: bool
    schema: Located  # the schema after following $refs, for constraints and defaults


@dataclass(frozen=True, slots=True)
class PendingClass:
    ref: ClassRef
    node: Located


def is_nullable(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    types = schema.get("type")
    if schema.get("nullable") is True or schema.get("x-nullable") is True:
        return True
    if isinstance(types, list) and "null" in types:
        return True
    if "enum" in schema and isinstance(schema["enum"], list) and None in schema["enum"]:
        return True
    return any(
        is_null_option(option)
        for key in ("oneOf", "anyOf")
        for option in (schema[key] if isinstance(schema.get(key), list) else [])
    )


def is_null_option(option: Any) -> bool:
    """A `oneOf`/`anyOf` member that only admits null: `{type: null}`, or `{nullable: true}`
    with nothing but annotations beside it (what Rust's schemars writes for `Option<X>` in
    OpenAPI 3.0: `anyOf: [{$ref: X}, {nullable: true}]`)."""
    if not isinstance(option, dict):
        return False
    if option.get("type") == "null" or option.get("enum") == [None]:
        return True
    nullable = option.get("nullable") is True or option.get("x-nullable") is True
    return nullable and set(option) <= _ANNOTATIONS


def enum_base(schema: Any) -> Literal["str", "int"] | None:
    """`str` or `int` for an enum that becomes a class; None for any other schema.

    Booleans, numbers and mixed values are no enum class: they become `bool`, `float` or a
    `Literal` of their values.
    """
    values = schema.get("enum") if isinstance(schema, dict) else None
    if not isinstance(values, list):
        return None
    values = _members(values)
    if not values:
        return None
    if all(isinstance(v, str) for v in values):
        return "str"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "str" if schema.get("type") == "string" else "int"
    return None


def _members(values: list[Any]) -> list[Any]:
    """The values an enum class can hold: not null, and none with a lone surrogate (pydantic
    holds an enum's values as UTF-8, and no JSON on the wire can carry one)."""
    return [v for v in values if v is not None and not (isinstance(v, str) and not encodable(v))]


def enum_values(schema: Any) -> list[str | int]:
    """The members' values of an enum class, as its base type holds them, without repeats."""
    base = enum_base(schema)
    values = _members(schema["enum"]) if base else []
    return list(dict.fromkeys(v if base == "int" else str(v) for v in values))


def significant_parts(schema: Any) -> list[int]:
    """Indexes of the `allOf` parts that add structure, not just a description."""
    parts = schema.get("allOf") if isinstance(schema, dict) else None
    if not isinstance(parts, list):
        return []
    return [
        i
        for i, part in enumerate(parts)
        if isinstance(part, dict) and not set(part) <= _ANNOTATIONS and part != {}
    ]


def becomes_class(schema: Any) -> bool:
    """Objects with properties, compositions and enums get a class; everything else is inlined."""
    if not isinstance(schema, dict):
        return False
    if enum_base(schema) is not None:
        return True
    if isinstance(schema.get("properties"), dict) and schema["properties"]:
        return True
    return len(significant_parts(schema)) > 1


class SchemaRegistry:
    def __init__(self, ctx: BuildContext, *, reserved: frozenset[str] = frozenset()) -> None:
        self._ctx = ctx
        self._refs: dict[tuple[str, str], ClassRef] = {}
        self._nodes: dict[str, Located] = {}  # class name → its schema
        self._reserved = reserved
        self._class_names: set[str] = set(reserved)
        self._module_names: set[str] = {"_base"}
        self._pending: deque[PendingClass] = deque()
        self._expanding: set[tuple[str, str]] = set()  # $ref targets inlined right now
        self.classes: list[PendingClass] = []

    def register_components(self) -> None:
        schemas = self._ctx.root.get("components")
        schemas = schemas.get("schemas") if schemas else None
        if schemas is None:
            return
        schemas = self._ctx.deref(schemas)
        for name, node in schemas.items():
            if becomes_class(self._ctx.deref(node).value) and "$ref" not in node.value:
                self._register(node, name)

    def pending(self) -> PendingClass | None:
        return self._pending.popleft() if self._pending else None

    def enum_values_of(self, ref: EnumRef) -> list[str | int]:
        """The values of an enum class registered here."""
        node = self._nodes.get(ref.name)
        return enum_values(node.value) if node is not None else []

    def ref_for(self, node: Located) -> ClassRef | None:
        """The class already registered for the schema at `node`, if any."""
        return self._refs.get((node.uri, node.pointer))

    def _register(self, node: Located, name_hint: str) -> ClassRef:
        key = (node.uri, node.pointer)
        if key in self._refs:
            return self._refs[key]
        name = naming.class_name(name_hint)
        if name in self._reserved:  # an API class's name: the model yields, as to a keyword
            name += "Model"
        name = naming.dedupe(name, self._class_names)
        module = naming.dedupe(naming.module_name(name), self._module_names)
        is_enum = enum_base(node.value) is not None and "properties" not in node.value
        ref: ClassRef = (
            EnumRef(name=name, module=module) if is_enum else ModelRef(name=name, module=module)
        )
        self._refs[key] = ref
        self._nodes[name] = node
        pending = PendingClass(ref, node)
        self._pending.append(pending)
        self.classes.append(pending)
        return ref

    def type_of(self, node: Located, *, name_hint: str) -> SchemaType:
        """The type of the schema at `node`; classes are registered as they are met."""
        if isinstance(node.value, dict) and "$ref" in node.value:
            target = self._ctx.deref(node)
            # A `$ref` with siblings (3.1, or a common 3.0 liberty) may still add `nullable`.
            nullable = is_nullable(node.value) or is_nullable(target.value)
            hint = name_from_pointer(target) or name_hint
            if becomes_class(target.value):
                return SchemaType(self._register(target, hint), nullable, target)
            key = (target.uri, target.pointer)
            if key in self._expanding:
                message = "the schema contains itself with no object in between; typed Any there"
                self._ctx.warn(message, target)
                return SchemaType(ANY, nullable, target)
            self._expanding.add(key)
            try:
                found = self.type_of(target, name_hint=hint)
            finally:
                self._expanding.discard(key)
            return SchemaType(found.type, nullable or found.nullable, found.schema)
        schema = node.value
        if not isinstance(schema, dict):
            return SchemaType(ANY, False, node)
        nullable = is_nullable(schema)
        if becomes_class(schema) and not _is_constant(schema):
            return SchemaType(self._register(node, name_hint), nullable, node)
        return SchemaType(self._structural_type(node, name_hint), nullable, node)

    def _structural_type(self, node: Located, name_hint: str) -> TypeRef:
        schema = node.value
        if "const" in schema:
            return _literal([schema["const"]]) or ANY
        if isinstance(schema.get("enum"), list):
            values = [v for v in schema["enum"] if v is not None]
            literal = _literal(values) if values else None
            if literal is not None:
                return literal
        parts = significant_parts(schema)
        if parts:
            # One part that matters: the schema is that part (with this one's nullability).
            return self.type_of(node.child("allOf", parts[0]), name_hint=name_hint).type
        for key in ("oneOf", "anyOf"):
            options = schema.get(key)
            if isinstance(options, list) and options:
                return self._union(node, key, name_hint)
        types = schema.get("type")
        if isinstance(types, list):
            concrete = [t for t in types if t != "null"]
            if not concrete:
                return NONE
            if len(concrete) > 1:
                return _union_of([self._typed(node, t, name_hint) for t in concrete])
            types = concrete[0]
        if types is None and "items" in schema:
            types = "array"
        if types is None and ("additionalProperties" in schema or "properties" in schema):
            types = "object"
        return self._typed(node, types, name_hint)

    def _typed(self, node: Located, types: Any, name_hint: str) -> TypeRef:
        schema = node.value
        if types == "array":
            items = node.get("items")
            if items is None or not isinstance(items.value, dict):
                return ListOf(item=ANY)
            return ListOf(item=_with_null(self.type_of(items, name_hint=f"{name_hint}Item")))
        if types == "object":
            extra = node.get("additionalProperties")
            if extra is None or not isinstance(extra.value, dict) or extra.value == {}:
                return DictOf(value=ANY)
            return DictOf(value=_with_null(self.type_of(extra, name_hint=f"{name_hint}Value")))
        if types == "string":
            return _STRING_FORMATS.get(str(schema.get("format")), Primitive(kind="str"))
        if types == "number" and schema.get("format") == "decimal":
            return Primitive(kind="number_decimal")
        if isinstance(types, str) and types in _SIMPLE_TYPES:
            return _SIMPLE_TYPES[types]
        return ANY

    def _union(self, node: Located, key: str, name_hint: str) -> TypeRef:
        options = node.child(key)
        types: list[TypeRef] = []
        targets: list[Located] = []
        nested = False
        for index, option in enumerate(options.value):
            if is_null_option(option):
                continue
            hint = f"{name_hint}Option{index + 1}" if len(options.value) > 1 else name_hint
            found = self.type_of(options.child(index), name_hint=hint)
            if isinstance(found.type, UnionOf) and found.type.discriminator is None:
                nested = True  # a union in a union is one union
                types.extend(t for t in found.type.options if t not in types)
            elif found.type not in types:
                types.append(found.type)
                targets.append(found.schema)
        union = _union_of(types)
        if isinstance(union, UnionOf) and not nested:
            discriminator = discriminator_of(self._ctx, node, union.options, targets)
            return UnionOf(options=union.options, discriminator=discriminator)
        return union


def _with_null(found: SchemaType) -> TypeRef:
    """An item or value type, `None` included when its schema is nullable."""
    if not found.nullable or found.type in (ANY, NONE):
        return found.type
    return UnionOf(options=(found.type, NONE))


def _is_constant(schema: dict[str, Any]) -> bool:
    """An inline enum of one value is a constant (`Literal["message"]`), not a class."""
    enum = schema.get("enum")
    if not isinstance(enum, list) or "properties" in schema:
        return False
    return len([v for v in enum if v is not None]) == 1


def _union_of(types: list[TypeRef]) -> TypeRef:
    """The union of `types`; literal members are merged into one `Literal[...]`."""
    if not types or ANY in types:
        return ANY
    literals = [value for t in types if isinstance(t, LiteralOf) for value in t.values]
    if literals:
        merged = LiteralOf(values=tuple({(type(v), v): v for v in literals}.values()))
        first = next(i for i, t in enumerate(types) if isinstance(t, LiteralOf))
        rest = [t for t in types if not isinstance(t, LiteralOf)]
        types = [*rest[:first], merged, *rest[first:]]
    if len(types) == 1:
        return types[0]
    return UnionOf(options=tuple(types))


def _literal(values: list[Any]) -> LiteralOf | None:
    """`Literal[...]` of JSON scalars that Python can spell in one (floats cannot)."""
    if not values or not all(isinstance(v, str | int) for v in values):
        return None
    if any(isinstance(v, str) and not encodable(v) for v in values):
        return None  # pydantic cannot hold a lone surrogate in a Literal: plain `str` instead
    # Keyed by type too: `1` and `True` are equal in Python but two values of a Literal.
    distinct = {(type(v), v): v for v in values}
    return LiteralOf(values=tuple(distinct.values()))


def encodable(text: str) -> bool:
    """Whether UTF-8 can carry `text` (a lone surrogate cannot: no JSON, file or Literal can)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def name_from_pointer(node: Located) -> str | None:
    """`#/components/schemas/callState` → `callState`; a whole file → its stem."""
    if node.pointer in ("#", ""):
        stem = node.uri.rstrip("/").rsplit("/", 1)[-1]
        return stem.split(".", 1)[0] or None
    last = node.pointer.rsplit("/", 1)[-1]
    return last.replace("~1", "/").replace("~0", "~") or None
