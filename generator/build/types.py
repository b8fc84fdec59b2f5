"""How a `TypeRef` is spelled: in annotations, in the docs, and what it must import."""

from __future__ import annotations

from typing import assert_never

from generator.build.imports import Import
from generator.model import DictOf, ListOf, ModelRef, Primitive, TypeRef, UnionOf

_ANNOTATIONS = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "bytes": "bytes",
    "date": "datetime.date",
    "datetime": "datetime.datetime",
    "any": "Any",
    "none": "None",
}
_DOC_NAMES = {**_ANNOTATIONS, "date": "date", "datetime": "datetime", "any": "object"}


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
        case UnionOf(options=options):
            return " | ".join(_annotation(o) for o in options)
        case _:
            assert_never(t)


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
        case Primitive() | UnionOf():
            return None
        case _:
            assert_never(t)


def imports(t: TypeRef, *, package: str) -> set[Import]:
    match t:
        case Primitive(kind="date" | "datetime"):
            return {Import("datetime")}
        case Primitive(kind="any"):
            return {Import("typing", "Any")}
        case Primitive():
            return set()
        case ModelRef(name=name, module=module):
            return {Import(f"{package}.models.{module}", name)}
        case ListOf(item=item):
            return imports(item, package=package)
        case DictOf(value=value):
            return imports(value, package=package)
        case UnionOf(options=options):
            return set().union(*(imports(o, package=package) for o in options))
        case _:
            assert_never(t)


def models_in(t: TypeRef) -> set[str]:
    """Names of the generated classes a type mentions (for dependency order)."""
    match t:
        case ModelRef(name=name):
            return {name}
        case ListOf(item=item):
            return models_in(item)
        case DictOf(value=value):
            return models_in(value)
        case UnionOf(options=options):
            return set().union(*(models_in(o) for o in options))
        case Primitive():
            return set()
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
        case Primitive():
            return set()
        case _:
            assert_never(t)
