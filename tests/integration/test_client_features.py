"""Retries, timeouts, pagination, OAuth2 and logging of the committed client, against a
scripted loopback server that can fail in the ways real servers do."""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import logging
import threading
import time
from collections.abc import Iterator
from typing import TypedDict, Unpack

import httpx
import pytest
from bandwidth_calls import (
    ApiClient,
    ApiConnectionError,
    ApiTimeoutError,
    ApiValueError,
    AsyncApiClient,
    AsyncCallsApi,
    CallsApi,
    Configuration,
    ResponseDecodeError,
    RetryPolicy,
    ServiceException,
    TooManyRequestsException,
    UnauthorizedException,
)
from bandwidth_calls.models import CallDirectionEnum, CallState, CreateCall

from tests.support.fault_server import FaultServer, Step

ACCOUNT = "9900000"
CALL_PATH = f"/accounts/{ACCOUNT}/calls/c-1"
CALLS_PATH = f"/accounts/{ACCOUNT}/calls"
TOKEN_PATH = "/oauth2/token"
STATE = {"callId": "c-1", "accountId": ACCOUNT, "direction": "inbound", "state": "active"}
NO_JITTER = RetryPolicy(jitter=0.0)


_open_clients: list[ApiClient] = []


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer().running() as running:
        yield running
    while _open_clients:
        _open_clients.pop().close()


def _client(configuration: Configuration, sleeps: Sleeps | None = None) -> ApiClient:
    """A client closed when the test ends (the `server` fixture's teardown)."""
    client = ApiClient(configuration, sleep=sleeps if sleeps is not None else Sleeps())
    _open_clients.append(client)
    return client


class Sleeps(list[float]):
    """Records waits instead of sleeping, so retry tests take no time."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


class Settings(TypedDict, total=False):
    """The `Configuration` settings a test chooses for itself."""

    retries: int | RetryPolicy
    timeout: float | httpx.Timeout


def _api(
    server: FaultServer, sleeps: Sleeps | None = None, **settings: Unpack[Settings]
) -> CallsApi:
    configuration = Configuration(
        server.url, ignore_operation_servers=True, username="user", password="secret", **settings
    )
    return CallsApi(_client(configuration, sleeps))


# --- retries -------------------------------------------------------------------------------


def test_429_with_retry_after_seconds_waits_that_long(server: FaultServer) -> None:
    server.script(CALL_PATH, Step(429, {}, {"Retry-After": "1"}), Step(200, STATE))
    sleeps = Sleeps()
    state = _api(server, sleeps).get_call_state(ACCOUNT, "c-1")
    assert state.call_id == "c-1"
    assert sleeps == [1.0]
    assert len(server.seen(CALL_PATH)) == 2


def test_429_with_retry_after_http_date(server: FaultServer) -> None:
    later = email.utils.format_datetime(
        datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=3), usegmt=True
    )
    server.script(CALL_PATH, Step(429, {}, {"Retry-After": later}), Step(200, STATE))
    sleeps = Sleeps()
    _api(server, sleeps).get_call_state(ACCOUNT, "c-1")
    assert len(sleeps) == 1 and 1.0 <= sleeps[0] <= 3.0


def test_malformed_retry_after_falls_back_to_backoff(server: FaultServer) -> None:
    server.script(CALL_PATH, Step(429, {}, {"Retry-After": "string"}), Step(200, STATE))
    sleeps = Sleeps()
    _api(server, sleeps, retries=NO_JITTER).get_call_state(ACCOUNT, "c-1")
    assert sleeps == [NO_JITTER.backoff_factor]


def test_503_then_success_uses_exponential_backoff(server: FaultServer) -> None:
    server.script(CALL_PATH, Step(503), Step(503), Step(200, STATE))
    sleeps = Sleeps()
    _api(server, sleeps, retries=NO_JITTER).get_call_state(ACCOUNT, "c-1")
    assert sleeps == [0.5, 1.0]


def test_exhausted_retries_raise_the_typed_error_of_the_last_answer(server: FaultServer) -> None:
    error = {"type": "rate", "description": "slow down"}
    server.script(CALL_PATH, then=Step(429, error, {"Retry-After": "2"}))
    sleeps = Sleeps()
    with pytest.raises(TooManyRequestsException) as caught:
        _api(server, sleeps).get_call_state(ACCOUNT, "c-1")
    assert caught.value.retry_after == 2.0
    assert caught.value.data is not None and caught.value.data.description == "slow down"
    assert sleeps == [2.0, 2.0]
    assert len(server.seen(CALL_PATH)) == 3


def test_a_wait_beyond_the_budget_is_not_taken(server: FaultServer) -> None:
    server.script(CALL_PATH, then=Step(429, {}, {"Retry-After": "3600"}))
    sleeps = Sleeps()
    with pytest.raises(TooManyRequestsException) as caught:
        _api(server, sleeps).get_call_state(ACCOUNT, "c-1")
    assert caught.value.retry_after == 3600.0
    assert sleeps == []
    assert len(server.seen(CALL_PATH)) == 1


def test_retries_zero_sends_once(server: FaultServer) -> None:
    server.script(CALL_PATH, then=Step(503))
    with pytest.raises(ServiceException):
        _api(server, retries=0).get_call_state(ACCOUNT, "c-1")
    assert len(server.seen(CALL_PATH)) == 1


def test_retried_post_keeps_body_and_idempotency_key(server: FaultServer) -> None:
    created = {
        "accountId": ACCOUNT, "callId": "c-1", "applicationId": "a", "to": "+1", "from": "+2",
        "callUrl": "https://x", "answerUrl": "https://a", "answerMethod": "POST",
        "disconnectMethod": "POST",
    }  # fmt: skip
    server.script(CALLS_PATH, Step(503), Step(201, created))
    body = CreateCall(to="+1", var_from="+2", application_id="a", answer_url="https://a")
    result = _api(server).create_call(ACCOUNT, body, _headers={"Idempotency-Key": "k-42"})
    assert result.call_id == "c-1"
    first, second = server.seen(CALLS_PATH)
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"] == "k-42"
    assert first.body == second.body == body.to_json().encode()


def test_connection_drop_is_retried_for_get_only(server: FaultServer) -> None:
    server.script(CALL_PATH, Step(drop=True), Step(200, STATE))
    sleeps = Sleeps()
    assert _api(server, sleeps).get_call_state(ACCOUNT, "c-1").call_id == "c-1"
    assert len(sleeps) == 1
    server.script(CALLS_PATH, Step(drop=True), then=Step(500))
    body = CreateCall(to="+1", var_from="+2", application_id="a", answer_url="https://a")
    with pytest.raises(ApiConnectionError):
        _api(server).create_call(ACCOUNT, body)
    assert len(server.seen(CALLS_PATH)) == 1


def test_slow_response_past_the_timeout(server: FaultServer) -> None:
    server.script(CALL_PATH, then=Step(200, STATE, delay=1.0))
    sleeps = Sleeps()
    api = _api(server, sleeps)
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError):
        api.get_call_state(ACCOUNT, "c-1", _request_timeout=0.2)
    assert len(server.seen(CALL_PATH)) == 3  # GET is idempotent: retried twice
    assert len(sleeps) == 2
    assert time.monotonic() - started < 3
    with pytest.raises(ApiTimeoutError):
        _api(server, retries=0, timeout=0.2).get_call_state(ACCOUNT, "c-1")


# --- responses -----------------------------------------------------------------------------


def test_unknown_enum_values_and_fields_are_kept(server: FaultServer) -> None:
    server.script(CALL_PATH, Step(200, {**STATE, "direction": "sideways", "brandNew": 7}))
    state = _api(server).get_call_state(ACCOUNT, "c-1")
    assert isinstance(state.direction, CallDirectionEnum)
    assert state.direction.value == "sideways"
    assert state.model_extra == {"brandNew": 7}
    assert state.to_dict()["brandNew"] == 7


def test_a_body_that_is_not_the_declared_model_keeps_the_raw_body(server: FaultServer) -> None:
    server.script(CALL_PATH, Step(200, b"<html>oops</html>", {"Content-Type": "text/html"}))
    with pytest.raises(ResponseDecodeError) as caught:
        _api(server).get_call_state(ACCOUNT, "c-1")
    assert caught.value.body == b"<html>oops</html>"
    assert caught.value.status == 200


def test_an_error_body_that_does_not_parse_still_raises_the_typed_error(
    server: FaultServer,
) -> None:
    server.script(CALL_PATH, Step(401, b"nope", {"Content-Type": "text/plain"}))
    with pytest.raises(UnauthorizedException) as caught:
        _api(server).get_call_state(ACCOUNT, "c-1")
    assert caught.value.data is None
    assert caught.value.body == "nope"


# --- pagination ----------------------------------------------------------------------------


def _paged(server: FaultServer) -> None:
    page = [{"callId": f"c-{i}"} for i in range(3)]
    server.script(
        CALLS_PATH,
        Step(200, page[:1], {"Link": f'<{CALLS_PATH}?pageToken=two>; rel="next"'}),
        Step(200, page[1:2], {"Link": f'<{server.url}{CALLS_PATH}?pageToken=three>; rel="next"'}),
        Step(200, page[2:]),
    )


def test_pages_follow_link_headers(server: FaultServer) -> None:
    _paged(server)
    api = _api(server)
    pages = list(api.list_calls_pages(ACCOUNT, page_size=1))
    assert [len(p.data) for p in pages] == [1, 1, 1]
    paths = [r.path for r in server.seen(CALLS_PATH)]
    assert paths == [f"{CALLS_PATH}?pageSize=1", f"{CALLS_PATH}?pageToken=two",
                     f"{CALLS_PATH}?pageToken=three"]  # fmt: skip
    assert all(r.headers["Authorization"].startswith("Basic ") for r in server.seen(CALLS_PATH))
    _paged(server)
    items = list(api.list_calls_iter(ACCOUNT))
    assert [c.call_id for c in items] == ["c-0", "c-1", "c-2"]
    assert all(isinstance(c, CallState) for c in items)


def test_async_pages_follow_link_headers(server: FaultServer) -> None:
    _paged(server)

    async def collect() -> list[str | None]:
        configuration = Configuration(server.url, ignore_operation_servers=True)
        async with AsyncApiClient(configuration) as client:
            return [c.call_id async for c in AsyncCallsApi(client).list_calls_iter(ACCOUNT)]

    assert asyncio.run(collect()) == ["c-0", "c-1", "c-2"]


def test_a_next_link_to_another_host_is_not_followed(server: FaultServer) -> None:
    server.script(CALLS_PATH, Step(200, [], {"Link": '<https://evil.example/x>; rel="next"'}))
    with pytest.raises(ApiValueError, match="another host"):
        list(_api(server).list_calls_pages(ACCOUNT))


# --- OAuth 2.0 client credentials ----------------------------------------------------------


def _oauth(server: FaultServer, **settings: Unpack[Settings]) -> Configuration:
    return Configuration(
        server.url,
        ignore_operation_servers=True,
        client_id="id",
        client_secret="shh",
        oauth_token_url=f"{server.url}{TOKEN_PATH}",
        **settings,
    )


def _token(value: str = "tok-1", expires_in: int = 3600) -> Step:
    return Step(200, {"access_token": value, "token_type": "bearer", "expires_in": expires_in})


def test_many_threads_share_one_token_fetch(server: FaultServer) -> None:
    server.script(TOKEN_PATH, Step(200, _token().body, delay=0.3))
    server.script(CALL_PATH, then=Step(200, STATE))
    api = CallsApi(_client(_oauth(server)))
    threads = [threading.Thread(target=api.get_call_state, args=(ACCOUNT, "c-1")) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(server.seen(TOKEN_PATH)) == 1
    calls = server.seen(CALL_PATH)
    assert len(calls) == 8
    assert {c.headers["Authorization"] for c in calls} == {"Bearer tok-1"}
    token_request = server.seen(TOKEN_PATH)[0]
    assert token_request.body == b"grant_type=client_credentials"
    assert token_request.headers["Authorization"].startswith("Basic ")


def test_many_tasks_share_one_token_fetch(server: FaultServer) -> None:
    server.script(TOKEN_PATH, Step(200, _token().body, delay=0.3))
    server.script(CALL_PATH, then=Step(200, STATE))

    async def run() -> None:
        async with AsyncApiClient(_oauth(server)) as client:
            api = AsyncCallsApi(client)
            await asyncio.gather(*(api.get_call_state(ACCOUNT, "c-1") for _ in range(8)))

    asyncio.run(run())
    assert len(server.seen(TOKEN_PATH)) == 1
    assert len(server.seen(CALL_PATH)) == 8


def test_an_expiring_token_is_fetched_again(server: FaultServer) -> None:
    # 30 s left is inside the 60 s safety margin: the token is replaced before every use.
    server.script(TOKEN_PATH, _token("a", 30), _token("b", 30))
    server.script(CALL_PATH, then=Step(200, STATE))
    api = CallsApi(_client(_oauth(server)))
    api.get_call_state(ACCOUNT, "c-1")
    api.get_call_state(ACCOUNT, "c-1")
    assert [c.headers["Authorization"] for c in server.seen(CALL_PATH)] == ["Bearer a", "Bearer b"]


def test_a_401_refreshes_the_token_once(server: FaultServer) -> None:
    server.script(TOKEN_PATH, _token("old"), _token("new"), then=_token("newer"))
    server.script(CALL_PATH, Step(401, {}), Step(200, STATE))
    api = CallsApi(_client(_oauth(server)))
    assert api.get_call_state(ACCOUNT, "c-1").call_id == "c-1"
    assert [c.headers["Authorization"] for c in server.seen(CALL_PATH)] == [
        "Bearer old",
        "Bearer new",
    ]
    server.script(CALL_PATH, then=Step(401, {"type": "auth", "description": "revoked"}))
    with pytest.raises(UnauthorizedException):
        api.get_call_state(ACCOUNT, "c-1")
    assert len(server.seen(TOKEN_PATH)) == 3  # one more refresh, not a loop


def test_token_fetches_and_refreshes_are_logged(
    server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.script(TOKEN_PATH, _token("old"), _token("new"))
    server.script(CALL_PATH, Step(401, {}), Step(200, STATE))
    caplog.set_level(logging.DEBUG, logger="bandwidth_calls")
    CallsApi(_client(_oauth(server))).get_call_state(ACCOUNT, "c-1")
    messages = [record.getMessage() for record in caplog.records]
    fetch = f"POST {server.url}{TOKEN_PATH}: fetching a client-credentials token"
    assert messages.count(fetch) == 2
    rejected = f"GET {server.url}{CALL_PATH} -> 401 with a cached token: fetching a new token"
    assert [m for m in messages if m.startswith(rejected)] == [rejected + " and sending again"]
    assert messages.index(rejected + " and sending again") < len(messages) - 1


def test_a_failing_token_endpoint_raises_its_typed_error(server: FaultServer) -> None:
    server.script(TOKEN_PATH, Step(401, {"error": "invalid_client"}))
    with pytest.raises(UnauthorizedException) as caught:
        CallsApi(_client(_oauth(server))).get_call_state(ACCOUNT, "c-1")
    assert "invalid_client" in (caught.value.body or "")
    assert server.seen(CALL_PATH) == []


# --- logging and secrets -------------------------------------------------------------------


def test_debug_logging_redacts_credentials(
    server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.script(TOKEN_PATH, _token("tok-secret"))
    server.script(CALL_PATH, then=Step(200, STATE))
    caplog.set_level(logging.DEBUG, logger="bandwidth_calls")
    configuration = _oauth(server)
    CallsApi(_client(configuration)).get_call_state(ACCOUNT, "c-1")
    _api(server).get_call_state(ACCOUNT, "c-1")
    text = caplog.text
    assert f"GET {server.url}{CALL_PATH}" in text
    assert "-> 200" in text
    for secret in ("tok-secret", "shh", "secret", "dXNlcjpzZWNyZXQ="):
        assert secret not in text
    assert "[redacted]" in text
    assert "shh" not in repr(configuration) and "secret" not in repr(
        _api(server).api_client.configuration
    )


def test_arguments_are_checked_before_anything_is_sent(server: FaultServer) -> None:
    api = _api(server)
    with pytest.raises(ValueError, match="page_size"):
        api.list_calls(ACCOUNT, page_size=10_001)
    with pytest.raises(ApiValueError, match="empty"):
        api.get_call_state(ACCOUNT, "")
    with pytest.raises(ValueError, match="create_call"):
        api.create_call(ACCOUNT, "not a body")  # type: ignore[arg-type]
    assert server.seen() == []


def test_a_custom_http_client_can_be_injected() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=STATE)

    configuration = Configuration("http://api.test", ignore_operation_servers=True)
    client = ApiClient(
        configuration, http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    assert CallsApi(client).get_call_state(ACCOUNT, "c-1").call_id == "c-1"
    assert str(seen[0].url) == f"http://api.test{CALL_PATH}"
