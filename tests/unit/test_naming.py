"""Table-driven tests of `generator.builder.naming`: any spelling in a spec becomes a valid name."""

from __future__ import annotations

import keyword

import pytest

from generator.builder.naming import (
    RESERVED_CLASS_NAMES,
    class_name,
    dedupe,
    enum_member_name,
    enum_member_names,
    pascal_case,
    python_identifier,
    snake_case,
    words,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("accountId", ["account", "Id"]),
        ("HTTPResponse", ["HTTP", "Response"]),
        ("X-Rate-Limit", ["X", "Rate", "Limit"]),
        ("GMT+12", ["GMT", "plus", "12"]),
        ("GMT-12", ["GMT", "minus", "12"]),
        ("12-3", ["12", "3"]),
        ("ipv4Address", ["ipv4", "Address"]),
        ("déjà vu", ["deja", "vu"]),
        ("日本", []),
        ("", []),
    ],
)
def test_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    ("text", "snake", "pascal"),
    [
        ("accountId", "account_id", "AccountId"),
        ("callState", "call_state", "CallState"),
        ("CallState", "call_state", "CallState"),
        ("call_state", "call_state", "CallState"),
        ("HTTPResponse", "http_response", "HTTPResponse"),
        ("httpResponse", "http_response", "HttpResponse"),
        ("UTF8String", "utf8_string", "UTF8String"),
        ("sms_v2_url", "sms_v2_url", "SmsV2Url"),
        ("oauth2Token", "oauth2_token", "Oauth2Token"),
        ("PayPal.CountryCode", "pay_pal_country_code", "PayPalCountryCode"),
        ("a b", "a_b", "AB"),
        ("", "", ""),
    ],
)
def test_case_conversions(text: str, snake: str, pascal: str) -> None:
    assert snake_case(text) == snake
    assert pascal_case(text) == pascal
    # Round trips: converting the converted name again changes nothing.
    assert snake_case(snake) == snake
    assert snake_case(pascal) == snake or pascal.isupper()
    assert pascal_case(pascal) == pascal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("123abc", "var_123_abc"),
        ("1", "var_1"),
        ("class", "var_class"),
        ("from", "var_from"),  # OpenAPI Generator's spelling, so existing client code keeps working
        ("X-Rate-Limit", "x_rate_limit"),
        ("_private", "private"),
        ("", "value"),
        ("déjà vu", "deja_vu"),
        ("ÜberCool", "uber_cool"),
        ("\uff46\uff55\uff4c\uff4c", "full"),  # full-width letters fold to ASCII
        ("日本", "value"),  # nothing ASCII left: the fallback; dedupe keeps two of them apart
        ("accountId", "account_id"),
        ("HTTPResponse", "http_response"),
        ("GMT+12", "gmt_plus_12"),
        ("GMT-12", "gmt_minus_12"),
        ("$ref", "ref"),
        ("@type", "type"),
        ("PayPal.CountryCode", "pay_pal_country_code"),
        ("a b", "a_b"),
        ("v2", "v2"),
        ("ipv4Address", "ipv4_address"),
        # keywords, soft keywords and builtins
        ("type", "type"),
        ("match", "match"),  # soft keywords are valid names
        ("case", "case"),
        ("_", "value"),
        ("self", "var_self"),
        ("async", "var_async"),
        ("global", "var_global"),
        ("pass", "var_pass"),
        ("None", "none"),
        ("id", "id"),
        ("list", "var_list"),
        # names the generated code binds itself
        ("headers", "var_headers"),
        ("api_client", "var_api_client"),
        ("path_segment", "var_path_segment"),
        ("datetime", "var_datetime"),
        ("to_dict", "var_to_dict"),
        ("model_dump", "var_model_dump"),
        ("schema", "var_schema"),
        ("model_number", "model_number"),
    ],
)
def test_python_identifier(text: str, expected: str) -> None:
    name = python_identifier(text)
    assert name == expected
    assert name.isidentifier()
    assert not keyword.iskeyword(name)
    assert name not in ANNOTATION_BUILTINS


# Builtins that annotations in generated code spell; no generated name may shadow them.
ANNOTATION_BUILTINS = {"bool", "bytes", "dict", "float", "int", "list", "object", "str", "tuple"}


@pytest.mark.parametrize("word", [*keyword.kwlist, *ANNOTATION_BUILTINS, "self", "print"])
def test_python_identifier_never_returns_a_reserved_word(word: str) -> None:
    assert python_identifier(word) != word
    assert python_identifier(word).isidentifier()


def test_python_identifier_fallback() -> None:
    assert python_identifier("", fallback="get") == "get"
    assert python_identifier("日本", fallback="post") == "post"
    assert python_identifier("", fallback="") == "value"
    assert python_identifier("", fallback="class") == "var_class"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("123abc", "Model123Abc"),
        ("class", "Class"),
        ("from", "From"),
        ("X-Rate-Limit", "XRateLimit"),
        ("_private", "Private"),
        ("", "Model"),
        ("déjà vu", "DejaVu"),
        ("日本", "Model"),
        ("callState", "CallState"),
        ("call_state", "CallState"),
        ("HTTPResponse", "HTTPResponse"),
        ("GMT+12", "GMTPlus12"),
        ("GMT-12", "GMTMinus12"),
        ("$ref", "Ref"),
        ("@type", "Type"),
        ("PayPal.CountryCode", "PayPalCountryCode"),
        ("a b", "AB"),
        # the SDK's own classes and what its modules import
        ("Configuration", "ConfigurationModel"),
        ("configuration", "ConfigurationModel"),
        ("ApiClient", "ApiClientModel"),
        ("api_client", "ApiClientModel"),
        ("ApiResponse", "ApiResponseModel"),
        ("ApiException", "ApiExceptionModel"),
        ("ApiModel", "ApiModelModel"),
        ("BaseModel", "BaseModelModel"),
        ("Field", "FieldModel"),
        ("Mapping", "MappingModel"),
        ("RequestOptions", "RequestOptionsModel"),
        ("Client", "Client"),  # the SDK has no class called Client
        # builtins and keywords
        ("none", "NoneModel"),
        ("true", "TrueModel"),
        ("exception", "ExceptionModel"),
        ("value_error", "ValueErrorModel"),
    ],
)
def test_class_name(text: str, expected: str) -> None:
    name = class_name(text)
    assert name == expected
    assert name.isidentifier()
    assert not keyword.iskeyword(name)
    assert name not in RESERVED_CLASS_NAMES


@pytest.mark.parametrize("reserved", sorted(RESERVED_CLASS_NAMES))
def test_class_name_never_returns_a_reserved_class_name(reserved: str) -> None:
    assert class_name(reserved) not in RESERVED_CLASS_NAMES


def test_class_name_fallback() -> None:
    assert class_name("", fallback="Thing") == "Thing"
    assert class_name("", fallback="") == "Model"


def test_gmt_offsets_stay_distinct() -> None:
    names = ["GMT+12", "GMT-12", "GMT+1", "GMT-1", "GMT"]
    for convert in (python_identifier, class_name, enum_member_name):
        converted = [convert(n) for n in names]
        assert len(set(converted)) == len(names), converted


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "EMPTY"),
        (None, "NONE"),
        ("1", "VALUE_1"),
        (1, "VALUE_1"),
        (-1, "MINUS_1"),
        (1.5, "VALUE_1_5"),
        (True, "TRUE"),
        ("a-b", "A_B"),
        ("a_b", "A_B"),
        ("callState", "CALL_STATE"),
        ("GMT+12", "GMT_PLUS_12"),
        ("GMT-12", "GMT_MINUS_12"),
        ("class", "CLASS"),
        ("日本", "EMPTY"),
        ("v2", "V2"),
    ],
)
def test_enum_member_name(value: object, expected: str) -> None:
    name = enum_member_name(value)
    assert name == expected
    assert name.isidentifier()
    assert not keyword.iskeyword(name)
    assert not name.startswith("_")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["a-b", "a_b"], ["A_B", "A_B_2"]),
        (["", "1", None], ["EMPTY", "VALUE_1", "NONE"]),
        (["", "empty", "EMPTY"], ["EMPTY", "EMPTY_2", "EMPTY_3"]),
        (["1", 1, "1.0", 1.0], ["VALUE_1", "VALUE_1_2", "VALUE_1_0", "VALUE_1_0_2"]),
        (["日本", "中国"], ["EMPTY", "EMPTY_2"]),
        (["GMT+1", "GMT_PLUS_1", "GMT+12"], ["GMT_PLUS_1", "GMT_PLUS_1_2", "GMT_PLUS_12"]),
        ([], []),
    ],
)
def test_enum_member_names_are_distinct(values: list[object], expected: list[str]) -> None:
    assert enum_member_names(values) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["a", "a", "a"], ["a", "a_2", "a_3"]),
        (["a", "a_2", "a"], ["a", "a_2", "a_3"]),
        (["a", "a", "a_2"], ["a", "a_2", "a_2_2"]),
        # A name ending in a digit gets `_2`, not `2`: `gmt_plus_12` would read as another name.
        (
            ["gmt_plus_1", "gmt_plus_1", "gmt_plus_12"],
            ["gmt_plus_1", "gmt_plus_1_2", "gmt_plus_12"],
        ),
        (["v2", "v2"], ["v2", "v2_2"]),
        (["Model", "Model"], ["Model", "Model_2"]),
        ([], []),
    ],
)
def test_dedupe_keeps_the_names_sharing_a_taken_set_distinct(
    names: list[str], expected: list[str]
) -> None:
    taken: set[str] = set()  # as the builder does for one scope (a model's fields, a module)
    assert [dedupe(name, taken) for name in names] == expected


def test_dedupe_records_and_respects_taken() -> None:
    taken = {"self", "_headers"}
    assert dedupe("name", taken) == "name"
    assert dedupe("name", taken) == "name_2"
    assert dedupe("self", taken) == "self_2"
    assert taken == {"self", "_headers", "name", "name_2", "self_2"}


def test_colliding_spec_names_are_kept_apart_by_dedupe() -> None:
    """Different wire names may give one identifier; a model's fields go through dedupe."""
    wire_names = ["_private", "private", "Private", "日本", "中国", "from", "var_from"]
    taken: set[str] = set()
    names = [dedupe(python_identifier(n), taken) for n in wire_names]
    assert names == [
        "private",
        "private_2",
        "private_3",
        "value",
        "value_2",
        "var_from",
        "var_from_2",
    ]
