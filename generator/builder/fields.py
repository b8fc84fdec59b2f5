"""One property of a model: its names, type, default and constraints."""

from __future__ import annotations

import datetime
import decimal
import re
import uuid
from collections.abc import Callable
from typing import Any

from generator.builder import naming
from generator.builder.context import BuildContext, Located
from generator.builder.schemas import SchemaRegistry, SchemaType
from generator.ir import (
    Const,
    Constraint,
    DictOf,
    DictValue,
    EnumRef,
    Field,
    ListOf,
    ListValue,
    LiteralOf,
    MemberOf,
    ModelRef,
    Nullable,
    Parsed,
    Primitive,
    TypeRef,
    UnionOf,
    Value,
)
from generator.ir.types import ConstraintName

# JSON Schema keyword → pydantic Field argument, for strings, numbers and arrays.
_CONSTRAINTS: dict[str, ConstraintName] = {
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


def constraints(schema: Any, t: TypeRef) -> tuple[Constraint, ...]:
    """The constraints a schema declares that values of type `t` can be checked against."""
    if not isinstance(schema, dict):
        return ()
    allowed = _KEYWORDS_FOR.get(_constraint_kind(t), set())
    found: list[Constraint] = []
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
        assert isinstance(value, int | float | str)  # checked above, per keyword
        found.append(Constraint(name=name, value=value))
    return tuple(found)


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


EnumValues = Callable[[EnumRef], list[str | int]]


def default_value(t: TypeRef, value: Any, enum_values_of: EnumValues) -> Value | None:
    """The default as a value of the field's type; None when it does not fit."""
    match t:
        case EnumRef(name=name):
            values = enum_values_of(t)
            key = str(value) if values and isinstance(values[0], str) else value
            if isinstance(value, bool) or key not in values:
                return None
            return MemberOf(enum=name, member=naming.enum_member_names(values)[values.index(key)])
        case LiteralOf(values=values) if any(_same(value, v) for v in values):
            return Const(value=value)
        case ListOf(item=item) if isinstance(value, list):
            items = [default_value(item, v, enum_values_of) for v in value]
            fits = [i for i in items if i is not None]
            return ListValue(items=tuple(fits)) if len(fits) == len(items) else None
        case DictOf(value=item) if isinstance(value, dict):
            entries = [(str(k), default_value(item, v, enum_values_of)) for k, v in value.items()]
            kept = [(k, v) for k, v in entries if v is not None]
            return DictValue(entries=tuple(kept)) if len(kept) == len(entries) else None
        case UnionOf(options=options):
            candidates = (default_value(option, value, enum_values_of) for option in options)
            return next((found for found in candidates if found is not None), None)
        case Nullable(inner=inner):
            return default_value(inner, value, enum_values_of)
        case Primitive():
            return _primitive_default(t, value)
    return None


def _same(value: Any, member: str | int | bool) -> bool:
    """`value` is this Literal member: equal and of the same type (`1` is not `True`)."""
    return type(value) is type(member) and value == member


def _primitive_default(t: Primitive, value: Any) -> Value | None:
    match t.kind:
        case "any":
            return Const(value=value)
        case "str" if isinstance(value, str):
            return Const(value=value)
        case "float" if isinstance(value, int | float) and not isinstance(value, bool):
            return Const(value=float(value)) if abs(value) < 1e308 else None
        case "int" if isinstance(value, int) and not isinstance(value, bool):
            return Const(value=value)
        case "bool" if isinstance(value, bool):
            return Const(value=value)
        case "uuid" if isinstance(value, str) and _parses(uuid.UUID, value):
            return Parsed(kind="uuid", text=value)
        case "decimal" if _decimal(value):
            return Parsed(kind="decimal", text=str(value))
        case "date" if isinstance(value, str) and _is_date(value):
            return Parsed(kind="date", text=value)
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


# A field is a secret when its schema says `format: password`, or when its name ends in one of
# these words (`password`, `client_secret`, `access_token`); a token that pages (`page_token`,
# `next_token`) is a position, not a credential.
_SECRET_WORDS = frozenset({"password", "passwd", "secret", "token"})
_NOT_SECRET_BEFORE_TOKEN = frozenset({"page", "next", "continuation", "cursor", "sync", "prev"})


def is_secret(wire_name: str, schema: dict[str, Any], own: dict[str, Any]) -> bool:
    """Whether a field carries a credential, to be kept out of `repr` and logs."""
    if "password" in (own.get("format"), schema.get("format")):
        return True
    words = [w.lower() for w in naming.words(wire_name)]
    if not words or words[-1] not in _SECRET_WORDS:
        return False
    return not (words[-1] == "token" and len(words) > 1 and words[-2] in _NOT_SECRET_BEFORE_TOKEN)


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
    spec_default = schema_default(found, prop)
    default = None
    if spec_default is not None:
        default = default_value(found.type, spec_default, registry.enum_values_of)
    if spec_default is not None and default is None:
        ctx.warn(f"default {spec_default!r} does not fit the type of {wire_name!r}; ignored", prop)
    optional = found.nullable or (not required and default is None)
    description = str(own.get("description") or schema.get("description") or "")
    field = Field(
        wire_name=wire_name,
        python_name=python_name,
        type=Nullable(inner=found.type) if optional else found.type,
        default=None if required else (default or Const(value=None)),
        constraints=(
            () if isinstance(found.type, ModelRef | UnionOf) else constraints(schema, found.type)
        ),
        required=required,
        nullable=found.nullable,
        read_only=read_only,
        secret=is_secret(wire_name, schema, own),
        description=description,
        spec_default=spec_default if default is not None else None,
    )
    return field, found
