"""IR values → the text templates place: Python annotations, literals, calls, Markdown cells.

The only place where a value of the IR becomes source. Templates reach it through filters
(`generator.render.filters`); each function takes values and returns text, so the same value can
be printed at another place, or by another printer for another language.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable
from typing import assert_never

from generator.ir import (
    Argument,
    Const,
    Constraint,
    Construct,
    DictOf,
    DictValue,
    Discriminator,
    EnumRef,
    Field,
    Import,
    Json,
    ListOf,
    ListValue,
    LiteralOf,
    MemberOf,
    ModelRef,
    Nullable,
    Operation,
    Parameter,
    Parsed,
    Primitive,
    RequestBody,
    TypeRef,
    UnionOf,
    Value,
    value_type,
)
from generator.render.escape import python_literal

_ANNOTATIONS = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "bytes": "bytes",
    "file": "FileContent",
    "date": "datetime.date",
    "datetime": "datetime.datetime",
    "uuid": "UUID",
    "decimal": "Decimal",
    "number_decimal": "DecimalNumber",
    "any": "Any",
    "none": "None",
}
# How the docs name a type: the OpenAPI Generator docs' names where they differ.
_DOC_NAMES = {
    **_ANNOTATIONS,
    "date": "date",
    "datetime": "datetime",
    "any": "object",
    "file": "bytearray",
    "number_decimal": "Decimal",
}


# --- values ---------------------------------------------------------------------------------


def literal(value: Value | Json) -> str:
    """Python source that evaluates to `value`: a default (`Value`) or plain JSON data."""
    match value:
        case Const(value=json):
            return python_literal(json)
        case MemberOf(enum=enum, member=member):
            return f"{enum}.{member}"
        case Parsed(kind="uuid", text=text):
            return f"UUID({python_literal(text)})"
        case Parsed(kind="decimal", text=text):
            return f"Decimal({python_literal(text)})"
        case Parsed(kind="date", text=text):
            return f"datetime.date.fromisoformat({python_literal(text)})"
        case ListValue(items=items):
            return "[" + ", ".join(literal(item) for item in items) + "]"
        case DictValue(entries=entries):
            return "{" + ", ".join(f"{python_literal(k)}: {literal(v)}" for k, v in entries) + "}"
        case Construct(model=model, arguments=arguments):
            return f"{model}(" + ", ".join(f"{name}={literal(v)}" for name, v in arguments) + ")"
    return python_literal(value)


# --- types ----------------------------------------------------------------------------------


def annotation(t: TypeRef) -> str:
    """The type as a Python annotation."""
    return _spelled(t, docs=False)


def doc_type(t: TypeRef) -> str:
    """The type as the docs tables show it; an optional value shows its value's type."""
    return _spelled(value_type(t), docs=True)


def _spelled(t: TypeRef, *, docs: bool) -> str:
    """One walk for both spellings: the docs use their own names and show no pydantic tags."""
    match t:
        case Primitive(kind=kind):
            return (_DOC_NAMES if docs else _ANNOTATIONS)[kind]
        case ModelRef(name=name) | EnumRef(name=name):
            return name
        case ListOf(item=item):
            return f"list[{_spelled(item, docs=docs)}]"
        case DictOf(value=value):
            return f"dict[str, {_spelled(value, docs=docs)}]"
        case LiteralOf(values=values):
            return f"Literal[{', '.join(python_literal(v) for v in values)}]"
        case UnionOf(options=options, discriminator=discriminator):
            if discriminator is not None and not docs:
                return _discriminated(options, discriminator)
            return " | ".join(_spelled(o, docs=docs) for o in options)
        case Nullable(inner=inner):
            text = _spelled(inner, docs=docs)
            return text if text in ("Any", "None") else f"{text} | None"
        case _:
            assert_never(t)


def _discriminated(options: tuple[TypeRef, ...], discriminator: Discriminator) -> str:
    """Each member is tagged with its class name; `tag_by` maps the wire value to it."""
    members = " | ".join(
        f"Annotated[{annotation(o)}, pydantic.Tag({python_literal(annotation(o))})]"
        for o in options
    )
    tags = {value: name for value, name in discriminator.tags}
    picker = f"tag_by({python_literal(discriminator.wire_name)}, {python_literal(tags)})"
    # `pydantic.Tag`, not `Tag`: a schema called `Tag` is common, and keeps its name.
    return f"Annotated[{members}, pydantic.Discriminator({picker})]"


def doc_link(t: TypeRef) -> str | None:
    """The class whose page a docs table links to, if the type names exactly one."""
    match value_type(t):
        case ModelRef(name=name) | EnumRef(name=name):
            return name
        case ListOf(item=item):
            return doc_link(item)
        case DictOf(value=value):
            return doc_link(value)
        case Primitive() | UnionOf() | LiteralOf() | Nullable():
            return None
        case other:
            assert_never(other)


def _constraints(constraints: Iterable[Constraint]) -> list[str]:
    return [f"{c.name}={python_literal(c.value)}" for c in constraints]


def argument_annotation(argument: Argument) -> str:
    """A signature's annotation: the type, with its constraints for pydantic to check."""
    plain = annotation(argument.type)
    if not argument.constraints:
        return plain
    return f"Annotated[{plain}, Field({', '.join(_constraints(argument.constraints))})]"


def field_assignment(field: Field) -> str:
    """What follows a field's annotation: ` = default`, ` = Field(...)`, or nothing."""
    args = [] if field.default is None else [f"default={literal(field.default)}"]
    if field.python_name != field.wire_name:
        # Not `alias=`: for type checkers (pydantic models are a dataclass_transform) it renames
        # the __init__ parameter to the wire name. These two leave the Python name the keyword
        # argument, and ApiModel's config accepts both names when validating.
        wire_name = python_literal(field.wire_name)
        args += [f"validation_alias={wire_name}", f"serialization_alias={wire_name}"]
    if field.secret:
        args.append("repr=False")
    args += _constraints(field.constraints)
    if field.needs_field_call:
        return f" = Field({', '.join(args)})"
    return "" if field.default is None else f" = {literal(field.default)}"


# --- operations -----------------------------------------------------------------------------

_DELIMITERS = {"spaceDelimited": " ", "pipeDelimited": "|"}
_ENCODERS = {
    "json": "json_body({})",
    "form": "form_body({})",
    "multipart": "multipart_body({})",
    "text": "{}.encode()",
    "binary": "{}",
}


def serialized(parameter: Parameter) -> str:
    """The expression that sends the parameter's value in its style."""
    name = parameter.python_name
    value = f"json_value({name})" if parameter.json else name
    match parameter.helper:
        case "path_segment":
            arguments = [value]
            if parameter.style != "simple":
                arguments.append(f"style={python_literal(parameter.style)}")
            if parameter.explode:
                arguments.append("explode=True")
            if parameter.style == "matrix":
                arguments.append(f"name={python_literal(parameter.wire_name)}")
            return f"path_segment({', '.join(arguments)})"
        case "delimited":
            separator = _DELIMITERS.get(parameter.style, ",")
            return f"delimited({value}, {python_literal(separator)})"
        case "deep_object":
            return f"deep_object({value})"
        case None:
            return value
        case _:
            assert_never(parameter.helper)


def encoded(body: RequestBody) -> str:
    """The expression that turns the body argument into request content."""
    expression = _ENCODERS[body.encoding].format(body.python_name)
    if body.required:
        return expression
    return f"None if {body.python_name} is None else {expression}"


def signature(operation: Operation) -> str:
    """`create_call(account_id, create_call)`, as the docs show a method."""
    parts = [
        a.python_name if a.default is None else f"{a.python_name}={literal(a.default)}"
        for a in operation.arguments
    ]
    return f"{operation.python_name}({', '.join(parts)})"


def call_arguments(operation: Operation) -> str:
    """The arguments of an example call, each passed from a variable of its own name."""
    return ", ".join(
        a.python_name if a.required else f"{a.python_name}={a.python_name}"
        for a in operation.arguments
    )


def example(argument: Argument) -> str:
    """A Python expression for the argument's example value."""
    if isinstance(argument, RequestBody):
        body_type = value_type(argument.type)
        if isinstance(argument.example, Construct):
            return literal(argument.example)  # built by its Python names
        if isinstance(body_type, ModelRef):
            return f"{body_type.name}.from_dict({literal(argument.example)})"
        if body_type == Primitive(kind="bytes"):
            return "b'...'"
    return literal(argument.example)


def required_examples(operation: Operation) -> str:
    """The required arguments' examples, as a call passes them: `"9900000", "c-123"`."""
    return ", ".join(example(a) for a in operation.arguments if a.required)


def doc_notes(item: Argument | Field) -> str:
    """The docs table's notes: `[optional] [default to POST] [readonly]`."""
    notes = [] if item.required else ["[optional]"]
    default = item.spec_default if isinstance(item, Field | Parameter) else None
    if default is not None:
        notes.append(f"[default to {default}]")
    if isinstance(item, Field) and item.read_only:
        notes.append("[readonly]")
    return " ".join(notes)


# --- imports --------------------------------------------------------------------------------


def import_lines(imports: Iterable[Import], local_package: str) -> tuple[str, ...]:
    """Import lines as isort groups them (stdlib / third party / local), blank lines between."""
    groups: dict[int, list[Import]] = defaultdict(list)
    for item in set(imports):
        top = item.module.split(".")[0]
        group = 2 if top == local_package else 0 if top in sys.stdlib_module_names else 1
        groups[group].append(item)
    lines: list[str] = []
    for group in sorted(groups):
        if lines:
            lines.append("")
        lines.extend(_group_lines(groups[group]))
    return tuple(lines)


def _group_lines(imports: list[Import]) -> list[str]:
    plain = sorted({i.module for i in imports if i.name is None})
    by_module: dict[str, set[str]] = defaultdict(set)
    for item in imports:
        if item.name is not None:
            by_module[item.module].add(item.name)
    lines = [f"import {module}" for module in plain]
    lines.extend(
        f"from {module} import {', '.join(sorted(names, key=_name_key))}"
        for module, names in sorted(by_module.items())
    )
    return lines


def _name_key(name: str) -> tuple[int, str]:
    """isort's order: CONSTANTS, then Classes, then functions."""
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return kind, name
