"""Functional tests of the generated docs as a user reads them (issue 12, items 10 and 14).

The docs examples hold the values a user would type: a path or query example the spec gives
percent-encoded (`%2b1919…`) is shown decoded, so the client encodes it once on the wire, not
twice (`%252b…`); an XML body's example is real XML, without the backslashes of a JSON string.
Each example of the API page is run against a local recording server to see what is sent. The
README and the API page describe the per-call options and `http_client=`, and a title that
already ends in "API" is not followed by another.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.fault_server import FaultServer, Step
from tests.support.sdk import Sdk, imported_sdk

SPEC = r"""
openapi: 3.0.3
info: {title: Qdrant API, version: "1"}
servers: [{url: https://api.example.com}]
paths:
  /numbers/{number}:
    get:
      operationId: findCalls
      parameters:
        - name: number
          in: path
          required: true
          schema: {type: string}
          example: '%2B1%20555'
        - name: to
          in: query
          required: true
          schema: {type: string}
          example: '%2b19195551234'
        - name: discount
          in: query
          required: true
          schema: {type: string}
          example: '100%'
        - name: X-Tag
          in: header
          required: true
          schema: {type: string}
          example: 'a%2b'
      responses:
        "204": {description: Done}
  /bxml:
    put:
      operationId: updateBxml
      requestBody:
        required: true
        content:
          application/xml:
            schema: {type: string}
            examples:
              speak:
                value: |-
                  <?xml version=\"1.0\" encoding=\"UTF-8\"?>
                  <Bxml><SpeakSentence>It\'s a test.</SpeakSentence></Bxml>
      responses:
        "204": {description: Done}
  /raw:
    put:
      operationId: updateRaw
      requestBody:
        required: true
        content:
          application/xml:
            schema: {type: string}
            example: '<path>C:\dir\"x\"</path>'
      responses:
        "204": {description: Done}
"""

_EXAMPLE = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sdk]:
    with imported_sdk(SPEC, tmp_path_factory.mktemp("docs")) as sdk:
        yield sdk


def _sent_by_examples(sdk: Sdk, operation: str) -> list[tuple[str, bytes]]:
    """What the API page's examples for `operation` send: (path with query, body) each."""
    page = (sdk.directory / "docs" / "DefaultApi.md").read_text(encoding="utf-8")
    section = page.split(f'<a id="{operation}"></a>', 1)[1].split("<a id=", 1)[0]
    examples = _EXAMPLE.findall(section)
    assert len(examples) == 2  # the plain call and its `_with_http_info` variant
    server = FaultServer()
    with server.running():
        for path in ("/numbers/+1 555", "/bxml", "/raw"):
            server.script(path, then=Step(status=204))
        for index, code in enumerate(examples):
            redirected = code.replace(
                f"{sdk.package}.Configuration(",
                f"{sdk.package}.Configuration(host={server.url!r}, ignore_operation_servers=True,",
            )
            exec(compile(redirected, f"{operation}#{index}", "exec"), {"__name__": "__main__"})
    return [(seen.path, seen.body) for seen in server.seen()]


def test_a_percent_encoded_parameter_example_is_shown_decoded_and_sent_once_encoded(
    sdk: Sdk,
) -> None:
    sent = _sent_by_examples(sdk, "find_calls")
    assert len(sent) == 2
    for path, _ in sent:
        assert "%25" not in path.replace("discount=100%25", ""), path  # nothing encoded twice
        assert path.startswith("/numbers/%2B1%20555?"), path
        assert "to=%2B19195551234" in path, path
        assert "discount=100%25" in path, path  # a `%` that starts no escape is a percent sign
    page = (sdk.directory / "docs" / "DefaultApi.md").read_text(encoding="utf-8")
    assert 'to = "+19195551234"' in page
    assert 'number = "+1 555"' in page
    assert 'x_tag = "a%2b"' in page  # headers are not percent-encoded: shown as given


def test_an_xml_body_example_is_real_xml(sdk: Sdk) -> None:
    sent = _sent_by_examples(sdk, "update_bxml")
    assert len(sent) == 2
    for _, body in sent:
        assert b"\\" not in body, body
        root = ET.fromstring(body)
        assert root.tag == "Bxml" and root[0].text == "It's a test."


def test_an_xml_example_with_other_backslashes_is_left_as_written(sdk: Sdk) -> None:
    sent = _sent_by_examples(sdk, "update_raw")
    assert {body for _, body in sent} == {b'<path>C:\\dir\\"x\\"</path>'}


def test_docs_describe_the_per_call_options_and_http_client(sdk: Sdk) -> None:
    readme = (sdk.directory / "README.md").read_text(encoding="utf-8")
    page = (sdk.directory / "docs" / "DefaultApi.md").read_text(encoding="utf-8")
    for text in (readme, page):
        for name in ("_request_timeout", "_headers", "_without_preload_content"):
            assert name in text, name
    assert "http_client=httpx.Client(" in readme
    assert "ApiClient(configuration, http_client=http_client)" in readme
    assert "#per-call-options-and-your-own-http-client" in page


def test_a_title_ending_in_api_is_not_followed_by_another(sdk: Sdk) -> None:
    readme = (sdk.directory / "README.md").read_text(encoding="utf-8")
    assert "A Python client for the **Qdrant API** (version 1)" in readme
    assert "API** API" not in readme
    init = (sdk.path / "__init__.py").read_text(encoding="utf-8")
    assert '"""Client for the Qdrant API."""' in init


def test_a_title_without_api_still_gets_it(tmp_path: Path) -> None:
    spec = SPEC.replace("title: Qdrant API,", "title: Voice Calls,")
    with imported_sdk(spec, tmp_path) as other:
        readme = (other.directory / "README.md").read_text(encoding="utf-8")
        assert "A Python client for the **Voice Calls** API (version 1)" in readme
