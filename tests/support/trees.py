"""A directory as {relative path: bytes}: how tests compare whole outputs."""

from __future__ import annotations

from pathlib import Path

# What tools leave in a checkout's generated/ (and .gitignore keeps out of git).
_TOOL_DIRS = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


def tree(root: Path) -> dict[str, bytes]:
    """Every file below `root` by its POSIX path, leaving out tools' caches and egg-info."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and not _TOOL_DIRS & set(p.relative_to(root).parts)
        and not any(part.endswith(".egg-info") for part in p.relative_to(root).parts)
    }
