"""Classes from schemas: pydantic models for objects, str/int enums for enums."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from generator import naming
from generator.build import types
from generator.build.context import BuildContext, Located
from generator.build.examples import object_example
from generator.build.imports import Import, render_imports
from generator.build.schemas import PendingClass, SchemaRegistry, SchemaType
from generator.model import (
    DictOf,
    EnumDef,
    EnumMember,
    Field,
    ListOf,
    ModelDef,
    ModelRef,
    Primitive,
    UnionOf,
)
from generator.text import docstring, json_text, python_literal

# JSON Schema keyword → pydantic Field argument, for strings, numbers and arrays.
_CONSTRAINTS = {
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "minimum": "ge",
    "maximum": "le",
    "exclusiveMinimum": "gt",
    "exclusiveMaximum": "lt",
    "multipleOf": "multiple_of",
    "minItems": "min_length",
    "maxItems": "max_length",
}

# Attributes of pydantic's `BaseModel` and of the generated `ApiModel`: a field named like one
# would shadow it, so it gets the reserved-word prefix (`to_dict` → `var_to_dict`).
_MODEL_ATTRIBUTES = frozenset(
    {
        "construct",
        "from_orm",
        "model_computed_fields",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_extra",
        "model_fields",
        "model_fields_set",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema_json",
        "update_forward_refs",
        "from_dict",
        "from_json",
        "to_dict",
        "to_json",
        "to_str",
    }
)


def constraint_args(schema: Any) -> list[str]:
    """`max_length=256`-style arguments for the constraints a schema declares."""
    if not isinstance(schema, dict):
        return []
    args: list[str] = []
    for keyword, argument in _CONSTRAINTS.items():
        value = schema.get(keyword)
        # OpenAPI 3.0 spells exclusive bounds as boolean flags beside minimum/maximum.
        if value is None or isinstance(value, bool):
            continue
        name = argument
        if keyword == "minimum" and schema.get("exclusiveMinimum") is True:
            name = "gt"
        if keyword == "maximum" and schema.get("exclusiveMaximum") is True:
            name = "lt"
        args.append(f"{name}={python_literal(value)}")
    return args


def default_literal(found: SchemaType, value: Any) -> str | None:
    """The default as Python source, coerced to the field's type; None when it cannot be."""
    match found.type:
        case ModelRef(is_enum=True, name=name):
            values = enum_values(found.schema.value)
            if value not in values:
                return None
            return f"{name}.{naming.enum_member_names(values)[values.index(value)]}"
        case ModelRef() | UnionOf():
            return None
        case ListOf() | DictOf() | Primitive(kind="str" | "any"):
            return python_literal(value)
        case Primitive(kind="float") if isinstance(value, int | float) and value is not True:
            return python_literal(float(value)) if value is not False else None
        case Primitive(kind="int") if isinstance(value, int) and not isinstance(value, bool):
            return python_literal(value)
        case Primitive(kind="bool") if isinstance(value, bool):
            return python_literal(value)
    return None


def enum_values(schema: Any) -> list[Any]:
    """An enum's values; `null` is nullability, not a member."""
    values = schema.get("enum") if isinstance(schema, dict) else None
    return [v for v in values or [] if v is not None]


def schema_default(found: SchemaType, node: Located, ctx: BuildContext) -> Any:
    own = node.value.get("default") if isinstance(node.value, dict) else None
    if own is not None:
        return own
    target = found.schema.value
    return target.get("default") if isinstance(target, dict) else None


def flatten(ctx: BuildContext, node: Located) -> tuple[list[tuple[str, Located]], set[str]]:
    """Properties and required names of an object, with `allOf` parts merged in order."""
    node = ctx.deref(node)
    properties: dict[str, Located] = {}
    required: set[str] = set(node.value.get("required") or [])
    all_of = node.get("allOf")
    for _, part in enumerate_list(all_of):
        part_properties, part_required = flatten(ctx, part)
        properties.update(part_properties)
        required |= part_required
    own = node.get("properties")
    if own is not None:
        properties.update(own.items())
    return list(properties.items()), required


def enumerate_list(node: Located | None) -> list[tuple[int, Located]]:
    if node is None or not isinstance(node.value, list):
        return []
    return [(i, node.child(i)) for i in range(len(node.value))]


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
    imports = {Import(f"{package}.models._base", "ApiModel")}
    used: set[ModelRef] = set()
    fields: list[Field] = []
    taken: set[str] = set()
    properties, required = flatten(ctx, node)
    for wire_name, prop in properties:
        field, found = _build_field(
            ctx, registry, ref.name, wire_name, prop, wire_name in required, taken
        )
        fields.append(field)
        imports |= types.imports(found.type, package=package)
        used |= types.model_refs(found.type)
    if any(f.field_args for f in fields):
        imports.add(Import("pydantic", "Field"))
    extra_type = _extra_fields_type(ctx, registry, node, ref.name, imports, used)
    if extra_type:
        imports.add(Import("pydantic", "Field"))
    imports.discard(Import(f"{package}.models.{ref.module}", ref.name))
    references = sorted({r.name for r in used if not r.is_enum} - {ref.name})
    typing_only = {
        Import(f"{package}.models.{r.module}", r.name)
        for r in used
        if r.name in deferred and r.name != ref.name
    }
    if typing_only:
        imports = (imports - typing_only) | {Import("typing", "TYPE_CHECKING")}
    description = str(node.value.get("description") or "")
    example = object_example(ctx, node)
    return ModelDef(
        name=ref.name,
        module=ref.module,
        description=description,
        docstring=docstring(description, indent="    ", fallback=f"The {ref.name} model."),
        fields=tuple(fields),
        import_lines=render_imports(imports, local_package=package),
        extra_fields_type=extra_type,
        example_json=json_text(example) if example else None,
        example_json_literal=python_literal(json_text(example) if example else "{}"),
        references=tuple(references),
        type_checking_import_lines=render_imports(typing_only, local_package=package),
    )


def import_cycles(references: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    """Each model that takes part in an import cycle, mapped to the models of its cycle.

    The cycles are the strongly connected components (Tarjan's algorithm, without recursion)
    of more than one model; a model that only refers to itself imports nothing.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: dict[str, frozenset[str]] = {}

    def visit(name: str) -> Iterator[str]:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        return iter(sorted(r for r in references[name] if r in references))

    for root in sorted(references):
        if root in index:
            continue
        work = [(root, visit(root))]
        while work:
            name, children = work[-1]
            for child in children:
                if child not in index:
                    work.append((child, visit(child)))
                    break
                if child in on_stack:
                    low[name] = min(low[name], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[name])
                if low[name] == index[name]:
                    group: list[str] = []
                    while not group or group[-1] != name:
                        group.append(stack.pop())
                        on_stack.discard(group[-1])
                    if len(group) > 1:
                        cycles.update(dict.fromkeys(group, frozenset(group)))
    return cycles


def _extra_fields_type(
    ctx: BuildContext,
    registry: SchemaRegistry,
    node: Located,
    name: str,
    imports: set[Import],
    used: set[ModelRef],
) -> str | None:
    extra = ctx.deref(node).get("additionalProperties")
    if extra is None or isinstance(extra.value, bool) or extra.value == {}:
        return None
    found = registry.type_of(extra, name_hint=f"{name}Value")
    imports |= types.imports(found.type, package=ctx.config.package)
    used |= types.model_refs(found.type)
    return types.annotation(found.type, nullable=found.nullable)


def _build_field(
    ctx: BuildContext,
    registry: SchemaRegistry,
    model_name: str,
    wire_name: str,
    prop: Located,
    required: bool,
    taken: set[str],
) -> tuple[Field, SchemaType]:
    found = registry.type_of(prop, name_hint=model_name + naming.pascal_case(wire_name))
    schema = ctx.deref(prop).value if isinstance(ctx.deref(prop).value, dict) else {}
    own = prop.value if isinstance(prop.value, dict) else {}
    read_only = bool(own.get("readOnly") or schema.get("readOnly"))
    required = required and not read_only
    python_name = naming.python_identifier(wire_name)
    if python_name in _MODEL_ATTRIBUTES:
        python_name = f"var_{python_name}"
    python_name = naming.dedupe(python_name, taken)
    default_value = schema_default(found, prop, ctx)
    default = default_literal(found, default_value) if default_value is not None else None
    optional_type = found.nullable or (not required and default is None)
    args: list[str] = []
    if not required:
        args.append(f"default={default or 'None'}")
    if python_name != wire_name:
        args.append(f"alias={python_literal(wire_name)}")
    if not isinstance(found.type, ModelRef):
        args.extend(constraint_args(schema))
    description = str(own.get("description") or schema.get("description") or "")
    field_args = ", ".join(args)
    if args == [f"default={default or 'None'}"]:
        field_args = ""  # a bare default reads better than Field(default=...)
    field = Field(
        wire_name=wire_name,
        python_name=python_name,
        annotation=types.annotation(found.type, nullable=optional_type),
        field_args=field_args,
        default_assignment=None if required else (default or "None"),
        required=required,
        nullable=found.nullable,
        read_only=read_only,
        write_only=bool(own.get("writeOnly") or schema.get("writeOnly")),
        description=description,
        docstring=docstring(description, indent="    "),
        doc_type=types.doc_type(found.type),
        doc_link=types.doc_link(found.type),
        doc_notes=_doc_notes(required, default_value, read_only),
    )
    return field, found


def _doc_notes(required: bool, default: Any, read_only: bool) -> str:
    notes = [] if required else ["[optional]"]
    if default is not None:
        notes.append(f"[default to {default}]")
    if read_only:
        notes.append("[readonly]")
    return " ".join(notes)


def build_enum(ctx: BuildContext, pending: PendingClass) -> EnumDef:
    ref, node = pending.ref, pending.node
    values = enum_values(node.value)
    is_int = all(isinstance(v, int) and not isinstance(v, bool) for v in values)
    members = tuple(
        EnumMember(
            name=name,
            value_literal=python_literal(value if is_int else str(value)),
            value=str(value),
        )
        for name, value in zip(naming.enum_member_names(values), values, strict=True)
    )
    description = str(node.value.get("description") or "")
    return EnumDef(
        name=ref.name,
        module=ref.module,
        description=description,
        docstring=docstring(description, indent="    ", fallback=f"The {ref.name} enum."),
        base="ApiIntEnum" if is_int else "ApiStrEnum",
        members=members,
        example_literal=f"{ref.name}.{members[0].name}",
    )
