"""Every kind of security scheme, chosen per operation from the spec's `security`."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.sdk import Sdk, imported_sdk, reply

AUTH_SPEC = """\
openapi: 3.0.3
info: {title: Auth, version: "1"}
servers: [{url: "https://api.test"}]
security:
  - HeaderKey: []
  - Bearer: []
paths:
  /default:
    get:
      operationId: byDefault
      responses: {"204": {description: ok}}
  /query:
    get:
      operationId: byQueryKey
      security: [{QueryKey: []}]
      responses: {"204": {description: ok}}
  /cookie:
    get:
      operationId: byCookie
      security: [{CookieKey: []}]
      responses: {"204": {description: ok}}
  /open:
    get:
      operationId: open
      security: []
      responses: {"204": {description: ok}}
  /oauth:
    get:
      operationId: byImplicitOauth
      security: [{Implicit: [read]}]
      responses: {"204": {description: ok}}
components:
  securitySchemes:
    HeaderKey: {type: apiKey, in: header, name: X-Api-Key}
    QueryKey: {type: apiKey, in: query, name: api_key}
    CookieKey: {type: apiKey, in: cookie, name: session}
    Bearer: {type: http, scheme: bearer}
    Implicit:
      type: oauth2
      flows:
        implicit:
          authorizationUrl: https://auth.test/authorize
          scopes: {read: read things}
"""


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sdk]:
    with imported_sdk(AUTH_SPEC, tmp_path_factory.mktemp("auth")) as generated:
        yield generated


def _api(sdk: Sdk, **settings: object) -> tuple[object, object]:
    client, exchange = sdk.client(reply(204), **settings)
    return sdk.module().DefaultApi(client), exchange


def test_api_key_in_a_header_wins_over_bearer_in_spec_order(sdk: Sdk) -> None:
    api, exchange = _api(sdk, api_key={"HeaderKey": "k-1"}, access_token="t-1")
    api.by_default()  # type: ignore[attr-defined]
    assert exchange.last.headers["X-Api-Key"] == "k-1"  # type: ignore[attr-defined]
    assert "Authorization" not in exchange.last.headers  # type: ignore[attr-defined]


def test_bearer_is_used_when_the_first_scheme_is_not_configured(sdk: Sdk) -> None:
    api, exchange = _api(sdk, access_token="t-1")
    api.by_default()  # type: ignore[attr-defined]
    assert exchange.last.headers["Authorization"] == "Bearer t-1"  # type: ignore[attr-defined]


def test_api_key_in_the_query_and_in_a_cookie(sdk: Sdk) -> None:
    api, exchange = _api(sdk, api_key={"QueryKey": "q-1", "CookieKey": "c-1"})
    api.by_query_key()  # type: ignore[attr-defined]
    assert exchange.last.url.params["api_key"] == "q-1"  # type: ignore[attr-defined]
    api.by_cookie()  # type: ignore[attr-defined]
    assert exchange.last.headers["Cookie"] == "session=c-1"  # type: ignore[attr-defined]


def test_operations_without_security_send_no_credentials(sdk: Sdk) -> None:
    api, exchange = _api(sdk, api_key={"HeaderKey": "k"}, access_token="t")
    api.open()  # type: ignore[attr-defined]
    headers = exchange.last.headers  # type: ignore[attr-defined]
    assert "X-Api-Key" not in headers and "Authorization" not in headers


def test_oauth_flows_the_client_cannot_run_accept_a_token(sdk: Sdk) -> None:
    api, exchange = _api(sdk, access_token="from-elsewhere")
    api.by_implicit_oauth()  # type: ignore[attr-defined]
    assert exchange.last.headers["Authorization"] == "Bearer from-elsewhere"  # type: ignore[attr-defined]
    assert not (sdk.path / "auth.py").exists()  # no client-credentials scheme: no token code


def test_logs_redact_api_keys_in_headers_and_query(
    sdk: Sdk, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=sdk.package)
    api, _ = _api(sdk, api_key={"HeaderKey": "header-secret", "QueryKey": "query-secret"})
    api.by_default()  # type: ignore[attr-defined]
    api.by_query_key()  # type: ignore[attr-defined]
    assert "header-secret" not in caplog.text and "query-secret" not in caplog.text
    assert caplog.text.count("[redacted]") >= 2


def test_configuration_offers_exactly_the_credentials_the_spec_uses(sdk: Sdk) -> None:
    source = (sdk.path / "configuration.py").read_text()
    assert "api_key:" in source and "access_token:" in source
    assert "username" not in source and "client_id" not in source
    configuration = sdk.module().Configuration(api_key={"HeaderKey": "k"}, access_token="t")
    assert "'k'" not in repr(configuration) and "'t'" not in repr(configuration)


def test_generated_code_type_checks(sdk: Sdk, tmp_path: Path) -> None:
    mypy = Path(sys.executable).parent / "mypy"
    result = subprocess.run(
        [str(mypy), "--strict", "--cache-dir", str(tmp_path), sdk.package],
        cwd=sdk.directory,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
