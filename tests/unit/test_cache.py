"""Regeneration caching: fast when nothing changed, and never a different output."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import generator.pipeline
from generator.cli import main
from generator.incremental.cache import LEGACY_CACHE_FILE
from generator.incremental.store import address, digest, open_store
from tests.support.paths import CALLS_SPEC
from tests.support.trees import tree


def _generate(spec: Path, out: Path, *extra: str) -> None:
    assert main(["generate", str(spec), "-o", str(out), "--package", "pkg", *extra]) == 0


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    copy = tmp_path / "spec" / "calls.yaml"
    copy.parent.mkdir()
    shutil.copy(CALLS_SPEC, copy)
    return copy


def test_nothing_changed_means_nothing_written_and_no_stage_loaded(
    spec: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _generate(spec, out)
    script = (
        "import sys; from generator.cli import main; "
        f"code = main(['generate', {str(spec)!r}, '-o', {str(out)!r}, '--package', 'pkg']); "
        "heavy = ('black', 'jinja2', 'openapi_spec_validator', 'yaml'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    summary, loaded = result.stdout.strip().splitlines()
    assert summary.startswith("0 written, ")
    assert loaded == "[]"


def test_a_changed_spec_regenerates_exactly_what_a_fresh_run_makes(
    spec: Path, tmp_path: Path
) -> None:
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    _generate(spec, warm)
    spec.write_text(
        spec.read_text().replace("Get Call State Information", "Get the state of a call")
    )
    _generate(spec, warm)
    _generate(spec, cold)
    assert tree(warm) == tree(cold)
    assert b"Get the state of a call" in (warm / "docs" / "CallsApi.md").read_bytes()


def test_a_hand_edited_output_file_is_restored(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    _generate(spec, out)
    target = out / "pkg" / "configuration.py"
    original = target.read_bytes()
    target.write_text("# edited\n")
    capsys.readouterr()
    _generate(spec, out)
    assert capsys.readouterr().out.startswith("1 written,")
    assert target.read_bytes() == original


def test_templates_and_ignore_rules_are_inputs_too(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    _generate(spec, out)
    overrides = tmp_path / "templates" / "python"
    overrides.mkdir(parents=True)
    (overrides / "header.jinja").write_text("# Custom header.\n")
    _generate(spec, out, "--templates", str(tmp_path / "templates"))
    assert (out / "pkg" / "api_client.py").read_text().startswith("# Custom header.\n")
    capsys.readouterr()
    (out / ".sdkgenignore").write_text("README.md\n")
    (out / "README.md").write_text("ours\n")
    _generate(spec, out, "--templates", str(tmp_path / "templates"))
    assert (out / "README.md").read_text() == "ours\n"


def _record(out: Path) -> Path:
    """The store's record of `out`'s last generation (the suite's store: tests/conftest.py)."""
    store = open_store()
    assert store is not None
    key = address("output directory", str(out.resolve()))
    return store.root / "runs" / key[:2] / key


def test_the_record_is_kept_in_the_store_not_in_the_output(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _generate(spec, out)
    assert _record(out).is_file()
    assert not (out / LEGACY_CACHE_FILE).exists()
    assert all(b"fingerprint" not in content for content in tree(out).values())


def test_a_cache_file_left_by_an_older_sdkgen_is_removed(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _generate(spec, out)
    manifest = out / ".sdkgen" / "FILES"
    manifest.write_text(manifest.read_text() + f"{LEGACY_CACHE_FILE}\n")
    (out / LEGACY_CACHE_FILE).write_text("{}\n")
    _generate(spec, out, "--force")
    assert not (out / LEGACY_CACHE_FILE).exists()
    assert LEGACY_CACHE_FILE not in manifest.read_text()


def test_a_broken_record_is_ignored(spec: Path, tmp_path: Path) -> None:
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    _generate(spec, out)
    _record(out).write_text("{not json")
    (out / "pkg" / "exceptions.py").write_text("# stale\n")
    _generate(spec, out)
    _generate(spec, fresh)
    assert tree(out) == tree(fresh)


def test_a_lying_record_cannot_change_the_output(spec: Path, tmp_path: Path) -> None:
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    _generate(spec, out)
    text = _record(out).read_text().partition("\n")[2]
    cache = json.loads(text)
    # Claim every rendered file formats to what is now on disk, then change what is on disk.
    (out / "pkg" / "retries.py").write_text("# tampered\n")
    cache["fingerprint"] = "0" * 64
    lie = json.dumps(cache)
    _record(out).write_text(f"{digest(lie)}\n{lie}")
    _generate(spec, out)
    _generate(spec, fresh)
    assert tree(out) == tree(fresh)


def test_without_the_store_there_is_no_record_and_the_same_output(
    spec: Path, tmp_path: Path
) -> None:
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    _generate(spec, out, "--no-cache")
    assert not _record(out).exists()
    _generate(spec, fresh)
    assert tree(out) == tree(fresh)


def test_unchanged_sources_are_not_validated_again(
    spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _generate(spec, out)
    (out / "README.md").write_text("changed output, same spec\n")

    def fail(*_: object) -> list[object]:
        raise AssertionError("validated again")

    monkeypatch.setattr(generator.pipeline, "validate", fail)
    _generate(spec, out)
    spec.write_text(spec.read_text() + "\n# a comment changes the sources\n")
    with pytest.raises(AssertionError, match="validated again"):
        main(["generate", str(spec), "-o", str(out), "--package", "pkg"])
