"""Property-based tests: hostile spec text never yields an invalid name or changes code meaning.

Two profiles: "default" (200 examples a test, a few seconds) and "thorough" (10,000 a test).
Pick one with `SDKGEN_HYPOTHESIS_PROFILE=thorough pytest tests/unit/test_properties.py`. They are
registered under `sdkgen-…` names and applied to these tests only, so loading them changes no
other test's settings (registering Hypothesis's own "default" would).
"""

from __future__ import annotations

import ast
import json
import keyword
import math
import os
import re
import warnings
from typing import Annotated, Any

import pydantic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.builder.fields import usable_pattern
from generator.builder.naming import (
    RESERVED_CLASS_NAMES,
    class_name,
    dedupe,
    enum_member_name,
    enum_member_names,
    python_identifier,
)
from generator.render.escape import (
    docstring,
    json_text,
    markdown_cell,
    markdown_code_span,
    python_comment,
    python_literal,
)

_SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile(
    # Derandomized: the same examples on every run, so CI is reproducible.
    "sdkgen-default",
    max_examples=200,
    deadline=None,
    suppress_health_check=_SUPPRESS,
    derandomize=True,
)
settings.register_profile(
    "sdkgen-thorough", max_examples=10_000, deadline=None, suppress_health_check=_SUPPRESS
)
PROFILE = settings.get_profile(
    "sdkgen-" + os.environ.get("SDKGEN_HYPOTHESIS_PROFILE", "default").strip().lower()
)

# Pieces of text that have broken generators: quotes of both kinds and their triples, escapes,
# line breaks of every kind, template syntax, comment and Markdown markers, NUL and other
# controls, bidi overrides, lone surrogates, non-ASCII letters, paths, digits and reserved words.
_TOKENS = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\\n",
    "\\x00",
    "\n",
    "\r\n",
    "\r",
    "\x0b",
    "\x0c",
    "\x85",
    "\u2028",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#",
    "`",
    "```",
    "|",
    "<br>",
    "\x00",
    "\x1b",
    "\x7f",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\ud800",
    "é",
    "ß",
    "日本",
    "🐍",
    "\uff26",  # full-width F
    "../",
    " ",
    "  ",
    "\t",
    "0",
    "1",
    "12",
    "-",
    "+",
    "_",
    ".",
    "$",
    "@",
    "a",
    "B",
    "camelCase",
    "HTTPResponse",
    "class",
    "from",
    "type",
    "match",
    "case",
    "self",
    "None",
    "True",
    "async",
    "print",
    "headers",
    "to_dict",
    "model_dump",
    "Configuration",
    "ApiClient",
    "BaseModel",
    "Field",
]
hostile_text = st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=3)), max_size=12).map(
    "".join
)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    hostile_text,
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(hostile_text, children, max_size=5)
    ),
    max_leaves=25,
)


def _same(a: Any, b: Any) -> bool:
    """Equality that takes NaN as equal to itself and tells 1, 1.0 and True apart."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (
            a == b and math.copysign(1, a) == math.copysign(1, b)
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return bool(a == b)


@PROFILE
@given(hostile_text)
def test_python_identifier_is_a_safe_name(text: str) -> None:
    name = python_identifier(text)
    assert name.isidentifier()
    assert name.isascii()
    assert not keyword.iskeyword(name)
    # Builtins that generated annotations spell must never be shadowed.
    assert name not in {"bool", "bytes", "dict", "float", "int", "list", "object", "str", "tuple"}


@PROFILE
@given(hostile_text)
def test_class_name_is_a_safe_name(text: str) -> None:
    name = class_name(text)
    assert name.isidentifier()
    assert name.isascii()
    assert not keyword.iskeyword(name)
    assert name not in RESERVED_CLASS_NAMES
    assert name[:1].isupper()


@PROFILE
@given(st.one_of(hostile_text, st.integers(), st.floats(), st.booleans(), st.none()))
def test_enum_member_name_is_a_safe_name(value: object) -> None:
    name = enum_member_name(value)
    assert name.isidentifier()
    assert not keyword.iskeyword(name)
    assert not name.startswith("_")  # Enum reserves _sunder_ and __dunder__ names


@PROFILE
@given(st.lists(hostile_text, max_size=20))
def test_names_after_dedupe_are_distinct(texts: list[str]) -> None:
    for convert in (python_identifier, class_name):
        base = [convert(text) for text in texts]
        taken: set[str] = set()
        names = [dedupe(name, taken) for name in base]
        assert len(set(names)) == len(names)
        assert all(
            name.startswith(b) and name.isidentifier() for name, b in zip(names, base, strict=True)
        )
    members = enum_member_names(texts)
    assert len(set(members)) == len(members)
    assert all(member.isidentifier() for member in members)


@PROFILE
@given(json_values)
def test_python_literal_evaluates_to_the_value(value: Any) -> None:
    source = python_literal(value)
    tree = ast.parse(source, mode="eval")  # one expression, nothing else
    assert isinstance(tree, ast.Expression)
    assert _same(
        eval(compile(tree, "<literal>", "eval"), {"__builtins__": {"float": float}}), value
    )
    source.encode("utf-8")  # writable into a UTF-8 file


def _normalized(text: str) -> str:
    return " ".join(text.split())


@PROFILE
@given(hostile_text, st.sampled_from(["", "    ", "        "]), hostile_text)
def test_docstring_cannot_escape_its_quotes(text: str, indent: str, fallback: str) -> None:
    body = docstring(text, indent=indent, fallback=fallback)
    # A class's: CPython encodes a class's `__doc__` as UTF-8, so a lone surrogate that reached
    # it as a character (not as its escape spelled out) would fail when the class is created.
    source = f'class C:\n    """{body}"""\n'
    source.encode("utf-8")
    tree = ast.parse(source)
    # Exactly one class whose body is exactly one string: nothing leaked out as code.
    assert len(tree.body) == 1
    cls = tree.body[0]
    assert isinstance(cls, ast.ClassDef)
    assert len(cls.body) == 1
    statement = cls.body[0]
    assert isinstance(statement, ast.Expr)
    assert isinstance(statement.value, ast.Constant)
    assert isinstance(statement.value.value, str)
    namespace: dict[str, Any] = {}
    exec(compile(tree, "<docstring>", "exec"), namespace)
    # The same text, up to whitespace (stripping, line endings, wrapping); a lone surrogate
    # reads as its escape.
    original = text if text.strip() else fallback
    shown = re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", original)
    assert _normalized(namespace["C"].__doc__) == _normalized(shown)
    assert "\x00" not in body
    assert "\r" not in body


@PROFILE
@given(hostile_text)
def test_python_comment_adds_nothing_to_the_code(text: str) -> None:
    comment = python_comment(text)
    assert len(comment.splitlines()) <= 1
    assert not re.search(
        r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]", comment
    )
    base = "x = 1\n"
    expected = ast.dump(ast.parse(base))
    assert ast.dump(ast.parse(base + f"# {comment}\n")) == expected
    assert ast.dump(ast.parse(f"x = 1  # {comment}\n")) == expected
    assert ast.dump(ast.parse(f"    # {comment}\nx = 1\n".lstrip())) == expected


@PROFILE
@given(hostile_text)
def test_markdown_cell_stays_in_its_cell(text: str) -> None:
    for cell in (markdown_cell(text), markdown_cell(markdown_code_span(text))):
        assert "\n" not in cell
        assert "\r" not in cell
        assert len(cell.splitlines()) <= 1
        for match in re.finditer(r"(\\*)\|", cell):
            assert len(match.group(1)) % 2 == 1, cell  # an odd run: the pipe itself is escaped


@PROFILE
@given(hostile_text)
def test_markdown_code_span_is_closed_only_at_its_end(text: str) -> None:
    span = markdown_code_span(text)
    fence = len(span) - len(span.lstrip("`"))
    assert fence >= 1
    assert span.endswith("`" * fence)
    inner = span[fence:-fence]
    assert all(len(run) != fence for run in re.findall(r"`+", inner))


@PROFILE
@given(json_values)
def test_json_text_round_trips(value: Any) -> None:
    text = json_text(value)
    text.encode("utf-8")
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]", text)
    assert _same(json.loads(text), value)


# Pieces of regular expressions where Python's `re` and pydantic's engine (Rust's `regex`) part
# ways: braces, nested classes, escapes, groups and flags, and repetitions large enough to pass
# Rust's size limit.
_REGEX_TOKENS = [
    *"ab.^$*+?|()[]{}-,:#!=<>&~\\",
    *[
        "\\d",
        "\\w",
        "\\W",
        "\\D",
        "\\s",
        "\\b",
        "\\0",
        "\\1",
        "\\Z",
        "\\z",
        "\\p{L}",
        "\\N{BULLET}",
    ],
    *["{2}", "{1,3}", "{2,}", "{,2}", "{100}", "{255}", "{1000}", "[[", "[^", "[]", "&&", "--"],
    *["(?i)", "(?x)", "(?a)", "(?P<n>", "(?P=n)", "(?<n>", "(?=", "(?<!", "(?>", "(?#", "++"],
    *["é", "\ud800", "\x00", "\\é", "\\u0041", "\\x41", "\\x{41}"],
]
regex_text = st.lists(st.sampled_from(_REGEX_TOKENS), max_size=10).map("".join)


@PROFILE
@given(regex_text)
def test_a_pattern_sdkgen_keeps_is_one_pydantic_accepts(pattern: str) -> None:
    """A `pattern` the builder keeps as a constraint never fails when the model is first used."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and building never warns
        kept = usable_pattern(pattern)
    if kept:
        pydantic.TypeAdapter(Annotated[str, pydantic.Field(pattern=pattern)])
