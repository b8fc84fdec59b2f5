"""Hostile specs: whole documents whose every string is an attempt to break out.

Hypothesis builds small specs (1-3 operations, 0-3 component schemas, security schemes,
servers, tags) and draws every string in them — title, descriptions, summaries, enum values,
defaults, examples, paths (after their leading `/`), parameter, schema and property names, media
types, status codes, tags, operationIds, server URLs and variables, security scheme names — from
a hostile alphabet: quotes and triple quotes, backslashes, every kind of line break, Jinja2
syntax, `#`, Markdown table and link syntax, NUL and other controls, bidi overrides, lone
surrogates, non-ASCII letters, `../` and `..\\`, digits, Python keywords and the SDK's own names,
and payloads that create a marker file if they are ever executed, as Python or as a template.
Each spec is written as JSON or YAML and generated. Generation must either succeed or raise a
clean `GeneratorError`, and what it produces must hold:

- every `.py` file compiles and carries no raw control or bidi character;
- every fenced Python block in the docs compiles, and pyproject.toml parses;
- every output path is relative, inside the output directory and unique (also case-insensitively);
- every Markdown table row has as many unescaped `|` cells as its header, no row starts another
  block, and the model, enum and API tables have a row per field, member and operation;
- every relative link in the docs names a generated file, and an anchor that exists there;
- the marker file never appears.

The full depth adds: `pipeline.generate` with `validate=False` and, separately, with
`validate=True` (when both succeed the trees are identical); black leaves every `.py` file
unchanged; nothing is written outside the output directory (the example's whole temporary
directory is snapshotted); every module of the package is imported and every model, enum and
API class is instantiated, in this process, and the marker still never appears.

Examples in the normal run: 1,000 specs, every one run through the generator.

- `test_hostile_spec_renders_safely`: 850 specs through load → build → render, without black
  or writing (`validate=False`, the stage that sees the most hostile text); about 91% come out
  rendered, about 1% end in a clean error (a broken `$ref`), the rest are drawn again;
- `test_hostile_spec_renders_safely_when_validated`: 100 specs through the same stages with
  the validator on; about 70% are rejected with a clean error, 15-20% are rendered;
- `test_hostile_spec_generates_an_importable_package`: 50 specs through `pipeline.generate`,
  twice each (validation off and on), with black, writing and importing; about 85% become an
  imported package without the validator, about 17% with it (the rest it rejects cleanly).

`--hypothesis-show-statistics` shows the outcomes of a run. About 50 s of CPU in all.

Bugs found here that belong to code this file's change does not own are listed in
`KNOWN_BUGS` with a minimal spec each: `test_known_bug_is_still_there` is a strict xfail per
bug, and a hostile example that fails in exactly that way (its trigger present, the same
error) is let through, so that the rest stays checked. Fix one, and its xfail turns red: delete
the entry.

The "thorough" profile runs ten times as many (10,000):
`SDKGEN_HYPOTHESIS_PROFILE=thorough pytest tests/hostile/test_hostile.py`.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib
import inspect
import json
import keyword
import operator
import os
import pkgutil
import re
import shutil
import sys
import tempfile
import tomllib
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote, unquote

import jinja2
import pytest
import yaml
from hypothesis import HealthCheck, Phase, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from generator import format as format_stage
from generator.builder import build_api
from generator.config import make_config
from generator.diagnostics import GeneratorError, Level, escape_pointer_token
from generator.ir import Api
from generator.load import load
from generator.pipeline import generate
from generator.render.escape import (
    markdown_anchors,
    markdown_inline,
    markdown_literal,
    markdown_text,
    site_links,
)
from generator.render.files import render_api
from generator.results import OutputFile
from generator.validate import validate
from tests.support.black_style import formatted
from tests.support.corpus import build_validators

if TYPE_CHECKING:
    import pydantic

    class ApiModel(pydantic.BaseModel):
        """A generated package's `models._base.ApiModel`, as far as `exercise` uses it."""

        def to_dict(self) -> dict[str, Any]: ...


_THOROUGH = os.environ.get("SDKGEN_HYPOTHESIS_PROFILE", "default").strip().lower() == "thorough"
_SCALE = 10 if _THOROUGH else 1
_SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


def _examples(count: int) -> settings:
    # No "explain" phase: on these large inputs it takes minutes and adds little.
    phases = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]
    # The normal run is derandomized: the same examples every time, so CI is reproducible and a
    # red run means a change broke something; "thorough" explores new examples on every run.
    return settings(
        max_examples=count * _SCALE,
        deadline=None,
        suppress_health_check=_SUPPRESS,
        phases=phases,
        derandomize=not _THOROUGH,
    )


PACKAGE = "hostile_sdk"

# ---------------------------------------------------------------------------------------------
# The hostile alphabet

# Created by any payload below that runs; a fresh name per test session.
MARKER = Path(tempfile.gettempdir()) / f"sdkgen-hostile-{uuid.uuid4().hex}"
_TOUCH = f"__import__('pathlib').Path({str(MARKER)!r}).touch()"
PAYLOADS = [
    _TOUCH,
    f'"""\n{_TOUCH}\n"""',
    f"'''\n{_TOUCH}\n'''",
    f'"+{_TOUCH}+"',
    f"'+{_TOUCH}+'",
    f"\\\n{_TOUCH}",
    f"\n{_TOUCH}\n#",
    f"\r{_TOUCH}\r",
    f'"); {_TOUCH}; ("',
    f"{{{_TOUCH}}}",  # an f-string replacement field
    f"{{{{ cycler.__init__.__globals__.os.system('touch {MARKER}') }}}}",  # Jinja2 SSTI
    f"{{% set x = cycler.__init__.__globals__.os.system('touch {MARKER}') %}}",
]
_TOKENS = [
    # quotes and escapes
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    '\\"',
    "\\'",
    "\\n",
    "\\x00",
    "\\u202e",
    "\\N{BULLET}",
    # line breaks of every kind
    "\n",
    "\r",
    "\r\n",
    "\x0b",
    "\x0c",
    "\x85",
    "\u2028",
    "\u2029",
    # template syntax
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "{{ 7*7 }}",
    "{% raw %}",
    "{% endfor %}",
    "{{ api }}",
    "{",
    "}",
    "%s",
    "{0}",
    # comments, Markdown
    "#",
    "# ",
    "|",
    "\\|",
    "||",
    "`",
    "```",
    "<br>",
    "<a id=",
    "<!--",
    "[",
    "]",
    "(",
    ")",
    "](",
    "[x](../README.md)",
    "[x](../../etc/passwd)",
    "[x](/docs/x)",
    "[x](#top)",
    "[x](https://example.com/a b)",
    "*",
    "**",
    "_",
    ">",
    "- ",
    "---",
    ":--",
    # controls, bidi, odd Unicode
    "\x00",
    "\x01",
    "\x1b",
    "\x7f",
    "\x9f",
    "\t",
    "\u202e",
    "\u202a",
    "\u2066",
    "\u2069",
    "\u200b",
    "\ufeff",
    "\ud800",
    "\udfff",
    "é",
    "ß",
    "İ",
    "日本",
    "🐍",
    "\uff26",  # full-width F
    "\u0301",  # combining accent
    # paths
    "../",
    "..\\",
    "..",
    "/",
    "//",
    "\\\\",
    "C:",
    "~",
    "~1",
    "%2e%2e%2f",
    "%",
    "?",
    "&",
    "=",
    ":",
    ";",
    ",",
    # spaces, digits, punctuation
    " ",
    "  ",
    "0",
    "1",
    "12",
    "-",
    "+",
    ".",
    "$",
    "@",
    "a",
    "B",
    "camelCase",
    "HTTPResponse",
    # names the generated code or the SDK uses
    *keyword.kwlist,
    *keyword.softkwlist,
    "self",
    "cls",
    "print",
    "str",
    "int",
    "type",
    "id",
    "headers",
    "response",
    "_request_timeout",
    "_headers",
    "to_dict",
    "model_dump",
    "model_config",
    "__init__",
    "__class__",
    "_base",
    "api",
    "models",
    "docs",
    "README",
    "py.typed",
    "Configuration",
    "ApiClient",
    "ApiModel",
    "BaseModel",
    "Field",
    "Client",
    "Exception",
]
# A few draws per string: a fixed sample of code points stands in for `st.characters()`.
_CHARACTERS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA1), 0xAD, 0x34F, 0x61C, 0x115F)]
_CHARACTERS += [chr(c) for c in (0x180E, 0x200B, 0x200D, 0x200E, 0x200F, 0x2060, 0x2064, 0xFE0F)]
_CHARACTERS += [chr(c) for c in (0xFFF9, 0xFFFC, 0xFFFD, 0xFFFE, 0xE000, 0x10FFFF, 0x1D11E)]
_CHARACTERS += list("ǅʼˮ͵ΐאء٠१ก༠ᄀ　あ가ﬁ﷽ﾟ") + [chr(c) for c in range(0x21, 0x7F)]
hostile = st.lists(st.sampled_from(_TOKENS + PAYLOADS + _CHARACTERS), max_size=5).map("".join)
# Component names the validator accepts, so that some validated specs get through.
tame_name = st.from_regex(r"[A-Za-z][A-Za-z0-9._-]{0,8}", fullmatch=True) | st.sampled_from(
    ["from", "class", "Client", "Field", "BaseModel", "self", "type", "model_config", "1"]
)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    hostile,
)
json_values = st.one_of(
    json_scalars,
    st.lists(json_scalars, max_size=3),
    st.dictionaries(hostile, json_scalars, max_size=2),
)

# ---------------------------------------------------------------------------------------------
# Specs
#
# The strategies are built once: a reference to a component schema or a security scheme is a
# `Slot`, filled in with a real name once the spec's names are drawn (`fill`).


@dataclass(frozen=True)
class Slot:
    kind: str  # "schema" or "scheme"
    index: int
    encoded: bool = True  # a schema $ref percent-encoded, as a URI fragment should be


def ref(name: str, *, encoded: bool = True) -> dict[str, str]:
    token = escape_pointer_token(name)
    if encoded:
        token = quote(token.encode("utf-8", "surrogatepass"), safe="")
    return {"$ref": "#/components/schemas/" + token}


def fill(node: Any, names: list[str], schemes: list[str]) -> Any:
    """The spec with every `Slot` replaced by one of `names` or `schemes` (or dropped)."""
    if isinstance(node, dict):
        target = node.get("$ref")
        if isinstance(target, Slot):
            return ref(names[target.index % len(names)], encoded=target.encoded) if names else {}
        result: dict[str, Any] = {}
        for key, value in node.items():
            if isinstance(value, list) and value and all(isinstance(v, Slot) for v in value):
                if schemes:  # an operation's security requirements
                    result[key] = [{schemes[slot.index % len(schemes)]: []} for slot in value]
            else:
                result[key] = fill(value, names, schemes)
        return result
    if isinstance(node, list):
        return [fill(item, names, schemes) for item in node]
    return node


def _with(base: dict[str, Any], **optional: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.fixed_dictionaries({k: st.just(v) for k, v in base.items()}, optional=optional)


schema_ref = st.builds(
    lambda index, encoded: {"$ref": Slot("schema", index, encoded)},
    st.integers(0, 2),
    st.sampled_from([True] * 9 + [False]),
)
_enum_values = st.lists(hostile, min_size=1, max_size=4, unique=True)
leaf_schemas = st.one_of(
    _with({"type": "string"}, pattern=hostile, maxLength=st.integers(0, 99), format=hostile),
    _enum_values.flatmap(
        lambda values: _with(
            {"type": "string", "enum": values}, default=st.sampled_from(values) | hostile
        )
    ),
    st.fixed_dictionaries(
        {"type": st.just("integer"), "enum": st.lists(st.integers(-5, 99), min_size=1, unique=True)}
    ),
    st.fixed_dictionaries({"type": st.just("integer"), "minimum": st.integers(-9, 9)}),
    st.fixed_dictionaries({"type": st.sampled_from(["number", "boolean"])}),
    st.fixed_dictionaries(
        {"type": st.just("string"), "format": st.sampled_from(["date", "date-time", "byte"])}
    ),
    st.just({}),
    schema_ref,
    schema_ref,
    st.builds(lambda items: {"type": "array", "items": items}, schema_ref),
)


def _annotated(schema: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[Any]:
    extra = _with(
        {}, description=hostile, default=json_values, example=json_values, nullable=st.just(True)
    )
    return st.builds(lambda a, b: {**a, **b}, schema, extra)


def _object(properties: dict[str, Any], values: st.SearchStrategy[Any]) -> Any:
    keys = st.sampled_from(list(properties))
    return _with(
        {"type": "object", "properties": properties},
        required=st.lists(keys, max_size=2, unique=True),
        description=hostile,
        title=hostile,
        example=st.dictionaries(keys, json_values, max_size=3),
        additionalProperties=st.booleans() | values,
    )


def objects(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    properties = st.dictionaries(hostile, values, min_size=1, max_size=4)
    return properties.flatmap(lambda found: _object(found, values))


_leaves = _annotated(leaf_schemas)
schemas = _annotated(
    st.one_of(
        leaf_schemas,
        leaf_schemas,
        st.builds(lambda items: {"type": "array", "items": items}, _leaves),
        st.builds(lambda extra: {"type": "object", "additionalProperties": extra}, _leaves),
        objects(_leaves),
        st.builds(lambda options: {"oneOf": options}, st.lists(_leaves, min_size=1, max_size=3)),
        st.builds(lambda parts: {"allOf": parts}, st.lists(_leaves, min_size=1, max_size=2)),
    )
)
component_schemas = st.one_of(
    objects(schemas),
    objects(schemas),
    st.builds(lambda parent, own: {"allOf": [parent, own]}, schema_ref, objects(schemas)),
    _with({"type": "string"}, description=hostile).flatmap(
        lambda base: _enum_values.map(lambda values: {**base, "enum": values})
    ),
    st.fixed_dictionaries(
        {"type": st.just("integer"), "enum": st.lists(st.integers(-3, 30), min_size=1, unique=True)}
    ),
)

media_types = st.one_of(
    st.sampled_from(
        [
            "application/json",
            "application/problem+json",
            "text/plain",
            "application/octet-stream",
            "application/xml",
            "multipart/form-data",
        ]
    ),
    hostile.map(lambda text: f"application/{text}"),
)
urls = st.builds(operator.add, st.sampled_from(["https://", "http://", "", "//", "/"]), hostile)
parameters = st.builds(
    lambda parameter, required: (
        {**parameter, "required": True} if parameter["in"] == "path" or required else parameter
    ),
    _with(
        {},
        description=hostile,
        example=json_values,
    ).flatmap(
        lambda extra: st.fixed_dictionaries(
            {
                "name": hostile,
                "in": st.sampled_from(["path", "query", "query", "header", "cookie"]),
                "schema": _leaves,
            }
        ).map(lambda parameter: {**parameter, **extra})
    ),
    st.booleans(),
)
responses = st.dictionaries(
    st.sampled_from(["200", "201", "204", "400", "404", "418", "429", "default"]) | hostile,
    _with(
        {},
        content=st.dictionaries(
            media_types, st.fixed_dictionaries({"schema": schemas}), max_size=1
        ),
        headers=st.dictionaries(
            hostile,
            _with({"schema": {"type": "string"}}, description=hostile),
            max_size=2,
        ),
    ).flatmap(lambda response: hostile.map(lambda text: {"description": text, **response})),
    min_size=1,
    max_size=3,
)
request_bodies = _with(
    {},
    required=st.booleans(),
    description=hostile,
).flatmap(
    lambda body: st.dictionaries(
        media_types,
        _with({}, example=json_values).flatmap(
            lambda media: schemas.map(lambda schema: {"schema": schema, **media})
        ),
        min_size=1,
        max_size=2,
    ).map(lambda content: {"content": content, **body})
)


def _operation(
    base: dict[str, Any], path: str, method: str, params: list[dict[str, Any]]
) -> tuple[str, str, dict[str, Any]]:
    for parameter in params:
        if parameter["in"] == "path":
            path += "/{" + parameter["name"] + "}"
    return "/" + path, method, {**base, **({"parameters": params} if params else {})}


operations = st.builds(
    _operation,
    _with(
        {},
        operationId=hostile,
        summary=hostile,
        description=hostile,
        tags=st.lists(hostile, min_size=1, max_size=2),
        requestBody=request_bodies,
        security=st.lists(st.builds(Slot, st.just("scheme"), st.integers(0, 2)), max_size=2),
        servers=st.lists(st.fixed_dictionaries({"url": urls}), min_size=1, max_size=1),
        deprecated=st.just(True),
        **{"x-sdkgen-pagination": st.sampled_from(["link", "link", "pages"])},
    ).flatmap(lambda operation: responses.map(lambda found: {**operation, "responses": found})),
    hostile,
    st.sampled_from(["get", "put", "post", "delete", "patch", "head", "options"]),
    st.lists(parameters, max_size=3),
)


def security_schemes(names: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, Any]]:
    scheme = st.one_of(
        st.fixed_dictionaries(
            {"type": st.just("http"), "scheme": st.sampled_from(["basic", "bearer"])}
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("apiKey"),
                "in": st.sampled_from(["header", "query", "cookie"]),
                "name": hostile,
            }
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("oauth2"),
                "flows": st.fixed_dictionaries(
                    {
                        "clientCredentials": st.fixed_dictionaries(
                            {
                                "tokenUrl": urls,
                                "scopes": st.dictionaries(hostile, hostile, max_size=2),
                            }
                        )
                    }
                ),
            }
        ),
        st.fixed_dictionaries({"type": st.just("openIdConnect"), "openIdConnectUrl": urls}),
        st.fixed_dictionaries({"type": hostile, "scheme": hostile, "in": hostile}),
    )
    described = st.builds(lambda a, b: {**a, **b}, scheme, _with({}, description=hostile))
    return st.dictionaries(names, described, max_size=3)


_SCHEMES = {False: security_schemes(hostile), True: security_schemes(tame_name)}
_servers = st.builds(
    lambda url, description, variable: (
        {"url": url, "description": description}
        if variable is None
        else {
            "url": url + "{" + variable[0] + "}",
            "description": description,
            "variables": {
                variable[0]: {"default": variable[1], "enum": [variable[1], variable[2]]}
            },
        }
    ),
    urls,
    hostile,
    st.none() | st.tuples(hostile, hostile, hostile),
)


@st.composite
def specs(draw: st.DrawFn, *, tame: bool = False) -> dict[str, Any]:
    """A whole spec; `tame` draws schema and scheme names the validator accepts, half the time."""
    tamed = tame and draw(st.booleans())
    names = draw(st.lists(tame_name if tamed else hostile, max_size=3, unique=True))
    schemes = draw(_SCHEMES[tamed])
    paths: dict[str, Any] = {}
    for path, method, operation in draw(st.lists(operations, min_size=1, max_size=3)):
        paths.setdefault(path, {})[method] = operation
    spec: dict[str, Any] = {
        "openapi": draw(st.sampled_from(["3.0.3", "3.1.0"])),
        "info": draw(
            _with({"title": draw(hostile), "version": draw(hostile)}, description=hostile)
        ),
        "paths": paths,
    }
    components = {
        "schemas": {name: draw(component_schemas) for name in names},
        "securitySchemes": schemes,
    }
    spec["components"] = {key: value for key, value in components.items() if value}
    # Two ifs, here and for tags below: in `schemes and draw(...)`, mypy infers what the draw
    # returns from the type of `schemes`.
    if schemes:
        if draw(st.booleans()):
            spec["security"] = [{name: []} for name in schemes]
    if draw(st.booleans()):
        spec["servers"] = [draw(_servers)]
    tags = sorted(
        {tag for item in paths.values() for op in item.values() for tag in op.get("tags", ())}
    )
    if tags:
        if draw(st.booleans()):
            spec["tags"] = [{"name": tag, "description": draw(hostile)} for tag in tags]
    filled = fill(spec, names, list(schemes))
    assert isinstance(filled, dict)  # fill gives back a dict for a dict
    return filled


def write_spec(spec: dict[str, Any], directory: Path, style: str) -> Path:
    """The spec as a file: JSON (ASCII-escaped) or YAML (escaped or raw Unicode)."""
    if style == "json":
        path = directory / "spec.json"
        path.write_text(json.dumps(spec), encoding="utf-8")
        return path
    path = directory / "spec.yaml"
    unicode = style == "yaml-unicode"
    try:
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        text = yaml.dump(spec, Dumper=dumper, allow_unicode=unicode, sort_keys=False)
        path.write_text(text, encoding="utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which YAML cannot hold: JSON is YAML too
        path.write_text(json.dumps(spec), encoding="utf-8")
    return path


styles = st.sampled_from(["json", "yaml", "yaml-unicode"])

# ---------------------------------------------------------------------------------------------
# Checks of what generation produced


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


_CLEAN: set[str] = set()  # digests of Python sources already found to compile cleanly
_RAW_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)
_PYTHON_FENCE = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)


# Names only the payloads use: one of them outside a string literal is spec text run as code,
# wherever it would run (at import, or when a method is called).
_PAYLOAD_NAMES = {"__import__", "cycler"}


def check_python(path: str, source: str) -> None:
    """Compiles, carries no payload as code and no character that could hide code."""
    key = _digest(source)
    if key in _CLEAN:
        return
    found = _RAW_CONTROL.search(source)
    assert found is None, f"{path}: raw {found.group()!r} at {found.start()}"
    tree = ast.parse(source, path)
    compile(tree, path, "exec", dont_inherit=True)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in _PAYLOAD_NAMES:
            raise AssertionError(f"{path}:{node.lineno}: code from the spec: {node.id}")
    _CLEAN.add(key)


def check_paths(files: list[OutputFile], root: Path) -> None:
    """Relative, inside the output directory, unique even on a case-insensitive disk."""
    seen: dict[str, str] = {}
    for file in files:
        path = file.path
        assert path and not path.startswith("/") and "\\" not in path and "\0" not in path, path
        parts = PurePosixPath(path).parts
        assert ".." not in parts and "." not in parts and "" not in path.split("/"), path
        assert (root / path).resolve().is_relative_to(root.resolve()), path
        assert path.casefold() not in seen, f"{path!r} clashes with {seen[path.casefold()]!r}"
        seen[path.casefold()] = path


def _pipes(line: str) -> list[int]:
    """Where the unescaped `|` of a table row are (a pipe after an odd run of `\\` is text)."""
    found = []
    backslashes = 0
    for index, char in enumerate(line):
        if char == "|" and backslashes % 2 == 0:
            found.append(index)
        backslashes = backslashes + 1 if char == "\\" else 0
    return found


def _cells(line: str, *, closed: bool) -> int:
    """How many cells a table row has; `closed`: the table's rows end with an outer pipe.

    A row of a table written without outer pipes that ends in an empty cell (`a | b | `) has a
    pipe at its end, which starts that last cell.
    """
    row = line.strip()
    pipes = _pipes(row)
    count = len(pipes) + 1
    if pipes and pipes[0] == 0:
        count -= 1
    if closed and pipes and pipes[-1] == len(row) - 1 and len(row) > 1:
        count -= 1
    return count


_DELIMITER = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
# What would end a table by starting another block: a quote, heading, list, fence, HTML block.
_BLOCK_START = re.compile(r"^( {4,}|\s{0,3}(>|#{1,6}(\s|$)|[-+*]\s|\d{1,9}[.)]\s|```|~~~|<))")


def tables(markdown: str) -> list[tuple[int, bool, list[str]]]:
    """(header cell count, whether rows end with a pipe, body rows) of each GFM table."""
    lines = markdown.split("\n")
    found = []
    fenced = fences(lines)
    for index in range(1, len(lines)):
        delimiter = lines[index]
        if index in fenced or "|" not in delimiter or not _DELIMITER.match(delimiter):
            continue  # GFM: no table without a pipe in its delimiter row (`a\n-` is a heading)
        if not lines[index - 1].strip():
            continue
        header_line = lines[index - 1].strip()
        closed = header_line.endswith("|")
        header = _cells(header_line, closed=closed)
        assert header == _cells(lines[index], closed=closed), f"not a table: {header_line!r}"
        rows = []
        for line in lines[index + 1 :]:
            if not line.strip():
                break
            rows.append(line)
        found.append((header, closed, rows))
    return found


def fences(lines: list[str]) -> set[int]:
    """Indexes of the lines inside fenced code blocks; the document must close every fence."""
    inside: set[int] = set()
    opened: str | None = None
    for index, line in enumerate(lines):
        if opened is None and line.lstrip(" ")[:1] not in ("`", "~"):
            continue
        if opened is None:
            match = re.match(r" {0,3}(`{3,}(?=[^`]*$)|~{3,})", line)
            if match:
                opened = match.group(1)
                inside.add(index)
        else:
            inside.add(index)
            if re.match(rf" {{0,3}}{re.escape(opened[0])}{{{len(opened)},}}[ \t]*$", line):
                opened = None
    assert opened is None, "a code fence is never closed"
    return inside


def check_tables(path: str, markdown: str) -> list[int]:
    """Every row as wide as its header; the row counts of the document's tables."""
    counts = []
    for header, closed, rows in tables(markdown):
        for row in rows:
            cells = _cells(row, closed=closed)
            assert cells == header, f"{path}: row has {cells} cells, not {header}: {row!r}"
            assert not _BLOCK_START.match(row), f"{path}: row starts another block: {row!r}"
        counts.append(len(rows))
    return counts


_HEADING = re.compile(r"^#{1,6} +(.*?) *#* *$", re.MULTILINE)
_ANCHOR = re.compile(r"""<a id="([^"]*)"></a>""")


def anchors(markdown: str) -> set[str]:
    """`<a id>` anchors and GitHub's heading slugs."""
    found = set(_ANCHOR.findall(markdown))
    for heading in _HEADING.findall(markdown):
        found.add(re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-"))
    return found


def _escaped(text: str, index: int) -> bool:
    run = len(text[:index]) - len(text[:index].rstrip("\\"))
    return run % 2 == 1


def _link_end(text: str, index: int) -> tuple[str, int] | None:
    """CommonMark's `(destination "title")` from after the `(`: (destination, end) or None."""
    space = re.compile(r"[ \t]*\n?[ \t]*")
    index = space.match(text, index).end()  # type: ignore[union-attr]
    if text.startswith("<", index):
        angle = re.compile(r"<((?:[^<>\n\\]|\\.)*)>").match(text, index)
        if angle is None:
            return None
        destination, index = angle.group(1), angle.end()
    else:
        start, depth = index, 0
        while index < len(text) and text[index] > " " and text[index] != "\x7f":
            if text[index] == "\\":
                index += 2
                continue
            depth += {"(": 1, ")": -1}.get(text[index], 0)
            if depth < 0:
                break
            index += 1
        if depth > 0:
            return None
        destination = text[start:index]
    index = space.match(text, index).end()  # type: ignore[union-attr]
    title = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)""", re.DOTALL)
    if (found := title.match(text, index)) is not None:
        index = space.match(text, found.end()).end()  # type: ignore[union-attr]
    return (destination, index + 1) if text.startswith(")", index) else None


def links(markdown: str) -> Iterator[str]:
    """Destinations of inline links and images, reference definitions and HTML href/src."""
    for match in re.finditer(r"\]\(", markdown):
        if _escaped(markdown, match.start()):
            continue
        depth, opening = 0, None
        for index in range(match.start() - 1, -1, -1):
            if markdown.startswith("\n\n", index):
                break
            char = markdown[index]
            if char in "[]" and not _escaped(markdown, index):
                if char == "]":
                    depth += 1
                elif depth:
                    depth -= 1
                else:
                    opening = index
                    break
        parsed = _link_end(markdown, match.end())
        if opening is not None and parsed is not None:
            yield parsed[0]
    for match in re.finditer(r"^ {0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*\n?[ \t]*(\S+)", markdown, re.M):
        yield match.group(1).strip("<>")
    tag = (
        r"""(?<!\\)<[A-Za-z][A-Za-z0-9-]*\b[^<>]*?\s(?:href|src)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)"""
    )
    for match in re.finditer(tag, markdown, re.IGNORECASE):
        yield match.group(1).strip("\"'")


_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def prose(markdown: str) -> str:
    """The document without its fenced code blocks and code spans, where nothing is a link."""
    lines = markdown.split("\n")
    fenced = fences(lines)
    kept = [line for index, line in enumerate(lines) if index not in fenced]
    return _CODE_SPAN.sub("", "\n".join(kept))


def check_links(files: dict[str, str]) -> None:
    """Every relative link names a generated file, and an anchor that file has.

    Links the spec's own text carries to a fragment of some page of the vendor's (`#fields`)
    are turned into plain text by the generator, so every relative link left is one of ours.
    """
    targets = {path: anchors(prose(text)) for path, text in files.items() if path.endswith(".md")}
    for path, text in files.items():
        if not path.endswith(".md"):
            continue
        for destination in links(prose(text)):
            if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|//", destination):
                continue  # absolute: http://, mailto:, //host
            file_part, _, fragment = destination.partition("#")
            target = path
            if file_part:
                target = os.path.normpath(os.path.join(os.path.dirname(path), file_part))
                assert target in targets, f"{path}: link to a missing file: {destination!r}"
            if fragment:
                assert fragment in targets[target], f"{path}: no anchor for {destination!r}"


def check_markdown(path: str, text: str, api: Api | None) -> None:
    counts = check_tables(path, text)
    for block in _PYTHON_FENCE.findall(text):
        check_python(f"{path} (example)", block)
    if api is None:
        return
    name = PurePosixPath(path).stem
    for model in api.models:
        if path == f"docs/{model.name}.md":
            assert counts[0] == len(model.fields), (path, counts)
    for enum in api.enums:
        if path == f"docs/{enum.name}.md":
            assert counts[0] == len(enum.members), (path, counts)
    for api_class in api.apis:
        if name == api_class.name:
            assert counts[0] == len(api_class.operations), (path, counts)
            arguments = [len(op.arguments) for op in api_class.operations if op.arguments]
            responses = [len(op.responses) for op in api_class.operations]
            assert sorted(counts[1:]) == sorted(arguments + responses), (path, counts)


def check_rendered(files: list[OutputFile], api: Api | None, root: Path) -> None:
    """Everything that holds of rendered output, before black and before writing."""
    assert not MARKER.exists(), "a payload ran while generating"
    check_paths(files, root)
    contents = {f.path: f.content for f in files}
    for path, text in contents.items():
        text.encode("utf-8")  # no lone surrogate
        assert "\0" not in text, f"{path}: NUL"
        if path.endswith(".py"):
            check_python(path, text)
        elif path.endswith(".md"):
            check_markdown(path, text, api)
    tomllib.loads(contents["pyproject.toml"])
    check_links(contents)


def note_event(text: str) -> None:
    """Counted in `--hypothesis-show-statistics`; nothing outside a Hypothesis test."""
    if currently_in_test_context():
        event(text)


# ---------------------------------------------------------------------------------------------
# Bugs found here whose fix belongs to code another change owns. Each has its minimal spec,
# run by `test_known_bug_is_still_there` (strict xfail: once it is fixed, that test fails and
# the entry goes). Until then a hostile spec that has the trigger may fail the same way.


def _ref_name(schema: Any) -> str | None:
    target = schema.get("$ref") if isinstance(schema, dict) else None
    if not isinstance(target, str) or not target.startswith("#/components/schemas/"):
        return None
    token = unquote(target.removeprefix("#/components/schemas/"), errors="surrogatepass")
    return token.replace("~1", "/").replace("~0", "~")


def _all_of_cycle(spec: dict[str, Any]) -> bool:
    """Component schemas that reach one another through `allOf` references."""
    components = spec.get("components", {}).get("schemas", {})
    edges = {
        name: {
            target for part in schema.get("allOf", []) if (target := _ref_name(part)) is not None
        }
        for name, schema in components.items()
        if isinstance(schema, dict)
    }

    def reaches(start: str, goal: str, seen: frozenset[str]) -> bool:
        return any(
            target == goal or (target not in seen and reaches(target, goal, seen | {target}))
            for target in edges.get(start, ())
        )

    return any(reaches(name, name, frozenset({name})) for name in edges)


def _enum_with_triple_quotes(spec: dict[str, Any]) -> bool:
    """An enum value with `\"\"\"` in it (it reaches a docstring's `:return:` as a literal)."""

    def walk(node: Any) -> bool:
        if isinstance(node, dict):
            values = node.get("enum")
            if isinstance(values, list) and any('"""' in str(v) for v in values):
                return True
            return any(walk(v) for v in node.values())
        return isinstance(node, list) and any(walk(v) for v in node)

    return walk(spec)


def _odd_api_key(spec: dict[str, Any]) -> bool:
    """An apiKey scheme whose `in` is not header, query or cookie."""
    schemes = spec.get("components", {}).get("securitySchemes", {}).values()
    return any(
        s.get("type") == "apiKey" and s.get("in") not in ("header", "query", "cookie")
        for s in schemes
    )


def _astral(spec: dict[str, Any]) -> bool:
    """A character outside the BMP in the title or description (pyproject.toml's description)."""
    info = spec.get("info", {})
    text = f"{info.get('title', '')}{info.get('description', '')}"
    return any(ord(c) > 0xFFFF for c in text)


def _odd_status(spec: dict[str, Any]) -> bool:
    """A response status that `str.isdigit` takes for digits and `int` does not (`¹`)."""
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            for status in operation.get("responses", {}):
                if status.isdigit() and not status.isascii():
                    return True
    return False


def _minimal(**extra: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}},
    }
    spec.update(extra)
    return spec


@dataclass(frozen=True)
class KnownBug:
    id: str
    name: str
    where: str
    trigger: Callable[[dict[str, Any]], bool]  # whether a spec can meet the bug
    error: str  # a regex the failure (`Type: message`) matches
    spec: dict[str, Any]  # the minimal spec that shows it


def _has_key(node: Any, key: str) -> bool:
    if isinstance(node, dict):
        return key in node or any(_has_key(v, key) for v in node.values())
    return isinstance(node, list) and any(_has_key(v, key) for v in node)


def _surrogate(spec: dict[str, Any]) -> bool:
    """A lone surrogate anywhere in the spec."""
    return re.search("[\ud800-\udfff]", json.dumps(spec, ensure_ascii=False)) is not None


# None known: the last three (a `pattern` pydantic's Rust engine rejects, a `pattern` that made
# `re` warn, models that extend each other through `allOf`) are fixed, and pinned down in
# tests/functional/test_hostile_regressions.py.
KNOWN_BUGS: list[KnownBug] = []


@contextmanager
def known_bugs_tolerated(spec: dict[str, Any]) -> Iterator[None]:
    """Lets a failure through silently only when the spec has the trigger of a known bug."""
    try:
        yield
    except GeneratorError:
        raise
    except Exception as error:
        failure = f"{type(error).__name__}: {error}"
        bugs = [bug for bug in KNOWN_BUGS if bug.trigger(spec) and re.search(bug.error, failure)]
        if not bugs:
            raise
        note_event(f"known bug: {bugs[0].name}")


# ---------------------------------------------------------------------------------------------
# Stage-level: load → build → render


@pytest.fixture(scope="module", autouse=True)
def _no_marker() -> Iterator[None]:
    MARKER.unlink(missing_ok=True)
    yield
    ran = MARKER.exists()
    MARKER.unlink(missing_ok=True)
    shutil.rmtree(_work_directory(), ignore_errors=True)
    assert not ran, "a payload from a spec was executed"


@functools.cache
def _work_directory() -> Path:
    """Where the examples write their specs and output, one after another."""
    return Path(tempfile.mkdtemp(prefix="sdkgen-hostile-"))


def render_stage(
    spec: dict[str, Any], style: str, *, validated: bool, tolerate: bool = True
) -> None:
    directory = _work_directory()
    spec_file = write_spec(spec, directory, style)
    config = make_config({"spec": spec_file, "output": directory / "out", "package": PACKAGE})
    with known_bugs_tolerated(spec) if tolerate else nullcontext():
        try:
            document = load(spec_file)
            if validated and any(d.level is Level.ERROR for d in validate(document)):
                note_event("rejected by the validator")
                return
            api, _ = build_api(document, config)
            files = render_api(api)
        except GeneratorError as error:
            note_event("clean error: " + re.sub(r"/\S+", "<path>", str(error))[:50])
            return
        note_event("generated")
        check_rendered(files, api, directory / "out")


@_examples(850)
@given(specs(), styles)
def test_hostile_spec_renders_safely(spec: dict[str, Any], style: str) -> None:
    render_stage(spec, style, validated=False)


@_examples(100)
@given(specs(tame=True), styles)
def test_hostile_spec_renders_safely_when_validated(spec: dict[str, Any], style: str) -> None:
    render_stage(spec, style, validated=True)


# ---------------------------------------------------------------------------------------------
# Full depth: pipeline.generate, black, the disk, import


@functools.lru_cache(maxsize=512)
def _black_once(source: str, path: str) -> str:
    return _ORIGINAL_BLACK(source, path)


_ORIGINAL_BLACK: Callable[[str, str], str] = format_stage._black


@pytest.fixture(scope="module")
def _memoized_black() -> Iterator[None]:
    """Black is pure: the package's fixed modules are formatted once, not once per example."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(format_stage, "_black", _black_once)
        yield


def _listing(root: Path) -> dict[str, bytes]:
    """Every file's bytes and every directory (as `<dir>`): nothing may appear or vanish."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(root.rglob("*"))
    }


_PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)


@functools.lru_cache(maxsize=512)
def _formatted(source: str) -> bool:
    return formatted(source) == source


@contextmanager
def importable(directory: Path) -> Iterator[None]:
    """The package importable from `directory`, and forgotten again afterwards."""
    entry = str(directory)
    sys.path.insert(0, entry)
    importlib.invalidate_caches()
    bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        yield
    finally:
        sys.dont_write_bytecode = bytecode
        sys.path.remove(entry)
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def exercise(directory: Path) -> None:
    """Import every module; instantiate every model, enum and API class; build validators."""
    with importable(directory):
        package = importlib.import_module(PACKAGE)
        modules = [
            importlib.import_module(info.name)
            for info in pkgutil.walk_packages(package.__path__, PACKAGE + ".")
        ]
        base = importlib.import_module(f"{PACKAGE}.models._base")
        # Attributes of a module imported by name are untyped: say what these two are.
        api_model: type[ApiModel] = base.ApiModel
        enum_base: type[Enum] = base.Enum
        configuration = package.Configuration()
        repr(configuration)
        with package.ApiClient(configuration) as client:
            for module in modules:
                for _, value in inspect.getmembers(module, inspect.isclass):
                    if value.__module__ != module.__name__:
                        continue
                    if issubclass(value, api_model) and value is not api_model:
                        instance = value.model_construct()
                        repr(instance)
                        instance.to_dict()
                    elif module.__name__.startswith(f"{PACKAGE}.models.") and issubclass(
                        value, enum_base
                    ):
                        for member in value:
                            value(member.value)
                    elif module.__name__.startswith(f"{PACKAGE}.api.") and not (
                        value.__name__.startswith("_")
                    ):
                        # Argument validators are built on a method's first call.
                        build_validators(value)
                        if not value.__name__.startswith("Async"):
                            # An API class, known only by its module: it takes the client.
                            api_class = cast(Callable[[Any], object], value)
                            api_class(client)


def full_generation(spec: dict[str, Any], style: str, directory: Path) -> None:
    """Both pipelines into `directory/a/b/c/out-*`: a path that climbs out lands in the tree."""
    work = directory / "a" / "b" / "c"
    work.mkdir(parents=True)
    spec_file = write_spec(spec, work, style)
    before = _listing(directory)
    outputs = {}
    for validated in (False, True):
        out = work / f"out-{validated}"
        config = make_config(
            {"spec": spec_file, "output": out, "package": PACKAGE, "validate": validated}
        )
        try:
            generate(config)
        except GeneratorError as error:
            # Black failing means a template emitted invalid Python: a bug, not the spec's.
            assert "invalid Python" not in str(error), str(error)
            kind = "validated" if validated else "lenient"
            note_event(f"{kind}: clean error: " + re.sub(r"/\S+", "<path>", str(error))[:50])
            assert not out.exists() or not any(out.iterdir()), "a failed run wrote files"
            continue
        note_event(f"{'validated' if validated else 'lenient'}: generated")
        outputs[validated] = _listing(out)
    assert not MARKER.exists(), "a payload ran while generating"
    elsewhere = {
        path: content
        for path, content in _listing(directory).items()
        if not path.startswith(("a/b/c/out-False", "a/b/c/out-True"))
    }
    assert elsewhere == before, "written outside the output directory"
    if len(outputs) == 2:  # the same files; only sdkgen's own records may differ
        same = [
            {p: c for p, c in o.items() if not p.startswith(".sdkgen")} for o in outputs.values()
        ]
        assert same[0] == same[1], "validation changed the generated files"
    if False not in outputs:
        return
    out = work / "out-False"
    files = [
        OutputFile(path=path, content=content.decode("utf-8"))
        for path, content in outputs[False].items()
        if content != b"<dir>" and not path.startswith(".sdkgen/")
    ]
    # sdkgen lays out most files itself (black sees only what it is unsure of): black is the
    # oracle for every module and every Python example of the docs.
    for file in files:
        if file.path.endswith(".py"):
            assert _formatted(file.content), f"black would change {file.path}"
        elif file.path.endswith(".md"):
            for example in _PYTHON_BLOCK.findall(file.content):
                assert _formatted(example), f"black would change an example in {file.path}"
    check_rendered(files, None, out)
    exercise(out)
    assert not MARKER.exists(), "a payload ran while importing"


@pytest.mark.usefixtures("_memoized_black")
@_examples(50)
@given(specs(tame=True), styles)
def test_hostile_spec_generates_an_importable_package(spec: dict[str, Any], style: str) -> None:
    # Always the same directory, so that a failure replays with the same paths in its traceback.
    directory = _work_directory() / "full"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir()
    with known_bugs_tolerated(spec):
        full_generation(spec, style, directory)


def test_known_bug_specs_have_their_trigger() -> None:
    for bug in KNOWN_BUGS:
        assert bug.trigger(bug.spec), bug.name


@pytest.mark.usefixtures("_memoized_black")
@pytest.mark.parametrize(
    "bug",
    [
        pytest.param(bug, id=bug.id, marks=pytest.mark.xfail(strict=True, reason=bug.name))
        for bug in KNOWN_BUGS
    ],
)
def test_known_bug_is_still_there(bug: KnownBug, tmp_path: Path) -> None:
    """Fails (as expected) while the bug is there; once it is fixed, drop it from KNOWN_BUGS."""
    render_stage(bug.spec, "json", validated=False, tolerate=False)
    full_generation(bug.spec, "json", tmp_path)


# ---------------------------------------------------------------------------------------------
# What the examples above found in the docs helpers, pinned down


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see [fields](#parameter-fields)", "see fields"),  # the vendor page's anchor
        ("[a](<../x y.md>)", "a"),
        ('[a](../x.md "title")', "a"),
        ("[a](x(1).md)", "a"),
        ("[[a]](x.md)", "[a]"),
        ("![logo](img/logo.png)", "logo"),
        ("[a](\n../x.md)", "a"),
        ("[ref]: ../x.md", ""),
        ('<a href="../x">x</a>', "<a >x</a>"),
        ("[a](https://example.com/x)", "[a](https://example.com/x)"),
        ("\\[a](../x.md)", "\\[a](../x.md)"),  # no link: the bracket is escaped
    ],
)
def test_site_links_leaves_no_relative_link(text: str, expected: str) -> None:
    assert site_links(text, None) == expected


def test_site_links_makes_site_links_absolute() -> None:
    text = "[a](/docs/a) [b](</docs/b>) <img src='/i.png'> [c]: /docs/c"
    assert site_links(text, "https://d.example/") == (
        "[a](https://d.example/docs/a) [b](https://d.example/docs/b) "
        "<img src='https://d.example/i.png'> [c]: /docs/c"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("```python\nimport os", "```python\nimport os\n```"),  # an open fence is closed
        ("~~~~\nx\n~~~", "~~~~\nx\n~~~\n~~~~"),
        ("```\nx\n```\ny", "```\nx\n```\ny"),
        ("<!-- hidden", "&lt;!-- hidden"),  # an HTML block that would never end
        ("<script>\nx", "&lt;script>\nx"),
        ("<!-- a -->\nb", "<!-- a -->\nb"),
        ("a\x00b\r\nc\u202e", "ab\nc"),
    ],
)
def test_markdown_text_ends_where_it_ends(text: str, expected: str) -> None:
    assert markdown_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# not a heading", "\\# not a heading"),
        ("```", "\\```"),
        ("1. one", "1\\. one"),
        ("<!--", "\\<!--"),
        ("| a |", "\\| a |"),
        ("a\nb", "a b"),
    ],
)
def test_markdown_inline_starts_no_block(text: str, expected: str) -> None:
    assert markdown_inline(text) == expected


def test_markdown_literal_is_plain_text() -> None:
    assert markdown_literal("[x](../a.md) *b* <i>|`c`&amp;\n") == (
        "\\[x\\](../a.md) \\*b\\* \\<i\\>\\|\\`c\\`\\&amp;"
    )


def test_markdown_anchors_are_safe_and_distinct() -> None:
    anchors = markdown_anchors(["basic", "Basic", "a b", "a-b", "", "日本", "x)(y"])
    assert anchors == {
        "basic": "basic",
        "Basic": "basic-2",
        "a b": "auth-a-b",
        "a-b": "a-b",
        "": "auth-scheme",
        "日本": "auth-scheme-2",
        "x)(y": "auth-x-y",
    }


def test_the_payloads_would_be_noticed() -> None:
    """The sentinel is live: run as Python or as a template, a payload leaves the marker."""
    try:
        exec(PAYLOADS[0], {})
        assert MARKER.exists()
        MARKER.unlink()
        jinja2.Environment().from_string(PAYLOADS[-2]).render()
        assert MARKER.exists()
    finally:
        MARKER.unlink(missing_ok=True)


@pytest.mark.usefixtures("_memoized_black")
def test_long_names_still_make_files(tmp_path: Path) -> None:
    """A module or docs page is named after its schema or tag; NAME_MAX is 255 bytes."""
    name = "VeryLong" * 40
    spec = _minimal(
        paths={
            "/a": {
                "get": {
                    "tags": [name],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": ref(name)}},
                        }
                    },
                }
            }
        },
        components={"schemas": {name: {"type": "object", "properties": {"x": {"type": "string"}}}}},
    )
    full_generation(spec, "json", tmp_path)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert max(len(p.name) for p in written) < 120
    assert any(p.name.startswith("very_long_very_long") for p in written)
