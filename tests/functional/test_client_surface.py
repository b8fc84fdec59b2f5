"""The generated client as its users meet it (issue 12): where requests go.

One spec with a spec-level server that has variables, a path that declares its own server, basic
credentials and a declared error model; each test drives the generated package through
`httpx.MockTransport`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.sdk import Exchange, Sdk, imported_sdk, reply

SPEC = """
openapi: 3.0.3
info: {title: Surface, version: "1.0"}
servers:
  - url: https://{region}.api.example.com/{version}
    variables:
      region: {default: us, enum: [us, eu]}
      version: {default: v1}
security: [{basic: []}]
paths:
  /things/{id}:
    get:
      operationId: getThing
      tags: [things]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: q, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}
        "404":
          description: missing
          content: {application/json: {schema: {$ref: "#/components/schemas/Problem"}}}
  /uploads/{name}:
    servers: [{url: "https://uploads.example.com"}]
    put:
      operationId: putUpload
      tags: [things]
      parameters:
        - {name: name, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content: {text/plain: {schema: {type: string}}}
      responses:
        "204": {description: done}
components:
  securitySchemes:
    basic: {type: http, scheme: basic}
  schemas:
    Thing:
      type: object
      properties: {name: {type: string}}
    Problem:
      type: object
      properties: {detail: {type: string}}
"""

BASIC = "Basic dTpw"  # u:p
THING = {"name": "lamp"}


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sdk]:
    with imported_sdk(SPEC, tmp_path_factory.mktemp("surface")) as generated:
        yield generated


def _api(sdk: Sdk, handler: Any = None, **settings: Any) -> tuple[Any, Exchange]:
    client, exchange = sdk.client(
        handler or reply(200, THING), username="u", password="p", retries=0, **settings
    )
    return sdk.module().ThingsApi(client), exchange


# --- 1. where requests go -----------------------------------------------------------------


def test_spec_servers_are_the_defaults(sdk: Sdk) -> None:
    api, exchange = _api(sdk)
    api.get_thing_with_http_info("a")
    api.put_upload("report.txt", "hello")
    urls = [str(r.url) for r in exchange.requests]
    assert urls == [
        "https://us.api.example.com/v1/things/a",
        "https://uploads.example.com/uploads/report.txt",
    ]


def test_an_explicit_host_wins_for_every_operation_credentials_included(sdk: Sdk) -> None:
    api, exchange = _api(sdk, host="http://127.0.0.1:9/mock/")
    api.get_thing_with_http_info("a")
    api.put_upload("report.txt", "hello")
    assert [str(r.url) for r in exchange.requests] == [
        "http://127.0.0.1:9/mock/things/a",
        "http://127.0.0.1:9/mock/uploads/report.txt",
    ]
    assert all(r.headers["Authorization"] == BASIC for r in exchange.requests)


def test_a_host_set_after_construction_wins_too(sdk: Sdk) -> None:
    api, exchange = _api(sdk, reply(204))
    api.api_client.configuration.host = "http://sandbox.test"
    api.put_upload("r", "x")
    assert str(exchange.last.url) == "http://sandbox.test/uploads/r"


def test_ignore_operation_servers_sends_operations_to_the_default_server(sdk: Sdk) -> None:
    api, exchange = _api(sdk, reply(204), ignore_operation_servers=True)
    api.put_upload("r", "x")
    assert str(exchange.last.url) == "https://us.api.example.com/v1/uploads/r"


def test_server_variables_are_set_from_configuration(sdk: Sdk) -> None:
    api, exchange = _api(sdk, server_variables={"region": "eu", "version": "v2"})
    api.get_thing("a")
    assert str(exchange.last.url) == "https://eu.api.example.com/v2/things/a"
    configuration = sdk.module().Configuration
    assert configuration(server_variables={"region": "eu"}).host == (
        "https://eu.api.example.com/v1"
    )
    with pytest.raises(sdk.module().ApiValueError, match=r"region.*'us', 'eu'"):
        configuration(server_variables={"region": "mars"})
    with pytest.raises(sdk.module().ApiValueError, match="regoin"):
        configuration(server_variables={"regoin": "eu"})


def test_the_docs_examples_say_where_requests_go(sdk: Sdk) -> None:
    page = (sdk.directory / "docs" / "ThingsApi.md").read_text(encoding="utf-8")
    assert (
        "# Requests go to https://us.api.example.com/v1; "
        'pass Configuration(host="...") to send them elsewhere.'
    ) in page
    assert (
        "# Requests go to https://uploads.example.com, the server the spec declares for this\n"
        "# operation; to send them (credentials included) elsewhere, "
        'pass Configuration(host="...").'
    ) in page
