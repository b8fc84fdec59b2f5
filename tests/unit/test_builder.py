"""The IR built from spec/calls.yaml: what the templates are given to render."""

from __future__ import annotations

import pytest

from generator.builder import build_api
from generator.builder.models import import_cycles
from generator.config import make_config
from generator.ir import (
    Api,
    ApiClass,
    EnumDef,
    Field,
    ModelDef,
    Operation,
    Parameter,
    RequestBody,
)
from generator.load import load
from tests.support.paths import CALLS_SPEC

VOICE = "https://voice.bandwidth.com/api/v2"
OPERATIONS = ("create_call", "list_calls", "get_call_state", "update_call", "update_call_bxml")


def _build() -> Api:
    config = make_config({"spec": CALLS_SPEC, "package": "bandwidth_calls"})
    api, diagnostics = build_api(load(config.spec), config)
    assert diagnostics == []
    return api


@pytest.fixture(scope="module")
def api() -> Api:
    return _build()


@pytest.fixture(scope="module")
def calls(api: Api) -> ApiClass:
    (calls,) = api.apis
    return calls


def _operation(calls: ApiClass, name: str) -> Operation:
    return next(op for op in calls.operations if op.python_name == name)


def _model(api: Api, name: str) -> ModelDef:
    return next(m for m in api.models if m.name == name)


def _enum(api: Api, name: str) -> EnumDef:
    return next(e for e in api.enums if e.name == name)


def _field(model: ModelDef, python_name: str) -> Field:
    return next(f for f in model.fields if f.python_name == python_name)


# --- the API class and its operations ---------------------------------------------------------


def test_one_api_class_per_tag(calls: ApiClass) -> None:
    assert (calls.name, calls.module, calls.tag) == ("CallsApi", "calls_api", "Calls")
    assert calls.base_url == VOICE


def test_five_operations_in_spec_order(calls: ApiClass) -> None:
    assert tuple(op.python_name for op in calls.operations) == OPERATIONS
    summary = {
        op.python_name: (op.operation_id, op.http_method, op.path) for op in calls.operations
    }
    assert summary == {
        "create_call": ("createCall", "POST", "/accounts/{accountId}/calls"),
        "list_calls": ("listCalls", "GET", "/accounts/{accountId}/calls"),
        "get_call_state": ("getCallState", "GET", "/accounts/{accountId}/calls/{callId}"),
        "update_call": ("updateCall", "POST", "/accounts/{accountId}/calls/{callId}"),
        "update_call_bxml": ("updateCallBxml", "PUT", "/accounts/{accountId}/calls/{callId}/bxml"),
    }
    create = _operation(calls, "create_call")
    assert (create.method_literal, create.path_literal) == (
        '"POST"',
        '"/accounts/{accountId}/calls"',
    )
    assert create.signature == "create_call(account_id, create_call)"


def test_list_calls_parameters(calls: ApiClass) -> None:
    list_calls = _operation(calls, "list_calls")
    parameters = [
        (p.python_name, p.wire_name, p.location, p.annotation, p.required, p.default_literal)
        for p in list_calls.parameters
    ]
    optional = "str | None"
    assert parameters == [
        ("account_id", "accountId", "path", "str", True, None),
        ("to", "to", "query", optional, False, "None"),
        ("var_from", "from", "query", optional, False, "None"),
        ("min_start_time", "minStartTime", "query", optional, False, "None"),
        ("max_start_time", "maxStartTime", "query", optional, False, "None"),
        ("disconnect_cause", "disconnectCause", "query", optional, False, "None"),
        (
            "page_size",
            "pageSize",
            "query",
            "Annotated[int | None, Field(ge=1, le=10000)]",
            False,
            "None",
        ),
        ("page_token", "pageToken", "query", optional, False, "None"),
    ]
    page_size = list_calls.parameters[6]
    assert page_size.plain_annotation == "int | None"  # constraints only in the signature
    assert page_size.doc_notes == "[optional] [default to 1000]"
    assert list_calls.parameters[2].wire_name_literal == '"from"'
    assert [p.python_name for p in list_calls.path_parameters] == ["account_id"]
    assert len(list_calls.query_parameters) == 7
    assert list_calls.header_parameters == ()
    assert list_calls.request_body is None
    assert list_calls.arguments == list_calls.parameters
    assert calls.uses_validation_annotations


def test_path_parameters_are_required(calls: ApiClass) -> None:
    for operation in calls.operations:
        for parameter in operation.path_parameters:
            assert parameter.required
            assert parameter.annotation == "str"
        assert [p.wire_name for p in operation.path_parameters] == [
            name for name in ("accountId", "callId") if "{" + name + "}" in operation.path
        ]


def test_json_request_body(calls: ApiClass) -> None:
    create = _operation(calls, "create_call")
    body = create.request_body
    assert isinstance(body, RequestBody)
    assert (body.python_name, body.annotation, body.required) == ("create_call", "CreateCall", True)
    assert (body.content_type, body.encoding) == ("application/json", "json")
    assert body.encode_expression == "json_body(create_call)"
    assert body.doc_link == "CreateCall"
    assert [a.python_name for a in create.arguments] == ["account_id", "create_call"]
    assert create.content_type == "application/json"
    assert ('"Content-Type"', '"application/json"') in create.fixed_headers
    update = _operation(calls, "update_call").request_body
    assert update is not None
    assert (update.python_name, update.annotation) == ("update_call", "UpdateCall")


def test_text_request_body(calls: ApiClass) -> None:
    bxml = _operation(calls, "update_call_bxml")
    body = bxml.request_body
    assert isinstance(body, RequestBody)
    assert (body.python_name, body.annotation, body.plain_annotation) == ("body", "str", "str")
    assert (body.content_type, body.encoding) == ("application/xml", "text")
    assert body.encode_expression == "body.encode()"
    assert body.required
    assert "<Bxml>" in body.example_literal  # the spec's example, for the docs
    assert bxml.fixed_headers == (
        ('"Content-Type"', '"application/xml"'),
        ('"Accept"', '"application/json"'),
    )
    assert [a.python_name for a in bxml.arguments] == ["account_id", "call_id", "body"]


def test_response_types(calls: ApiClass) -> None:
    returns = {
        op.python_name: (op.return_annotation, op.response_types.decoding)
        for op in calls.operations
    }
    assert returns == {
        "create_call": ("CreateCallResponse", "json"),
        "list_calls": ("list[CallState]", "json"),
        "get_call_state": ("CallState", "json"),
        "update_call": ("None", "none"),
        "update_call_bxml": ("None", "none"),
    }
    list_calls = _operation(calls, "list_calls")
    assert list_calls.return_doc_type == "list[CallState]"
    assert list_calls.return_doc_link == "CallState"
    assert list_calls.response_types.constant == "_LIST_CALLS_RESPONSES"
    assert _operation(calls, "update_call_bxml").response_types.success_adapter == "_NO_CONTENT"
    assert dict(calls.adapters) == {
        "_VOICE_API_ERROR": "VoiceApiError",
        "_CREATE_CALL_RESPONSE": "CreateCallResponse",
        "_LIST_CALL_STATE": "list[CallState]",
        "_CALL_STATE": "CallState",
        "_NO_CONTENT": "None",
    }


def test_error_adapters_are_keyed_by_status(calls: ApiClass) -> None:
    common = ["400", "401", "403", "404", "405", "415", "429", "500"]
    for operation in calls.operations:
        errors = dict(operation.response_types.errors)
        with_conflict = operation.python_name in ("update_call", "update_call_bxml")
        expected = sorted([*common, "409"] if with_conflict else common)
        assert sorted(errors) == [f'"{status}"' for status in expected]
        assert set(errors.values()) == {"_VOICE_API_ERROR"}


def test_responses_keep_status_description_and_headers(calls: ApiClass) -> None:
    create = _operation(calls, "create_call")
    by_status = {r.status_code: r for r in create.responses}
    assert by_status["201"].content_type == "application/json"
    assert [h.name for h in by_status["201"].headers] == ["Location"]
    assert [h.name for h in by_status["429"].headers] == ["Retry-After"]
    bxml = _operation(calls, "update_call_bxml")
    assert {r.status_code: r.content_type for r in bxml.responses}["204"] is None


def test_path_level_servers(api: Api, calls: ApiClass) -> None:
    assert api.servers == ()  # the spec declares none at the top level
    assert api.default_host == VOICE
    assert api.default_host_literal == f'"{VOICE}"'
    for operation in calls.operations:
        assert operation.server_url == VOICE
        assert operation.servers_constant == "_VOICE_BANDWIDTH_COM_SERVERS"
    assert calls.servers == (("_VOICE_BANDWIDTH_COM_SERVERS", (f'"{VOICE}"',)),)


def test_security(api: Api, calls: ApiClass) -> None:
    for operation in calls.operations:
        assert operation.security == ("Basic", "OAuth2")
        assert operation.security_literals == ('"Basic"', '"OAuth2"')
    basic, oauth = api.security_schemes
    assert (basic.name, basic.kind, basic.token_url) == ("Basic", "basic", None)
    assert (oauth.name, oauth.kind) == ("OAuth2", "oauth2")
    assert oauth.token_url == "https://api.bandwidth.com/api/v1/oauth2/token"
    assert api.oauth2_schemes == (oauth,)
    assert api.has_basic_auth
    assert api.has_bearer_auth  # a token obtained elsewhere can be passed as access_token
    assert not api.has_api_key_auth


def test_exceptions(api: Api) -> None:
    statuses = {e.name: e.status for e in api.exceptions}
    assert statuses["NotFoundException"] == 404
    assert statuses["MethodNotAllowedException"] == 405  # declared by the spec
    assert statuses["UnsupportedMediaTypeException"] == 415
    assert statuses["ServiceException"] is None
    assert "ApiException" in api.exception_names


# --- models and enums -----------------------------------------------------------------------


def test_models_and_enums_are_sorted(api: Api) -> None:
    assert [m.name for m in api.models] == [
        "CallState",
        "CreateCall",
        "CreateCallResponse",
        "MachineDetectionConfiguration",
        "UpdateCall",
        "VoiceApiError",
    ]
    assert [e.name for e in api.enums] == [
        "CallDirectionEnum",
        "CallStateEnum",
        "CallbackMethodEnum",
        "MachineDetectionModeEnum",
        "RedirectMethodEnum",
    ]
    assert [s.name for s in api.schemas] == sorted(s.name for s in api.schemas)
    assert _model(api, "MachineDetectionConfiguration").module == "machine_detection_configuration"


def test_building_twice_gives_the_same_ir() -> None:
    assert _build() == _build()


def test_wire_and_python_names(api: Api) -> None:
    create = _model(api, "CreateCall")
    var_from = _field(create, "var_from")
    assert (var_from.wire_name, var_from.required, var_from.annotation) == ("from", True, "str")
    assert var_from.field_args == 'alias="from"'
    display_name = _field(create, "display_name")
    assert display_name.wire_name == "displayName"
    error = _model(api, "VoiceApiError")
    assert [(f.python_name, f.wire_name) for f in error.fields] == [
        ("type", "type"),
        ("description", "description"),
        ("id", "id"),
    ]
    assert _field(error, "type").field_args == ""  # same as the wire name: no alias
    assert _field(error, "description").field_args == ""  # same name: a bare default
    assert _field(error, "description").default_assignment == "None"


def test_required_and_optional_fields(api: Api) -> None:
    create = _model(api, "CreateCall")
    required = [f.wire_name for f in create.fields if f.required]
    assert required == ["to", "from", "applicationId", "answerUrl"]
    to = _field(create, "to")
    assert (to.annotation, to.field_args, to.default_assignment) == ("str", "", None)
    assert to.doc_notes == ""
    assert _field(create, "privacy").doc_notes == "[optional]"


def test_nullable_fields(api: Api) -> None:
    create = _model(api, "CreateCall")
    privacy = _field(create, "privacy")
    assert (privacy.nullable, privacy.annotation) == (True, "bool | None")
    response = _model(api, "CreateCallResponse")
    # Required but nullable: must be given, may be null.
    answer_method = _field(response, "answer_method")
    assert (answer_method.required, answer_method.nullable) == (True, True)
    assert answer_method.annotation == "CallbackMethodEnum | None"
    assert answer_method.field_args == 'alias="answerMethod"'
    parent = _field(_model(api, "CallState"), "parent_call_id")
    assert (parent.nullable, parent.annotation) == (True, "str | None")
    last_update = _field(_model(api, "CallState"), "last_update")
    assert (last_update.nullable, last_update.annotation) == (False, "datetime.datetime | None")


def test_defaults(api: Api) -> None:
    create = _model(api, "CreateCall")
    answer_method = _field(create, "answer_method")
    assert answer_method.default_assignment == "CallbackMethodEnum.POST"
    assert answer_method.field_args == 'default=CallbackMethodEnum.POST, alias="answerMethod"'
    assert answer_method.doc_notes == "[optional] [default to POST]"
    call_timeout = _field(create, "call_timeout")
    assert call_timeout.default_assignment == "30.0"  # `default: 30` on a number
    assert call_timeout.annotation == "float | None"
    assert _field(create, "priority").default_assignment == "5"
    detection = _model(api, "MachineDetectionConfiguration")
    mode = _field(detection, "mode")  # not nullable, has a default: not Optional
    assert (mode.annotation, mode.default_assignment) == (
        "MachineDetectionModeEnum",
        "MachineDetectionModeEnum.ASYNC",
    )
    assert _field(detection, "delay_result").default_assignment == "False"
    assert _field(_model(api, "UpdateCall"), "state").default_assignment == "CallStateEnum.ACTIVE"


def test_constraints(api: Api) -> None:
    create = _model(api, "CreateCall")
    assert "max_length=256" in _field(create, "display_name").field_args
    assert "max_length=2048" in _field(create, "answer_url").field_args
    assert _field(create, "call_timeout").field_args.endswith("ge=1, le=300")
    assert _field(create, "priority").field_args == "default=5, ge=1, le=5"
    # A model reference carries no constraints of its own.
    machine = _field(create, "machine_detection")
    assert machine.field_args == 'default=None, alias="machineDetection"'
    assert machine.doc_link == "MachineDetectionConfiguration"


def test_model_imports(api: Api) -> None:
    create = _model(api, "CreateCall")
    assert create.import_lines == (
        "from pydantic import Field",
        "",
        "from bandwidth_calls.models._base import ApiModel",
        "from bandwidth_calls.models.callback_method_enum import CallbackMethodEnum",
        "from bandwidth_calls.models.machine_detection_configuration import "
        "MachineDetectionConfiguration",
    )
    assert create.references == ("MachineDetectionConfiguration",)  # enums are not counted
    assert create.type_checking_import_lines == ()
    assert not any(m.needs_rebuild for m in api.models)
    assert "import datetime" in _model(api, "CallState").import_lines


def test_enums(api: Api) -> None:
    method = _enum(api, "CallbackMethodEnum")
    assert method.module == "callback_method_enum"
    assert method.base == "ApiStrEnum"
    assert [(m.name, m.value_literal, m.value) for m in method.members] == [
        ("GET", '"GET"', "GET"),
        ("POST", '"POST"', "POST"),
    ]
    direction = _enum(api, "CallDirectionEnum")
    assert [m.name for m in direction.members] == ["INBOUND", "OUTBOUND"]
    assert direction.example_literal == "CallDirectionEnum.INBOUND"
    assert not api.uses_int_enums


# --- helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("references", "expected"),
    [
        ({"A": ["B"], "B": []}, {}),
        ({"A": ["A"]}, {}),  # a model that refers to itself imports nothing
        ({"A": ["B"], "B": ["A"]}, {"A": {"A", "B"}, "B": {"A", "B"}}),
        (
            {"A": ["B"], "B": ["C"], "C": ["A", "D"], "D": ["E"], "E": ["D"], "F": ["A"]},
            {"A": {"A", "B", "C"}, "B": {"A", "B", "C"}, "C": {"A", "B", "C"}}
            | {"D": {"D", "E"}, "E": {"D", "E"}},
        ),
        ({"A": ["Enum", "B"], "B": ["A"]}, {"A": {"A", "B"}, "B": {"A", "B"}}),
    ],
    ids=["chain", "self", "pair", "two-cycles", "unknown-names"],
)
def test_import_cycles(references: dict[str, list[str]], expected: dict[str, set[str]]) -> None:
    assert import_cycles(references) == {k: frozenset(v) for k, v in expected.items()}


def test_arguments_are_parameters_then_body(calls: ApiClass) -> None:
    for operation in calls.operations:
        kinds = [type(a) for a in operation.arguments]
        assert kinds == sorted(kinds, key=lambda k: k is RequestBody)
        assert all(isinstance(a, Parameter) for a in operation.arguments[:-1])
