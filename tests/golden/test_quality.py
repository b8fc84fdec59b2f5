"""Static checks that keep both the generator and the generated SDK clean."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.paths import GENERATED, REPO

BIN = Path(sys.executable).parent
PYRIGHT = REPO / "node_modules" / ".bin" / "pyright"  # pinned in package-lock.json


def _run(*command: str, cwd: Path = REPO) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def _pyright_strict(tmp_path: Path, *paths: Path) -> None:
    """pyright in strict mode, as an editor running Pylance would, on `paths`.

    `extraPaths` makes `bandwidth_calls` the committed tree, whatever is installed.
    """
    config = tmp_path / "pyrightconfig.json"
    settings = {
        "typeCheckingMode": "strict",
        "pythonVersion": "3.10",
        "extraPaths": [str(GENERATED)],
    }
    config.write_text(json.dumps(settings), encoding="utf-8")
    command = [str(PYRIGHT), "--pythonpath", sys.executable, "-p", str(config)]
    _run(*command, *map(str, paths), cwd=tmp_path)


def test_generated_package_passes_mypy_strict(tmp_path: Path) -> None:
    cache = str(tmp_path / "mypy")
    _run(str(BIN / "mypy"), "--strict", "--cache-dir", cache, "bandwidth_calls", cwd=GENERATED)


def test_generated_package_passes_pyright_strict(tmp_path: Path) -> None:
    _pyright_strict(tmp_path, GENERATED / "bandwidth_calls")


def test_generated_package_passes_ruff_default_rules() -> None:
    # --isolated: ruff's defaults, not this repo's settings; py310 as the SDK's requires-python.
    _run(
        str(BIN / "ruff"),
        "check",
        "--isolated",
        "--target-version",
        "py310",
        "--no-cache",
        ".",
        cwd=GENERATED,
    )


def test_generated_package_is_black_formatted() -> None:
    _run(str(BIN / "black"), "--check", "--quiet", "-l", "88", ".", cwd=GENERATED)


def test_our_code_passes_mypy_strict() -> None:
    """The files pyproject names for mypy."""
    _run(str(BIN / "mypy"))


def test_our_code_passes_ruff() -> None:
    _run(str(BIN / "ruff"), "check", "--no-cache", "generator", "tests", "bench")


def test_our_code_is_black_formatted() -> None:
    _run(str(BIN / "black"), "--check", "--quiet", "generator", "tests", "bench")


def test_black_skips_no_folder_of_our_code() -> None:
    """black's default exclude skips folders named `build`, `dist`, `venv`...: none of ours."""
    result = subprocess.run(
        [str(BIN / "black"), "--check", "-v", "generator", "tests", "bench"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    skipped = [
        line
        for line in result.stderr.splitlines()
        if "ignored:" in line and "__pycache__" not in line and ".gitignore" not in line
    ]
    assert not skipped, "\n".join(skipped)


def test_the_stage_contracts_hold() -> None:
    """import-linter: the pipeline runs one way and the side concerns stay at the side."""
    _run(str(BIN / "lint-imports"), "--no-cache")
