"""Classes from schemas: pydantic models for objects, str/int enums for enums.

`allOf` with exactly one `$ref` to another model is inheritance (`class Dog(Pet)`), so a `Dog`
is a `Pet` to `isinstance` and to the type checker; any other `allOf` is composition, its
parts' properties merged into one class.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.builder import naming, types
from generator.builder.context import BuildContext, Located
from generator.builder.cycles import import_cycles
from generator.builder.examples import object_example
from generator.builder.fields import build_field
from generator.builder.schemas import (
    PendingClass,
    SchemaRegistry,
    SchemaType,
    encodable,
    enum_base,
    enum_values,
    significant_parts,
)
from generator.ir import (
    ClassRef,
    EnumDef,
    EnumMember,
    Field,
    Import,
    LiteralOf,
    ModelDef,
    ModelRef,
    Nullable,
    Primitive,
    TypeRef,
    classes_in,
    value_type,
)
from generator.ir.imports import ordered

__all__ = ["build_enum", "build_model", "import_cycles"]


@dataclass(frozen=True, slots=True)
class _Property:
    wire_name: str
    node: Located
    owner: str  # the class whose name prefixes inline classes found in it


def flatten(
    ctx: BuildContext,
    registry: SchemaRegistry,
    node: Located,
    owner: str,
    _seen: frozenset[tuple[str, str]] = frozenset(),
) -> tuple[list[_Property], set[str]]:
    """Properties and required names of an object, with `allOf` parts merged in order.

    A property keeps the name of the class it was declared in as `owner`, so an inline object
    under `Pet` is `PetOwner` whether `Pet` or a `Dog` that extends it is built first.
    """
    target = ctx.deref(node)
    key = (target.uri, target.pointer)
    if key in _seen or not isinstance(target.value, dict):
        return [], set()
    if target is not node:
        known = registry.ref_for(target)
        owner = known.name if known is not None else owner
    seen = _seen | {key}
    properties: dict[str, _Property] = {}
    listed = target.value.get("required")
    required = {str(r) for r in listed} if isinstance(listed, list) else set()
    all_of = target.get("allOf")
    for index in range(len(all_of.value) if all_of and isinstance(all_of.value, list) else 0):
        assert all_of is not None
        part_properties, part_required = flatten(ctx, registry, all_of.child(index), owner, seen)
        properties.update((p.wire_name, p) for p in part_properties)
        required |= part_required
    own = target.get("properties")
    for wire_name, prop in own.items() if own is not None else ():
        if not encodable(wire_name):
            # JSON on the wire is UTF-8, and pydantic holds names as UTF-8: such a property
            # can be neither sent nor received.
            ctx.warn(f"property {wire_name!r} has a lone surrogate in its name; left out", prop)
            continue
        properties[wire_name] = _Property(wire_name, prop, owner)
    return list(properties.values()), required


@dataclass(frozen=True, slots=True)
class _Built:
    """The fields of a class, with the type of each (for imports)."""

    fields: list[Field]
    types: dict[str, SchemaType]  # by wire name


def _fields(ctx: BuildContext, registry: SchemaRegistry, name: str, node: Located) -> _Built:
    fields: list[Field] = []
    found_types: dict[str, SchemaType] = {}
    taken: set[str] = set()
    properties, required = flatten(ctx, registry, node, name)
    for prop in properties:
        field, found = build_field(
            ctx,
            registry,
            prop.owner,
            prop.wire_name,
            prop.node,
            prop.wire_name in required,
            taken,
        )
        fields.append(field)
        found_types[prop.wire_name] = found
    return _Built(fields, found_types)


def _parent(
    ctx: BuildContext, registry: SchemaRegistry, node: Located, name: str
) -> tuple[ModelRef, Located] | None:
    """The one model this one extends through `allOf`, if it extends exactly one."""
    parts = significant_parts(node.value)
    refs = [i for i in parts if "$ref" in node.value["allOf"][i]]
    if len(refs) != 1:
        return None
    part = node.child("allOf", refs[0])
    found = registry.type_of(part, name_hint=name)
    if not isinstance(found.type, ModelRef) or found.type.name == name:
        return None
    if enum_base(found.schema.value) is not None:
        return None
    return found.type, found.schema


def _extends_itself(
    ctx: BuildContext, registry: SchemaRegistry, parent: tuple[ModelRef, Located], name: str
) -> bool:
    """Whether following the parents from `parent` comes back to `name` (A extends B extends A).

    Python classes cannot inherit in a circle, and modules that import each other's base class
    cannot import: such a model declares every field itself instead.
    """
    seen: set[str] = set()
    current: tuple[ModelRef, Located] | None = parent
    while current is not None and current[0].name not in seen:
        if current[0].name == name:
            return True
        seen.add(current[0].name)
        current = _parent(ctx, registry, current[1], current[0].name)
    return False


def _compatible(parent: Field, child: Field) -> bool:
    """Whether redeclaring `parent` as `child` in a subclass type-checks."""
    if parent.python_name != child.python_name:
        return False
    was, now = _plain(parent.type), _plain(child.type)
    if was in (now, Nullable(inner=now)):
        return True
    constant = value_type(now)  # a string constant narrows a string
    narrowed = isinstance(constant, LiteralOf) and isinstance(constant.values[0], str)
    return narrowed and was in (_STR, Nullable(inner=_STR))


_STR = Primitive(kind="str")


def _plain(t: TypeRef) -> TypeRef:
    """`Any` and `None` are the same whether optional or not."""
    inner = value_type(t)
    return inner if inner in (Primitive(kind="any"), Primitive(kind="none")) else t


def _inherited(
    ctx: BuildContext, registry: SchemaRegistry, node: Located, name: str, built: _Built
) -> tuple[ModelRef, list[Field]] | None:
    """The base class and the fields this class must declare itself, when it can inherit."""
    parent = _parent(ctx, registry, node, name)
    if parent is None or _extends_itself(ctx, registry, parent, name):
        return None
    ref, parent_node = parent
    if _extra(node) is not None and _extra(node) != _extra(parent_node):
        return None  # its own `additionalProperties` would redefine the parent's
    inherited = {f.wire_name: f for f in _fields(ctx, registry, ref.name, parent_node).fields}
    own = [f for f in built.fields if inherited.get(f.wire_name) != f]
    if not all(_compatible(inherited[f.wire_name], f) for f in own if f.wire_name in inherited):
        return None
    return ref, own


def _extra(node: Located) -> object:
    return node.value.get("additionalProperties") if isinstance(node.value, dict) else None


def build_model(
    ctx: BuildContext,
    registry: SchemaRegistry,
    pending: PendingClass,
    *,
    deferred: frozenset[str] = frozenset(),
) -> ModelDef:
    """The model class for `pending`; models named in `deferred` are imported for typing only."""
    ref, node = pending.ref, pending.node
    package = ctx.config.package
    built = _fields(ctx, registry, ref.name, node)
    inheritance = _inherited(ctx, registry, node, ref.name, built)
    imports: set[Import] = set()
    used: set[ClassRef] = set()
    if inheritance is None:
        base, class_fields = None, built.fields
        imports.add(Import(f"{package}.models._base", "ApiModel"))
    else:
        base, class_fields = inheritance
        imports.add(Import(f"{package}.models.{base.module}", base.name))
        used.add(base)
    for field in class_fields:
        found = built.types[field.wire_name]
        imports |= types.imports(found.type, package=package)
        used |= classes_in(found.type)
    if any(f.needs_field_call for f in class_fields):
        imports.add(Import("pydantic", "Field"))
    extra_type = None
    if base is None:
        extra_type = _extra_fields_type(ctx, registry, node, ref.name, imports, used)
        if extra_type:
            imports.add(Import("pydantic", "Field"))
    imports.discard(Import(f"{package}.models.{ref.module}", ref.name))
    references = sorted({r.name for r in used if isinstance(r, ModelRef)} - {ref.name})
    typing_only = {
        Import(f"{package}.models.{r.module}", r.name)
        for r in used
        if r.name in deferred and r.name != ref.name and r != base
    }
    if typing_only:
        imports = (imports - typing_only) | {Import("typing", "TYPE_CHECKING")}
    description = str(node.fields.get("description") or "")
    example = object_example(ctx, node)
    return ModelDef(
        name=ref.name,
        module=ref.module,
        base=base.name if base else "ApiModel",
        description=description,
        fields=tuple(built.fields),
        class_fields=tuple(class_fields),
        imports=ordered(imports),
        typing_imports=ordered(typing_only),
        extra_type=extra_type,
        example=example or None,
        constructed_example=None,  # set once every class exists (`constructed.py`)
        example_imports=(),
        references=tuple(references),
        needs_rebuild=bool(typing_only),
        source=node.uri + node.pointer,
    )


def _extra_fields_type(
    ctx: BuildContext,
    registry: SchemaRegistry,
    node: Located,
    name: str,
    imports: set[Import],
    used: set[ClassRef],
) -> TypeRef | None:
    extra = ctx.deref(node).get("additionalProperties")
    if extra is None or not isinstance(extra.value, dict) or extra.value == {}:
        return None
    found = registry.type_of(extra, name_hint=f"{name}Value")
    imports |= types.imports(found.type, package=ctx.config.package)
    used |= classes_in(found.type)
    return Nullable(inner=found.type) if found.nullable else found.type


def build_enum(ctx: BuildContext, pending: PendingClass) -> EnumDef:
    ref, node = pending.ref, pending.node
    is_int = enum_base(node.value) == "int"
    values = enum_values(node.value)
    members = tuple(
        EnumMember(name=name, value=value)
        for name, value in zip(naming.enum_member_names(values), values, strict=True)
    )
    description = str(node.fields.get("description") or "")
    return EnumDef(
        name=ref.name,
        module=ref.module,
        description=description,
        base="ApiIntEnum" if is_int else "ApiStrEnum",
        members=members,
    )
