"""What a type needs imported, which classes it names, and the words a constant is named from."""

from __future__ import annotations

from typing import assert_never

from generator.ir import (
    DictOf,
    EnumRef,
    Import,
    ListOf,
    LiteralOf,
    ModelRef,
    Nullable,
    Primitive,
    TypeRef,
    UnionOf,
)

# What each primitive's annotation needs imported; base types live in the SDK's models/_base.
_PRIMITIVE_IMPORTS = {
    "date": Import("datetime"),
    "datetime": Import("datetime"),
    "uuid": Import("uuid", "UUID"),
    "decimal": Import("decimal", "Decimal"),
    "any": Import("typing", "Any"),
}
_BASE_TYPES = {"file": "FileContent", "number_decimal": "DecimalNumber"}


def imports(t: TypeRef, *, package: str) -> set[Import]:
    match t:
        case Primitive(kind=kind) if kind in _BASE_TYPES:
            return {Import(f"{package}.models._base", _BASE_TYPES[kind])}
        case Primitive(kind=kind):
            found = _PRIMITIVE_IMPORTS.get(kind)
            return {found} if found else set()
        case ModelRef(name=name, module=module) | EnumRef(name=name, module=module):
            return {Import(f"{package}.models.{module}", name)}
        case ListOf(item=inner) | DictOf(value=inner) | Nullable(inner=inner):
            return imports(inner, package=package)
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


def words(t: TypeRef) -> list[str]:
    """Words that name the type, for a constant such as `_LIST_CALL_STATE`."""
    match t:
        case Primitive(kind=kind):
            return [kind]
        case ModelRef(name=name) | EnumRef(name=name):
            return [name]
        case ListOf(item=item):
            return ["list", *words(item)]
        case DictOf(value=value):
            return ["dict", "str", *words(value)]
        case LiteralOf(values=values):
            return ["literal", *(str(v) for v in values)]
        case UnionOf(options=options):
            return [word for option in options for word in words(option)]
        case Nullable(inner=inner):
            return [*words(inner), "none"]
        case _:
            assert_never(t)
