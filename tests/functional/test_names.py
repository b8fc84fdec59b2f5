"""Functional tests of names: whatever a spec calls things, the generated code gets valid,
deterministic, distinct identifiers, and the wire keeps the spec's own names.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.builder import build_api
from generator.config import make_config
from generator.load import load
from tests.support.sdk import Sdk, imported_sdk, reply, sent_json
from tests.support.static_checks import assert_mypy_and_ruff_pass

# Component names outside `^[a-zA-Z0-9._-]+$` are invalid OpenAPI, so generated leniently.
NAMES = """\
openapi: 3.0.3
info: {title: Names, version: "1"}
paths:
  /things/{class}:
    post:
      tags: [Client]
      operationId: "import"
      parameters:
        - {name: class, in: path, required: true, schema: {type: string}}
        - {name: from, in: query, schema: {type: string}}
        - {name: self, in: query, schema: {type: string}}
        - {name: $filter, in: query, schema: {type: string}}
        - {name: page size, in: query, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Configuration"}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Field"}
components:
  schemas:
    Configuration:
      type: object
      properties:
        from: {type: string}
        class: {type: string}
        async: {type: string}
        global: {type: string}
        pass: {type: string}
        self: {type: string}
        type: {type: string}
        "": {type: string}
        $id: {type: string}
        "@type": {type: string}
        first name: {type: string}
        PayPal.CountryCode: {type: string}
        名前: {type: string}
        "名前 ": {type: string}
        firstName: {type: string}
        first_name: {type: string}
        int: {type: integer}
        model_config: {type: string}
    Field: {type: object, properties: {value: {type: string}}}
    BaseModel: {type: object, properties: {value: {type: string}}}
    ApiClient: {type: object, properties: {value: {type: string}}}
    Client: {type: object, properties: {value: {type: string}}}
    my.model: {type: object, properties: {value: {type: string}}}
    my-model: {type: object, properties: {value: {type: string}}}
    $weird: {type: object, properties: {value: {type: string}}}
    Spaced Name: {type: object, properties: {value: {type: string}}}
    名前: {type: object, properties: {value: {type: string}}}
    class: {type: string, enum: ["GMT+12", "GMT-12", "", "1", "a b", "A_B", "None", "class"]}
"""


@pytest.fixture(scope="module")
def names(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sdk]:
    with imported_sdk(NAMES, tmp_path_factory.mktemp("names"), validate=False) as sdk:
        yield sdk


def test_property_names_become_valid_distinct_attributes(names: Sdk) -> None:
    fields = names.models.ConfigurationModel.model_fields
    # The wire name is what goes out and comes in; the Python name is the keyword argument.
    aliases = {
        name: name if info.serialization_alias is None else info.serialization_alias
        for name, info in fields.items()
    }
    assert all(info.validation_alias == info.serialization_alias for info in fields.values())
    assert aliases == {
        "var_from": "from",
        "var_class": "class",
        "var_async": "async",
        "var_global": "global",
        "var_pass": "pass",
        "var_self": "self",
        "type": "type",
        "value": "",
        "id": "$id",
        "type_2": "@type",
        "first_name": "first name",
        "pay_pal_country_code": "PayPal.CountryCode",
        "value_2": "名前",
        "value_3": "名前 ",
        "first_name_2": "firstName",
        "first_name_3": "first_name",
        "var_int": "int",
        "var_model_config": "model_config",
    }


def test_wire_names_are_kept_both_ways(names: Sdk) -> None:
    wire = {"from": "f", "": "empty", "$id": "1", "@type": "t", "名前": "n", "int": 3}
    model = names.models.ConfigurationModel.from_dict(wire)
    assert (model.var_from, model.value, model.id, model.type_2) == ("f", "empty", "1", "t")
    assert model.to_dict() == wire
    client, exchange = names.client(reply(200, {"value": "v"}))
    api = names.module().ClientApi(client)
    result = api.var_import("c/1", var_from="x", var_self="s", filter="f", page_size=2)
    assert result == names.models.FieldModel(value="v")
    request = exchange.last
    assert request.url.raw_path.split(b"?")[0] == b"/things/c%2F1"
    assert request.url.params.multi_items() == [
        ("from", "x"),
        ("self", "s"),
        ("$filter", "f"),
        ("page size", "2"),
    ]
    api.var_import("c", configuration_model=model)
    assert sent_json(exchange.last) == wire


def test_schema_names_that_clash_with_the_sdk_or_python(names: Sdk) -> None:
    models = names.models
    for name in ("FieldModel", "BaseModelModel", "ApiClientModel", "ConfigurationModel"):
        assert hasattr(models, name), name
    assert models.Client.__name__ == "Client"  # the SDK has no class of that name
    assert {models.MyModel.__name__, models.MyModel_2.__name__} == {"MyModel", "MyModel_2"}
    assert models.Weird.from_dict({"value": "x"}).value == "x"
    assert models.SpacedName.from_dict({"value": "x"}).value == "x"
    assert models.Model.from_dict({"value": "x"}).value == "x"  # nothing ASCII was left
    assert names.module().ClientApi.__name__ == "ClientApi"


def test_enum_members_of_any_value(names: Sdk) -> None:
    members = {m.name: m.value for m in names.models.Class}
    assert members == {
        "GMT_PLUS_12": "GMT+12",
        "GMT_MINUS_12": "GMT-12",
        "EMPTY": "",
        "VALUE_1": "1",
        "A_B": "a b",
        "A_B_2": "A_B",
        "NONE": "None",
        "CLASS": "class",
    }


def test_names_are_deterministic(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(NAMES, encoding="utf-8")
    config = make_config({"spec": spec, "output": tmp_path / "out", "validate": False})
    first, _ = build_api(load(spec), config)
    second, _ = build_api(load(spec), config)
    assert first == second


def test_generated_package_passes_mypy_strict_and_ruff(names: Sdk, tmp_path: Path) -> None:
    assert_mypy_and_ruff_pass([names], tmp_path)
