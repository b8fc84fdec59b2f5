"""The command line end to end: exit codes, located errors, and an output directory left intact."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from tests.support.paths import CALLS_SPEC, REPO

VALID_HEAD = 'openapi: 3.0.3\ninfo:\n  title: Tiny\n  version: "1"\n'


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def existing_output(tmp_path: Path) -> Path:
    """An output directory holding a previous generation and a file the user wrote."""
    out = tmp_path / "out"
    assert main(["generate", str(CALLS_SPEC), "-o", str(out), "--package", "bandwidth_calls"]) == 0
    (out / "NOTES.txt").write_text("mine\n")
    return out


BAD_INPUTS = {
    "yaml_syntax_error": (
        VALID_HEAD + "paths:\n  /a: [\n    get: {}\n",
        ["bad.yaml:8:", "invalid YAML", "flow sequence on line 6"],
    ),
    "dangling_ref": (
        VALID_HEAD
        + "paths:\n  /a:\n    get:\n      responses:\n        '200':\n"
        + "          $ref: '#/components/responses/Missing'\n",
        ["bad.yaml:10:", "#/paths/~1a/get/responses/200", "#/components/responses/Missing"],
    ),
    "schema_of_the_wrong_type": (
        VALID_HEAD + "paths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: 7\n",
        ["bad.yaml:9:", "#/components/schemas/Pet/type", "7 is not"],
    ),
    "not_a_mapping": ("- just\n- a list\n", ["bad.yaml", "mapping"]),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_a_located_error_and_touches_nothing(
    case: str, existing_output: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, expected = BAD_INPUTS[case]
    spec = tmp_path / "bad.yaml"
    spec.write_text(text)
    before = _snapshot(existing_output)
    assert main(["generate", str(spec), "-o", str(existing_output), "--package", "x"]) == 2
    error = capsys.readouterr().err
    for fragment in expected:
        assert fragment in error, error
    assert _snapshot(existing_output) == before


def test_unreadable_spec_exits_2_and_says_why(
    existing_output: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _snapshot(existing_output)
    missing = tmp_path / "nope.yaml"
    assert main(["generate", str(missing), "-o", str(existing_output)]) == 2
    assert "nope.yaml" in capsys.readouterr().err
    directory = tmp_path / "a_directory.yaml"
    directory.mkdir()
    assert main(["generate", str(directory), "-o", str(existing_output)]) == 2
    assert "a_directory.yaml" in capsys.readouterr().err
    assert _snapshot(existing_output) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission_exits_2(tmp_path: Path) -> None:
    spec = tmp_path / "locked.yaml"
    spec.write_text(VALID_HEAD + "paths: {}\n")
    spec.chmod(0)
    assert main(["generate", str(spec), "-o", str(tmp_path / "out")]) == 2


def test_validate_reports_every_problem_with_its_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text(BAD_INPUTS["schema_of_the_wrong_type"][0])
    assert main(["validate", str(spec)]) == 2
    assert "#/components/schemas/Pet/type" in capsys.readouterr().err
    assert main(["validate", str(CALLS_SPEC)]) == 0
    assert "is valid" in capsys.readouterr().out


def test_generate_prints_a_one_line_summary_and_is_idempotent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["generate", str(CALLS_SPEC), "-o", str(out)]) == 0
    first = capsys.readouterr().out.strip().splitlines()
    assert len(first) == 1 and "written, 0 unchanged, 0 removed" in first[0]
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    assert main(["generate", str(CALLS_SPEC), "-o", str(out)]) == 0
    assert capsys.readouterr().out.startswith("0 written,")
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == mtimes


def test_check_exits_1_with_a_diff_after_a_hand_edit(
    existing_output: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["check", str(CALLS_SPEC), "-o", str(existing_output), "--package", "bandwidth_calls"]
    assert main(args) == 0
    capsys.readouterr()
    target = existing_output / "bandwidth_calls" / "configuration.py"
    target.write_text(
        target.read_text().replace("verify_ssl: bool = True", "verify_ssl: bool = False")
    )
    assert main(args) == 1
    captured = capsys.readouterr()
    assert "differs: bandwidth_calls/configuration.py" in captured.out
    assert "-        verify_ssl: bool = False," in captured.out
    assert "+        verify_ssl: bool = True," in captured.out
    assert "stale" in captured.err
    target.unlink()
    assert main(args) == 1
    assert "missing: bandwidth_calls/configuration.py" in capsys.readouterr().out


def test_stale_files_are_removed_but_user_files_are_kept(existing_output: Path) -> None:
    manifest = existing_output / ".sdkgen" / "FILES"
    orphan = existing_output / "bandwidth_calls" / "models" / "gone.py"
    orphan.write_text("# generated once\n")
    manifest.write_text(manifest.read_text() + "bandwidth_calls/models/gone.py\n")
    assert main(["generate", str(CALLS_SPEC), "-o", str(existing_output)]) == 0
    assert not orphan.exists()
    assert (existing_output / "NOTES.txt").read_text() == "mine\n"


def test_defaults_come_from_tool_sdkgen_in_pyproject(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "spec").mkdir(parents=True)
    shutil.copy(CALLS_SPEC, project / "spec" / "api.yaml")
    (project / "pyproject.toml").write_text(
        '[tool.sdkgen]\nspec = "spec/api.yaml"\noutput = "sdk"\npackage = "calls_sdk"\n'
    )
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (project / "sdk" / "calls_sdk" / "api" / "calls_api.py").is_file()
    check = subprocess.run(
        [sys.executable, "-m", "generator", "check"], cwd=project, capture_output=True, check=False
    )
    assert check.returncode == 0


def test_the_repository_generated_tree_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
