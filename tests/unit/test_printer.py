"""The printer: IR values in, the Python and Markdown text templates place, out.

Each printed expression is checked to be Python that means the value (compiled, or evaluated
where it is plain data), and to be laid out as black lays it out.
"""

from __future__ import annotations

import ast
import datetime
import decimal
import uuid

import pytest

from generator.builder import build_api
from generator.config import make_config
from generator.ir import (
    Api,
    Const,
    Constraint,
    DictOf,
    DictValue,
    Discriminator,
    EnumRef,
    Field,
    Import,
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
)
from generator.ir.operation import ParameterStyle, Serializer
from generator.load import load
from generator.render import printer
from generator.render.layout import flat
from tests.support.black_style import formatted
from tests.support.paths import CALLS_SPEC

PET = ModelRef(name="Pet", module="pet")
COLOR = EnumRef(name="Color", module="color")
STR = Primitive(kind="str")


@pytest.fixture(scope="module")
def api() -> Api:
    config = make_config({"spec": CALLS_SPEC, "package": "bandwidth_calls"})
    return build_api(load(config.spec), config)[0]


def _operation(api: Api, name: str) -> Operation:
    return next(op for a in api.apis for op in a.operations if op.python_name == name)


def _black_keeps(source: str) -> None:
    assert formatted(source) == source


@pytest.mark.parametrize(
    ("t", "text"),
    [
        (Primitive(kind="datetime"), "datetime.datetime"),
        (Primitive(kind="file"), "FileContent"),
        (PET, "Pet"),
        (COLOR, "Color"),
        (ListOf(item=PET), "list[Pet]"),
        (DictOf(value=Primitive(kind="any")), "dict[str, Any]"),
        (LiteralOf(values=("dog", 1, True)), 'Literal["dog", 1, True]'),
        (UnionOf(options=(PET, STR)), "Pet | str"),
        (Nullable(inner=ListOf(item=PET)), "list[Pet] | None"),
        (Nullable(inner=Primitive(kind="any")), "Any"),  # Any holds None already
        (ListOf(item=UnionOf(options=(PET, Primitive(kind="none")))), "list[Pet | None]"),
    ],
)
def test_annotations(t: TypeRef, text: str) -> None:
    assert printer.annotation(t) == text
    _black_keeps(f"x: {text}\n")


def test_a_discriminated_union_tags_each_member() -> None:
    cat = ModelRef(name="Cat", module="cat")
    union = UnionOf(
        options=(PET, cat),
        discriminator=Discriminator(wire_name="kind", tags=(("dog", "Pet"), ("cat", "Cat"))),
    )
    text = printer.annotation(union)
    assert text == (
        'Annotated[Annotated[Pet, pydantic.Tag("Pet")] | Annotated[Cat, pydantic.Tag("Cat")], '
        'pydantic.Discriminator(tag_by("kind", {"dog": "Pet", "cat": "Cat"}))]'
    )
    ast.parse(text, mode="eval")


@pytest.mark.parametrize(
    ("t", "doc", "link"),
    [
        (Nullable(inner=ListOf(item=PET)), "list[Pet]", "Pet"),
        (Primitive(kind="any"), "object", None),
        (Primitive(kind="datetime"), "datetime", None),
        (DictOf(value=COLOR), "dict[str, Color]", "Color"),
        (UnionOf(options=(PET, STR)), "Pet | str", None),
        (Primitive(kind="none"), "None", None),
    ],
)
def test_docs_name_a_type_and_link_the_class_it_names(
    t: TypeRef, doc: str, link: str | None
) -> None:
    assert (printer.doc_type(t), printer.doc_link(t)) == (doc, link)


@pytest.mark.parametrize(
    ("value", "text", "means"),
    [
        (Const(value=5), "5", 5),
        (Const(value=30.0), "30.0", 30.0),
        (Const(value='say "hi"'), "'say \"hi\"'", 'say "hi"'),
        (Const(value={"a": [1, None]}), '{"a": [1, None]}', {"a": [1, None]}),
        (MemberOf(enum="Color", member="RED"), "Color.RED", None),
        (Parsed(kind="uuid", text="38400000-8cf0-11bd-b23e-10b96e4ef00d"), None, None),
        (Parsed(kind="decimal", text="1.10"), 'Decimal("1.10")', None),
        (Parsed(kind="date", text="2024-02-29"), None, None),
        (ListValue(items=(MemberOf(enum="Color", member="RED"),)), "[Color.RED]", None),
        (DictValue(entries=(("k", Const(value=1)),)), '{"k": 1}', {"k": 1}),
    ],
)
def test_values_print_as_python_that_means_them(
    value: Value, text: str | None, means: object
) -> None:
    printed = printer.literal(value)
    if text is not None:
        assert printed == text
    namespace = {
        "Color": type("Color", (), {"RED": "red"}),
        "UUID": uuid.UUID,
        "Decimal": decimal.Decimal,
        "datetime": datetime,
    }
    result = eval(printed, namespace)  # the printer's own output, from values built here
    if means is not None:
        assert result == means
    _black_keeps(f"x = {printed}\n")


def _field(**changes: object) -> Field:
    base: dict[str, object] = {
        "wire_name": "name",
        "python_name": "name",
        "type": STR,
        "default": None,
        "constraints": (),
        "required": True,
        "nullable": False,
        "read_only": False,
        "secret": False,
        "description": "",
        "spec_default": None,
    }
    return Field(**{**base, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "assignment"),
    [
        (_field(), ""),
        (_field(required=False, default=Const(value=None)), " = None"),
        # Not `alias=`: type checkers would take the wire name for the keyword argument.
        (
            _field(python_name="var_from", wire_name="from"),
            ' = Field(validation_alias="from", serialization_alias="from")',
        ),
        # A secret stays out of repr; the Field() call is needed for it alone.
        (_field(python_name="name", secret=True), " = Field(repr=False)"),
        (
            _field(
                required=False,
                default=Const(value=5),
                constraints=(Constraint(name="ge", value=1), Constraint(name="le", value=5)),
            ),
            " = Field(default=5, ge=1, le=5)",
        ),
        # A list default stays in Field(): each instance gets its own copy.
        (_field(required=False, default=Const(value=[1])), " = Field(default=[1])"),
        (
            _field(required=False, default=MemberOf(enum="Color", member="RED")),
            " = Color.RED",
        ),
    ],
)
def test_field_assignments(field: Field, assignment: str) -> None:
    line = printer.field_line(field, 1)
    assert line.removeprefix(f"{field.python_name}: {printer.annotation(field.type)}") == assignment
    _black_keeps(f"class A:\n    {line}\n")


def test_the_calls_spec_prints_as_the_golden_output_shows(api: Api) -> None:
    create = _operation(api, "create_call")
    assert printer.signature(create) == "create_call(account_id, create_call)"
    list_calls = _operation(api, "list_calls")
    page_size = list_calls.parameters[6]
    assert printer.argument_annotation(page_size) == "Annotated[int | None, Field(ge=1, le=10000)]"
    assert printer.annotation(page_size.type) == "int | None"  # constraints only in signatures
    assert printer.doc_notes(page_size) == "[optional] [default to 1000]"
    assert flat(printer.call_arguments(list_calls)).startswith("(account_id, to=to, var_from=")
    bxml = _operation(api, "update_call_bxml")
    body = bxml.request_body
    assert isinstance(body, RequestBody)
    assert flat(printer.encoded(body)) == "body.encode()"
    assert flat(printer.example(body)).startswith(('"<?xml', "'<?xml"))
    assert flat(printer.required_examples(bxml)).count(",") == 2
    body = create.request_body
    assert isinstance(body, RequestBody)
    assert flat(printer.example(body)).startswith('CreateCall(to="+19195551234", var_from="+1')
    assert flat(printer.encoded(body)) == "json_body(create_call)"


def _parameter(
    location: str, style: ParameterStyle, explode: bool, helper: Serializer | None, json: bool
) -> Parameter:
    return Parameter(
        python_name="ids",
        type=ListOf(item=STR),
        constraints=(),
        default=None,
        required=True,
        description="",
        example=None,
        wire_name="ids",
        location=location,  # type: ignore[arg-type]
        style=style,
        explode=explode,
        json=json,
        helper=helper,
        spec_default=None,
    )


@pytest.mark.parametrize(
    ("parameter", "expression"),
    [
        (_parameter("query", "form", True, None, False), "ids"),
        (_parameter("query", "form", False, "delimited", False), 'delimited(ids, ",")'),
        (_parameter("query", "pipeDelimited", False, "delimited", False), 'delimited(ids, "|")'),
        (_parameter("query", "deepObject", True, "deep_object", False), "deep_object(ids)"),
        (_parameter("query", "form", True, None, True), "json_value(ids)"),
        (_parameter("path", "simple", False, "path_segment", False), "path_segment(ids)"),
        (
            _parameter("path", "matrix", True, "path_segment", False),
            'path_segment(ids, style="matrix", explode=True, name="ids")',
        ),
        (_parameter("header", "simple", False, None, False), "ids"),
    ],
)
def test_parameters_are_sent_in_their_style(parameter: Parameter, expression: str) -> None:
    assert flat(printer.serialized(parameter)) == expression


def test_an_optional_body_is_encoded_only_when_given() -> None:
    body = RequestBody(
        python_name="pet",
        type=Nullable(inner=PET),
        constraints=(),
        default=Const(value=None),
        required=False,
        description="",
        example={},
        content_type="application/json",
        encoding="json",
        example_imports=(),
    )
    assert flat(printer.encoded(body)) == "None if pet is None else json_body(pet)"


def test_imports_are_grouped_and_sorted_as_isort_would() -> None:
    imports = [
        Import("pkg.models.pet", "Pet"),
        Import("pydantic", "Field"),
        Import("datetime"),
        Import("typing", "Any"),
        Import("pkg.api_client", "validate_call"),
        Import("pkg.api_client", "ApiClient"),
        Import("pkg.api_client", "RequestOptions"),
        Import("pydantic"),
    ]
    lines = printer.import_lines(imports, "pkg")
    assert lines == (
        "import datetime",
        "from typing import Any",
        "",
        "import pydantic",
        "from pydantic import Field",
        "",
        "from pkg.api_client import ApiClient, RequestOptions, validate_call",
        "from pkg.models.pet import Pet",
    )
    _black_keeps("\n".join(lines) + "\n")
