"""One property of a model: its names, annotation, default, constraints and docs notes."""

from __future__ import annotations

import datetime
import decimal
import re
import uuid
from collections.abc import Callable
from typing import Any

from generator.builder import naming, types
from generator.builder.context import BuildContext, Located
from generator.builder.schemas import SchemaRegistry, SchemaType
from generator.ir import (
    DictOf,
    Field,
    ListOf,
    LiteralOf,
    ModelRef,
    Primitive,
    TypeRef,
    UnionOf,
)
from generator.text import docstring, python_literal

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
# Which keywords apply to which annotation: pydantic rejects `max_length` on an int at import.
_KEYWORDS_FOR = {
    "str": {"minLength", "maxLength", "pattern"},
    "int": {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"},
    "float": {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"},
    "list": {"minItems", "maxItems"},
}
# Regex syntax pydantic's (Rust) engine does not have: lookaround and backreferences.
_UNSUPPORTED_REGEX = re.compile(r"\\(?:[1-9]|k<)|\\[pP]\{|\(\?<?[=!]")


def constraint_args(schema: Any, t: TypeRef) -> list[str]:
    """`max_length=256`-style arguments for the constraints a schema declares and `t` takes."""
    if not isinstance(schema, dict):
        return []
    allowed = _KEYWORDS_FOR.get(_constraint_kind(t), set())
    args: list[str] = []
    for keyword, argument in _CONSTRAINTS.items():
        value = schema.get(keyword)
        # OpenAPI 3.0 spells exclusive bounds as boolean flags beside minimum/maximum.
        if keyword not in allowed or isinstance(value, bool):
            continue
        if keyword == "pattern" and not (isinstance(value, str) and _usable_pattern(value)):
            continue
        if keyword != "pattern" and not isinstance(value, int | float):
            continue
        name = argument
        if keyword == "minimum" and schema.get("exclusiveMinimum") is True:
            name = "gt"
        if keyword == "maximum" and schema.get("exclusiveMaximum") is True:
            name = "lt"
        args.append(f"{name}={python_literal(value)}")
    return args


def _usable_pattern(pattern: str) -> bool:
    """Whether both Python and pydantic's regex engine read `pattern` the same way."""
    if _UNSUPPORTED_REGEX.search(pattern):
        return False
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return False
    return True


def _constraint_kind(t: TypeRef) -> str:
    match t:
        case Primitive(kind="str"):
            return "str"
        case Primitive(kind="int"):
            return "int"
        case Primitive(kind="float"):
            return "float"
        case ListOf():
            return "list"
    return "other"


EnumValues = Callable[[ModelRef], list[str | int]]


def default_literal(t: TypeRef, value: Any, enum_values_of: EnumValues) -> str | None:
    """The default as Python source, of the field's type; None when it does not fit."""
    match t:
        case ModelRef(is_enum=True, name=name):
            values = enum_values_of(t)
            key = str(value) if values and isinstance(values[0], str) else value
            if isinstance(value, bool) or key not in values:
                return None
            return f"{name}.{naming.enum_member_names(values)[values.index(key)]}"
        case LiteralOf(values=values) if python_literal(value) in values:
            return python_literal(value)
        case ListOf(item=item) if isinstance(value, list):
            items = [default_literal(item, v, enum_values_of) for v in value]
            return None if None in items else "[" + ", ".join(map(str, items)) + "]"
        case DictOf(value=item) if isinstance(value, dict):
            entries = {k: default_literal(item, v, enum_values_of) for k, v in value.items()}
            if None in entries.values():
                return None
            return "{" + ", ".join(f"{python_literal(k)}: {v}" for k, v in entries.items()) + "}"
        case UnionOf(options=options):
            fits = (default_literal(option, value, enum_values_of) for option in options)
            return next((literal for literal in fits if literal is not None), None)
        case Primitive():
            return _primitive_default(t, value)
    return None


def _primitive_default(t: Primitive, value: Any) -> str | None:
    match t.kind:
        case "any":
            return python_literal(value)
        case "str" if isinstance(value, str):
            return python_literal(value)
        case "float" if isinstance(value, int | float) and not isinstance(value, bool):
            return python_literal(float(value)) if abs(value) < 1e308 else None
        case "int" if isinstance(value, int) and not isinstance(value, bool):
            return python_literal(value)
        case "bool" if isinstance(value, bool):
            return python_literal(value)
        case "uuid" if isinstance(value, str) and _parses(uuid.UUID, value):
            return f"UUID({python_literal(value)})"
        case "decimal" if _decimal(value):
            return f"Decimal({python_literal(str(value))})"
        case "date" if isinstance(value, str) and _is_date(value):
            return f"datetime.date.fromisoformat({python_literal(value)})"
    return None


def _parses(parse: Callable[[str], object], text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


def _is_date(text: str) -> bool:
    """`YYYY-MM-DD`, which `date.fromisoformat` reads the same on every Python version."""
    return len(text) == 10 and _parses(datetime.date.fromisoformat, text)


def _decimal(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return False
    try:
        return decimal.Decimal(str(value)).is_finite()
    except decimal.InvalidOperation:
        return False


def schema_default(found: SchemaType, node: Located) -> Any:
    own = node.value.get("default") if isinstance(node.value, dict) else None
    if own is not None:
        return own
    target = found.schema.value
    return target.get("default") if isinstance(target, dict) else None


def as_files(t: TypeRef) -> TypeRef:
    """Binary properties take a file: bytes, or (filename, bytes[, content type])."""
    match t:
        case Primitive(kind="bytes"):
            return Primitive(kind="file")
        case ListOf(item=item):
            return ListOf(item=as_files(item))
    return t


def build_field(
    ctx: BuildContext,
    registry: SchemaRegistry,
    model_name: str,
    wire_name: str,
    prop: Located,
    required: bool,
    taken: set[str],
) -> tuple[Field, SchemaType]:
    found = registry.type_of(prop, name_hint=model_name + naming.pascal_case(wire_name))
    found = SchemaType(as_files(found.type), found.nullable, found.schema)
    schema = ctx.deref(prop).value if isinstance(ctx.deref(prop).value, dict) else {}
    own = prop.value if isinstance(prop.value, dict) else {}
    read_only = bool(own.get("readOnly") or schema.get("readOnly"))
    write_only = bool(own.get("writeOnly") or schema.get("writeOnly"))
    # A read-only field is absent from requests and a write-only one from responses: both
    # models must still validate, so neither can be required.
    required = required and not read_only and not write_only
    # naming reserves BaseModel's and ApiModel's attributes: `to_dict` becomes `var_to_dict`.
    python_name = naming.dedupe(naming.python_identifier(wire_name), taken)
    default_value = schema_default(found, prop)
    default = None
    if default_value is not None:
        default = default_literal(found.type, default_value, registry.enum_values_of)
    if default_value is not None and default is None:
        ctx.warn(f"default {default_value!r} does not fit the type of {wire_name!r}; ignored", prop)
    optional_type = found.nullable or (not required and default is None)
    args: list[str] = []
    if not required:
        args.append(f"default={default or 'None'}")
    if python_name != wire_name:
        args.append(f"alias={python_literal(wire_name)}")
    if not isinstance(found.type, ModelRef | UnionOf):
        args.extend(constraint_args(schema, found.type))
    description = str(own.get("description") or schema.get("description") or "")
    field_args = ", ".join(args)
    # A bare default reads better than Field(default=...); a list or dict default stays in
    # Field(), where it is plainly a per-instance copy, not a shared class attribute.
    mutable = isinstance(default_value, list | dict) and default is not None
    if args == [f"default={default or 'None'}"] and not mutable:
        field_args = ""
    field = Field(
        wire_name=wire_name,
        python_name=python_name,
        annotation=types.annotation(found.type, nullable=optional_type),
        field_args=field_args,
        default_assignment=None if required else (default or "None"),
        required=required,
        nullable=found.nullable,
        read_only=read_only,
        write_only=write_only,
        description=description,
        docstring=docstring(description, indent="    "),
        doc_type=types.doc_type(found.type),
        doc_link=types.doc_link(found.type),
        doc_notes=_doc_notes(required, default_value if default else None, read_only),
    )
    return field, found


def _doc_notes(required: bool, default: Any, read_only: bool) -> str:
    notes = [] if required else ["[optional]"]
    if default is not None:
        notes.append(f"[default to {default}]")
    if read_only:
        notes.append("[readonly]")
    return " ".join(notes)
