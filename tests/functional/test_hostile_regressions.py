"""What the hostile specs found, pinned down (issue 12, item 16).

- A `pattern` that pydantic's engine (Rust's `regex` crate) rejects, though Python's `re` reads
  it (`{#`), made the model or method fail when first used; one that makes `re` warn (`[[x]`, a
  "possible nested set") let a FutureWarning out of the build. Such a pattern is now left out,
  and the patterns both engines read alike are still enforced.
- Models that extend each other through `allOf` (A extends B extends A) imported each other's
  base class and could not be imported; they now declare every field themselves.
- A lone surrogate in a tag description reached an API class docstring (`\"\"\"\\ud800\"\"\"`),
  which CPython cannot encode as the class's `__doc__`: the module failed to import. A
  surrogate in any slot of a spec now reaches the output through an escaper that handles it;
  a property name or enum value with one, which no UTF-8 JSON can carry and pydantic cannot
  hold, is left out.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest

from generator.builder import build_api
from generator.config import make_config
from generator.load import load
from generator.pipeline import generate
from tests.support.sdk import Sdk, imported_sdk

PATTERNS = """\
openapi: 3.0.3
info: {title: Patterns, version: "1"}
paths:
  /things:
    get:
      operationId: getThings
      parameters:
        - {name: q, in: query, schema: {type: string, pattern: "{#"}}
        - {name: code, in: query, schema: {type: string, pattern: "^[A-Z]{2}$"}}
      responses:
        "200": {description: OK}
components:
  schemas:
    Thing:
      type: object
      properties:
        brace: {type: string, pattern: "{#"}
        nested: {type: string, pattern: "[[x]"}
        word: {type: string, pattern: "\\\\w{255}"}
        code: {type: string, pattern: "^[A-Z]{2}$"}
        phone: {type: string, pattern: "^\\\\+?[1-9]\\\\d{1,14}$"}
"""

CYCLE = """\
openapi: 3.0.3
info: {title: Cycle, version: "1"}
paths: {}
components:
  schemas:
    A:
      allOf:
        - $ref: "#/components/schemas/B"
        - {type: object, properties: {a: {type: string}}}
    B:
      allOf:
        - $ref: "#/components/schemas/A"
        - {type: object, properties: {b: {type: string}}}
    C:
      allOf:
        - $ref: "#/components/schemas/A"
        - {type: object, properties: {c: {type: integer}}}
"""


@pytest.fixture(scope="module")
def patterns(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sdk]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing may warn while generating
        directory = tmp_path_factory.mktemp("patterns")
        with imported_sdk(PATTERNS, directory, validate=False) as sdk:
            yield sdk


def test_a_pattern_rusts_engine_rejects_is_left_out_and_the_rest_enforced(patterns: Sdk) -> None:
    thing = patterns.models.Thing
    made = thing(brace="{#", nested="[[x]", word="w", code="AB", phone="+15551234")
    assert made.brace == "{#"
    with pytest.raises(pydantic.ValidationError, match="code"):
        thing(code="abc")
    with pytest.raises(pydantic.ValidationError, match="phone"):
        thing(phone="0123")
    api = patterns.module("api").DefaultApi
    client, exchange = patterns.client(lambda request: __import__("httpx").Response(200))
    api(client).get_things(q="{#", code="AB")
    assert exchange.last.url.params["q"] == "{#"
    with pytest.raises(pydantic.ValidationError):
        api(client).get_things(code="abc")


def test_models_that_extend_each_other_declare_their_fields_themselves(tmp_path: Path) -> None:
    with imported_sdk(CYCLE, tmp_path, validate=False) as sdk:
        models = sdk.models
        a = models.A(a="1", b="2")
        b = models.B.from_dict({"a": "1", "b": "2"})
        assert a.to_dict() == b.to_dict() == {"a": "1", "b": "2"}
        assert (
            models.A.__bases__
            == models.B.__bases__
            == (importlib.import_module(f"{sdk.package}.models._base").ApiModel,)
        )
        # A model that extends one of them still inherits.
        assert issubclass(models.C, models.A)
        assert models.C(a="1", c=3).to_dict() == {"a": "1", "c": 3}


S = "x\ud800y"  # a lone surrogate, which no UTF-8 file can hold


def _surrogate_spec() -> dict[str, Any]:
    described = {"description": S, "summary": S}
    return {
        "openapi": "3.0.3",
        "info": {"title": S, "version": S, "description": S},
        "servers": [{"url": "https://api.example.com", "description": S}],
        "tags": [{"name": S, "description": S}, {"name": "b", "description": S}],
        "paths": {
            "/things/{id}": {
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "description": S,
                        "schema": {"type": "string", "example": S},
                    },
                ],
                "post": {
                    **described,
                    "tags": [S],
                    "operationId": "makeThing",
                    "parameters": [
                        {
                            "name": S,
                            "in": "query",
                            "description": S,
                            "example": S,
                            "schema": {"type": "string", "default": S, "enum": [S, "b"]},
                        },
                        {
                            "name": "X-" + S,
                            "in": "header",
                            "description": S,
                            "schema": {"type": "string"},
                        },
                    ],
                    "requestBody": {
                        "description": S,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Thing"},
                                "example": {"name": S},
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": S,
                            "headers": {S: {"description": S, "schema": {"type": "string"}}},
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"}
                                }
                            },
                        },
                        "404": {"description": S},
                    },
                    "security": [{"key": []}],
                },
                "get": {
                    **described,
                    "tags": ["b"],
                    "operationId": "getThing",
                    "responses": {"200": {"description": S}},
                },
            }
        },
        "components": {
            "securitySchemes": {
                "key": {"type": "apiKey", "in": "header", "name": "X-Key", "description": S}
            },
            "schemas": {
                "Thing": {
                    "type": "object",
                    "description": S,
                    "title": S,
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "description": S, "example": S, "default": S},
                        S: {"type": "string", "description": S, "pattern": S},
                        "kind": {"$ref": "#/components/schemas/Kind"},
                        "tag": {"type": "string", "enum": [S]},
                        "value": {"const": S},
                    },
                    "example": {"name": S, "kind": S},
                },
                "Kind": {"type": "string", "enum": [S, "b", S + "2"], "description": S},
            },
        },
    }


def test_a_lone_surrogate_in_every_slot_reaches_output_escaped(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(_surrogate_spec()), encoding="utf-8")  # `\ud800` as an escape
    out = tmp_path / "out"
    config = make_config({"spec": spec, "output": out, "package": "surrogates", "validate": False})
    api, _ = build_api(load(spec), config)
    assert any(S in a.description for a in api.apis)  # the surrogate did get this far
    generate(config)
    for path in out.rglob("*"):
        if path.is_file():
            path.read_bytes().decode("utf-8")  # every file is UTF-8 text
    sys.path.insert(0, str(out))
    try:
        package = importlib.import_module("surrogates")
        for info in pkgutil.walk_packages(package.__path__, "surrogates."):
            importlib.import_module(info.name)  # every module imports, its classes included
        api_module = importlib.import_module("surrogates.api")
        classes = [getattr(api_module, name) for name in api_module.__all__]
        assert any("\\ud800" in (c.__doc__ or "") for c in classes)
        models = importlib.import_module("surrogates.models")
        thing = models.Thing(name="n")
        assert thing.to_dict() == {"name": "n"}
        # No member can hold a surrogate (pydantic holds enum values as UTF-8); `b` is kept.
        assert [member.value for member in models.Kind] == ["b"]
        assert models.Thing.from_dict({"name": "n", "kind": "b"}).kind is models.Kind.B
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n.split(".")[0] == "surrogates"]:
            del sys.modules[name]
