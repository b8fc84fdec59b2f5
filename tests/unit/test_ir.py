"""The IR holds values, never rendered code.

Every field that can hold a string is classified below by what the string is: an identifier, a
name as the spec writes it, spec prose, a URL or path, a media type, or data. A new string field
fails this test until it is classified, so "an annotation as text" or "a literal as source"
cannot slip back in. The classification is then checked on a real IR: identifiers are
identifiers, and no string is Python source in disguise.
"""

from __future__ import annotations

import dataclasses
import inspect
import keyword
import typing
from collections.abc import Iterator
from typing import Any

import pytest

from generator.builder import build_api
from generator.config import make_config
from generator.ir import api, imports, operation, schema, values
from generator.ir import types as type_nodes
from generator.load import load
from tests.support.paths import CALLS_SPEC

_MODULES = (api, operation, schema, type_nodes, values, imports)

IDENTIFIER = "a Python identifier sdkgen chose (a class, module, argument or constant)"
DOTTED = "a dotted module path"
SPEC_NAME = "a name as the spec spells it (wire name, tag, scheme, operationId, header)"
PROSE = "spec text, raw: escaped by the printer wherever it is placed"
LOCATION = "a URL, a URL template or an API path"
MEDIA = "a media type or an HTTP token (method, status pattern)"
DATA = "data: a JSON value, an enum value, a constraint's bound"
SETTING = "a configuration value (package version, env prefix, AuthSettings field)"

CLASSIFIED: dict[str, str] = {
    "Api.title": PROSE,
    "Api.version": PROSE,
    "Api.description": PROSE,
    "Api.docs_url": LOCATION,
    "Api.env_prefix": SETTING,
    "Api.package_name": IDENTIFIER,
    "Api.project_name": SETTING,
    "Api.package_version": SETTING,
    "Api.default_host": LOCATION,
    "Api.secret_headers": SPEC_NAME,
    "Api.secret_query_parameters": SPEC_NAME,
    "ApiClass.name": IDENTIFIER,
    "ApiClass.module": IDENTIFIER,
    "ApiClass.tag": SPEC_NAME,
    "ApiClass.description": PROSE,
    "ApiClass.base_url": LOCATION,
    "ApiClass.adapters": IDENTIFIER,
    "ApiClass.servers": IDENTIFIER + "; " + LOCATION,
    "ExceptionDef.name": IDENTIFIER,
    "ExceptionDef.description": PROSE,
    "ExceptionDef.tree_note": PROSE,
    "SecurityScheme.name": SPEC_NAME,
    "SecurityScheme.description": PROSE,
    "SecurityScheme.settings_field": SETTING,
    "SecurityScheme.parameter_name": SPEC_NAME,
    "SecurityScheme.token_url": LOCATION,
    "Server.url": LOCATION,
    "Server.template": LOCATION,
    "Server.description": PROSE,
    "ServerVariable.name": SPEC_NAME,
    "ServerVariable.default": DATA,
    "ServerVariable.enum": DATA,
    "ServerVariable.description": PROSE,
    "Argument.python_name": IDENTIFIER,
    "Argument.description": PROSE,
    "Argument.example": DATA,
    "Parameter.wire_name": SPEC_NAME,
    "Parameter.spec_default": DATA,
    "RequestBody.content_type": MEDIA,
    "Header.name": SPEC_NAME,
    "Header.description": PROSE,
    "Response.status_code": MEDIA,
    "Response.description": PROSE,
    "Response.content_type": MEDIA,
    "ResponseTypes.constant": IDENTIFIER,
    "ResponseTypes.success_adapter": IDENTIFIER,
    "ResponseTypes.errors": MEDIA + "; " + IDENTIFIER,
    "Operation.operation_id": SPEC_NAME,
    "Operation.python_name": IDENTIFIER,
    "Operation.http_method": MEDIA,
    "Operation.path": LOCATION,
    "Operation.summary": PROSE,
    "Operation.description": PROSE,
    "Operation.doc_summary": PROSE,
    "Operation.doc_body": PROSE,
    "Operation.fixed_headers": SPEC_NAME + "; " + MEDIA,
    "Operation.servers_constant": IDENTIFIER,
    "Operation.server_url": LOCATION,
    "Operation.security": SPEC_NAME,
    "Operation.content_type": MEDIA,
    "Operation.accept": MEDIA,
    "Operation.anchor": IDENTIFIER,
    "Field.wire_name": SPEC_NAME,
    "Field.python_name": IDENTIFIER,
    "Field.description": PROSE,
    "Field.spec_default": DATA,
    "ModelDef.name": IDENTIFIER,
    "ModelDef.module": IDENTIFIER,
    "ModelDef.base": IDENTIFIER,
    "ModelDef.description": PROSE,
    "ModelDef.example": DATA,
    "ModelDef.references": IDENTIFIER,
    "ModelDef.source": LOCATION,
    "EnumMember.name": IDENTIFIER,
    "EnumMember.value": DATA,
    "EnumDef.name": IDENTIFIER,
    "EnumDef.module": IDENTIFIER,
    "EnumDef.description": PROSE,
    "EnumDef.base": IDENTIFIER,
    "ModelRef.name": IDENTIFIER,
    "ModelRef.module": IDENTIFIER,
    "EnumRef.name": IDENTIFIER,
    "EnumRef.module": IDENTIFIER,
    "LiteralOf.values": DATA,
    "Discriminator.wire_name": SPEC_NAME,
    "Discriminator.tags": DATA + "; " + IDENTIFIER,
    "Constraint.value": DATA,
    "Const.value": DATA,
    "MemberOf.enum": IDENTIFIER,
    "MemberOf.member": IDENTIFIER,
    "Parsed.text": DATA,
    "DictValue.entries": DATA,
    "Construct.model": IDENTIFIER,
    "Construct.arguments": IDENTIFIER + "; " + DATA,
    "Import.module": DOTTED,
    "Import.name": IDENTIFIER,
}


def _ir_classes() -> Iterator[type]:
    for module in _MODULES:
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and dataclasses.is_dataclass(cls):
                yield cls


def _holds_str(hint: Any) -> bool:
    """Whether a value of this type can be (or contain) a plain string."""
    if hint is str:
        return True
    if isinstance(hint, typing.ForwardRef):
        return hint.__forward_arg__ == "Json"
    if typing.get_origin(hint) is typing.Literal:
        return False  # a closed set of keywords sdkgen defines, not free text
    return any(_holds_str(arg) for arg in typing.get_args(hint) if arg is not Ellipsis)


def _string_fields() -> Iterator[str]:
    for cls in _ir_classes():
        hints = typing.get_type_hints(cls)
        for field in dataclasses.fields(cls):
            owner = next(
                base.__name__
                for base in reversed(cls.__mro__)
                if dataclasses.is_dataclass(base) and field.name in base.__annotations__
            )
            if _holds_str(hints[field.name]):
                yield f"{owner}.{field.name}"


def test_every_string_field_of_the_ir_is_classified() -> None:
    found = set(_string_fields())
    unclassified = sorted(found - CLASSIFIED.keys())
    assert not unclassified, (
        "these IR fields can hold a string: say what it is in CLASSIFIED (and keep rendered "
        f"code out of the IR: hold a type node, an Import or a value instead): {unclassified}"
    )
    stale = sorted(CLASSIFIED.keys() - found)
    assert not stale, f"no such string field any more: {stale}"


def test_no_field_is_named_like_rendered_code() -> None:
    suspicious = ("literal", "annotation", "lines", "expression", "docstring", "serialized")
    for name in _string_fields():
        assert not any(word in name.split(".")[1] for word in suspicious), name


def _walk(value: object, path: str) -> Iterator[tuple[str, object]]:
    """(Class.field, value) for every field of every IR object reachable from `value`."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            owner = next(
                base.__name__
                for base in reversed(type(value).__mro__)
                if dataclasses.is_dataclass(base) and field.name in base.__annotations__
            )
            inner = getattr(value, field.name)
            yield f"{owner}.{field.name}", inner
            yield from _walk(inner, f"{owner}.{field.name}")
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _walk(item, path)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)


@pytest.fixture(scope="module")
def calls_ir() -> object:
    config = make_config({"spec": CALLS_SPEC, "package": "bandwidth_calls"})
    return build_api(load(config.spec), config)[0]


def test_identifier_fields_hold_identifiers(calls_ir: object) -> None:
    checked = 0
    for name, value in _walk(calls_ir, "Api"):
        if CLASSIFIED.get(name) != IDENTIFIER or value is None:
            continue
        for text in _strings(value):
            assert text.isidentifier() and not keyword.iskeyword(text), (name, text)
            checked += 1
    assert checked > 100  # the walk reached the whole IR


def test_no_string_in_the_ir_is_python_or_markdown_source(calls_ir: object) -> None:
    """Values a printer would have produced: quotes around a literal, an annotation's syntax."""
    rendered = ("list[", "dict[", " | None", "Annotated[", "Field(", "from ", "import ", '"""')
    for name, value in _walk(calls_ir, "Api"):
        if CLASSIFIED.get(name) in (PROSE, DATA) or not isinstance(value, str | tuple):
            continue
        for text in _strings(value):
            assert not text.startswith(("'", '"')), (name, text)
            assert not any(marker in text for marker in rendered), (name, text)


def test_the_ir_is_frozen_and_keyword_only() -> None:
    for cls in _ir_classes():
        params = typing.cast(Any, cls).__dataclass_params__
        assert params.frozen, cls
        if cls is not imports.Import:  # `Import("typing", "Any")` reads better positionally
            assert all(f.kw_only for f in dataclasses.fields(cls)), cls


def test_walk_sees_nested_values() -> None:
    t = type_nodes.ListOf(item=type_nodes.ModelRef(name="Pet", module="pet"))
    assert ("ModelRef.name", "Pet") in list(_walk(t, "ListOf"))
