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

# Names the generated code itself binds where a spec-derived name could meet them: method and
# helper names in API modules (`headers` is the `_…_options` parameter, a spec parameter of that
# name would be a duplicate argument), module imports, the runnable examples in the docs, and every
# public attribute of pydantic's `BaseModel` and our `ApiModel` (a field named `to_dict` or
# `model_dump` would shadow the method).
_GENERATED_NAMES = frozenset(
    {
        "self",
        "cls",
        "api_client",
        "api_instance",
        "headers",
        "path_segment",
        "query_params",
        "header_params",
        "json_body",
        "validate_call",
        "httpx",
        "pprint",
        "json",
        "datetime",
        "date",
        "field",
        "pydantic",
        "tag_by",
        # ApiModel
        "from_dict",
        "from_json",
        "to_dict",
        "to_json",
        "to_str",
        # pydantic.BaseModel (v2, including the deprecated v1 names)
        "construct",
        "copy",
        "dict",
        "from_orm",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
        "model_computed_fields",
        "model_config",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_extra",
        "model_fields",
        "model_fields_set",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
    }
)
# Builtins that generated annotations spell: a field or method of that name would shadow the type
# for the annotations after it in the same class. Other builtins (`id`, `type`, `filter`) stay
# usable as names, as in OpenAPI Generator's clients (`VoiceApiError.type`, `.id`).
_ANNOTATION_BUILTINS = frozenset(
    {"bool", "bytes", "dict", "float", "frozenset", "int", "list", "object", "set", "str", "tuple"}
)
# Names the runnable examples in the docs bind or call.
_EXAMPLE_NAMES = frozenset(
    {"api_response", "asyncio", "configuration", "e", "item", "logging", "main", "os", "print",
     "response", "result"}
)  # fmt: skip
_RESERVED = frozenset(keyword.kwlist) | _ANNOTATION_BUILTINS | _EXAMPLE_NAMES | _GENERATED_NAMES
# Class names the generated package defines or imports next to model classes (the models, the
# API modules, the docs' examples); a model may not take them.
RESERVED_CLASS_NAMES = frozenset(
    {
        # the package's own classes
        "ApiClient",
        "ApiResponse",
        "ApiException",
        "ApiValueError",
        "OpenApiException",
        "ResponseDecodeError",
        "ServiceException",
        "Configuration",
        "AuthSettings",
        "ApiModel",
        "ApiStrEnum",
        "ApiIntEnum",
        "RequestOptions",
        "RequestTimeout",
        "ResponseTypes",
        # what generated modules import
        "BaseModel",
        "ConfigDict",
        "Field",
        "TypeAdapter",
        "ValidationError",
        "Enum",
        "Any",
        "Annotated",
        "Generic",
        "Literal",
        "Optional",
        "Union",
        "TypeVar",
        "Self",
        "StrictStr",
        "Mapping",
        "Sequence",
        "Iterable",
        "TracebackType",
        # what annotations of formats and uploads name
        "UUID",
        "Decimal",
        "DecimalNumber",
        "FileContent",
    }
    | {n for n in dir(builtins) if n[:1].isupper()}
)

_MINUS = re.compile(r"(?<!\d)-(?=\d)")
# Digits stay with the word before them (`ipv4Address` → `ipv4_address`, `smsV2` → `sms_v2`), as
# in OpenAPI Generator; a word of digits alone (`GMT+12`, `123abc`) stays a word of its own.
_BOUNDARY = re.compile(
    r"[A-Z]+(?=[A-Z][a-z])\d*|[A-Z]?[a-z]+\d*|[A-Z]+\d*|\d+",
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
    name = snake_case(text) or snake_case(fallback) or "value"
    if name[0].isdigit():
        name = f"var_{name}"
    if name in _RESERVED:
        name = f"var_{name}"
    return name


# Modules and docs pages are files named after these names; a file name may not exceed 255
# bytes (NAME_MAX), so names are cut short well before. `dedupe` keeps cut names apart.
MAX_FILE_NAME_STEM = 96


def module_name(text: str, *, fallback: str = "module") -> str:
    """snake_case module name; only keywords are in the way (a module is always qualified)."""
    name = snake_case(text)[:MAX_FILE_NAME_STEM].rstrip("_") or fallback
    if name[0].isdigit() or keyword.iskeyword(name):
        name = f"var_{name}"
    return name


def class_name(text: str, *, fallback: str = "Model") -> str:
    """PascalCase name for models, enums and API classes (at most about 100 characters)."""
    name = pascal_case(text)[:MAX_FILE_NAME_STEM] or pascal_case(fallback) or "Model"
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
    """Return `name`, or `name_2`, `name_3`… so that it is not in `taken`; records the result.

    The counter always follows an underscore: `gmt_plus_1` taken gives `gmt_plus_1_2`, never
    `gmt_plus_12`, which reads as another name.
    """
    candidate = name
    counter = 2
    while candidate in taken:
        candidate = f"{name}_{counter}"
        counter += 1
    taken.add(candidate)
    return candidate
