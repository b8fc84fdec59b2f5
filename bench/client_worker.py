"""One measurement of a generated client's models, run in a fresh interpreter.

    python -m bench.client_worker parse|build FLAVOUR PACKAGE --n 10000 --repeat 5

FLAVOUR is how that client turns bytes into models (parse) and models into bytes (build):

- `sdkgen`: what `list_calls` does with a response body: `api_client.decode_response` of an
  `httpx.Response` holding it, with the operation's response types (`TypeAdapter(list[CallState])
  .validate_json` inside); a request body is `CreateCall(...)` then `serialization.json_body`.
- `bandwidth`: bandwidth-sdk's `ApiClient.deserialize(body.decode(), "List[CallState]",
  "application/json")` (`json.loads`, then `CallState.from_dict` per item); a request body is
  `CreateCall(...)`, `ApiClient.sanitize_for_serialization`, then `json.dumps` as its REST layer.
- `opc`: openapi-python-client's `[CallState.from_dict(item) for item in response.json()]`;
  a request body is `CreateCall(...).to_dict()` then `json.dumps` (httpx's `json=`).

Only the standard library is imported at the top: this file runs under the peers' venv too. It
prints one JSON line: the seconds of each timed repetition (after one untimed warm-up) and the
file the package was imported from.
"""

from __future__ import annotations

import argparse
import importlib
import json
import time
from collections.abc import Callable
from typing import Any

APPLICATION_ID = "04e88489-df02-4e34-a0ee-27a91849555f"
IDENTITY = (
    "eyJhbGciOiJFUzI1NiIsInBwdCI6InNoYWtlbiIsInR5cCI6InBhc3Nwb3J0IiwieDV1IjoiaHR0cHM6Ly9idy1z"
    "aGFrZW4tY2VydC1wdWIuczMuYW1hem9uYXdzLmNvbS9iYW5kd2lkdGgtc2hha2VuLWNlcnRfMjAyMzA3MTYucGVtIn0"
    ";info=<https://bw-shaken-cert-pub.s3.amazonaws.com/bandwidth-shaken-cert_20230716.pem>"
    ";alg=ES256;ppt=shaken"
)


def call_states_json(n: int) -> bytes:
    """`n` CallState objects as the server sends them, every field present (deterministic)."""
    items = []
    for i in range(n):
        minute = i % 60
        items.append(
            {
                "applicationId": APPLICATION_ID,
                "accountId": "9900000",
                "callId": f"c-{i:08x}-8a3e-4b2e-9c1d-{i * 7919:012x}",
                "parentCallId": f"c-{i + 1:08x}-15ac-29a2-1f6e-{i:012x}",
                "to": "+19195551234",
                "from": f"+1919555{i % 10000:04d}",
                "direction": "outbound" if i % 2 else "inbound",
                "state": "disconnected",
                "stirShaken": {
                    "verstat": "TN-Verification-Passed",
                    "attestationIndicator": "A",
                    "originatingId": f"orig-{i}",
                },
                "identity": IDENTITY,
                "enqueuedTime": f"2022-06-16T13:{minute:02d}:07.160Z",
                "startTime": f"2022-06-16T13:{minute:02d}:10.088Z",
                "answerTime": f"2022-06-16T13:{minute:02d}:18.126Z",
                "endTime": f"2022-06-16T13:{minute:02d}:43.203Z",
                "disconnectCause": "hangup",
                "errorMessage": None,
                "errorId": None,
                "lastUpdate": f"2022-06-16T13:{minute:02d}:43.203Z",
            }
        )
    return json.dumps(items).encode()


def create_call_fields(i: int) -> dict[str, Any]:
    """CreateCall's fields by Python name (as sdkgen and bandwidth-sdk spell them)."""
    return {
        "to": "+19195551234",
        "var_from": f"+1919555{i % 10000:04d}",
        "display_name": "Bench Caller",
        "application_id": APPLICATION_ID,
        "answer_url": f"https://example.com/calls/{i}/answer",
        "answer_method": "POST",
        "disconnect_url": "https://example.com/calls/disconnect",
        "disconnect_method": "POST",
        "call_timeout": 30.0,
        "callback_timeout": 15.0,
        "priority": 3,
        "tag": f"call-{i}",
    }


def machine_detection_fields(i: int) -> dict[str, Any]:
    return {
        "mode": "async",
        "detection_timeout": 15.0,
        "silence_timeout": 10.0,
        "speech_threshold": 10.0,
        "callback_url": f"https://example.com/calls/{i}/amd",
        "callback_method": "POST",
    }


def _sdkgen(task: str, package: str, n: int) -> Callable[[], object]:
    models = importlib.import_module(f"{package}.models")
    if task == "parse":
        import httpx  # noqa: PLC0415 - not in every venv

        decode = importlib.import_module(f"{package}.api_client").decode_response
        types = importlib.import_module(f"{package}.api.calls_api")._LIST_CALLS_RESPONSES
        request = httpx.Request("GET", "https://voice.bandwidth.com/api/v2/accounts/9900000/calls")
        body = call_states_json(n)

        def parse() -> object:
            headers = {"Content-Type": "application/json"}
            response = httpx.Response(200, content=body, headers=headers, request=request)
            return decode(response, types).data

        return parse
    serialization = importlib.import_module(f"{package}.serialization")
    json_body: Callable[[Any], bytes] = serialization.json_body
    create, detection = models.CreateCall, models.MachineDetectionConfiguration
    return lambda: [
        json_body(
            create(
                **create_call_fields(i), machine_detection=detection(**machine_detection_fields(i))
            )
        )
        for i in range(n)
    ]


def _bandwidth(task: str, package: str, n: int) -> Callable[[], object]:
    client = importlib.import_module(f"{package}.api_client").ApiClient()
    if task == "parse":
        body = call_states_json(n)
        return lambda: client.deserialize(
            body.decode("utf-8"), "List[CallState]", "application/json"
        )
    models = importlib.import_module(f"{package}.models")
    create, detection = models.CreateCall, models.MachineDetectionConfiguration
    sanitize = client.sanitize_for_serialization
    return lambda: [
        json.dumps(
            sanitize(
                create(
                    **create_call_fields(i),
                    machine_detection=detection(**machine_detection_fields(i)),
                )
            )
        ).encode()
        for i in range(n)
    ]


def _opc(task: str, package: str, n: int) -> Callable[[], object]:
    models = importlib.import_module(f"{package}.models")
    if task == "parse":
        body = call_states_json(n)
        state = models.CallState
        return lambda: [state.from_dict(item) for item in json.loads(body)]
    create, detection = models.CreateCall, models.MachineDetectionConfiguration
    method, mode = models.CallbackMethodEnum, models.MachineDetectionModeEnum

    def one(i: int) -> bytes:
        fields = create_call_fields(i)
        fields["from_"] = fields.pop("var_from")
        fields["answer_method"] = method(fields["answer_method"])
        fields["disconnect_method"] = method(fields["disconnect_method"])
        amd = machine_detection_fields(i)
        amd["mode"] = mode(amd["mode"])
        amd["callback_method"] = method(amd["callback_method"])
        return json.dumps(create(**fields, machine_detection=detection(**amd)).to_dict()).encode()

    return lambda: [one(i) for i in range(n)]


FLAVOURS = {"sdkgen": _sdkgen, "bandwidth": _bandwidth, "opc": _opc}


def _check(task: str, result: object, n: int) -> None:
    assert isinstance(result, list) and len(result) == n, "wrong number of objects"
    if task == "build":
        first = json.loads(result[0])
        assert first["from"] == "+19195550000" and "machineDetection" in first, first
    else:
        assert str(getattr(result[0], "call_id", "")).startswith("c-00000000"), result[0]


def main() -> None:
    parser = argparse.ArgumentParser(description="one client-model measurement")
    parser.add_argument("task", choices=("parse", "build"))
    parser.add_argument("flavour", choices=sorted(FLAVOURS))
    parser.add_argument("package")
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = FLAVOURS[args.flavour](args.task, args.package, args.n)
    _check(args.task, work(), args.n)  # the warm-up, checked
    seconds = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - started)
        del result  # freeing 10,000 objects is not parsing them: untimed, for every client
    module = importlib.import_module(args.package)
    print(json.dumps({"seconds": seconds, "n": args.n, "file": getattr(module, "__file__", "")}))


if __name__ == "__main__":
    main()
