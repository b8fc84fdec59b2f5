"""Functional tests of the models as their users meet them (issue 12, items 4, 8 and 13).

- Built by their Python names (`var_from=`, `application_id=`) in code that plain
  `mypy --strict` accepts, with no pydantic plugin; the wire names are still what is sent and
  what `from_dict`/`from_json` accept.
- Fields that carry secrets (`format: password`, names like password/secret/token) are left out
  of `repr`/`str` and redacted in `to_str()`, and still sent.
- What Rust's schemars writes for `Option<X>` and `Option<OneOrMany<X>>` in OpenAPI 3.0
  (`anyOf: [{$ref: X}, {nullable: true}]`, `anyOf: [{$ref: X}, {type: array, items: {$ref: X}},
  {nullable: true}]`) is typed `X | None` and `X | list[X] | None`, not `Any`.
"""

from __future__ import annotations

import logging
import os
import subprocess
import textwrap
import typing
from collections.abc import Iterator
from pathlib import Path

import pydantic
import pytest

from tests.support.sdk import Sdk, imported_sdk, reply, sent_json
from tests.support.static_checks import BIN, assert_mypy_and_ruff_pass

SPEC = """\
openapi: 3.0.3
info: {title: Models, version: "1"}
servers: [{url: https://api.example.com}]
paths:
  /accounts:
    post:
      operationId: createAccount
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Account"}
      responses:
        "201":
          description: Created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Account"}
  /search:
    post:
      operationId: search
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Filter"}
      responses:
        "204": {description: Done}
components:
  schemas:
    Account:
      type: object
      required: [from, applicationId, password]
      properties:
        from: {type: string}
        applicationId: {type: string}
        class: {type: string}
        password: {type: string}
        pin: {type: string, format: password}
        clientSecret: {type: string}
        accessToken: {type: string}
        nextPageToken: {type: string}
        tokenType: {type: string}
        login: {$ref: "#/components/schemas/Login"}
    Login:
      type: object
      properties:
        user: {type: string}
        apiToken: {type: string}
    Condition:
      type: object
      required: [key]
      properties:
        key: {type: string}
    StemmingAlgorithm:
      type: string
      enum: [snowball, none]
    Filter:
      type: object
      properties:
        must:
          description: All conditions must match
          anyOf:
            - $ref: "#/components/schemas/Condition"
            - type: array
              items: {$ref: "#/components/schemas/Condition"}
            - nullable: true
        stemmer:
          description: "Algorithm for stemming. Default: disabled."
          anyOf:
            - $ref: "#/components/schemas/StemmingAlgorithm"
            - nullable: true
        limit:
          anyOf:
            - {type: integer}
            - {nullable: true, description: none at all}
"""

USER_PROGRAM = """\
from {package}.models import Account, Condition, Filter, Login, StemmingAlgorithm

account = Account(
    var_from="+19195551234",
    application_id="app-1",
    var_class="gold",
    password="hunter2",
    next_page_token="p2",
    login=Login(user="me", api_token="t0k3n"),
)
wire: dict[str, object] = account.to_dict()
again: Account = Account.from_dict(wire)
same: Account = Account.from_json(account.to_json())
sender: str = again.var_from
application: str = same.application_id
search = Filter(must=[Condition(key="a")], stemmer=StemmingAlgorithm.SNOWBALL, limit=None)
one = Filter(must=Condition(key="a"))
conditions: Condition | list[Condition] | None = search.must
stemmer: StemmingAlgorithm | None = one.stemmer
print(sender, application, conditions, stemmer)
"""


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sdk]:
    with imported_sdk(SPEC, tmp_path_factory.mktemp("models")) as sdk:
        yield sdk


def _mypy(program: str, sdk: Sdk, directory: Path) -> subprocess.CompletedProcess[str]:
    """Plain `mypy --strict` (no plugin, no config file) over a user's program."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "user.py").write_text(program, encoding="utf-8")
    (directory / "mypy.ini").write_text("[mypy]\n", encoding="utf-8")  # no plugins
    return subprocess.run(
        [str(BIN / "mypy"), "--strict", "--no-pretty", "--config-file", "mypy.ini", "user.py"],
        cwd=directory,
        env={**os.environ, "MYPYPATH": str(sdk.directory)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_model_built_by_its_python_names_passes_plain_mypy_strict(
    sdk: Sdk, tmp_path: Path
) -> None:
    program = USER_PROGRAM.format(package=sdk.package)
    result = _mypy(program, sdk, tmp_path / "ok")
    assert result.returncode == 0, result.stdout + result.stderr
    # The same program runs.
    exec(compile(program, "user.py", "exec"), {})


def test_mypy_rejects_the_wire_names_as_keywords(sdk: Sdk, tmp_path: Path) -> None:
    """The check above is real: the type checker sees the Python names, and only them."""
    program = textwrap.dedent(f"""\
        from {sdk.package}.models import Account

        Account(var_from="+1", applicationId="app-1", password="x")
        """)
    result = _mypy(program, sdk, tmp_path / "wire")
    assert result.returncode == 1
    assert 'Unexpected keyword argument "applicationId"' in result.stdout
    assert 'did you mean "application_id"' in result.stdout


def test_wire_names_are_sent_and_accepted_python_names_too(sdk: Sdk) -> None:
    models = sdk.models
    account = models.Account(var_from="+1", application_id="app-1", var_class="x", password="p")
    assert account.to_dict() == {
        "from": "+1",
        "applicationId": "app-1",
        "class": "x",
        "password": "p",
    }
    assert '"applicationId":"app-1"' in account.to_json()
    wire = {"from": "+1", "applicationId": "app-1", "password": "p"}
    assert models.Account.from_dict(wire).application_id == "app-1"
    assert models.Account.from_json('{"from": "+1", "applicationId": "a", "password": "p"}')
    by_name = {"var_from": "+1", "application_id": "app-1", "password": "p"}
    assert models.Account.from_dict(by_name).to_dict() == wire
    with pytest.raises(pydantic.ValidationError, match="applicationId"):
        models.Account.from_dict({"from": "+1", "password": "p"})
    client, exchange = sdk.client(reply(201, wire))
    created = sdk.module("api").DefaultApi(client).create_account(account)
    assert sent_json(exchange.last) == account.to_dict()
    assert created.var_from == "+1"


def test_secret_fields_stay_out_of_repr_str_and_to_str_and_are_still_sent(
    sdk: Sdk, caplog: pytest.LogCaptureFixture
) -> None:
    models = sdk.models
    account = models.Account(
        var_from="+1",
        application_id="app-1",
        password="hunter2",
        pin="4321",
        client_secret="s3cr3t",
        access_token="at-999",
        next_page_token="page-2",
        token_type="bearer",
        login=models.Login(user="me", api_token="t0k3n"),
    )
    shown = [repr(account), str(account), account.to_str(), repr([account])]
    with caplog.at_level(logging.INFO):
        logging.getLogger("user").info("created %s; %r", account, account)
    shown.append(caplog.text)
    for text in shown:
        for secret in ("hunter2", "4321", "s3cr3t", "at-999", "t0k3n"):
            assert secret not in text, text
        # A page token is a position and a token type a word: both stay visible.
        assert "page-2" in text and "bearer" in text and "me" in text
    assert "'password': '[redacted]'" in account.to_str()
    assert "'apiToken': '[redacted]'" in account.to_str()
    sent = account.to_dict()
    assert sent["password"] == "hunter2" and sent["login"]["apiToken"] == "t0k3n"
    client, exchange = sdk.client(reply(201, sent))
    sdk.module("api").DefaultApi(client).create_account(account)
    assert sent_json(exchange.last)["clientSecret"] == "s3cr3t"
    assert sent_json(exchange.last)["pin"] == "4321"


def test_schemars_option_and_one_or_many_are_typed_not_any(sdk: Sdk) -> None:
    models = sdk.models
    hints = typing.get_type_hints(models.Filter)
    condition, stemmer = models.Condition, models.StemmingAlgorithm
    list_of: typing.Any = list  # `condition` is a value here, not a type mypy knows
    assert hints["must"] == condition | list_of[condition] | None
    assert hints["stemmer"] == stemmer | None
    assert hints["limit"] == int | None
    one = models.Filter.from_dict({"must": {"key": "a"}, "stemmer": "snowball", "limit": 3})
    assert isinstance(one.must, condition) and one.stemmer is stemmer.SNOWBALL
    many = models.Filter.from_dict({"must": [{"key": "a"}, {"key": "b"}], "stemmer": None})
    assert [c.key for c in many.must] == ["a", "b"] and many.stemmer is None
    with pytest.raises(pydantic.ValidationError):
        models.Filter.from_dict({"must": 3})
    assert many.to_dict() == {"must": [{"key": "a"}, {"key": "b"}], "stemmer": None}


def test_generated_package_passes_mypy_strict_and_ruff(sdk: Sdk, tmp_path: Path) -> None:
    assert_mypy_and_ruff_pass([sdk], tmp_path)
