"""Functional tests of operation features: parameters in every place and style, request
bodies of every kind, responses of every shape, and odd operation ids and tags.

Each spec is generated once per module; the tests watch the generated client on the wire with
`httpx.MockTransport`.
"""

from __future__ import annotations

from collections.abc import Iterator
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from generator.diagnostics import Level
from tests.support.sdk import Sdk, imported_sdk, reply, sent_json
from tests.support.static_checks import assert_mypy_and_ruff_pass

OPERATIONS = """\
openapi: 3.0.3
info: {title: Operations, version: "1"}
servers: [{url: https://api.example.com}]
paths:
  /items/{ids}:
    get:
      tags: [items]
      operationId: findItems
      parameters:
        - {name: ids, in: path, required: true, schema: {type: array, items: {type: integer}}}
        - {name: csv, in: query, explode: false, schema: {type: array, items: {type: string}}}
        - name: spaced
          in: query
          style: spaceDelimited
          explode: false
          schema: {type: array, items: {type: string}}
        - name: piped
          in: query
          style: pipeDelimited
          explode: false
          schema: {type: array, items: {type: string}}
        - {name: multi, in: query, schema: {type: array, items: {type: string}}}
        - name: filter
          in: query
          style: deepObject
          explode: true
          schema:
            type: object
            properties:
              color: {type: string}
              size: {type: integer}
        - {name: X-Ids, in: header, schema: {type: array, items: {type: string}}}
        - {name: session, in: cookie, required: true, schema: {type: string}}
        - {name: prefs, in: cookie, schema: {type: array, items: {type: string}}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {type: array, items: {type: string}}
      callbacks:
        onDone:
          "{$request.query.callbackUrl}":
            post:
              requestBody:
                content:
                  application/json:
                    schema: {type: object}
              responses:
                "200": {description: OK}
  /labels/{label}/{point}:
    get:
      tags: [items]
      operationId: styledPath
      parameters:
        - name: label
          in: path
          required: true
          style: label
          schema: {type: array, items: {type: string}}
        - name: point
          in: path
          required: true
          style: matrix
          explode: true
          schema: {type: array, items: {type: string}}
      responses:
        "204": {description: Done}
  /form:
    post:
      tags: [bodies]
      operationId: sendForm
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                tags: {type: array, items: {type: string}}
                nested: {type: object, properties: {a: {type: integer}}}
                agree: {type: boolean}
      responses:
        "204": {description: Done}
  /upload:
    post:
      tags: [bodies]
      operationId: upload
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
                more: {type: array, items: {type: string, format: binary}}
                description: {type: string}
                meta: {type: object, properties: {size: {type: integer}}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {type: object, properties: {received: {type: integer}}}
  /xml:
    put:
      tags: [bodies]
      operationId: putXml
      requestBody:
        required: true
        content:
          application/xml:
            schema: {type: object, properties: {a: {type: string}}}
      responses:
        "200":
          description: OK
          content:
            application/xml:
              schema: {type: object, properties: {a: {type: string}}}
  /text:
    post:
      tags: [bodies]
      operationId: echoText
      requestBody:
        content:
          text/plain:
            schema: {type: string}
      responses:
        "200":
          description: OK
          content:
            text/plain:
              schema: {type: string}
  /blob:
    post:
      tags: [bodies]
      operationId: convert
      requestBody:
        required: true
        content:
          application/octet-stream:
            schema: {type: string, format: binary}
      responses:
        "200":
          description: The image
          content:
            image/png:
              schema: {type: string, format: binary}
  /things/{id}:
    delete:
      tags: [responses]
      operationId: deleteThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: Gone}
  /only-default:
    get:
      tags: [responses]
      operationId: onlyDefault
      responses:
        default:
          description: Whatever happens
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Result"}
  /several:
    get:
      tags: [responses]
      operationId: several
      parameters:
        - name: where
          in: query
          content:
            application/json:
              schema: {type: object, additionalProperties: {type: integer}}
      responses:
        "200":
          description: Done
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Result"}
        "202":
          description: Accepted
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pending"}
        "204": {description: Nothing}
        default:
          description: Error
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Problem"}
  /fetch:
    get:
      tags: [Foo]
      operationId: fetch
      responses:
        "204": {description: Done}
  /fetch/info:
    get:
      tags: [Foo]
      operationId: fetch_with_http_info
      responses:
        "204": {description: Done}
  /fetch/pages:
    get:
      tags: [Foo]
      operationId: fetchPages
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/FooApi"}
components:
  schemas:
    Result:
      type: object
      required: [ok]
      properties:
        ok: {type: boolean}
    Pending:
      type: object
      required: [eta]
      properties:
        eta: {type: integer}
    Problem:
      type: object
      properties:
        title: {type: string}
    FooApi:
      type: object
      properties:
        name: {type: string}
"""


@pytest.fixture(scope="module")
def ops(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sdk]:
    with imported_sdk(OPERATIONS, tmp_path_factory.mktemp("operations")) as sdk:
        yield sdk


def _api(sdk: Sdk, name: str, handler: Any) -> tuple[Any, Any]:
    client, exchange = sdk.client(handler)
    return getattr(sdk.module(), name)(client), exchange


# --- parameters -----------------------------------------------------------------------------


def test_parameters_in_every_place_and_style(ops: Sdk) -> None:
    api, exchange = _api(ops, "ItemsApi", reply(200, ["x"]))
    model_filter = {"color": "red", "size": 2}
    result = api.find_items(
        [1, 2],
        session="s1",
        csv=["a", "b c"],
        spaced=["x", "y"],
        piped=["p", "q"],
        multi=["m", "n"],
        filter=model_filter,
        x_ids=["i", "j"],
        prefs=["dark", "big"],
    )
    assert result == ["x"]
    request = exchange.last
    assert request.url.path == "/items/1,2"
    assert request.url.params.multi_items() == [
        ("csv", "a,b c"),
        ("spaced", "x y"),
        ("piped", "p|q"),
        ("multi", "m"),
        ("multi", "n"),
        ("filter[color]", "red"),
        ("filter[size]", "2"),
    ]
    assert request.headers["X-Ids"] == "i,j"
    assert request.headers["Cookie"] == "session=s1; prefs=dark,big"


def test_unset_parameters_are_left_out(ops: Sdk) -> None:
    api, exchange = _api(ops, "ItemsApi", reply(200, []))
    api.find_items([7], session="s")
    assert exchange.last.url.query == b""
    assert "X-Ids" not in exchange.last.headers
    assert exchange.last.headers["Cookie"] == "session=s"


def test_label_and_matrix_path_styles(ops: Sdk) -> None:
    api, exchange = _api(ops, "ItemsApi", reply(204))
    assert api.styled_path(["a", "b/c"], ["x", "y"]) is None
    assert exchange.last.url.raw_path == b"/labels/.a,b%2Fc/;point=x;point=y"


# --- request bodies -------------------------------------------------------------------------


def test_form_urlencoded_body(ops: Sdk) -> None:
    api, exchange = _api(ops, "BodiesApi", reply(204))
    form = ops.models.SendFormRequest(name="Ada L", tags=["a", "b"], nested={"a": 1}, agree=True)
    api.send_form(form)
    request = exchange.last
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(request.content.decode()) == [
        ("name", "Ada L"),
        ("tags", "a"),
        ("tags", "b"),
        ("nested", '{"a":1}'),
        ("agree", "true"),
    ]


def _parts(request: httpx.Request) -> list[tuple[str | None, str | None, str | None, bytes]]:
    """(name, filename, content type, content) of each part of a multipart request."""
    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.content)
    parts: list[tuple[str | None, str | None, str | None, bytes]] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        assert not isinstance(name, tuple), name  # a tuple: an RFC 2231-encoded name
        content = part.get_payload(decode=True)
        assert isinstance(content, bytes), content  # a leaf part: its body, decoded
        content_type = part.get_content_type() if part.get("Content-Type") else None
        parts.append((name, part.get_filename(), content_type, content))
    return parts


def test_multipart_body_with_files(ops: Sdk) -> None:
    api, exchange = _api(ops, "BodiesApi", reply(200, {"received": 3}))
    body = ops.models.UploadRequest(
        file=("report.pdf", b"%PDF\x00\xff", "application/pdf"),
        more=[b"one", ("two.txt", b"two")],
        description='a "quoted" name',
        meta={"size": 6},
    )
    assert api.upload(body).received == 3
    request = exchange.last
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert _parts(request) == [
        ("file", "report.pdf", "application/pdf", b"%PDF\x00\xff"),
        ("more", "more", "application/octet-stream", b"one"),
        ("more", "two.txt", "application/octet-stream", b"two"),
        ("description", None, None, b'a "quoted" name'),
        ("meta", None, None, b'{"size":6}'),
    ]


def test_xml_and_text_bodies_are_strings(ops: Sdk) -> None:
    api, exchange = _api(ops, "BodiesApi", reply(200, text="<a>back</a>"))
    assert api.put_xml("<a>there</a>") == "<a>back</a>"
    assert exchange.last.headers["Content-Type"] == "application/xml"
    assert exchange.last.content == b"<a>there</a>"
    api, exchange = _api(ops, "BodiesApi", reply(200, text="héllo"))
    assert api.echo_text("héllo") == "héllo"
    assert exchange.last.content == "héllo".encode()
    assert api.echo_text() == "héllo"  # an optional body may be left out
    assert exchange.last.content == b""


def test_binary_body_and_binary_response(ops: Sdk) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00"
    api, exchange = _api(ops, "BodiesApi", lambda request: httpx.Response(200, content=png))
    assert api.convert(b"\x00\x01\x02") == png
    assert exchange.last.headers["Content-Type"] == "application/octet-stream"
    assert exchange.last.headers["Accept"] == "image/png"
    assert exchange.last.content == b"\x00\x01\x02"


# --- responses ------------------------------------------------------------------------------


def test_empty_response(ops: Sdk) -> None:
    api, exchange = _api(ops, "ResponsesApi", reply(204))
    assert api.delete_thing("t-1") is None
    assert exchange.last.method == "DELETE"


def test_default_response_is_the_success_type_when_nothing_else_is(ops: Sdk) -> None:
    api, _ = _api(ops, "ResponsesApi", reply(200, {"ok": True}))
    assert api.only_default() == ops.models.Result(ok=True)


def test_every_success_status_is_decoded(ops: Sdk) -> None:
    models = ops.models
    api, _ = _api(ops, "ResponsesApi", reply(200, {"ok": True}))
    assert api.several() == models.Result(ok=True)
    api, _ = _api(ops, "ResponsesApi", reply(202, {"eta": 5}))
    assert api.several() == models.Pending(eta=5)
    api, _ = _api(ops, "ResponsesApi", reply(204))
    assert api.several() is None


def test_parameter_given_as_json_content(ops: Sdk) -> None:
    api, exchange = _api(ops, "ResponsesApi", reply(204))
    api.several(where={"a": 1})
    assert exchange.last.url.params["where"] == '{"a":1}'


def test_default_response_is_the_error_model(ops: Sdk) -> None:
    package = ops.module()
    api, _ = _api(ops, "ResponsesApi", reply(409, {"title": "taken"}))
    with pytest.raises(package.ConflictException) as raised:
        api.several()
    assert raised.value.data == ops.models.Problem(title="taken")


# --- names ----------------------------------------------------------------------------------


def test_operation_names_never_collide_with_another_operations_methods(ops: Sdk) -> None:
    api, exchange = _api(ops, "FooApi", reply(204))
    assert api.fetch() is None
    assert exchange.last.url.path == "/fetch"
    assert api.fetch_with_http_info_2() is None
    assert exchange.last.url.path == "/fetch/info"
    info = api.fetch_with_http_info()  # still the variant of `fetch`
    assert (info.status_code, exchange.last.url.path) == (204, "/fetch")
    api, exchange = _api(ops, "FooApi", reply(200, {"name": "n"}))
    assert api.fetch_pages_2() == ops.models.FooApiModel(name="n")
    warnings = [d.message for d in ops.diagnostics if d.level is Level.WARNING]
    assert any("fetch_with_http_info_2" in m for m in warnings), warnings


def test_api_class_and_model_of_the_same_name(ops: Sdk) -> None:
    assert ops.module().FooApi is ops.module("api").FooApi
    assert ops.models.FooApiModel.from_dict({"name": "n"}).name == "n"
    assert not hasattr(ops.models, "FooApi")


def test_callbacks_are_ignored(ops: Sdk) -> None:
    methods = [m for m in dir(ops.module().ItemsApi) if not m.startswith("_")]
    assert all(not m.startswith(("on_done", "post")) for m in methods), methods


def test_generated_package_passes_mypy_strict_and_ruff(ops: Sdk, tmp_path: Path) -> None:
    assert_mypy_and_ruff_pass([ops], tmp_path)


def test_json_body_of_an_untagged_operation_round_trips(tmp_path: Path) -> None:
    spec = """\
        openapi: 3.0.3
        info: {title: T, version: "1"}
        paths:
          /echo:
            post:
              requestBody:
                content:
                  application/json:
                    schema: {type: object, additionalProperties: {type: integer}}
              responses:
                "200":
                  description: OK
                  content:
                    application/json:
                      schema: {type: object, additionalProperties: {type: integer}}
        """
    with imported_sdk(spec, tmp_path) as sdk:
        client, exchange = sdk.client(reply(200, {"a": 1}))
        assert sdk.module().DefaultApi(client).post_echo({"a": 1}) == {"a": 1}
        assert sent_json(exchange.last) == {"a": 1}
