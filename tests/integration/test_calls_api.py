"""The committed generated client against a real HTTP server: Prism mocking spec/calls.yaml."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import bandwidth_calls
import httpx
import pytest
from bandwidth_calls import (
    ApiClient,
    ApiClientClosedError,
    AsyncApiClient,
    AsyncCallsApi,
    CallsApi,
    Configuration,
    NotFoundException,
)
from bandwidth_calls.models import (
    CallState,
    CallStateEnum,
    CreateCall,
    CreateCallResponse,
    UpdateCall,
    VoiceApiError,
)

from tests.support.paths import GENERATED

ACCOUNT = "9900000"
CALL = "c-15ac29a2-1331029c-2cb0-4a07-b215-b22865662d85"


def test_the_installed_package_is_the_committed_generated_tree() -> None:
    assert Path(bandwidth_calls.__file__).resolve().is_relative_to(GENERATED.resolve())


@pytest.fixture
def api(prism_url: str) -> Iterator[CallsApi]:
    configuration = Configuration(
        host=prism_url, username="user", password="secret", ignore_operation_servers=True
    )
    with ApiClient(configuration) as client:
        yield CallsApi(client)


def _create_call() -> CreateCall:
    return CreateCall(
        to="+19195551234",
        var_from="+15555551212",
        application_id="1234-qwer-5679-tyui",
        answer_url="https://www.myCallbackServer.example/webhooks/answer",
    )


def test_create_call_returns_201_a_typed_body_and_the_location_header(api: CallsApi) -> None:
    response = api.create_call_with_http_info(ACCOUNT, _create_call())
    assert response.status_code == 201
    assert isinstance(response.data, CreateCallResponse)
    assert response.data.call_id
    assert "Location" in response.headers
    assert response.raw_data.startswith(b"{")


def test_create_call_plain_method_returns_the_model(api: CallsApi) -> None:
    created = api.create_call(ACCOUNT, _create_call())
    assert isinstance(created, CreateCallResponse)
    assert created.account_id == ACCOUNT


def test_get_call_state_returns_200_and_a_call_state(api: CallsApi) -> None:
    response = api.get_call_state_with_http_info(ACCOUNT, CALL)
    assert response.status_code == 200
    assert isinstance(response.data, CallState)
    assert response.data.call_id


def test_list_calls_returns_a_list_of_call_states(api: CallsApi) -> None:
    response = api.list_calls_with_http_info(ACCOUNT, var_from="+19195554321", page_size=10)
    assert response.status_code == 200
    assert isinstance(response.data, list)
    assert response.data
    assert all(isinstance(item, CallState) for item in response.data)


def test_update_call_returns_200(api: CallsApi) -> None:
    response = api.update_call_with_http_info(
        ACCOUNT, CALL, UpdateCall(state=CallStateEnum.COMPLETED)
    )
    assert response.status_code == 200
    assert response.data is None


def test_update_call_bxml_sends_xml_and_gets_204(api: CallsApi) -> None:
    bxml = '<?xml version="1.0" encoding="UTF-8"?><Bxml><SpeakSentence>Hi</SpeakSentence></Bxml>'
    raw = api.update_call_bxml_without_preload_content(ACCOUNT, CALL, bxml)
    assert raw.status_code == 204
    assert raw.request.headers["Content-Type"] == "application/xml"
    assert raw.request.content == bxml.encode()
    assert api.update_call_bxml_with_http_info(ACCOUNT, CALL, bxml).status_code == 204


def test_basic_auth_header_is_sent(api: CallsApi) -> None:
    raw = api.get_call_state_without_preload_content(ACCOUNT, CALL)
    assert raw.request.headers["Authorization"] == "Basic dXNlcjpzZWNyZXQ="


def test_an_error_status_raises_the_typed_exception_with_the_parsed_error(api: CallsApi) -> None:
    with pytest.raises(NotFoundException) as caught:
        api.get_call_state(ACCOUNT, CALL, _headers={"Prefer": "code=404"})
    error = caught.value
    assert error.status == 404
    assert isinstance(error.data, VoiceApiError)
    assert error.data.type == "validation"
    assert error.body and "validation" in error.body


def test_arguments_are_validated_before_any_request(api: CallsApi) -> None:
    sent: list[object] = []
    api.api_client._http.event_hooks["request"].append(sent.append)
    with pytest.raises(ValueError, match="page_size"):
        api.list_calls(ACCOUNT, page_size=0)
    assert sent == []


EXPECTED_EXCEPTIONS = {
    400: bandwidth_calls.BadRequestException,
    401: bandwidth_calls.UnauthorizedException,
    403: bandwidth_calls.ForbiddenException,
    404: bandwidth_calls.NotFoundException,
    405: bandwidth_calls.MethodNotAllowedException,
    409: bandwidth_calls.ConflictException,
    415: bandwidth_calls.UnsupportedMediaTypeException,
    429: bandwidth_calls.TooManyRequestsException,
    500: bandwidth_calls.ServiceException,
}
OPERATIONS: dict[
    str, tuple[Callable[[CallsApi], Callable[..., Any]], tuple[Any, ...], set[int]]
] = {
    "create_call": (lambda a: a.create_call, (ACCOUNT, _create_call()), {409}),
    "list_calls": (lambda a: a.list_calls, (ACCOUNT,), {409}),
    "get_call_state": (lambda a: a.get_call_state, (ACCOUNT, CALL), {409}),
    "update_call": (
        lambda a: a.update_call,
        (ACCOUNT, CALL, UpdateCall(state=CallStateEnum.ACTIVE)),
        set(),
    ),
    "update_call_bxml": (lambda a: a.update_call_bxml, (ACCOUNT, CALL, "<Bxml/>"), set()),
}


@pytest.fixture
def api_without_retries(prism_url: str) -> Iterator[CallsApi]:
    configuration = Configuration(
        host=prism_url, username="u", password="p", ignore_operation_servers=True, retries=0
    )
    with ApiClient(configuration) as client:
        yield CallsApi(client)


@pytest.mark.parametrize(
    ("operation", "status"),
    [
        (o, s)
        for o, (_, _, skip) in OPERATIONS.items()
        for s in EXPECTED_EXCEPTIONS
        if s not in skip
    ],
)
def test_every_declared_error_status_raises_its_exception_with_parsed_data(
    api_without_retries: CallsApi, operation: str, status: int
) -> None:
    method, arguments, _ = OPERATIONS[operation]
    with pytest.raises(EXPECTED_EXCEPTIONS[status]) as caught:
        method(api_without_retries)(*arguments, _headers={"Prefer": f"code={status}"})
    assert caught.value.status == status
    assert isinstance(caught.value.data, VoiceApiError)
    assert caught.value.data.type == "validation"


def test_every_operation_works_async(prism_url: str) -> None:
    async def run() -> list[object]:
        configuration = Configuration(
            host=prism_url, username="u", password="p", ignore_operation_servers=True
        )
        async with AsyncApiClient(configuration) as client:
            api = AsyncCallsApi(client)
            created = await api.create_call_with_http_info(ACCOUNT, _create_call())
            assert created.status_code == 201 and "Location" in created.headers
            state = await api.get_call_state(ACCOUNT, CALL)
            calls = await api.list_calls(ACCOUNT, page_size=5)
            updated = await api.update_call_with_http_info(ACCOUNT, CALL, UpdateCall())
            replaced = await api.update_call_bxml_with_http_info(ACCOUNT, CALL, "<Bxml/>")
            with pytest.raises(NotFoundException):
                await api.get_call_state(ACCOUNT, CALL, _headers={"Prefer": "code=404"})
            return [created.data, state, calls, updated.status_code, replaced.status_code]

    created, state, calls, updated, replaced = asyncio.run(run())
    assert isinstance(created, CreateCallResponse)
    assert isinstance(state, CallState)
    assert isinstance(calls, list) and all(isinstance(c, CallState) for c in calls)
    assert (updated, replaced) == (200, 204)


# --- issue 12: the client as its users meet it, against Prism ------------------------------


def test_an_explicit_host_receives_every_operation_without_ignoring_servers(
    prism_url: str,
) -> None:
    """Every Calls operation declares its own server; the host the user names still wins."""
    seen: list[str] = []
    configuration = Configuration(host=prism_url, username="user", password="secret")
    http_client = httpx.Client(event_hooks={"request": [lambda r: seen.append(str(r.url))]})
    with ApiClient(configuration, http_client=http_client) as client:
        api = CallsApi(client)
        assert isinstance(api.create_call(ACCOUNT, _create_call()), CreateCallResponse)
        assert isinstance(api.get_call_state(ACCOUNT, CALL), CallState)
        assert isinstance(api.list_calls(ACCOUNT, page_size=5), list)
        api.update_call(ACCOUNT, CALL, UpdateCall(state=CallStateEnum.ACTIVE))
        api.update_call_bxml(ACCOUNT, CALL, "<Bxml/>")
    assert len(seen) == 5
    assert all(url.startswith(prism_url + "/accounts/") for url in seen), seen


def test_headers_as_sent_user_agent_defaults_injected_and_per_call(prism_url: str) -> None:
    http_client = httpx.Client(headers={"X-Trace": "abc"})
    configuration = Configuration(host=prism_url, username="user", password="secret")
    with ApiClient(configuration, http_client=http_client) as client:
        client.set_default_header("X-Tenant", "acme")
        api = CallsApi(client)
        raw = api.get_call_state_without_preload_content(
            ACCOUNT, CALL, _headers={"Authorization": "Bearer override"}
        )
        raw.close()
    sent = raw.request.headers
    assert sent["User-Agent"].startswith("bandwidth-calls/1.0.0 python/")
    assert (sent["X-Trace"], sent["X-Tenant"]) == ("abc", "acme")
    assert sent.get_list("Authorization") == ["Bearer override"]


def test_without_preload_content_streams_the_body(api: CallsApi) -> None:
    with contextlib.closing(api.list_calls_without_preload_content(ACCOUNT)) as response:
        assert response.status_code == 200
        assert not response.is_stream_consumed
        body = b"".join(response.iter_bytes())
    assert body.startswith(b"[")
    assert response.is_closed


def test_async_without_preload_content_streams_the_body(prism_url: str) -> None:
    async def run() -> bytes:
        configuration = Configuration(host=prism_url, username="u", password="p")
        async with AsyncApiClient(configuration) as client:
            api = AsyncCallsApi(client)
            response = await api.get_call_state_without_preload_content(ACCOUNT, CALL)
            async with contextlib.aclosing(response):
                assert not response.is_stream_consumed
                return await response.aread()

    assert asyncio.run(run()).startswith(b"{")


def test_an_error_names_the_request_and_keeps_the_typed_error_model(api: CallsApi) -> None:
    with pytest.raises(NotFoundException) as caught:
        api.get_call_state(ACCOUNT, CALL, _headers={"Prefer": "code=404"})
    first_line = str(caught.value).splitlines()[0]
    assert first_line == f"GET /accounts/{ACCOUNT}/calls/{CALL} answered 404 Not Found"
    error = caught.value.data_as(VoiceApiError)
    assert error is not None and error.type == "validation"


def test_a_request_timeout_may_be_an_httpx_timeout(api: CallsApi) -> None:
    state = api.get_call_state(ACCOUNT, CALL, _request_timeout=httpx.Timeout(5.0, connect=2.0))
    assert isinstance(state, CallState)


def test_a_closed_client_says_so(prism_url: str) -> None:
    client = ApiClient(Configuration(host=prism_url, username="u", password="p"))
    api = CallsApi(client)
    api.get_call_state(ACCOUNT, CALL)
    client.close()
    with pytest.raises(ApiClientClosedError, match="closed"):
        api.get_call_state(ACCOUNT, CALL)
