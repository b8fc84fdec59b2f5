"""One property of a model: its names, type, default and constraints."""

from __future__ import annotations

import datetime
import decimal
import re
import uuid
import warnings
from collections.abc import Callable
from typing import Any

from generator.builder import naming
from generator.builder.context import BuildContext, Located
from generator.builder.schemas import SchemaRegistry, SchemaType, encodable
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
# Regex syntax that pydantic's engine (Rust's `regex` crate) lacks or reads otherwise than
# Python's `re`: backreferences and `\0`, `\p{…}`, `\Z`, `\N{…}`, `\G`; lookaround, atomic
# groups, comments, conditionals, `(?<name>` and `(?P=name)`; the `a`, `L` and `x` flags (Rust's
# `x` also ignores spaces inside classes); possessive quantifiers.
_UNSUPPORTED_REGEX = re.compile(
    r"\\(?:[0-9]|k<|[pP]\{|[ZzGNh])"
    r"|\(\?(?:<?[=!]|>|#|P=|\(|<[^=!]|[a-zA-Z-]*[aLx])"
    r"|[*+?}]\+"
)
_REPETITION = re.compile(r"\{(\d+)(?:,(\d*))?\}")
# Rust compiles a bounded repetition out in full and refuses a program over its size limit
# (`\w{255}` already is): the pattern's size is estimated, a Unicode class (`\w`, `\W`, `\D`)
# costing ten times a plain atom, and kept under a bound that stays well inside the limit.
_MAX_SIZE = 1000
_BIG_ESCAPES = frozenset("wWD")


def usable_pattern(pattern: str) -> bool:
    """Whether pydantic's regex engine accepts `pattern` and reads it as Python's `re` does.

    Conservative: a pattern this cannot vouch for is left out (the value is not checked against
    it), never passed on to fail when the model or method is first used.
    """
    if not pattern.isascii() and not encodable(pattern):
        return False  # a lone surrogate
    if _UNSUPPORTED_REGEX.search(pattern) or not _same_in_rust(pattern):
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # `[[x]`: "possible nested set", which Rust nests
        try:
            re.compile(pattern)
        except (re.error, RecursionError, OverflowError, Warning):
            return False
    return True


class _Scan:
    """The state of `_same_in_rust`'s walk: where it is, and the program size so far."""

    def __init__(self) -> None:
        self.totals = [0]  # the size of each open group, the whole pattern first
        self.last = 0  # the size of the last atom (a group's whole size), for a repetition
        self.repeatable = False

    def atom(self, size: int) -> None:
        self.totals[-1] += size
        self.last, self.repeatable = size, True

    def repeat(self, times: int) -> None:
        self.totals[-1] += self.last * (times - 1)
        self.last, self.repeatable = self.last * times, False

    @property
    def size(self) -> int:
        return sum(self.totals)


def _same_in_rust(pattern: str) -> bool:  # noqa: PLR0912 - one walk, one verdict each
    """Braces, classes, escapes and sizes where Rust's syntax is stricter than Python's.

    Python reads a `{` that starts no repetition (`{#`, `a{`, `{2}` at the start) as a literal;
    Rust rejects it. A `[` inside a class opens a nested class in Rust. An escaped non-ASCII
    character is an error in Rust, and so is a program over its size limit.
    """
    scan = _Scan()
    class_start = -1  # where the open class began, or -1 outside a class
    big_class = False
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            following = pattern[i + 1 : i + 2]
            if not following or not following.isascii():
                return False
            if class_start >= 0:
                if following == "b":
                    return False
                big_class = big_class or following in _BIG_ESCAPES
            else:
                scan.atom(10 if following in _BIG_ESCAPES else 1)
            i += 2
            continue
        if class_start >= 0:
            if c == "[":
                return False
            if c == "]" and not _class_start(pattern, i, class_start):
                class_start = -1
                scan.atom(10 if big_class else 1)
            i += 1
            continue
        if c == "[":
            class_start, big_class, i = i, False, i + 1
            continue
        if c == "{":
            match = _REPETITION.match(pattern, i)
            if not scan.repeatable or match is None:
                return False
            scan.repeat(max(int(n) for n in match.groups() if n))
            if scan.size > _MAX_SIZE:
                return False
            i = match.end()
            continue
        if c == "}":
            return False
        if c == "(":
            scan.totals.append(0)
            scan.repeatable = False
        elif c == ")" and len(scan.totals) > 1:
            inner = scan.totals.pop()
            scan.atom(inner)
        elif c in "|^$*+?":
            scan.repeatable = False
        else:
            scan.atom(1)
        i += 1
    return scan.size <= _MAX_SIZE


def _class_start(pattern: str, i: int, start: int) -> bool:
    """Whether the `]` at `i` is the first character of the class opened at `start` (a literal
    `]`: `[]a]`, `[^]a]`)."""
    return i == start + 1 or (i == start + 2 and pattern[start + 1] == "^")


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
        if keyword == "pattern" and not (isinstance(value, str) and usable_pattern(value)):
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
