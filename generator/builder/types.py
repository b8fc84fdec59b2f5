"""How a `TypeRef` is spelled: in annotations, in the docs, and what it must import."""

from __future__ import annotations

from typing import assert_never

from generator.ir import (
    DictOf,
    Discriminator,
    ListOf,
    LiteralOf,
    ModelRef,
    Primitive,
    TypeRef,
    UnionOf,
)
from generator.ir.imports import Import
from generator.text import python_literal

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
_DOC_NAMES = {
    **_ANNOTATIONS,
    "date": "date",
    "datetime": "datetime",
    "any": "object",
    "file": "bytearray",
    "number_decimal": "Decimal",
}
# What each primitive's annotation needs imported; `{package}` is the SDK package.
_PRIMITIVE_IMPORTS = {
    "date": Import("datetime"),
    "datetime": Import("datetime"),
    "uuid": Import("uuid", "UUID"),
    "decimal": Import("decimal", "Decimal"),
    "any": Import("typing", "Any"),
}
_BASE_TYPES = {"file": "FileContent", "number_decimal": "DecimalNumber"}


def annotation(t: TypeRef, *, nullable: bool = False) -> str:
    text = _annotation(t)
    if nullable and text not in {"Any", "None"}:
        return f"{text} | None"
    return text


def _annotation(t: TypeRef) -> str:
    match t:
        case Primitive(kind=kind):
            return _ANNOTATIONS[kind]
        case ModelRef(name=name):
            return name
        case ListOf(item=item):
            return f"list[{_annotation(item)}]"
        case DictOf(value=value):
            return f"dict[str, {_annotation(value)}]"
        case LiteralOf(values=values):
            return f"Literal[{', '.join(values)}]"
        case UnionOf(options=options, discriminator=None):
            return " | ".join(_annotation(o) for o in options)
        case UnionOf(options=options, discriminator=discriminator):
            return _discriminated(options, discriminator)
        case _:
            assert_never(t)


def _discriminated(options: tuple[TypeRef, ...], discriminator: Discriminator | None) -> str:
    """Each member is tagged with its class name; `tag_by` maps the wire value to it."""
    assert discriminator is not None
    members = " | ".join(
        f"Annotated[{_annotation(o)}, pydantic.Tag({python_literal(_annotation(o))})]"
        for o in options
    )
    tags = {value: name for value, name in discriminator.tags}
    picker = f"tag_by({python_literal(discriminator.wire_name)}, {python_literal(tags)})"
    # `pydantic.Tag`, not `Tag`: a schema called `Tag` is common, and keeps its name.
    return f"Annotated[{members}, pydantic.Discriminator({picker})]"


def doc_type(t: TypeRef) -> str:
    match t:
        case Primitive(kind=kind):
            return _DOC_NAMES[kind]
        case ModelRef(name=name):
            return name
        case ListOf(item=item):
            return f"list[{doc_type(item)}]"
        case DictOf(value=value):
            return f"dict[str, {doc_type(value)}]"
        case LiteralOf(values=values):
            return f"Literal[{', '.join(values)}]"
        case UnionOf(options=options):
            return " | ".join(doc_type(o) for o in options)
        case _:
            assert_never(t)


def doc_link(t: TypeRef) -> str | None:
    """The model whose page a docs table should link to, if the type names exactly one."""
    match t:
        case ModelRef(name=name):
            return name
        case ListOf(item=item):
            return doc_link(item)
        case DictOf(value=value):
            return doc_link(value)
        case Primitive() | UnionOf() | LiteralOf():
            return None
        case _:
            assert_never(t)


def imports(t: TypeRef, *, package: str) -> set[Import]:
    match t:
        case Primitive(kind=kind) if kind in _BASE_TYPES:
            return {Import(f"{package}.models._base", _BASE_TYPES[kind])}
        case Primitive(kind=kind):
            found = _PRIMITIVE_IMPORTS.get(kind)
            return {found} if found else set()
        case ModelRef(name=name, module=module):
            return {Import(f"{package}.models.{module}", name)}
        case ListOf(item=item):
            return imports(item, package=package)
        case DictOf(value=value):
            return imports(value, package=package)
        case LiteralOf():
            return {Import("typing", "Literal")}
        case UnionOf(options=options, discriminator=discriminator):
            needed = set().union(*(imports(o, package=package) for o in options))
            if discriminator is not None:
                needed |= {
                    Import("typing", "Annotated"),
                    Import("pydantic"),
                    Import(f"{package}.models._base", "tag_by"),
                }
            return needed
        case _:
            assert_never(t)


def model_refs(t: TypeRef) -> set[ModelRef]:
    """The generated classes a type mentions."""
    match t:
        case ModelRef():
            return {t}
        case ListOf(item=item):
            return model_refs(item)
        case DictOf(value=value):
            return model_refs(value)
        case UnionOf(options=options):
            return set().union(*(model_refs(o) for o in options))
        case Primitive() | LiteralOf():
            return set()
        case _:
            assert_never(t)
