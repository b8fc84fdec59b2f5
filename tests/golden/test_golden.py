"""The committed `generated/` is exactly what the generator produces from spec/calls.yaml."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from tests.support.paths import GENERATED, REPO
from tests.support.trees import tree

REGENERATE = "make generate   (or: .venv/bin/sdkgen generate)"


def test_generated_matches_a_fresh_generation_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The project's settings and spec, laid out as in the repository (the output records the
    # spec's path relative to itself), generated the way `make generate` does it; from a copy,
    # so that neither the directory pytest runs in nor the store's record of generated/ counts.
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(REPO / "spec", tmp_path / "spec")
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--no-cache"]) == 0
    out = tmp_path / "generated"
    expected, actual = tree(out), tree(GENERATED)
    problems: list[str] = []
    for path in sorted(expected.keys() | actual.keys()):
        if path not in actual:
            problems.append(f"missing from generated/: {path}")
        elif path not in expected:
            problems.append(f"not produced any more: {path}")
        elif expected[path] != actual[path]:
            diff = difflib.unified_diff(
                actual[path].decode(errors="replace").splitlines(keepends=True),
                expected[path].decode(errors="replace").splitlines(keepends=True),
                f"a/generated/{path}",
                f"b/generated/{path}",
            )
            problems.append("".join(diff))
    assert not problems, (
        "\n".join(problems) + f"\n\ngenerated/ is stale; regenerate with: {REGENERATE}"
    )
