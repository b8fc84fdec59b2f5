"""Example-based tests of `generator.render.escape`: spec text cannot change what we write."""

from __future__ import annotations

import ast
import inspect
import json
import math
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.render.escape import (
    docstring,
    json_text,
    markdown_cell,
    markdown_code_span,
    markdown_inline,
    one_line,
    python_comment,
    python_literal,
)
from tests.support.black_style import formatted

NASTY_STRINGS = [
    "",
    "plain",
    "it's",
    'say "hi"',
    '"""',
    "'''",
    '""""""',
    "back\\slash",
    "\\",
    "\\n is not a newline",
    "line\nbreak",
    "tab\there",
    "nul\x00byte",
    "\x1b[31mred\x1b[0m",
    "déjà vu 日本 🐍",
    "\u202eevil\u202c",
    "{{ jinja }} {% raw %}",
    "# not a comment",
    "../../etc/passwd",
    "\ud800",
]


@pytest.mark.parametrize(
    "value",
    [
        *NASTY_STRINGS,
        None,
        True,
        False,
        0,
        -1,
        10**30,
        0.1,
        -0.0,
        1e300,
        [],
        {},
        [1, "a", None, [True, {"k": [1.5]}]],
        {"a": {"b": {"c": ['"""', "\\", "\n"]}}, "": None, "x y": [0, -2.5]},
    ],
)
def test_python_literal_round_trips(value: Any) -> None:
    source = python_literal(value)
    assert ast.literal_eval(source) == value
    assert eval(source) == value


@pytest.mark.parametrize(
    ("value", "check"),
    [
        (math.nan, math.isnan),
        (math.inf, lambda x: x == math.inf),
        (-math.inf, lambda x: x == -math.inf),
    ],
)
def test_python_literal_non_finite_floats(value: float, check: Any) -> None:
    result = eval(python_literal(value))
    assert isinstance(result, float)
    assert check(result)


def test_python_literal_nan_inside_containers() -> None:
    result = eval(python_literal({"x": [math.nan, math.inf]}))
    assert math.isnan(result["x"][0])
    assert result["x"][1] == math.inf


def test_python_literal_tuple_becomes_list() -> None:
    assert python_literal((1, "a")) == '[1, "a"]'


def test_python_literal_ignores_subclass_reprs() -> None:
    class Sneaky(str):
        def __repr__(self) -> str:
            return "__import__('os').system('echo pwned')"

    class Number(int):
        def __repr__(self) -> str:
            return "<Number>"

    assert python_literal(Sneaky("x")) == '"x"'
    assert python_literal(Number(3)) == "3"


@pytest.mark.parametrize("value", [object(), {1, 2}, b"bytes", 1j])
def test_python_literal_rejects_non_json(value: object) -> None:
    with pytest.raises(TypeError):
        python_literal(value)


def _docstring_of(text: str, *, indent: str = "    ", fallback: str = "") -> str | None:
    """Compile `text` as a function's docstring, check nothing else got in, return its value."""
    source = f'def f():\n    """{docstring(text, indent=indent, fallback=fallback)}"""\n'
    tree = ast.parse(source)
    assert len(tree.body) == 1
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef)
    assert len(function.body) == 1, source
    namespace: dict[str, Any] = {}
    exec(compile(source, "<test>", "exec"), namespace)
    return inspect.getdoc(namespace["f"])


@pytest.mark.parametrize(
    "text",
    [
        "Plain text.",
        'Ends with a quote"',
        'Ends with two quotes""',
        'Ends with a triple quote"""',
        'Ends with four quotes""""',
        '"Starts with a quote',
        '"""',
        '""',
        '"',
        'Has """ inside and """ again',
        'Has """"" five',
        "Ends with a backslash\\",
        "Ends with two backslashes\\\\",
        'Backslash then quote \\"',
        "Escapes are text: \\n \\t \\x00 \\u1234 \\N{BULLET}",
        "NUL \x00 and ESC \x1b and DEL \x7f and NEL \x85 inside",
        "Bidi \u202e override \u2066 isolate",
        "BOM \ufeff inside",
        "Vertical tab \x0b and form feed \x0c inside",
        "'''single triple quotes'''",
        "{{ template }} {% tag %} {# comment #}",
        "déjà vu 日本 🐍",
    ],
)
def test_docstring_round_trips(text: str) -> None:
    assert _docstring_of(text) == text


def test_a_lone_surrogate_in_a_docstring_reads_as_its_escape() -> None:
    """Not the character itself: a class whose `__doc__` holds one cannot be created (CPython
    encodes it as UTF-8), so the docstring holds `\\ud800` as text."""
    assert _docstring_of("Lone surrogate \ud800") == "Lone surrogate \\ud800"

    text = docstring("x\udfff")
    class_source = f'class A:\n    """{text}"""\n'
    namespace: dict[str, object] = {}
    exec(compile(class_source, "a.py", "exec"), namespace)  # the class can be created
    assert namespace["A"].__doc__ == "x\\udfff"


def test_docstring_keeps_lines_and_normalizes_line_endings() -> None:
    text = "First line.\r\n\r\nSecond paragraph\rthird line.\n\n- item\n  - nested"
    expected = "First line.\n\nSecond paragraph\nthird line.\n\n- item\n  - nested"
    assert _docstring_of(text) == expected


def test_docstring_wraps_long_lines_only_at_spaces() -> None:
    text = " ".join(["word"] * 40) + ' "quoted" \\ end"'
    result = _docstring_of(text)
    assert result is not None
    assert " ".join(result.split()) == text
    assert all(len(line) <= 88 for line in docstring(text, indent="    ").splitlines())


def test_docstring_keeps_table_rows() -> None:
    row = "| " + " | ".join(["column"] * 20) + " |"
    assert _docstring_of(f"Table:\n\n{row}") == f"Table:\n\n{row}"


def test_docstring_fallback() -> None:
    assert docstring("   ", fallback="The Pet model.") == "The Pet model."
    assert _docstring_of("", fallback='A "quoted" fallback"') == 'A "quoted" fallback"'
    # Found by the "thorough" Hypothesis profile: an unstripped fallback ending in quotes + newline.
    assert _docstring_of("", fallback='""\n') == '""'
    assert _docstring_of(" \n", fallback='"\r\n') == '"'


def test_docstring_has_no_unescaped_triple_quote() -> None:
    for text in ['"""', 'a"""b', '""""', '" "" """ """"']:
        rendered = docstring(text)
        unescaped = re.sub(r"\\.", "", rendered)
        assert '"""' not in unescaped
        assert not unescaped.endswith('"')


def test_docstring_has_no_raw_control_characters() -> None:
    rendered = docstring("a\x00b\x1bc\x7fd\u202ee\ud800f")
    assert rendered == "a\\x00b\\x1bc\\x7fd\\u202ee\\\\ud800f"
    rendered.encode("utf-8")  # writable


@pytest.mark.parametrize(
    "text",
    ["simple", "multi\nline\r\ntext", "nul\x00esc\x1b", "tab\tand\x0bvt", "\u2028sep\x85nel", ""],
)
def test_python_comment_is_one_clean_line(text: str) -> None:
    comment = python_comment(text)
    assert "\n" not in comment
    assert "\r" not in comment
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in comment)
    base = "x = 1\n"
    assert ast.dump(ast.parse(base + f"# {comment}\n")) == ast.dump(ast.parse(base))


def test_python_comment_ending_in_backslash_does_not_continue() -> None:
    comment = python_comment("trailing backslash \\")
    assert comment.endswith("\\")
    source = f"x = 1  # {comment}\ny = 2\n"
    assert len(ast.parse(source).body) == 2


def test_one_line() -> None:
    assert one_line("  a\n\n b\tc\x00d  ") == "a b c d"
    assert one_line("") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("a|b", "a\\|b"),
        ("a\\|b", "a\\\\\\|b"),
        ("a\\\\|b", "a\\\\\\\\\\|b"),
        ("keep \\* markdown escapes", "keep \\* markdown escapes"),
        ("line one\nline two", "line one<br>line two"),
        ("  padded  \r\n  lines  ", "padded<br>lines"),
        ("nul\x00", "nul"),
        ("`a|b`", "`a\\|b`"),
        ("", ""),
    ],
)
def test_markdown_cell(text: str, expected: str) -> None:
    cell = markdown_cell(text)
    assert cell == expected
    assert "\n" not in cell
    assert "\r" not in cell


def test_markdown_cell_escapes_every_pipe() -> None:
    cell = markdown_cell("| \\| \\\\| \\\\\\| ||")
    for match in re.finditer(r"(\\*)\|", cell):
        assert len(match.group(1)) % 2 == 1, cell


def test_markdown_inline() -> None:
    assert markdown_inline("Title\nwith\x00 *markdown*") == "Title with *markdown*"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "`plain`"),
        ("a`b", "`` a`b ``"),
        ("a``b`", "``` a``b` ```"),
        ("`", "`` ` ``"),
        ("", "` `"),
    ],
)
def test_markdown_code_span(text: str, expected: str) -> None:
    assert markdown_code_span(text) == expected


def test_markdown_code_span_is_not_closed_early() -> None:
    for text in ["```", "a`b``c```d", "`start", "end`"]:
        span = markdown_code_span(text)
        fence = re.match(r"`+", span)
        assert fence is not None
        runs = re.findall(r"`+", span[fence.end() : -fence.end()])
        assert all(len(run) != fence.end() for run in runs)


@pytest.mark.parametrize(
    "value",
    [{"a": "日本"}, ["\x00", "\x7f", "\x85", "\u202e", "\ud800", '"', "\\"], None, 1.5],
)
def test_json_text_round_trips_without_raw_controls(value: Any) -> None:
    text = json_text(value)
    assert json.loads(text) == value
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\ud800-\udfff]", text)


def test_json_text_keeps_non_ascii_readable() -> None:
    assert json_text({"name": "déjà"}) == '{"name": "déjà"}'


@pytest.mark.parametrize(
    "value", ["a", "it's", 'say "hi"', "both ' and \"", "back\\slash", "\n\t\x00\ud800", "", "é"]
)
def test_python_literal_strings_are_quoted_as_black_quotes_them(value: str) -> None:
    """Black has less to rewrite (and so less to do) when literals come out as it prints them."""
    source = f"x = {python_literal(value)}\n"
    assert formatted(source) == source
    assert eval(python_literal(value)) == value


@given(st.text(alphabet=st.sampled_from("ab'\"\\\n\x00é\ud800 ")))
def test_python_literal_strings_round_trip_and_black_keeps_them(value: str) -> None:
    literal = python_literal(value)
    assert eval(literal) == value
    source = f"x = {literal}\n"
    assert formatted(source) == source
