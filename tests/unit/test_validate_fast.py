"""The validator's shortcuts change nothing: the same diagnostics as the straightforward run.

`tests/support/reference_validate.py` is the validator as it was before `memo`, `meta` and
`split`; each test here puts a document where a shortcut could go wrong through both. The
whole corpus, the hostile specs and the synthetic ones are compared by
`tests/corpus/test_validate_same.py` (`SDKGEN_VALIDATE_ORACLE=1`, about a minute).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import generator.validate
from generator.diagnostics import Diagnostic
from generator.load import load
from generator.validate import memo, meta, split, validate
from tests.support.paths import DATA, REPO
from tests.support.reference_validate import validate as reference

CALLS = REPO / "spec" / "calls.yaml"


@pytest.fixture(params=["one process", "two processes"])
def processes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Every test twice: both passes here, and pass 2 in a forked child whatever the size."""
    two = request.param == "two processes"
    monkeypatch.setattr(generator.validate, "SPLIT_FROM", 0 if two else 10**9)
    monkeypatch.setattr(split, "spare_core", lambda cores: two)
    monkeypatch.setenv("SDKGEN_JOBS", "2" if two else "1")
    yield request.param


def same_as_reference(path: Path) -> list[Diagnostic]:
    found = validate(load(path))
    assert comparable(found) == comparable(reference(load(path)))
    return found


def comparable(found: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics, with what Python adds to "maximum recursion depth exceeded" cut off.

    That suffix depends on where the stack ran out, so on how deep the caller already was:
    the reference run itself gives three different ones for one document, called from 0 to 7
    frames deeper. Everything else must be equal.
    """
    cut = "RecursionError: maximum recursion depth exceeded"
    return [
        (
            dataclasses.replace(d, message=_STOPPED + cut)
            if d.message.startswith(_STOPPED + cut)
            else d
        )
        for d in found
    ]


_STOPPED = "validation stopped early: "


def write_json(path: Path, spec: Any) -> Path:
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


def calls_spec() -> dict[str, Any]:
    document = load(CALLS)
    spec: dict[str, Any] = copy.deepcopy(document.root)
    return spec


def test_the_calls_spec(processes: str) -> None:
    assert same_as_reference(CALLS) == []


def test_errors_among_repeated_clean_schemas(processes: str, tmp_path: Path) -> None:
    """Content found clean is skipped the next time; the same content broken is not."""
    spec = calls_spec()
    schemas = spec["components"]["schemas"]
    shape = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}
    for index in range(6):
        schemas[f"Same{index}"] = copy.deepcopy(shape)
    schemas["Same3"]["properties"]["b"]["type"] = 7
    schemas["Same5"]["properties"]["a"]["minLength"] = -1
    schemas["Other"] = {"allOf": [copy.deepcopy(shape), {"required": ["zz"]}], "default": 3}
    found = same_as_reference(write_json(tmp_path / "spec.json", spec))
    assert {d.pointer for d in found} >= {
        "#/components/schemas/Same3/properties/b/type",
        "#/components/schemas/Same5/properties/a/minLength",
    }


def test_a_document_the_validator_runs_out_of_stack_on(processes: str, tmp_path: Path) -> None:
    """Too deep for the shortcuts: checked in full, RecursionError and all, as before."""
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(160):
        schema = {"type": "object", "properties": {"a": schema}}
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}
    spec["components"] = {"schemas": {"Deep": schema, "Again": schema}}
    path = write_json(tmp_path / "deep.json", spec)
    assert not memo.survey(load(path)).exact
    found = same_as_reference(path)
    assert any("RecursionError" in d.message for d in found)


def test_a_document_holding_nan(processes: str, tmp_path: Path) -> None:
    spec = calls_spec()
    spec["components"]["schemas"]["N"] = {"type": "number", "enum": [float("nan")] * 2}
    path = tmp_path / "nan.json"
    path.write_text(json.dumps(spec), encoding="utf-8")  # json writes (and reads) NaN
    assert not memo.survey(load(path)).exact
    same_as_reference(path)


@pytest.mark.parametrize(
    "spec",
    [DATA / "validate" / "split" / "openapi.yaml", DATA / "validate" / "swagger2.yaml"],
    ids=["several files", "swagger 2"],
)
def test_other_documents(processes: str, spec: Path) -> None:
    same_as_reference(spec)


def test_openapi_31_with_errors_in_both_passes(processes: str, tmp_path: Path) -> None:
    spec = calls_spec()
    spec["openapi"] = "3.1.0"
    spec["components"]["schemas"]["callState"]["type"] = 7
    spec["components"]["schemas"]["Twice"] = {"required": ["a", "a"], "properties": {}}
    spec["paths"]["/x"] = {"get": {"responses": {"200": {"description": 5}}}}
    assert same_as_reference(write_json(tmp_path / "spec.json", spec))


def test_pass_one_reads_the_schema_the_library_ships() -> None:
    """`meta` reads schema.json itself; the library reads it through jsonschema-path."""
    from openapi_spec_validator import schemas  # noqa: PLC0415 - the comparison needs it

    shipped = {"2.0": schemas.schema_v2, "3.0": schemas.schema_v30, "3.1": schemas.schema_v31}
    for version, schema in shipped.items():
        ours = meta.schema_of(version)
        assert repr(ours) == repr(dict(schema)), version  # types and key order too
        library = getattr(schemas, meta.LIBRARY_NAMES[version])
        ours_checker, library_checker = meta.schema_checker(version), library.__wrapped__
        assert type(ours_checker) is type(library_checker)
        assert (ours_checker.format_checker, library_checker.format_checker) == (None, None)
    assert not meta.library_engine_differs()


def test_survey_counts_every_file() -> None:
    found = memo.survey(load(DATA / "validate" / "split" / "openapi.yaml"))
    assert found.exact and found.containers > 5


def test_split_gives_what_one_process_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SDKGEN_JOBS", raising=False)
    monkeypatch.setattr(split, "spare_core", lambda cores: True)
    here = os.getpid()
    one, two = split.both(os.getpid, os.getpid)
    assert one == here
    assert two != here or not split._forkable()
    monkeypatch.setenv("SDKGEN_JOBS", "1")
    assert split.both(os.getpid, os.getpid) == (here, here)


def test_one_core_is_never_spare() -> None:
    assert split.spare_core(1) is False


def test_a_failing_child_is_computed_again_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the child raised is raised where it would have been without a child."""
    monkeypatch.delenv("SDKGEN_JOBS", raising=False)
    monkeypatch.setattr(split, "spare_core", lambda cores: True)
    here = os.getpid()

    def second() -> int:
        if os.getpid() != here:
            raise RuntimeError("child")
        return 2

    assert split.both(lambda: 1, second) == (1, 2)
    with pytest.raises(ZeroDivisionError):
        split.both(lambda: 1, lambda: 1 // 0)


def test_the_child_gets_what_the_parent_sends(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SDKGEN_JOBS", raising=False)
    monkeypatch.setattr(split, "spare_core", lambda cores: True)
    channel = split.Channel()
    sent = list(range(0, 10**6, 997))

    def meanwhile(child_done: Callable[[], bool]) -> None:
        for number in sent:
            assert channel.send(number)
        channel.send(-1 % 2**64)  # the end

    def second() -> list[int]:
        got: list[int] = []
        while not got or got[-1] != -1 % 2**64:
            got += channel.received()
        return got[:-1]

    if split._forkable():
        assert split.both(lambda: 0, second, meanwhile=meanwhile, channel=channel)[1] == sent
    assert split.Channel().received() == []  # never opened: nothing comes, nothing waits
