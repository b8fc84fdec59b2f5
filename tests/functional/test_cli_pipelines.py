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
