"""Functional tests: generate from inline specs, import the package, and watch it on the wire.

Each spec is generated once per module (the fixtures below) and every test talks to the result
through `httpx.MockTransport`, so the assertions are about behaviour (what is sent, what is
returned, what is raised), not about the shape of the generated source.
"""

from __future__ import annotations

import base64
import datetime
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest

from generator.diagnostics import Level
from tests.support.sdk import Sdk, imported_sdk, reply, sent_json

RICH_SPEC = """\
openapi: 3.0.3
info:
  title: Functional
  version: "1.0"
servers:
  - url: https://api.example.com/v1
security:
  - basicAuth: []
tags:
  - name: items
paths:
  /items:
    get:
      tags: [items]
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: array
                items: {$ref: "#/components/schemas/Item"}
    post:
      tags: [items]
      operationId: createItem
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Item"}
      responses:
        "201":
          description: Created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Item"}
        "400":
          description: Bad request
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
  /items/{itemId}:
    get:
      tags: [items]
      operationId: getItem
      parameters:
        - {name: itemId, in: path, required: true, schema: {type: string}}
        - {name: from, in: query, schema: {type: string}}
        - {name: tags, in: query, schema: {type: array, items: {type: string}}}
        - {name: verbose, in: query, schema: {type: boolean}}
        - {name: color, in: query, schema: {$ref: "#/components/schemas/Color"}}
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100}}
        - {name: since, in: query, schema: {type: string, format: date}}
        - {name: X-Request-Id, in: header, schema: {type: string}}
        - {name: headers, in: query, schema: {type: string}}
        - {name: response, in: query, schema: {type: string}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Item"}
        "404":
          description: Not found
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
        "5XX":
          description: Server trouble
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
    delete:
      tags: [items]
      operationId: deleteItem
      parameters:
        - {name: itemId, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: Gone}
  /items/{itemId}/notes:
    put:
      tags: [items]
      operationId: setNotes
      parameters:
        - {name: itemId, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          text/plain:
            schema: {type: string}
      responses:
        "204": {description: Stored}
  /items/bulk:
    post:
      tags: [items]
      operationId: createItems
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: array
              items: {$ref: "#/components/schemas/Item"}
      responses:
        "204": {description: Created}
  /teams/{teamId}:
    get:
      tags: [Items]
      operationId: getTeam
      parameters:
        - {name: teamId, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Team"}
  /search:
    get:
      operationId: search
      parameters:
        - {name: q, in: query, required: true, schema: {type: string}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Labels"}
  /status:
    servers:
      - url: https://status.example.com/v2
    get:
      tags: [items]
      operationId: getStatus
      security: []
      responses:
        "200":
          description: OK
          content:
            text/plain:
              schema: {type: string}
components:
  securitySchemes:
    basicAuth: {type: http, scheme: basic}
  schemas:
    Color:
      type: string
      enum: [red, green, light-blue]
    Error:
      type: object
      required: [code]
      properties:
        code: {type: integer}
        message: {type: string}
    Labels:
      type: object
      properties:
        owner: {type: string}
      additionalProperties: {type: integer}
    Team:
      type: object
      properties:
        lead: {$ref: "#/components/schemas/Person"}
        members:
          type: array
          items: {$ref: "#/components/schemas/Person"}
    Person:
      type: object
      required: [name]
      properties:
        name: {type: string}
        team: {$ref: "#/components/schemas/Team"}
        mentor: {$ref: "#/components/schemas/Person"}
    Item:
      type: object
      required: [id, name]
      properties:
        id: {type: string}
        name: {type: string, maxLength: 10}
        from: {type: string}
        class: {type: string}
        type: {type: string}
        self: {type: string}
        json: {type: string}
        schema: {type: string}
        model_config: {type: string}
        to_dict: {type: string}
        construct: {type: string}
        copy: {type: string}
        color: {$ref: "#/components/schemas/Color"}
        note: {type: string, nullable: true}
        createdAt: {type: string, format: date-time}
        counts:
          type: object
          additionalProperties: {type: integer}
        dimensions:
          type: object
          properties:
            width: {type: number}
            height: {type: number}
        ratio: {type: number, default: 1}
        tags:
          type: array
          items: {type: string}
"""

# Not valid OpenAPI (operationIds must be unique), so generated without validation.
ODD_SPEC = """\
openapi: 3.0.3
info:
  title: Odd
  version: "1"
servers:
  - url: /api
paths:
  /things:
    get:
      operationId: fetch
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/FetchResponses"}
    post:
      operationId: fetch
      responses:
        "204": {description: Created}
  /things/{thingId}:
    delete:
      parameters:
        - {name: thingId, in: path, required: true, schema: {type: integer}}
      responses:
        "204": {description: Gone}
components:
  schemas:
    FetchResponses:  # its TypeAdapter must not take the name of fetch's `_FETCH_RESPONSES`
      type: object
      properties:
        names: {type: array, items: {type: string}}
"""

ITEM = {"id": "i-1", "name": "lamp"}
NO_CONTENT = reply(204)


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sdk]:
    with imported_sdk(RICH_SPEC, tmp_path_factory.mktemp("rich")) as sdk:
        yield sdk


@pytest.fixture(scope="module")
def odd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sdk]:
    with imported_sdk(ODD_SPEC, tmp_path_factory.mktemp("odd"), validate=False) as sdk:
        yield sdk


def _items(sdk: Sdk, client: Any) -> Any:
    return sdk.module().ItemsApi(client)


# --- parameters -----------------------------------------------------------------------------


def test_path_parameter_is_percent_encoded(rich: Sdk) -> None:
    client, exchange = rich.client(reply(200, ITEM))
    _items(rich, client).get_item("a/b c?#%")
    assert exchange.last.url.raw_path == b"/v1/items/a%2Fb%20c%3F%23%25"


def test_query_parameters_are_encoded_in_form_style(rich: Sdk) -> None:
    client, exchange = rich.client(reply(200, ITEM))
    color = rich.models.Color.LIGHT_BLUE
    _items(rich, client).get_item(
        "i-1",
        var_from="+15555551212",
        tags=["a", "b c"],
        verbose=True,
        color=color,
        limit=None,
        since=datetime.date(2024, 2, 29),
    )
    url = exchange.last.url
    assert url.params.multi_items() == [
        ("from", "+15555551212"),
        ("tags", "a"),
        ("tags", "b c"),
        ("verbose", "true"),
        ("color", "light-blue"),
        ("since", "2024-02-29"),
    ]
    assert b"from=%2B15555551212" in url.query  # `+` must not turn into a space


def test_no_query_string_when_every_parameter_is_none(rich: Sdk) -> None:
    client, exchange = rich.client(reply(200, ITEM))
    _items(rich, client).get_item("i-1", verbose=False)
    assert exchange.last.url.params.multi_items() == [("verbose", "false")]
    _items(rich, client).get_item("i-1")
    assert exchange.last.url.query == b""


def test_names_the_method_body_uses_are_renamed_but_sent_under_their_wire_name(rich: Sdk) -> None:
    client, exchange = rich.client(reply(200, ITEM))
    _items(rich, client).get_item("i-1", var_headers="h", var_response="r")
    assert exchange.last.url.params.multi_items() == [("headers", "h"), ("response", "r")]


def test_header_parameter_is_sent_only_when_given(rich: Sdk) -> None:
    client, exchange = rich.client(reply(200, ITEM))
    api = _items(rich, client)
    api.get_item("i-1", x_request_id="req-7")
    assert exchange.last.headers["X-Request-Id"] == "req-7"
    api.get_item("i-1", _headers={"X-Trace": "t"})
    assert "X-Request-Id" not in exchange.last.headers
    assert exchange.last.headers["X-Trace"] == "t"


def test_empty_path_parameter_is_refused_before_sending(rich: Sdk) -> None:
    client, exchange = rich.client(reply(200, ITEM))
    with pytest.raises(rich.module().ApiValueError, match="itemId"):
        _items(rich, client).get_item("")
    assert exchange.requests == []


@pytest.mark.parametrize(
    "arguments",
    [
        {"item_id": "i-1", "limit": 0},  # below `minimum`
        {"item_id": "i-1", "limit": 101},  # above `maximum`
        {"item_id": "i-1", "limit": "many"},
        {"item_id": "i-1", "tags": "not-a-list"},
        {"item_id": "i-1", "since": "yesterday"},
        {"item_id": None},
        {},
    ],
    ids=["minimum", "maximum", "type", "list", "date", "none", "missing"],
)
def test_bad_arguments_raise_before_any_request(rich: Sdk, arguments: dict[str, Any]) -> None:
    client, exchange = rich.client(reply(200, ITEM))
    with pytest.raises(pydantic.ValidationError):
        _items(rich, client).get_item(**arguments)
    assert exchange.requests == []


def test_unknown_enum_argument_is_sent_as_is(rich: Sdk) -> None:
    # Enums accept values added to the API after the client was generated, both ways.
    client, exchange = rich.client(reply(200, ITEM))
    _items(rich, client).get_item("i-1", color="purple")
    assert exchange.last.url.params["color"] == "purple"


def test_bad_body_raises_before_any_request(rich: Sdk) -> None:
    client, exchange = rich.client(reply(201, ITEM))
    with pytest.raises(pydantic.ValidationError):
        _items(rich, client).create_item({"id": "i-1"})  # `name` is required
    with pytest.raises(pydantic.ValidationError):
        _items(rich, client).create_item(rich.models.Item(id="i-1", name="far too long a name"))
    assert exchange.requests == []


# --- servers and authentication -------------------------------------------------------------


def test_spec_level_server_is_the_default_host(rich: Sdk) -> None:
    client, exchange = rich.client(reply(200, ITEM))
    _items(rich, client).get_item("i-1")
    assert str(exchange.last.url) == "https://api.example.com/v1/items/i-1"
    assert rich.module("configuration").DEFAULT_HOST == "https://api.example.com/v1"


def _status_or_item(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/status"):
        return httpx.Response(200, text="up")
    return httpx.Response(200, json=ITEM)


def test_path_level_servers_are_defaults_an_explicit_host_wins(rich: Sdk) -> None:
    client, exchange = rich.client(_status_or_item)
    api = _items(rich, client)
    assert api.get_status() == "up"
    assert str(exchange.last.url) == "https://status.example.com/v2/status"
    api.get_item("i-1")
    assert str(exchange.last.url) == "https://api.example.com/v1/items/i-1"

    # A host the user names receives every request, whatever servers the spec declares.
    client, exchange = rich.client(_status_or_item, host="http://mock.test/base/")
    api = _items(rich, client)
    assert api.get_status() == "up"
    assert str(exchange.last.url) == "http://mock.test/base/status"
    api.get_item("i-1")
    assert str(exchange.last.url) == "http://mock.test/base/items/i-1"

    client, exchange = rich.client(_status_or_item, ignore_operation_servers=True)
    assert _items(rich, client).get_status() == "up"
    assert str(exchange.last.url) == "https://api.example.com/v1/status"


def test_basic_auth_header_only_when_configured(rich: Sdk) -> None:
    client, exchange = rich.client(reply(200, ITEM))
    _items(rich, client).get_item("i-1")
    assert "Authorization" not in exchange.last.headers

    client, exchange = rich.client(_status_or_item, username="ada", password="s3cr3t")
    api = _items(rich, client)
    api.get_item("i-1")
    token = base64.b64encode(b"ada:s3cr3t").decode()
    assert exchange.last.headers["Authorization"] == f"Basic {token}"
    api.get_status()  # `security: []`: no credentials, even when configured
    assert "Authorization" not in exchange.last.headers


def test_configuration_repr_hides_secrets(rich: Sdk) -> None:
    configuration = rich.module().Configuration(username="ada", password="hunter2-secret")
    assert "hunter2-secret" not in repr(configuration)
    assert "hunter2-secret" not in str(configuration)


# --- request bodies -------------------------------------------------------------------------


def test_json_body_sends_only_the_fields_that_were_set(rich: Sdk) -> None:
    client, exchange = rich.client(reply(201, ITEM))
    item = rich.models.Item(id="i-1", name="lamp", var_from="me", note=None)
    _items(rich, client).create_item(item)
    request = exchange.last
    assert request.method == "POST"
    assert request.headers["Content-Type"] == "application/json"
    # Wire names, explicit None as null, defaults (`ratio`) and unset fields left out.
    assert sent_json(request) == {"id": "i-1", "name": "lamp", "from": "me", "note": None}


def test_json_body_round_trips_through_the_model(rich: Sdk) -> None:
    wire = {
        "id": "i-1",
        "name": "lamp",
        "from": "me",
        "createdAt": "2024-05-06T07:08:09Z",
        "counts": {"a": 1},
        "dimensions": {"width": 1.5, "height": 2},
        "tags": ["x"],
    }
    client, exchange = rich.client(reply(201, wire))
    item = rich.models.Item.from_dict(wire)
    created = _items(rich, client).create_item(item)
    assert sent_json(exchange.last) == wire
    assert created == item
    assert created.to_dict() == wire


def test_list_of_models_body_sends_only_the_fields_that_were_set(rich: Sdk) -> None:
    client, exchange = rich.client(NO_CONTENT)
    item_cls = rich.models.Item
    items = [item_cls(**ITEM), item_cls(id="i-2", name="desk", note=None, ratio=2)]
    assert _items(rich, client).create_items(items) is None
    assert sent_json(exchange.last) == [
        ITEM,
        {"id": "i-2", "name": "desk", "note": None, "ratio": 2},
    ]


def test_text_body_is_sent_as_is(rich: Sdk) -> None:
    client, exchange = rich.client(NO_CONTENT)
    result = _items(rich, client).set_notes("i-1", "héllo <b>world</b>")
    assert result is None
    assert exchange.last.method == "PUT"
    assert exchange.last.headers["Content-Type"] == "text/plain"
    assert exchange.last.content == "héllo <b>world</b>".encode()


# --- responses ------------------------------------------------------------------------------


def test_no_content_returns_none(rich: Sdk) -> None:
    client, exchange = rich.client(NO_CONTENT)
    api = _items(rich, client)
    assert api.delete_item("i-1") is None
    info = api.delete_item_with_http_info("i-1")
    assert (info.status_code, info.data, info.raw_data) == (204, None, b"")
    assert exchange.last.method == "DELETE"


def test_json_response_is_decoded(rich: Sdk) -> None:
    wire = {
        **ITEM,
        "color": "green",
        "createdAt": "2024-05-06T07:08:09+02:00",
        "counts": {"a": 1, "b": 2},
        "dimensions": {"width": 1.5, "height": 2},
    }
    client, _ = rich.client(reply(200, wire))
    item = _items(rich, client).get_item("i-1")
    models = rich.models
    assert isinstance(item, models.Item)
    assert item.color is models.Color.GREEN
    tz = datetime.timezone(datetime.timedelta(hours=2))
    assert item.created_at == datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=tz)
    assert item.counts == {"a": 1, "b": 2}
    assert isinstance(item.dimensions, models.ItemDimensions)  # named after where it sits
    assert item.dimensions.height == 2.0
    assert item.ratio == 1.0  # the spec's default, as a float


def test_list_response_and_text_response(rich: Sdk) -> None:
    client, exchange = rich.client(reply(200, [ITEM, {"id": "i-2", "name": "desk"}]))
    items = _items(rich, client).get_items(page=2)
    assert [i.name for i in items] == ["lamp", "desk"]
    assert exchange.last.url.params["page"] == "2"

    client, _ = rich.client(reply(200, text="all good"))
    assert _items(rich, client).get_status() == "all good"


def test_unknown_enum_value_and_unknown_field_are_kept(rich: Sdk) -> None:
    client, _ = rich.client(reply(200, {**ITEM, "color": "ultraviolet", "shiny": True}))
    item = _items(rich, client).get_item("i-1")
    assert item.color == "ultraviolet"
    assert item.color.value == "ultraviolet"
    assert item.model_extra == {"shiny": True}
    assert item.to_dict() == {**ITEM, "color": "ultraviolet", "shiny": True}


def test_with_http_info_exposes_status_and_headers(rich: Sdk) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(201, json=ITEM, headers={"Location": "/items/i-1"})

    client, _ = rich.client(handle)
    info = _items(rich, client).create_item_with_http_info(rich.models.Item(**ITEM))
    assert info.status_code == 201
    assert info.headers["Location"] == "/items/i-1"
    assert info.data.id == "i-1"
    assert info.raw_data == httpx.Response(200, json=ITEM).content


def test_declared_error_raises_its_subclass_with_parsed_data(rich: Sdk) -> None:
    package = rich.module()
    client, _ = rich.client(reply(404, {"code": 404, "message": "no such item"}))
    with pytest.raises(package.NotFoundException) as raised:
        _items(rich, client).get_item("i-9")
    error = raised.value
    assert isinstance(error, package.ApiException)
    assert error.status == 404
    assert isinstance(error.data, rich.models.Error)
    assert (error.data.code, error.data.message) == (404, "no such item")
    assert "no such item" in (error.body or "")


def test_status_range_error_model_is_used(rich: Sdk) -> None:
    package = rich.module()
    client, _ = rich.client(reply(500, {"code": 17}))
    with pytest.raises(package.ServiceException) as raised:
        _items(rich, client).get_item("i-1")
    assert raised.value.data == rich.models.Error(code=17)


def test_error_body_that_does_not_match_keeps_the_raw_body(rich: Sdk) -> None:
    package = rich.module()
    client, _ = rich.client(reply(404, text="<html>Not here</html>"))
    with pytest.raises(package.NotFoundException) as raised:
        _items(rich, client).get_item("i-1")
    assert raised.value.data is None
    assert raised.value.body == "<html>Not here</html>"


def test_undeclared_error_status_still_raises_typed_exception(rich: Sdk) -> None:
    package = rich.module()
    client, _ = rich.client(reply(409, {"code": 1}))
    with pytest.raises(package.ConflictException) as raised:
        _items(rich, client).delete_item("i-1")
    assert raised.value.data is None  # deleteItem declares no error model


@pytest.mark.parametrize(
    "body",
    [b'{"id": "i-1"}', b"not json at all", b'{"id": "i-1", "name": 5}'],
    ids=["missing-field", "not-json", "wrong-type"],
)
def test_success_body_that_does_not_match_raises_decode_error(rich: Sdk, body: bytes) -> None:
    client, _ = rich.client(lambda request: httpx.Response(200, content=body))
    with pytest.raises(rich.module().ResponseDecodeError) as raised:
        _items(rich, client).get_item("i-1")
    assert raised.value.body == body
    assert raised.value.status == 200


# --- models ---------------------------------------------------------------------------------


def test_property_names_that_clash_with_python_or_pydantic(rich: Sdk) -> None:
    wire = {
        **ITEM,
        "from": "f",
        "class": "c",
        "type": "t",
        "self": "s",
        "json": "j",
        "schema": "sc",
        "model_config": "mc",
        "to_dict": "td",
        "construct": "co",
        "copy": "cp",
    }
    item = rich.models.Item.from_dict(wire)
    assert (item.var_from, item.var_class, item.type, item.var_self) == ("f", "c", "t", "s")
    assert (item.var_json, item.var_schema, item.var_model_config) == ("j", "sc", "mc")
    assert (item.var_to_dict, item.var_construct, item.var_copy) == ("td", "co", "cp")
    assert item.to_dict() == wire  # the model's own methods still work
    assert rich.models.Item.from_json(item.to_json()) == item
    by_name = rich.models.Item(id="i-1", name="lamp", var_class="c", var_model_config="mc")
    assert by_name.to_dict() == {**ITEM, "class": "c", "model_config": "mc"}


def test_nullable_and_optional_fields(rich: Sdk) -> None:
    item_cls = rich.models.Item
    assert item_cls(**ITEM).note is None
    assert item_cls(**ITEM, note=None).to_dict() == {**ITEM, "note": None}
    with pytest.raises(pydantic.ValidationError):
        item_cls(id=None, name="lamp")  # required and not nullable
    with pytest.raises(pydantic.ValidationError):
        item_cls(id="i-1")  # `name` is required


def test_additional_properties_are_kept_and_typed(rich: Sdk) -> None:
    labels_cls = rich.models.Labels
    labels = labels_cls.from_dict({"owner": "ada", "stars": 3})
    assert labels.owner == "ada"
    assert labels.model_extra == {"stars": 3}
    assert labels.to_dict() == {"owner": "ada", "stars": 3}
    with pytest.raises(pydantic.ValidationError):
        labels_cls.from_dict({"owner": "ada", "stars": "many"})


def test_models_that_refer_to_each_other(rich: Sdk) -> None:
    wire = {
        "lead": {"name": "ada", "team": {"members": [{"name": "bob"}]}},
        "members": [{"name": "bob", "mentor": {"name": "ada"}}],
    }
    client, exchange = rich.client(reply(200, wire))
    team = rich.module("api").ItemsApi_2(client).get_team(3)
    assert exchange.last.url.path == "/v1/teams/3"
    models = rich.models
    assert isinstance(team.lead, models.Person)
    assert isinstance(team.lead.team, models.Team)
    assert team.members[0].mentor.name == "ada"
    assert team.to_dict() == wire
    with pytest.raises(pydantic.ValidationError):
        models.Team.from_dict({"lead": {"team": {}}})  # a person needs a name
    # Each module can also be imported on its own.
    person_module = rich.module("models.person")
    assert person_module.Person is models.Person


def test_tags_that_differ_only_in_case_get_classes_of_their_own(rich: Sdk) -> None:
    api = rich.module("api")
    assert hasattr(api.ItemsApi, "get_item")
    assert not hasattr(api.ItemsApi, "get_team")
    assert hasattr(api.ItemsApi_2, "get_team")
    warnings = [d.message for d in rich.diagnostics if d.level is Level.WARNING]
    assert any("'Items'" in message for message in warnings), warnings


def test_untagged_operations_land_in_default_api(rich: Sdk) -> None:
    client, exchange = rich.client(reply(200, {"owner": "ada", "hits": 2}))
    labels = rich.module().DefaultApi(client).search("lamp")
    assert labels.model_extra == {"hits": 2}
    assert exchange.last.url.params["q"] == "lamp"
    assert not hasattr(rich.module().ItemsApi, "search")


def test_operations_without_or_with_duplicate_operation_ids(odd: Sdk) -> None:
    package = odd.module()
    client, exchange = odd.client(reply(200, {"names": ["a"]}))
    api = package.DefaultApi(client)
    assert api.fetch() == odd.models.FetchResponses(names=["a"])
    assert exchange.last.method == "GET"

    client, exchange = odd.client(NO_CONTENT)
    api = package.DefaultApi(client)
    assert api.fetch_2() is None
    assert exchange.last.method == "POST"
    assert api.delete_things_thing_id(7) is None
    assert exchange.last.method == "DELETE"
    # A relative server URL is taken relative to localhost: requests need a scheme and host.
    assert str(exchange.last.url) == "http://localhost/api/things/7"

    warnings = [d for d in odd.diagnostics if d.level is Level.WARNING]
    assert any("fetch" in d.message and "fetch_2" in d.message for d in warnings), warnings


# --- static checks on the generated packages ------------------------------------------------


def test_generated_packages_pass_mypy_strict_and_ruff(rich: Sdk, odd: Sdk, tmp_path: Path) -> None:
    bin_dir = Path(sys.executable).parent
    mypy = [str(bin_dir / "mypy"), "--strict", "--cache-dir", str(tmp_path / "mypy")]
    ruff = [str(bin_dir / "ruff"), "check", "--isolated", "--target-version", "py310", "--no-cache"]
    environment = {**os.environ, "MYPYPATH": os.pathsep.join([str(odd.directory)])}
    for command in (
        [*mypy, "-p", rich.package, "-p", odd.package],
        [*ruff, str(rich.path), str(odd.path)],
    ):
        result = subprocess.run(
            command,
            cwd=rich.directory,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
