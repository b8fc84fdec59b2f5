"""Pure parts of the generated runtime: retry decisions, Retry-After parsing, token parsing,
validators built on first call, garbage collection paused while large bodies are decoded."""

from __future__ import annotations

import asyncio
import datetime
import gc
import inspect
import json
import sys
import threading
import time
import types
from collections.abc import Iterator
from typing import Annotated

import httpx
import pydantic
import pytest
from bandwidth_calls import api_client
from bandwidth_calls.api.calls_api import AsyncCallsApi, CallsApi
from bandwidth_calls.api_client import ResponseTypes
from bandwidth_calls.auth import REFRESH_MARGIN, Token, TokenCache, parse_token
from bandwidth_calls.exceptions import ResponseDecodeError, UnauthorizedException
from bandwidth_calls.retries import RetryPolicy, parse_retry_after

NOW = datetime.datetime(2026, 1, 1, 12, 0, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0.0),
        ("7", 7.0),
        (" 12 ", 12.0),
        ("Thu, 01 Jan 2026 12:00:30 GMT", 30.0),
        ("Thu, 01 Jan 2026 11:00:00 GMT", 0.0),  # already past: no wait
        ("string", None),
        ("-5", None),
        ("1.5", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == expected


def test_backoff_grows_is_capped_and_jitter_stays_in_bounds() -> None:
    exact = RetryPolicy(jitter=0.0, backoff_factor=0.5, max_backoff=3.0)
    assert [exact.backoff(a) for a in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    high = RetryPolicy(jitter=0.5, jitter_source=lambda: 1.0)
    assert high.backoff(0) == 0.75


def test_status_retries_stop_at_the_limit_and_the_budget() -> None:
    policy = RetryPolicy(max_retries=2, jitter=0.0, max_total_wait=10.0)
    assert policy.delay_after_status(0, 503, {}, 0.0) == 0.5
    assert policy.delay_after_status(0, 500, {}, 0.0) is None  # not a retried status
    assert policy.delay_after_status(2, 503, {}, 0.0) is None  # no retries left
    assert policy.delay_after_status(0, 429, {"Retry-After": "9"}, 2.0) is None  # over budget
    assert policy.delay_after_status(0, 429, {"Retry-After": "9"}, 1.0) == 9.0


def test_connection_errors_are_retried_for_idempotent_methods_only() -> None:
    policy = RetryPolicy(jitter=0.0)
    for method in ("GET", "PUT", "DELETE", "HEAD", "OPTIONS", "get"):
        assert policy.delay_after_error(0, method, 0.0) == 0.5
    for method in ("POST", "PATCH"):
        assert policy.delay_after_error(0, method, 0.0) is None


def _response(status: int, **kwargs: object) -> httpx.Response:
    return httpx.Response(status, request=httpx.Request("POST", "https://t/token"), **kwargs)  # type: ignore[arg-type]


def test_parse_token() -> None:
    token = parse_token(_response(200, json={"access_token": "t", "expires_in": 120}), now=10.0)
    assert (token.access_token, token.expires_at) == ("t", 130.0)
    default = parse_token(_response(200, json={"access_token": "t"}), now=0.0)
    assert default.expires_at == 3600.0
    with pytest.raises(ResponseDecodeError):
        parse_token(_response(200, json={"token": "t"}), now=0.0)
    with pytest.raises(ResponseDecodeError):
        parse_token(_response(200, content=b"<html>"), now=0.0)
    with pytest.raises(UnauthorizedException):
        parse_token(_response(401, json={"error": "invalid_client"}), now=0.0)


def test_token_cache_refreshes_before_expiry_and_after_a_rejection() -> None:
    clock = [0.0]
    fetched: list[float] = []

    def fetch(now: float) -> Token:
        fetched.append(now)
        return Token(access_token=f"t{len(fetched)}", expires_at=now + 100.0)

    cache = TokenCache(clock=lambda: clock[0])
    assert cache.get(fetch) == "t1"
    clock[0] = 100.0 - REFRESH_MARGIN - 1
    assert cache.get(fetch) == "t1"
    clock[0] = 100.0 - REFRESH_MARGIN
    assert cache.get(fetch) == "t2"
    cache.invalidate("t1")  # an old token: ignored
    assert cache.get(fetch) == "t2"
    cache.invalidate("t2")
    assert cache.get(fetch) == "t3"


# --- validate_call: pydantic's, built on the first call ---------------------------------------

DEFERRED_SOURCE = '''
from __future__ import annotations

from bandwidth_calls.api_client import validate_call


@validate_call
def double(count: Count, *, label: str = "n") -> str:
    """Twice `count`, labelled."""
    return f"{label}={2 * count}"


@validate_call
async def triple(count: Count) -> int:
    return 3 * count


Count = int  # defined after the decorators ran: pydantic's own would have failed on them
'''


def _deferred_module() -> types.ModuleType:
    module = types.ModuleType("deferred_validation_example")
    sys.modules[module.__name__] = module
    exec(compile(DEFERRED_SOURCE, "<deferred>", "exec"), module.__dict__)
    return module


def test_validate_call_builds_the_validator_on_the_first_call_and_still_validates() -> None:
    module = _deferred_module()
    try:
        assert module.double("3") == "n=6"  # validated, and coerced, before the body runs
        with pytest.raises(pydantic.ValidationError, match="int_parsing"):
            module.double("three")
        with pytest.raises(pydantic.ValidationError, match="label"):
            module.double(1, label=2)  # keyword arguments are named in the error
        assert asyncio.run(module.triple("2")) == 6
        with pytest.raises(pydantic.ValidationError):
            asyncio.run(module.triple([]))
        # What introspection and the docs see is the function itself.
        assert list(inspect.signature(module.double).parameters) == ["count", "label"]
        assert module.double.__doc__ == "Twice `count`, labelled."
        assert module.double.__name__ == "double"
        assert inspect.iscoroutinefunction(module.triple)
    finally:
        del sys.modules[module.__name__]


def test_api_methods_keep_their_signatures_and_kinds() -> None:
    signature = inspect.signature(CallsApi.list_calls)
    assert list(signature.parameters)[:3] == ["self", "account_id", "to"]
    assert "page_size" in signature.parameters and "_request_timeout" in signature.parameters
    assert (CallsApi.create_call.__doc__ or "").strip().startswith("Create Call")
    assert inspect.iscoroutinefunction(AsyncCallsApi.create_call)
    assert inspect.isgeneratorfunction(CallsApi.list_calls_iter)
    assert inspect.isasyncgenfunction(AsyncCallsApi.list_calls_iter)


# --- garbage collection paused while a large body is decoded ----------------------------------

LARGE = api_client._PAUSE_COLLECTION_FROM


@pytest.fixture
def collection_on() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        (gc.enable if was_enabled else gc.disable)()


@pytest.mark.usefixtures("collection_on")
def test_collection_is_paused_for_a_large_body_only_and_always_resumed() -> None:
    with api_client._collection_paused(LARGE):
        assert not gc.isenabled()
    assert gc.isenabled()
    with api_client._collection_paused(LARGE - 1):
        assert gc.isenabled()
    with pytest.raises(RuntimeError), api_client._collection_paused(LARGE):
        raise RuntimeError("a failing decode")
    assert gc.isenabled()


@pytest.mark.usefixtures("collection_on")
def test_an_application_that_turned_collection_off_keeps_it_off() -> None:
    gc.disable()
    with api_client._collection_paused(LARGE):
        assert not gc.isenabled()
    assert not gc.isenabled()


@pytest.mark.usefixtures("collection_on")
def test_overlapping_decodes_never_leave_collection_off() -> None:
    # The second decode starts while the first has collection paused; whichever ends first,
    # collection is on once the one that paused it has ended.
    first, second = api_client._collection_paused(LARGE), api_client._collection_paused(LARGE)
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert gc.isenabled()  # the first decode's pause does not outlive it
    second.__exit__(None, None, None)
    assert gc.isenabled()

    first, second = api_client._collection_paused(LARGE), api_client._collection_paused(LARGE)
    first.__enter__()
    second.__enter__()
    second.__exit__(None, None, None)
    assert not gc.isenabled()  # still inside the first
    first.__exit__(None, None, None)
    assert gc.isenabled()


@pytest.mark.usefixtures("collection_on")
def test_concurrent_decodes_in_threads_leave_collection_on() -> None:
    barrier = threading.Barrier(8)

    def decode(seed: int) -> None:
        barrier.wait()
        for round_ in range(200):
            with api_client._collection_paused(LARGE):
                if (seed + round_) % 3 == 0:
                    time.sleep(0)

    threads = [threading.Thread(target=decode, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gc.isenabled()


@pytest.mark.usefixtures("collection_on")
def test_a_large_json_body_is_decoded_with_collection_paused() -> None:
    seen: list[bool] = []

    def record(value: int) -> int:
        seen.append(gc.isenabled())
        return value

    adapter = pydantic.TypeAdapter(list[Annotated[int, pydantic.AfterValidator(record)]])
    types_ = ResponseTypes(data=adapter, decoding="json")
    request = httpx.Request("GET", "https://t/items")
    for count, paused in ((10, False), (LARGE // 2, True)):
        seen.clear()
        body = json.dumps(list(range(count))).encode()
        response = httpx.Response(200, content=body, request=request)
        assert api_client.decode_response(response, types_).data == list(range(count))
        assert set(seen) == {not paused}
        assert gc.isenabled()
