"""The validator's shortcuts against the straightforward run, on every spec there is.

`generator.validate` skips work whose clean answer it already knows and splits its two passes
over two processes; `tests/support/reference_validate.py` is the run without any of that.
Here both see every real spec in `../shared/specs` (and the Bandwidth spec's history), the
synthetic specs of `bench/` and hostile specs drawn as in `tests/hostile`, each once with both
passes in this process and once with pass 2 in a forked child, and must give the same
diagnostics in the same order.

The reference takes minutes on the largest specs, so this runs only when asked:
`SDKGEN_VALIDATE_ORACLE=1 pytest tests/corpus/test_validate_same.py` (`-m corpus` too).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import generator.validate
from bench import synthetic
from generator.diagnostics import GeneratorError
from generator.load import load
from generator.validate import split, validate
from tests.hostile.test_hostile import specs, styles, write_spec
from tests.support.corpus import SPECS, manifest
from tests.support.reference_validate import validate as reference
from tests.unit.test_validate_fast import comparable

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(
        os.environ.get("SDKGEN_VALIDATE_ORACLE") != "1",
        reason="minutes of reference runs: set SDKGEN_VALIDATE_ORACLE=1",
    ),
]

_HOSTILE = int(os.environ.get("SDKGEN_VALIDATE_ORACLE_EXAMPLES", "300"))


def _real_specs() -> list[Path]:
    if not SPECS.is_dir():
        return []
    history = sorted((SPECS / "bandwidth-history").glob("*.yml"))
    return [spec.path for spec in manifest()] + history


@pytest.fixture(params=["one process", "two processes"])
def processes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    _processes(monkeypatch, two=request.param == "two processes")
    return str(request.param)


def _processes(patch: pytest.MonkeyPatch, *, two: bool) -> None:
    patch.setattr(generator.validate, "SPLIT_FROM", 0 if two else 10**9)
    patch.setattr(split, "spare_core", lambda cores: two)
    patch.setenv("SDKGEN_JOBS", "2" if two else "1")


def assert_same(path: Path) -> None:
    try:
        document = load(path)
    except GeneratorError:
        return  # not the validator's business
    found = validate(document)
    assert comparable(found) == comparable(reference(load(path)))


@pytest.mark.parametrize("path", _real_specs(), ids=lambda path: path.parent.name + "/" + path.name)
def test_real_spec(processes: str, path: Path) -> None:
    assert_same(path)


@pytest.mark.parametrize("operations", [1, 10, 100, 1000])
def test_synthetic_spec(processes: str, operations: int, tmp_path: Path) -> None:
    assert_same(synthetic.write_spec(operations, tmp_path / "spec.json"))


@settings(
    max_examples=_HOSTILE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(specs(tame=True), styles, st.booleans())
def test_hostile_spec(spec: dict[str, Any], style: str, two: bool) -> None:
    with (
        tempfile.TemporaryDirectory(prefix="sdkgen-oracle-") as directory,
        pytest.MonkeyPatch.context() as patch,
    ):
        _processes(patch, two=two)
        assert_same(write_spec(spec, Path(directory), style))
