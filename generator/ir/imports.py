"""Imports as values; the printer groups and sorts them as isort would."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Import:
    module: str
    name: str | None = None  # None: `import module`


def ordered(imports: Iterable[Import]) -> tuple[Import, ...]:
    """The distinct imports in a stable order, so that equal sets give equal IR."""
    return tuple(sorted(set(imports), key=lambda i: (i.module, i.name or "")))
