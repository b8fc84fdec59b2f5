"""The committed `generated/` is exactly what the generator produces from spec/calls.yaml."""

from __future__ import annotations

import difflib
from pathlib import Path

from generator.cli import main
from tests.conftest import GENERATED, REPO

REGENERATE = "make generate   (or: .venv/bin/sdkgen generate)"


# What tools leave in a checkout's generated/ (and .gitignore keeps out of git).
_TOOL_DIRS = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and not _TOOL_DIRS & set(p.parts)
        and not any(part.endswith(".egg-info") for part in p.parts)
    }


def test_generated_matches_a_fresh_generation_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["generate", str(REPO / "spec" / "calls.yaml"), "-o", str(out)]) == 0
    expected, actual = _tree(out), _tree(GENERATED)
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
