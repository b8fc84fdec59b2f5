"""The generated client as its users meet it (issue 12): where requests go, which headers win,
streamed responses, what errors say, timeouts, logs, validation messages and a closed client.

One spec with a spec-level server that has variables, a path that declares its own server, basic
credentials and a declared error model; each test drives the generated package through
`httpx.MockTransport`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pydantic
import pytest

from tests.support.paths import GENERATED
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


# --- 2. User-Agent, default headers, an injected httpx client -----------------------------


def test_a_user_agent_names_the_sdk_python_and_httpx(sdk: Sdk) -> None:
    api, exchange = _api(sdk)
    api.get_thing("a")
    agent = exchange.last.headers["User-Agent"]
    product = sdk.package.replace("_", "-") + "/1.0.0"
    assert re.fullmatch(rf"{product} python/\d+\.\d+\.\d+\S* httpx/{httpx.__version__}", agent)
    api.api_client.user_agent = "billing-service/2.1"
    api.get_thing("a")
    assert exchange.last.headers["User-Agent"] == "billing-service/2.1"


def test_default_headers_go_with_every_request_and_operation_headers_win(sdk: Sdk) -> None:
    api, exchange = _api(sdk)
    api.api_client.set_default_header("X-Tenant", "acme")
    api.api_client.set_default_header("x-tenant", "globex")  # the same header, replaced
    api.api_client.set_default_header("Accept", "text/html")
    api.get_thing("a")
    assert exchange.last.headers.get_list("X-Tenant") == ["globex"]
    assert exchange.last.headers["Accept"] == "application/json"


def test_an_injected_client_keeps_its_headers_hooks_transport_and_limits(sdk: Sdk) -> None:
    exchange = Exchange(reply(200, THING))
    hooked: list[str] = []
    limits = httpx.Limits(max_connections=3)
    transport = httpx.MockTransport(exchange)
    http_client = httpx.Client(
        transport=transport,
        headers={"X-Trace": "abc", "User-Agent": "my-app/3"},
        event_hooks={"request": [lambda request: hooked.append(request.url.path)]},
        limits=limits,
    )
    package = sdk.module()
    client = package.ApiClient(package.Configuration(), http_client=http_client)
    package.ThingsApi(client).get_thing("a")
    assert exchange.last.headers["X-Trace"] == "abc"
    assert exchange.last.headers["User-Agent"] == "my-app/3"
    assert hooked == ["/v1/things/a"]
    client.close()
    assert http_client.is_closed


def test_the_async_client_keeps_an_injected_clients_headers(sdk: Sdk) -> None:
    exchange = Exchange(reply(200, THING))
    package = sdk.module()

    async def run() -> None:
        http_client = httpx.AsyncClient(
            transport=httpx.MockTransport(exchange), headers={"X-Trace": "abc"}
        )
        async with package.AsyncApiClient(package.Configuration(), http_client=http_client) as c:
            c.set_default_header("X-Tenant", "acme")
            await package.AsyncThingsApi(c).get_thing("a")

    asyncio.run(run())
    headers = exchange.last.headers
    assert (headers["X-Trace"], headers["X-Tenant"]) == ("abc", "acme")
    assert headers["User-Agent"].startswith(sdk.package.replace("_", "-") + "/1.0.0 ")


# --- 3. per-call headers win --------------------------------------------------------------


def test_per_call_headers_win_over_credentials_and_generated_headers(sdk: Sdk) -> None:
    api, exchange = _api(sdk)
    api.get_thing("a", _headers={"authorization": "Bearer override", "accept": "*/*"})
    assert exchange.last.headers.get_list("Authorization") == ["Bearer override"]
    assert exchange.last.headers.get_list("Accept") == ["*/*"]


# --- 5. streamed responses ----------------------------------------------------------------


class _Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body that records whether anyone has started reading it."""

    def __init__(self) -> None:
        self.read = False
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        self.read = True
        yield b'{"name": '
        yield b'"lamp"}'

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self:
            yield chunk

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def test_without_preload_content_returns_before_the_body_is_read(sdk: Sdk) -> None:
    body = _Body()
    api, _ = _api(sdk, lambda request: httpx.Response(200, stream=body))
    with contextlib.closing(api.get_thing_without_preload_content("a")) as response:
        assert response.status_code == 200
        assert not body.read
        assert b"".join(response.iter_bytes()) == b'{"name": "lamp"}'
    assert body.closed


def test_async_without_preload_content_returns_before_the_body_is_read(sdk: Sdk) -> None:
    body = _Body()
    package = sdk.module()

    async def run() -> bytes:
        transport = httpx.MockTransport(lambda request: httpx.Response(200, stream=body))
        http_client = httpx.AsyncClient(transport=transport)
        async with package.AsyncApiClient(package.Configuration(), http_client=http_client) as c:
            response = await package.AsyncThingsApi(c).get_thing_without_preload_content("a")
            assert not body.read
            async with contextlib.aclosing(response):
                return b"".join([chunk async for chunk in response.aiter_bytes()])

    assert asyncio.run(run()) == b'{"name": "lamp"}'
    assert body.closed


# --- 6. what an error says ----------------------------------------------------------------


def test_an_error_names_method_path_and_status_and_keeps_its_typed_model(sdk: Sdk) -> None:
    api, _ = _api(sdk, reply(404, {"detail": "no such thing"}))
    with pytest.raises(sdk.module().ApiException) as caught:
        api.get_thing("a", q="secret-ish")
    error = caught.value
    assert str(error).splitlines() == [
        "GET /v1/things/a answered 404 Not Found",
        'HTTP response body: {"detail":"no such thing"}',
    ]
    problem = error.data_as(sdk.models.Problem)
    assert problem is not None and problem.detail == "no such thing"
    assert error.data_as(sdk.models.Thing) is None
    assert (error.method, error.path) == ("GET", "/v1/things/a")


# --- 7. an httpx.Timeout per call ---------------------------------------------------------


def test_request_timeout_accepts_an_httpx_timeout(sdk: Sdk) -> None:
    api, exchange = _api(sdk)
    api.get_thing("a", _request_timeout=httpx.Timeout(5.0, connect=1.0))
    assert exchange.last.extensions["timeout"] == {
        "connect": 1.0,
        "read": 5.0,
        "write": 5.0,
        "pool": 5.0,
    }
    api.get_thing("a", _request_timeout=(2.0, 7.0))
    assert exchange.last.extensions["timeout"]["connect"] == 2.0
    with pytest.raises(pydantic.ValidationError, match="_request_timeout"):
        api.get_thing("a", _request_timeout="soon")


# --- 9. what the DEBUG log shows ----------------------------------------------------------


def test_the_log_shows_the_query_as_sent(sdk: Sdk, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=sdk.package)
    api, exchange = _api(sdk)
    api.get_thing("a", q="%2b1 2")
    sent = exchange.last.url.query.decode()
    assert sent == "q=%252b1+2"
    assert f"GET https://us.api.example.com/v1/things/a?{sent} (attempt 1)" in caplog.text


def test_retry_waits_are_logged_with_attempt_delay_and_why(
    sdk: Sdk, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=sdk.package)
    answers = iter(
        [
            httpx.Response(429, headers={"Retry-After": "0"}),
            httpx.Response(503),
            httpx.Response(200, json=THING),
        ]
    )
    package = sdk.module()
    policy = package.RetryPolicy(max_retries=2, jitter=0.0, backoff_factor=0.0)
    client, _ = sdk.client(lambda request: next(answers), retries=policy)
    package.ThingsApi(client).get_thing("a")
    url = "https://us.api.example.com/v1/things/a"
    assert f"GET {url}: retry 1 of 2 in 0.00s after 429 Too Many Requests, Retry-After: 0" in (
        caplog.text
    )
    assert f"GET {url}: retry 2 of 2 in 0.00s after 503 Service Unavailable" in caplog.text


# --- 11. validation errors name the parameter ---------------------------------------------


def test_a_positional_argument_that_fails_validation_is_named(sdk: Sdk) -> None:
    api, exchange = _api(sdk, reply(204))
    with pytest.raises(pydantic.ValidationError) as caught:
        api.put_upload("report.txt", None)
    assert [error["loc"] for error in caught.value.errors()] == [("body",)]
    assert "\nbody\n" in str(caught.value)
    assert exchange.requests == []


# --- 12. a closed client ------------------------------------------------------------------


def test_a_closed_client_raises_the_sdks_error(sdk: Sdk) -> None:
    api, exchange = _api(sdk)
    api.api_client.close()
    with pytest.raises(sdk.module().ApiClientClosedError, match="ApiClient is closed"):
        api.get_thing("a")
    assert exchange.requests == []


def test_a_closed_async_client_raises_the_sdks_error(sdk: Sdk) -> None:
    package = sdk.module()

    async def run() -> None:
        client = package.AsyncApiClient(package.Configuration())
        await client.close()
        await package.AsyncThingsApi(client).get_thing("a")

    with pytest.raises(package.ApiClientClosedError, match="AsyncApiClient is closed"):
        asyncio.run(run())


# --- 14. the exception tree ---------------------------------------------------------------


@pytest.mark.parametrize("where", ["this spec", "the committed package"])
def test_the_exception_tree_lines_up(sdk: Sdk, where: str) -> None:
    root = sdk.path if where == "this spec" else GENERATED / "bandwidth_calls"
    docstring = (root / "exceptions.py").read_text(encoding="utf-8").split('"""')[1]
    entries = [line for line in docstring.splitlines() if "── " in line]
    columns = {re.match(r".*── \w+ +", line).end() for line in entries}  # type: ignore[union-attr]
    assert len(columns) == 1, "\n".join(entries)
    names = {re.search(r"── (\w+)", line)[1] for line in entries}  # type: ignore[index]
    assert "UnsupportedMediaTypeException" in names or where == "this spec"
