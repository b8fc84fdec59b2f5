"""Imports as values, rendered in one place in isort's order."""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Import:
    module: str
    name: str | None = None  # None: `import module`


def render_imports(imports: Iterable[Import], *, local_package: str) -> tuple[str, ...]:
    """Lines grouped stdlib / third party / local, blank lines between groups."""
    groups: dict[int, list[Import]] = defaultdict(list)
    for item in set(imports):
        top = item.module.split(".")[0]
        group = 2 if top == local_package else 0 if top in sys.stdlib_module_names else 1
        groups[group].append(item)
    lines: list[str] = []
    for group in sorted(groups):
        if lines:
            lines.append("")
        lines.extend(_render_group(groups[group]))
    return tuple(lines)


def _render_group(imports: list[Import]) -> list[str]:
    plain = sorted({i.module for i in imports if i.name is None})
    by_module: dict[str, set[str]] = defaultdict(set)
    for item in imports:
        if item.name is not None:
            by_module[item.module].add(item.name)
    lines = [f"import {module}" for module in plain]
    lines.extend(
        f"from {module} import {', '.join(sorted(names, key=_name_key))}"
        for module, names in sorted(by_module.items())
    )
    return lines


def _name_key(name: str) -> tuple[int, str]:
    """isort's order: CONSTANTS, then Classes, then functions."""
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return kind, name
