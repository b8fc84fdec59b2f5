"""The IR built from spec/calls.yaml: the values templates are given (and nothing printed)."""

from __future__ import annotations

import pytest

from generator.builder import build_api
from generator.builder.models import import_cycles
from generator.config import make_config
from generator.ir import (
    Api,
    ApiClass,
    Const,
    Constraint,
    Construct,
    EnumDef,
    EnumMember,
    EnumRef,
    Field,
    Import,
    ListOf,
    MemberOf,
    ModelDef,
    ModelRef,
    Nullable,
    Operation,
    Parameter,
    Primitive,
    RequestBody,
)
from generator.load import load
from tests.support.paths import CALLS_SPEC

VOICE = "https://voice.bandwidth.com/api/v2"
STR = Primitive(kind="str")
NONE = Primitive(kind="none")
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


def test_list_calls_parameters(calls: ApiClass) -> None:
    list_calls = _operation(calls, "list_calls")
    parameters = [
        (p.python_name, p.wire_name, p.location, p.type, p.required, p.default)
        for p in list_calls.parameters
    ]
    optional, unset = Nullable(inner=STR), Const(value=None)
    assert parameters == [
        ("account_id", "accountId", "path", STR, True, None),
        ("to", "to", "query", optional, False, unset),
        ("var_from", "from", "query", optional, False, unset),
        ("min_start_time", "minStartTime", "query", optional, False, unset),
        ("max_start_time", "maxStartTime", "query", optional, False, unset),
        ("disconnect_cause", "disconnectCause", "query", optional, False, unset),
        ("page_size", "pageSize", "query", Nullable(inner=Primitive(kind="int")), False, unset),
        ("page_token", "pageToken", "query", optional, False, unset),
    ]
    page_size = list_calls.parameters[6]
    assert page_size.constraints == (
        Constraint(name="ge", value=1),
        Constraint(name="le", value=10000),
    )
    assert page_size.spec_default == 1000
    assert [(p.style, p.explode, p.helper) for p in list_calls.query_parameters] == [
        ("form", True, None)
    ] * 7
    assert list_calls.path_parameters[0].helper == "path_segment"
    assert [p.python_name for p in list_calls.path_parameters] == ["account_id"]
    assert len(list_calls.query_parameters) == 7
    assert list_calls.header_parameters == ()
    assert list_calls.request_body is None
    assert list_calls.arguments == list_calls.parameters
    assert Import("typing", "Annotated") in calls.imports  # page_size's constraints


def test_path_parameters_are_required(calls: ApiClass) -> None:
    for operation in calls.operations:
        for parameter in operation.path_parameters:
            assert parameter.required
            assert parameter.type == STR
        assert [p.wire_name for p in operation.path_parameters] == [
            name for name in ("accountId", "callId") if "{" + name + "}" in operation.path
        ]


def test_json_request_body(calls: ApiClass) -> None:
    create = _operation(calls, "create_call")
    body = create.request_body
    assert isinstance(body, RequestBody)
    create_call = ModelRef(name="CreateCall", module="create_call")
    assert (body.python_name, body.type, body.required) == ("create_call", create_call, True)
    assert (body.content_type, body.encoding) == ("application/json", "json")
    assert body.example_imports == (Import("bandwidth_calls.models.create_call", "CreateCall"),)
    # Built by its Python names, as the docs show it.
    assert isinstance(body.example, Construct) and body.example.model == "CreateCall"
    assert body.example.arguments[:2] == (
        ("to", Const(value="+19195551234")),
        ("var_from", Const(value="+15555551212")),
    )
    assert [a.python_name for a in create.arguments] == ["account_id", "create_call"]
    assert create.content_type == "application/json"
    assert ("Content-Type", "application/json") in create.fixed_headers
    update = _operation(calls, "update_call").request_body
    assert update is not None
    assert (update.python_name, update.type) == (
        "update_call",
        ModelRef(name="UpdateCall", module="update_call"),
    )


def test_text_request_body(calls: ApiClass) -> None:
    bxml = _operation(calls, "update_call_bxml")
    body = bxml.request_body
    assert isinstance(body, RequestBody)
    assert (body.python_name, body.type, body.constraints) == ("body", STR, ())
    assert (body.content_type, body.encoding) == ("application/xml", "text")
    assert body.required
    assert isinstance(body.example, str) and "<Bxml>" in body.example  # the spec's, as data
    assert bxml.fixed_headers == (
        ("Content-Type", "application/xml"),
        ("Accept", "application/json"),
    )
    assert [a.python_name for a in bxml.arguments] == ["account_id", "call_id", "body"]


def test_response_types(calls: ApiClass) -> None:
    returns = {op.python_name: (op.returns, op.response_types.decoding) for op in calls.operations}
    call_state = ModelRef(name="CallState", module="call_state")
    response = ModelRef(name="CreateCallResponse", module="create_call_response")
    assert returns == {
        "create_call": (response, "json"),
        "list_calls": (ListOf(item=call_state), "json"),
        "get_call_state": (call_state, "json"),
        "update_call": (NONE, "none"),
        "update_call_bxml": (NONE, "none"),
    }
    list_calls = _operation(calls, "list_calls")
    assert list_calls.response_types.constant == "_LIST_CALLS_RESPONSES"
    assert _operation(calls, "update_call_bxml").response_types.success_adapter == "_NO_CONTENT"
    assert dict(calls.adapters) == {
        "_VOICE_API_ERROR": ModelRef(name="VoiceApiError", module="voice_api_error"),
        "_CREATE_CALL_RESPONSE": response,
        "_LIST_CALL_STATE": ListOf(item=call_state),
        "_CALL_STATE": call_state,
        "_NO_CONTENT": NONE,
    }


def test_error_adapters_are_keyed_by_status(calls: ApiClass) -> None:
    common = ["400", "401", "403", "404", "405", "415", "429", "500"]
    for operation in calls.operations:
        errors = dict(operation.response_types.errors)
        with_conflict = operation.python_name in ("update_call", "update_call_bxml")
        expected = sorted([*common, "409"] if with_conflict else common)
        assert sorted(errors) == expected
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
    for operation in calls.operations:
        assert operation.server_url == VOICE
        assert operation.servers_constant == "_VOICE_BANDWIDTH_COM_SERVERS"
    assert calls.servers == (("_VOICE_BANDWIDTH_COM_SERVERS", (VOICE,)),)


def test_security(api: Api, calls: ApiClass) -> None:
    for operation in calls.operations:
        assert operation.security == ("Basic", "OAuth2")
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
    assert (var_from.wire_name, var_from.required, var_from.type) == ("from", True, STR)
    assert (var_from.default, var_from.needs_field_call) == (None, True)  # for the alias
    display_name = _field(create, "display_name")
    assert display_name.wire_name == "displayName"
    error = _model(api, "VoiceApiError")
    assert [(f.python_name, f.wire_name) for f in error.fields] == [
        ("type", "type"),
        ("description", "description"),
        ("id", "id"),
    ]
    assert not _field(error, "type").needs_field_call  # same as the wire name: no alias
    description = _field(error, "description")
    assert (description.needs_field_call, description.default) == (False, Const(value=None))


def test_required_and_optional_fields(api: Api) -> None:
    create = _model(api, "CreateCall")
    required = [f.wire_name for f in create.fields if f.required]
    assert required == ["to", "from", "applicationId", "answerUrl"]
    to = _field(create, "to")
    assert (to.type, to.default, to.needs_field_call) == (STR, None, False)
    privacy = _field(create, "privacy")
    assert (privacy.required, privacy.default) == (False, Const(value=None))


def test_nullable_fields(api: Api) -> None:
    create = _model(api, "CreateCall")
    privacy = _field(create, "privacy")
    assert (privacy.nullable, privacy.type) == (True, Nullable(inner=Primitive(kind="bool")))
    response = _model(api, "CreateCallResponse")
    # Required but nullable: must be given, may be null.
    answer_method = _field(response, "answer_method")
    assert (answer_method.required, answer_method.nullable) == (True, True)
    method = EnumRef(name="CallbackMethodEnum", module="callback_method_enum")
    assert (answer_method.type, answer_method.default) == (Nullable(inner=method), None)
    parent = _field(_model(api, "CallState"), "parent_call_id")
    assert (parent.nullable, parent.type) == (True, Nullable(inner=STR))
    last_update = _field(_model(api, "CallState"), "last_update")
    datetime = Nullable(inner=Primitive(kind="datetime"))  # optional without a default
    assert (last_update.nullable, last_update.type) == (False, datetime)


def test_defaults(api: Api) -> None:
    create = _model(api, "CreateCall")
    answer_method = _field(create, "answer_method")
    assert answer_method.default == MemberOf(enum="CallbackMethodEnum", member="POST")
    assert answer_method.spec_default == "POST"  # as the spec writes it, for the docs
    call_timeout = _field(create, "call_timeout")
    assert call_timeout.default == Const(value=30.0)  # `default: 30` on a number
    assert isinstance(call_timeout.default.value, float)
    assert call_timeout.type == Nullable(inner=Primitive(kind="float"))  # nullable in the spec
    assert _field(create, "priority").default == Const(value=5)
    detection = _model(api, "MachineDetectionConfiguration")
    mode = _field(detection, "mode")  # not nullable, has a default: not Optional
    mode_enum = EnumRef(name="MachineDetectionModeEnum", module="machine_detection_mode_enum")
    assert (mode.type, mode.default) == (
        mode_enum,
        MemberOf(enum="MachineDetectionModeEnum", member="ASYNC"),
    )
    assert _field(detection, "delay_result").default == Const(value=False)
    state = _field(_model(api, "UpdateCall"), "state")
    assert state.default == MemberOf(enum="CallStateEnum", member="ACTIVE")


def test_constraints(api: Api) -> None:
    create = _model(api, "CreateCall")
    assert Constraint(name="max_length", value=256) in _field(create, "display_name").constraints
    assert Constraint(name="max_length", value=2048) in _field(create, "answer_url").constraints
    assert _field(create, "call_timeout").constraints == (
        Constraint(name="ge", value=1),
        Constraint(name="le", value=300),
    )
    # A model reference carries no constraints of its own.
    machine = _field(create, "machine_detection")
    assert machine.constraints == ()
    assert machine.type == Nullable(
        inner=ModelRef(
            name="MachineDetectionConfiguration", module="machine_detection_configuration"
        )
    )


def test_model_imports(api: Api) -> None:
    create = _model(api, "CreateCall")
    models = "bandwidth_calls.models"
    assert create.imports == (
        Import(f"{models}._base", "ApiModel"),
        Import(f"{models}.callback_method_enum", "CallbackMethodEnum"),
        Import(f"{models}.machine_detection_configuration", "MachineDetectionConfiguration"),
        Import("pydantic", "Field"),
    )
    assert create.references == ("MachineDetectionConfiguration",)  # enums are not counted
    assert create.typing_imports == ()
    assert not any(m.needs_rebuild for m in api.models)
    assert Import("datetime") in _model(api, "CallState").imports


def test_enums(api: Api) -> None:
    method = _enum(api, "CallbackMethodEnum")
    assert method.module == "callback_method_enum"
    assert method.base == "ApiStrEnum"
    assert method.members == (
        EnumMember(name="GET", value="GET"),
        EnumMember(name="POST", value="POST"),
    )
    direction = _enum(api, "CallDirectionEnum")
    assert [m.name for m in direction.members] == ["INBOUND", "OUTBOUND"]
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
