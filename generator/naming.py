"""Identifiers that are valid Python by construction.

Every name the generated code uses comes from here, so keywords, builtins, collisions and odd
characters in the spec are handled once. Reserved words follow OpenAPI Generator's convention
(`from` becomes `var_from`) so code written against an OpenAPI Generator client keeps working.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from collections.abc import Iterable

# Names a generated module defines or imports itself; a spec name must not shadow them.
_GENERATED_NAMES = frozenset(
    {
        "self",
        "cls",
        "api_client",
        "json",
        "datetime",
        "date",
        "model_config",
        "model_fields",
        "field",
        "schema",
        "copy",
        "validate",
    }
)
_RESERVED = (
    frozenset(keyword.kwlist)
    | frozenset(keyword.softkwlist)
    | frozenset(n for n in dir(builtins) if not n.startswith("_"))
    | _GENERATED_NAMES
)
# Class names the generated package defines or imports; a model may not take them.
RESERVED_CLASS_NAMES = frozenset(
    {
        "ApiClient",
        "ApiResponse",
        "ApiException",
        "Configuration",
        "BaseModel",
        "ConfigDict",
        "Field",
        "Enum",
        "Any",
        "Literal",
        "Optional",
        "Union",
        "StrictStr",
        "TypeAdapter",
    }
    | {n for n in dir(builtins) if n[:1].isupper()}
)

_MINUS = re.compile(r"(?<!\d)-(?=\d)")
_BOUNDARY = re.compile(
    r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+",
)


def words(text: str) -> list[str]:
    """Split any spelling (camelCase, kebab-case, `X-Rate-Limit`, `GMT+12`) into ASCII words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    # `GMT+12` and `GMT-12` must not collapse to the same name.
    ascii_text = _MINUS.sub(" minus ", ascii_text.replace("+", " plus "))
    return _BOUNDARY.findall(ascii_text)


def snake_case(text: str) -> str:
    return "_".join(w.lower() for w in words(text))


def pascal_case(text: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in words(text))


def python_identifier(text: str, *, fallback: str = "value") -> str:
    """snake_case name for attributes, parameters, methods and modules."""
    name = snake_case(text) or fallback
    if name[0].isdigit():
        name = f"var_{name}"
    if name in _RESERVED:
        name = f"var_{name}"
    return name


def class_name(text: str, *, fallback: str = "Model") -> str:
    """PascalCase name for models, enums and API classes."""
    name = pascal_case(text) or fallback
    if name[0].isdigit():
        name = f"Model{name}"
    if name in RESERVED_CLASS_NAMES or keyword.iskeyword(name):
        name = f"{name}Model"
    return name


def enum_member_name(value: object) -> str:
    """UPPER_SNAKE member name for an enum value; empty and numeric values still get a name."""
    if value is None:
        return "NONE"
    text = str(value)
    name = "_".join(w.upper() for w in words(text))
    if not name:
        return "EMPTY"
    if name[0].isdigit():
        name = f"VALUE_{name}"
    if keyword.iskeyword(name):
        name = f"VAR_{name}"
    return name


def enum_member_names(values: Iterable[object]) -> list[str]:
    """Member names for all of an enum's values, distinct even when two values look alike."""
    taken: set[str] = set()
    return [dedupe(enum_member_name(value), taken) for value in values]


def dedupe(name: str, taken: set[str]) -> str:
    """Return `name`, or `name_2`, `name_3`… so that it is not in `taken`; records the result."""
    candidate = name
    counter = 2
    while candidate in taken:
        candidate = f"{name}_{counter}" if not name[-1:].isdigit() else f"{name}{counter}"
        counter += 1
    taken.add(candidate)
    return candidate


def dedupe_all(names: Iterable[str]) -> list[str]:
    taken: set[str] = set()
    return [dedupe(n, taken) for n in names]
