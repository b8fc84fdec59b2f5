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
    SecurityScheme,
    ServerVariable,
    TypeRef,
    UnionOf,
    Value,
    value_type,
)
from generator.render.escape import python_literal
from generator.render.layout import (
    Code,
    Group,
    Op,
    annotated,
    call,
    display,
    flat,
    parameter,
    parenthesized,
    statement,
)

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
    return flat(code(value))


def code(value: Value | Json) -> Code:
    """`literal`, with its brackets known to the layout (`generator.render.layout`)."""
    match value:
        case Const(value=json):
            return code(json)
        case MemberOf(enum=enum, member=member):
            return (f"{enum}.{member}",)
        case Parsed(kind="uuid", text=text):
            return call("UUID", [(python_literal(text),)])
        case Parsed(kind="decimal", text=text):
            return call("Decimal", [(python_literal(text),)])
        case Parsed(kind="date", text=text):
            return call("datetime.date.fromisoformat", [(python_literal(text),)])
        case ListValue(items=items):
            return display("[", [code(item) for item in items], "]")
        case DictValue(entries=entries):
            return display("{", [(f"{python_literal(k)}: ", *code(v)) for k, v in entries], "}")
        case Construct(model=model, arguments=arguments):
            return call(model, [(f"{name}=", *code(v)) for name, v in arguments])
        case list() | tuple():
            return display("[", [code(item) for item in value], "]")
        case dict():
            return display(
                "{", [(f"{python_literal(k)}: ", *code(v)) for k, v in value.items()], "}"
            )
    return (python_literal(value),)


# --- types ----------------------------------------------------------------------------------


def annotation(t: TypeRef) -> str:
    """The type as a Python annotation."""
    return flat(annotation_code(t))


def doc_type(t: TypeRef) -> str:
    """The type as the docs tables show it; an optional value shows its value's type."""
    return _doc_spelled(value_type(t))


def annotation_code(t: TypeRef) -> Code:
    """The annotation with its brackets and `|` operators known to the layout."""
    match t:
        case Primitive(kind=kind):
            return (_ANNOTATIONS[kind],)
        case ModelRef(name=name) | EnumRef(name=name):
            return (name,)
        case ListOf(item=item):
            return _subscript("list", [annotation_code(item)])
        case DictOf(value=value):
            return _subscript("dict", [("str",), annotation_code(value)])
        case LiteralOf(values=values):
            return _subscript("Literal", [(python_literal(v),) for v in values])
        case UnionOf(options=options, discriminator=discriminator):
            if discriminator is not None:
                return _discriminated(options, discriminator)
            return _union([annotation_code(o) for o in options])
        case Nullable(inner=inner):
            inner_code = annotation_code(inner)
            if inner_code in (("Any",), ("None",)):
                return inner_code
            return _union([inner_code, ("None",)])
        case _:
            assert_never(t)


def _subscript(name: str, items: list[Code]) -> Code:
    return (name, Group("[", tuple(items), "]"))


def _union(options: list[Code]) -> Code:
    joined: list[str | Op | Group] = []
    for option in options:
        if joined:
            joined.append(Op(" | "))
        joined.extend(option)
    return tuple(joined)


def _doc_spelled(t: TypeRef) -> str:
    """The docs' names for types (OpenAPI Generator's), without pydantic's tags."""
    match t:
        case Primitive(kind=kind):
            return _DOC_NAMES[kind]
        case ModelRef(name=name) | EnumRef(name=name):
            return name
        case ListOf(item=item):
            return f"list[{_doc_spelled(item)}]"
        case DictOf(value=value):
            return f"dict[str, {_doc_spelled(value)}]"
        case LiteralOf(values=values):
            return f"Literal[{', '.join(python_literal(v) for v in values)}]"
        case UnionOf(options=options):
            return " | ".join(_doc_spelled(o) for o in options)
        case Nullable(inner=inner):
            text = _doc_spelled(inner)
            return text if text in ("object", "None") else f"{text} | None"
        case _:
            assert_never(t)


def _discriminated(options: tuple[TypeRef, ...], discriminator: Discriminator) -> Code:
    """Each member is tagged with its class name; `tag_by` maps the wire value to it."""
    members = _union(
        [
            _subscript(
                "Annotated",
                [annotation_code(o), call("pydantic.Tag", [(python_literal(annotation(o)),)])],
            )
            for o in options
        ]
    )
    tags: Json = {value: name for value, name in discriminator.tags}
    picker = call("tag_by", [(python_literal(discriminator.wire_name),), code(tags)])
    # `pydantic.Tag`, not `Tag`: a schema called `Tag` is common, and keeps its name.
    return _subscript("Annotated", [members, call("pydantic.Discriminator", [picker])])


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


def _constraints(constraints: Iterable[Constraint]) -> list[Code]:
    return [(f"{c.name}=", *code(c.value)) for c in constraints]


def argument_annotation(argument: Argument) -> str:
    """A signature's annotation: the type, with its constraints for pydantic to check."""
    return flat(_argument_annotation(argument))


def _argument_annotation(argument: Argument) -> Code:
    plain = annotation_code(argument.type)
    if not argument.constraints:
        return plain
    return _subscript("Annotated", [plain, call("Field", _constraints(argument.constraints))])


def parameter_line(argument: Argument, depth: int) -> str:
    """A parameter of a method definition, one per line: `name: T = default,`."""
    default = None if argument.default is None else code(argument.default)
    return parameter(argument.python_name, _argument_annotation(argument), default, depth)


def plain_parameter_line(argument: Argument, depth: int) -> str:
    """`name: T,`: the parameter without its constraints or default (helpers take them all)."""
    return parameter(argument.python_name, annotation_code(argument.type), None, depth)


def adapter_line(t: TypeRef, constant: str) -> str:
    """`_NAME: TypeAdapter[T] = TypeAdapter(T)`, at module level."""
    kind = annotation_code(t)
    return annotated(constant, _subscript("TypeAdapter", [kind]), call("TypeAdapter", [kind]))


def extra_field_line(t: TypeRef, depth: int) -> str:
    """`__pydantic_extra__: dict[str, T] = Field(init=False)`: the type of undeclared fields."""
    mapping = _subscript("dict", [("str",), annotation_code(t)])
    return annotated("__pydantic_extra__", mapping, call("Field", [("init=False",)]), depth)


def field_line(field: Field, depth: int) -> str:
    """A model field: `name: T`, `name: T = default` or `name: T = Field(...)`."""
    arguments: list[Code] = [] if field.default is None else [("default=", *code(field.default))]
    if field.python_name != field.wire_name:
        # Not `alias=`: for type checkers (pydantic models are a dataclass_transform) it renames
        # the __init__ parameter to the wire name. These two leave the Python name the keyword
        # argument, and ApiModel's config accepts both names when validating.
        wire_name = python_literal(field.wire_name)
        arguments += [(f"validation_alias={wire_name}",), (f"serialization_alias={wire_name}",)]
    if field.secret:
        arguments.append(("repr=False",))
    arguments += _constraints(field.constraints)
    value: Code | None = None
    if field.needs_field_call:
        value = call("Field", arguments)
    elif field.default is not None:
        value = code(field.default)
    return annotated(field.python_name, annotation_code(field.type), value, depth)


# --- operations -----------------------------------------------------------------------------

_DELIMITERS = {"spaceDelimited": " ", "pipeDelimited": "|"}


def serialized(parameter: Parameter) -> Code:
    """The expression that sends the parameter's value in its style."""
    name = parameter.python_name
    value: Code = call("json_value", [(name,)]) if parameter.json else (name,)
    match parameter.helper:
        case "path_segment":
            arguments = [value]
            if parameter.style != "simple":
                arguments.append((f"style={python_literal(parameter.style)}",))
            if parameter.explode:
                arguments.append(("explode=True",))
            if parameter.style == "matrix":
                arguments.append((f"name={python_literal(parameter.wire_name)}",))
            return call("path_segment", arguments)
        case "delimited":
            separator = _DELIMITERS.get(parameter.style, ",")
            return call("delimited", [value, (python_literal(separator),)])
        case "deep_object":
            return call("deep_object", [value])
        case None:
            return value
        case _:
            assert_never(parameter.helper)


def path_params(operation: Operation) -> Code:
    """`{"accountId": account_id, ...}`: each path parameter as the URL template names it."""
    return display(
        "{",
        [(f"{python_literal(p.wire_name)}: ", *serialized(p)) for p in operation.path_parameters],
        "}",
    )


def wire_pair(parameter: Parameter) -> Code:
    """`("name", value)`: a query or cookie parameter as sent."""
    return display("(", [(python_literal(parameter.wire_name),), serialized(parameter)], ")")


def header_params(parameter: Parameter) -> Code:
    """`**header_params("Name", value)`."""
    return call("**header_params", [(python_literal(parameter.wire_name),), serialized(parameter)])


def encoded(body: RequestBody) -> Code:
    """The expression that turns the body argument into request content."""
    name = body.python_name
    expression: Code = {
        "json": call("json_body", [(name,)]),
        "form": call("form_body", [(name,)]),
        "multipart": call("multipart_body", [(name,)]),
        "text": (f"{name}.encode()",),
        "binary": (name,),
    }[body.encoding]
    if body.required:
        return expression
    return parenthesized(("None", Op(" if "), f"{name} is None", Op(" else "), *expression))


def error_adapters(errors: Iterable[tuple[str, str]]) -> Code:
    """`{"404": _ERROR, ...}` with a trailing comma: one status per line, always."""
    items = tuple((f"{python_literal(status)}: {adapter}",) for status, adapter in errors)
    return (Group("{", items, "}", magic=bool(items)),)


def server_variable(variable: ServerVariable) -> Code:
    """`("default", ("a", "b", ))`: the default and the allowed values, one per line."""
    allowed = tuple((python_literal(value),) for value in variable.enum)
    return display(
        "(",
        [(python_literal(variable.default),), (Group("(", allowed, ")", magic=bool(allowed)),)],
        ")",
    )


def api_key_settings(scheme: SecurityScheme) -> Code:
    """`(headers={"X-Key": self.api_key["scheme"]})`: where an API key is sent."""
    value = f"{python_literal(scheme.parameter_name)}: self.api_key[{python_literal(scheme.name)}]"
    return (Group("(", ((f"{scheme.settings_field}=", *display("{", [(value,)], "}")),), ")"),)


def set_of(values: Iterable[Json]) -> Code:
    """A set display of literals (`{"a", "b"}`)."""
    return display("{", [(python_literal(v),) for v in values], "}")


def tuple_of(values: Iterable[Json]) -> Code:
    """A tuple display of literals; a single item keeps its comma."""
    items = [(python_literal(v),) for v in values]
    if len(items) == 1:
        return (Group("(", ((items[0][0] + ",",),), ")"),)
    return display("(", items, ")")


def options_call(operation: Operation) -> Code:
    """`_create_call_options(account_id, create_call, _headers)`."""
    names = [(a.python_name,) for a in operation.arguments]
    return call(f"_{operation.python_name}_options", [*names, ("_headers",)])


def forwarded(operation: Operation) -> Code:
    """The arguments a method passes on to its twin, as they came."""
    names = [(a.python_name,) for a in operation.arguments]
    timeout_and_headers = [("_request_timeout=_request_timeout",), ("_headers=_headers",)]
    return (Group("(", (*names, *timeout_and_headers), ")"),)


def sent(operation: Operation, *extra: str) -> Code:
    """The arguments of `api_client.send(...)`: the options, the timeout, and `extra`."""
    return (
        Group("(", (options_call(operation), ("_request_timeout",), *[(e,) for e in extra]), ")"),
    )


def signature(operation: Operation) -> str:
    """`create_call(account_id, create_call)`, as the docs show a method."""
    parts = [
        a.python_name if a.default is None else f"{a.python_name}={literal(a.default)}"
        for a in operation.arguments
    ]
    return f"{operation.python_name}({', '.join(parts)})"


def call_arguments(operation: Operation) -> Code:
    """The arguments of an example call, each passed from a variable of its own name."""
    arguments = [
        (a.python_name,) if a.required else (f"{a.python_name}={a.python_name}",)
        for a in operation.arguments
    ]
    return (Group("(", tuple(arguments), ")"),)


def example(argument: Argument) -> Code:
    """A Python expression for the argument's example value."""
    if isinstance(argument, RequestBody):
        body_type = value_type(argument.type)
        if isinstance(argument.example, Construct):
            return code(argument.example)  # built by its Python names
        if isinstance(body_type, ModelRef):
            return call(f"{body_type.name}.from_dict", [code(argument.example)])
        if body_type == Primitive(kind="bytes"):
            return ('b"..."',)
    return code(argument.example)


def required_examples(operation: Operation, *extra: str) -> Code:
    """The required arguments' examples, as a call passes them: `("9900000", "c-123")`."""
    examples = [example(a) for a in operation.arguments if a.required]
    return (Group("(", (*examples, *[(e,) for e in extra]), ")"),)


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


def import_lines(imports: Iterable[Import], local_package: str, depth: int = 0) -> tuple[str, ...]:
    """Import statements as isort groups them (stdlib / third party / local), "" between.

    Each is laid out for `depth` levels of indentation (a long one is split over lines).
    """
    groups: dict[int, list[Import]] = defaultdict(list)
    for item in set(imports):
        top = item.module.split(".")[0]
        group = 2 if top == local_package else 0 if top in sys.stdlib_module_names else 1
        groups[group].append(item)
    lines: list[str] = []
    for group in sorted(groups):
        if lines:
            lines.append("")
        lines.extend(_group_lines(groups[group], depth))
    return tuple(lines)


def _group_lines(imports: list[Import], depth: int) -> list[str]:
    plain = sorted({i.module for i in imports if i.name is None})
    by_module: dict[str, set[str]] = defaultdict(set)
    for item in imports:
        if item.name is not None:
            by_module[item.module].add(item.name)
    lines = [f"import {module}" for module in plain]
    lines.extend(
        import_from(module, sorted(names, key=_name_key), depth)
        for module, names in sorted(by_module.items())
    )
    return lines


def import_from(module: str, names: Iterable[str], depth: int = 0) -> str:
    """`from module import A, B`; black splits a long one into one name per line."""
    group = Group("(", tuple((name,) for name in names), ")", explode=True, hidden=True)
    return statement(f"from {module} import ", (group,), "", depth)


def _name_key(name: str) -> tuple[int, str]:
    """isort's order: CONSTANTS, then Classes, then functions."""
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return kind, name
