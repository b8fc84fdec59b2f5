"""`sdkgen diff` and `generate --changes`: the SDK surface compared, never the spec text."""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.changes.diff import compare
from generator.changes.surface import Surface, surface
from generator.cli import main
from generator.config import make_config
from generator.pipeline import build
from generator.results import Report
from tests.support.paths import CALLS_SPEC, REPO

HISTORY = REPO.parent / "shared" / "specs" / "bandwidth-history"
CURRENT = REPO.parent / "shared" / "specs" / "bandwidth" / "bandwidth.yml"
VERSIONS = sorted(HISTORY.glob("*.yml")) if HISTORY.is_dir() else []
needs_history = pytest.mark.skipif(not VERSIONS, reason="../shared/specs is not beside the repo")


@functools.cache
def _surface(spec: Path) -> Surface:
    # Validation is tested elsewhere; these specs are known to be valid.
    api, _ = build(make_config({"spec": spec, "output": ".", "package": "sdk", "validate": False}))
    return surface(api)


def _diff(old: Path, new: Path) -> Report:
    return compare(_surface(old), _surface(new))


def _lines(report: Report) -> set[tuple[bool, str, str]]:
    return {(c.breaking, c.path, c.message) for c in report.changes}


@needs_history
@pytest.mark.parametrize("spec", [*VERSIONS, CURRENT], ids=lambda p: p.stem)
def test_a_version_compared_with_itself_reports_nothing(spec: Path) -> None:
    assert _diff(spec, spec).empty


@needs_history
def test_tn_lookup_v1_deprecated() -> None:
    report = _diff(VERSIONS[0], VERSIONS[1])
    assert report.breaking == ()
    assert _lines(report) == {
        (False, "PhoneNumberLookupApi.create_lookup", "is deprecated"),
        (False, "PhoneNumberLookupApi.get_lookup_status", "is deprecated"),
    }


@needs_history
def test_switch_to_tn_lookup_v2() -> None:
    lines = _lines(_diff(VERSIONS[1], VERSIONS[2]))
    assert {
        (
            True,
            "PhoneNumberLookupApi.create_lookup",
            "method `create_lookup` (POST /accounts/{accountId}/tnlookup) was removed",
        ),
        (
            True,
            "PhoneNumberLookupApi.get_lookup_status",
            "method `get_lookup_status` (GET /accounts/{accountId}/tnlookup/{requestId})"
            " was removed",
        ),
        (True, "LookupRequest", "model `LookupRequest` was removed"),
        (
            True,
            "LookupResult.line_type",
            "field `line_type` is `LineTypeEnum | None`, was `str | None`"
            " (now LineTypeEnum; breaks code that reads it)",
        ),
        (
            False,
            "PhoneNumberLookupApi.create_sync_lookup",
            "method `create_sync_lookup` (POST /accounts/{accountId}/phoneNumberLookup) was added",
        ),
        (False, "LookupResult.phone_number", "field `phone_number` (`str`, optional) was added"),
        (False, "LineTypeEnum", "enum `LineTypeEnum` was added"),
    } <= lines


@needs_history
def test_multi_channel_schema_fix() -> None:
    lines = _lines(_diff(VERSIONS[2], VERSIONS[3]))
    assert (
        True,
        "MultiChannelChannelListObject",
        "model `MultiChannelChannelListObject` was removed",
    ) in lines
    assert any(b and p == "MultiChannelMessageRequest.channel_list" for b, p, _ in lines)
    assert (
        False,
        "MultiChannelChannelListSMSObject",
        "model `MultiChannelChannelListSMSObject` was added",
    ) in lines


@needs_history
def test_add_oauth() -> None:
    report = _diff(VERSIONS[3], VERSIONS[4])
    assert report.breaking == ()
    lines = _lines(report)
    assert (False, "OAuth2", "security scheme `OAuth2` (oauth2) added") in lines
    assert (False, "CallsApi.create_call", "security: Basic → OAuth2, Basic") in lines


@needs_history
def test_endpoints_and_badges() -> None:
    report = _diff(VERSIONS[4], VERSIONS[5])
    lines = _lines(report)
    assert (
        True,
        "RbmMessageMedia.media",
        "field `media` is `list[RbmMessageContentFile]`, was `RbmMessageContentFile`"
        " (breaks code that sends it and code that reads it)",
    ) in lines
    assert (False, "EndpointsApi", "API class `EndpointsApi` was added") in lines
    # Only the order of the security alternatives changed: not reported.
    assert not any(p == "CallsApi.create_call" for _, p, _ in lines)
    assert "CreateCall" in report.docs_changed


@needs_history
def test_removing_a_schema_nothing_used_changes_nothing() -> None:
    assert _diff(VERSIONS[5], VERSIONS[6]).empty


@needs_history
def test_history_to_current() -> None:
    lines = _lines(_diff(VERSIONS[6], CURRENT))
    assert (
        True,
        "InboundCallbackTypeEnum",
        "value `request-location-response` was removed",
    ) in lines
    assert (True, "Error", "model `Error` was removed") in lines
    # Required in a response-only model: compatible for readers.
    assert (False, "LookupErrorSchema.code", "field `code` is now required") in lines


def _calls() -> dict[str, Any]:
    document = yaml.safe_load(CALLS_SPEC.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def _surface_of(document: dict[str, Any], tmp_path: Path, name: str) -> Surface:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    api, _ = build(make_config({"spec": path, "output": ".", "package": "sdk"}))
    return surface(api)


def test_reordering_and_ref_restructuring_report_nothing(tmp_path: Path) -> None:
    original = _calls()
    shuffled = copy.deepcopy(original)
    shuffled["paths"] = dict(reversed(list(shuffled["paths"].items())))
    for section in shuffled["components"].values():
        items = list(section.items())
        section.clear()
        section.update(reversed(items))
    # Inline a parameter that was a $ref, and put a schema behind a $ref chain.
    get = shuffled["paths"]["/accounts/{accountId}/calls"]["get"]
    get["parameters"][1] = copy.deepcopy(original["components"]["parameters"]["to"])
    shuffled["components"]["schemas"]["voiceApiErrorAlias"] = {
        "$ref": "#/components/schemas/voiceApiError"
    }
    assert compare(
        _surface_of(original, tmp_path, "a.yaml"), _surface_of(shuffled, tmp_path, "b.yaml")
    ).empty


def _changed(tmp_path: Path) -> dict[str, Any]:
    changed = _calls()
    listing = changed["paths"]["/accounts/{accountId}/calls"]["get"]
    listing["parameters"].append(
        {"name": "status", "in": "query", "required": True, "schema": {"type": "string"}}
    )
    properties = changed["components"]["schemas"]["callState"]["properties"]
    del properties["identity"]
    properties["state"]["description"] = "Docs changed."
    return changed


def test_rules_for_parameters_and_fields(tmp_path: Path) -> None:
    report = compare(
        _surface_of(_calls(), tmp_path, "a.yaml"),
        _surface_of(_changed(tmp_path), tmp_path, "b.yaml"),
    )
    assert _lines(report) == {
        (True, "CallsApi.list_calls", "parameter `status` (`str`, required) was added"),
        (True, "CallState.identity", "field `identity` was removed"),
    }
    assert report.docs_changed == ()  # CallState changed in code too, so it is not docs-only


def _pet_spec(tags: dict[str, Any], *, required: bool) -> dict[str, Any]:
    """A spec whose `Pet` is sent (createPet) and read (getPet), with a field `tags`."""
    pet: dict[str, Any] = {"type": "object", "properties": {"tags": tags}}
    if required:
        pet["required"] = ["tags"]
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}
    ok = {"description": "ok", **body}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1"},
        "paths": {
            "/pets": {
                "post": {"operationId": "createPet", "requestBody": body, "responses": {"200": ok}},
                "get": {"operationId": "getPet", "responses": {"200": ok}},
            }
        },
        "components": {
            "schemas": {
                "Pet": pet,
                "A": {"type": "object", "properties": {"a": {"type": "string"}}},
                "B": {"type": "object", "properties": {"b": {"type": "string"}}},
            }
        },
    }


def _tags(item: str, *, nullable: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}}
    return {**schema, "nullable": True} if nullable else schema


def test_a_retyped_field_names_the_classes_and_whom_it_breaks(tmp_path: Path) -> None:
    """`list[A] | None` → `list[B]`: compared as type nodes, not as annotation text."""
    old = _surface_of(_pet_spec(_tags("A", nullable=True), required=False), tmp_path, "a.yaml")
    new = _surface_of(_pet_spec(_tags("B"), required=True), tmp_path, "b.yaml")
    changes = {
        (c.kind, c.breaking, c.message) for c in compare(old, new).changes if c.path == "Pet.tags"
    }
    assert changes == {
        (
            "field-retyped",
            True,
            "field `tags` is `list[B]`, was `list[A] | None`"
            " (A → B; breaks code that sends it and code that reads it)",
        ),
        ("field-required-changed", True, "field `tags` is now required"),
        ("field-nullable-changed", True, "field `tags` is no longer nullable"),
    }


def test_a_widened_union_breaks_readers_only(tmp_path: Path) -> None:
    one = {"$ref": "#/components/schemas/A"}
    both = {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]}
    old = _surface_of(_pet_spec(one, required=True), tmp_path, "a.yaml")
    new = _surface_of(_pet_spec(both, required=True), tmp_path, "b.yaml")
    (change,) = compare(old, new).changes
    assert (change.kind, change.path) == ("field-retyped", "Pet.tags")
    assert change.message == "field `tags` is `A | B`, was `A` (now B; breaks code that reads it)"
    assert change.breaking
    # Narrowed back, senders are broken instead; a model only sent would not break readers.
    (back,) = compare(new, old).changes
    assert (
        back.message == "field `tags` is `A`, was `A | B` (no longer B; breaks code that sends it)"
    )


def test_diff_command_formats_and_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(CALLS_SPEC.read_text(encoding="utf-8"))
    new = tmp_path / "new.yaml"
    new.write_text(yaml.safe_dump(_changed(tmp_path), sort_keys=False))
    assert main(["diff", str(old), str(new)]) == 0
    markdown = capsys.readouterr().out
    assert "**2 breaking**" in markdown
    assert "- **`CallsApi.list_calls`**: parameter `status` (`str`, required) was added" in markdown
    assert main(["diff", str(old), str(new), "--fail-on-breaking"]) == 1
    capsys.readouterr()
    assert main(["diff", str(old), str(new), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["version"] == 1
    assert document["summary"] == {"breaking": 2, "compatible": 0, "docs_only": 0}
    assert {"kind", "breaking", "path", "message"} == set(document["changes"][0])
    assert main(["diff", str(old), str(old), "--fail-on-breaking"]) == 0
    assert "No change to the SDK surface." in capsys.readouterr().out


def test_generate_changes_reports_against_the_previous_generation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    spec = tmp_path / "spec.yaml"
    spec.write_text(CALLS_SPEC.read_text(encoding="utf-8"))
    assert main(["generate", str(spec), "-o", str(out), "--changes"]) == 0
    first = capsys.readouterr().out
    assert "SDK changes" not in first  # nothing to compare with yet
    spec.write_text(yaml.safe_dump(_changed(tmp_path), sort_keys=False))
    assert main(["generate", str(spec), "-o", str(out), "--changes"]) == 0
    report = capsys.readouterr().out
    assert "parameter `status` (`str`, required) was added" in report
    assert main(["diff", str(CALLS_SPEC), str(out)]) == 0  # an output directory works as a side
    assert "field `identity` was removed" in capsys.readouterr().out
