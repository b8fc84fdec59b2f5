"""The committed `generated/` is exactly what the generator produces from spec/calls.yaml."""

from __future__ import annotations

import difflib
from pathlib import Path

from generator.cli import main
from tests.support.paths import GENERATED, REPO
from tests.support.trees import tree

REGENERATE = "make generate   (or: .venv/bin/sdkgen generate)"


def test_generated_matches_a_fresh_generation_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["generate", str(REPO / "spec" / "calls.yaml"), "-o", str(out)]) == 0
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
