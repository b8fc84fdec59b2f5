"""sdkgen as a build pipeline runs it: stable committed output, settings, errors that name them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import REPO


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _sdkgen(
    *args: str, cwd: Path, pythonpath: Path = REPO, store: Path | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(pythonpath)}
    if store is not None:
        environment["SDKGEN_CACHE_DIR"] = str(store)
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of this repository's SDK project: its settings, its spec, its committed output."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(REPO / "spec", root / "spec")
    shutil.copytree(REPO / "generated", root / "generated")
    return root


def test_an_sdkgen_edit_that_changes_no_generated_file_changes_no_committed_byte(
    project: Path, tmp_path: Path
) -> None:
    edited = tmp_path / "sdkgen"
    shutil.copytree(REPO / "generator", edited / "generator")
    shutil.copytree(REPO / "templates", edited / "templates")
    with (edited / "generator" / "write.py").open("a") as module:
        module.write("\n# an sdkgen upgrade that changes nothing it generates\n")
    before = _snapshot(project / "generated")
    store = tmp_path / "store"  # a fresh machine: nothing remembered
    check = _sdkgen("check", cwd=project, pythonpath=edited, store=store)
    assert check.returncode == 0, check.stdout + check.stderr
    generate = _sdkgen("generate", cwd=project, pythonpath=edited, store=store)
    assert generate.returncode == 0, generate.stderr
    assert generate.stdout.startswith("0 written, "), generate.stdout
    assert _snapshot(project / "generated") == before


def test_tests_do_not_depend_on_the_directory_pytest_runs_from(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(REPO / "tests" / "golden" / "test_golden.py"),
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize(
    ("package", "why"),
    [
        ("class", "it is a Python keyword, so `import` cannot name it"),
        ("my-sdk", "it is not a Python identifier"),
        ("2fast", "it is not a Python identifier"),
        ("MySdk", "it is not lowercase"),
        ("json", "it shadows the standard-library module `json`"),
        ("pydantic", "it shadows `pydantic`, which the generated SDK imports"),
    ],
)
def test_a_bad_package_name_is_a_configuration_error_before_any_work(
    package: str, why: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = _sdkgen(
        "generate",
        str(REPO / "spec" / "calls.yaml"),
        "-o",
        str(out),
        "--package",
        package,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"error: invalid setting `package` = {package!r} (from the command line): {why}"
    ), result.stderr
    assert "template" not in result.stderr
    assert not out.exists()


def test_a_bad_package_name_in_pyproject_names_the_file(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"bandwidth_calls"', '"json"'))
    before = _snapshot(project)
    result = _sdkgen("generate", cwd=project)
    assert result.returncode == 2
    assert f"`package` = 'json' (from [tool.sdkgen] in {pyproject})" in result.stderr
    assert "standard-library module `json`" in result.stderr
    assert _snapshot(project) == before


@pytest.mark.parametrize("command", ["generate", "check"])
def test_an_output_path_that_is_a_file_is_refused(command: str, tmp_path: Path) -> None:
    target = tmp_path / "sdk"
    target.write_text("not a directory\n")
    spec = str(REPO / "spec" / "calls.yaml")
    result = _sdkgen(command, spec, "-o", str(target), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"error: output path {target} is a file\n"
    inside = _sdkgen(command, spec, "-o", str(target / "deeper"), cwd=tmp_path)
    assert inside.returncode == 2
    assert f"output path {target / 'deeper'} is inside {target}, which is a file" in inside.stderr
    assert target.read_text() == "not a directory\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sdk"]


def test_the_output_records_its_settings_and_check_and_generate_reuse_them(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "specs" / "calls.yaml"
    spec.parent.mkdir()
    shutil.copy(REPO / "spec" / "calls.yaml", spec)
    out = tmp_path / "sdk"
    first = _sdkgen("generate", str(spec), "-o", str(out), "--package", "calls_sdk", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    recorded = (out / ".sdkgen" / "settings.json").read_text()
    assert '"spec": "../specs/calls.yaml"' in recorded
    assert '"package": "calls_sdk"' in recorded
    assert str(tmp_path) not in recorded  # nothing about this machine
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    before = _snapshot(out)
    check = _sdkgen("check", "-o", str(out), cwd=elsewhere)
    assert (check.returncode, check.stdout) == (0, f"{out} is up to date\n"), check.stderr
    again = _sdkgen("generate", "-o", str(out), "--no-cache", cwd=elsewhere)
    assert again.returncode == 0 and again.stdout.startswith("0 written,"), again.stdout
    assert _snapshot(out) == before
    # A flag still overrides what was recorded.
    other = _sdkgen("check", "-o", str(out), "--package", "other_sdk", cwd=elsewhere)
    assert other.returncode == 1
    assert "missing: other_sdk/__init__.py" in other.stdout


def test_checking_a_missing_or_empty_directory_is_one_line(tmp_path: Path) -> None:
    spec = str(REPO / "spec" / "calls.yaml")
    missing = tmp_path / "missing"
    result = _sdkgen("check", spec, "-o", str(missing), "--full-diff", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"{missing} does not exist: nothing to check;"
        f" `sdkgen generate {spec} -o {missing}` generates it\n"
    )
    (tmp_path / "empty").mkdir()
    empty = _sdkgen("check", spec, "-o", str(tmp_path / "empty"), cwd=tmp_path)
    assert empty.returncode == 1
    assert empty.stderr.count("\n") == 1 and " is empty: nothing to check;" in empty.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]
    assert not any((tmp_path / "empty").iterdir())


def test_the_stale_hint_is_the_command_that_updates_the_output(project: Path) -> None:
    readme = project / "generated" / "README.md"
    readme.write_text("edited\n")
    result = _sdkgen("check", "--full-diff", "-o", "generated", "--no-cache", cwd=project)
    assert result.returncode == 1
    assert "generated is stale: run `sdkgen generate -o generated --no-cache`" in result.stderr
    assert readme.read_text() == "edited\n"
    fixed = _sdkgen("generate", "-o", "generated", "--no-cache", cwd=project)
    assert fixed.returncode == 0, fixed.stderr
    assert _sdkgen("check", cwd=project).returncode == 0


def test_settings_are_found_in_the_nearest_pyproject_upward(project: Path) -> None:
    deeper = project / "spec" / "nested"
    deeper.mkdir()
    result = _sdkgen("check", cwd=deeper)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == f"{project / 'generated'} is up to date\n"
    # The generated SDK's own pyproject.toml has no [tool.sdkgen]: it is passed over.
    inside = _sdkgen("check", cwd=project / "generated" / "bandwidth_calls")
    assert inside.returncode == 0, inside.stdout + inside.stderr
    # A repository's root is as far as the search goes.
    (deeper / ".git").mkdir()
    stopped = _sdkgen("generate", cwd=deeper)
    assert stopped.returncode == 2
    assert "no spec given" in stopped.stderr
