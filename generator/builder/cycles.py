"""Models that import one another: found once, so their imports can be made lazy."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping


def import_cycles(references: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    """Each model that takes part in an import cycle, mapped to the models of its cycle.

    The cycles are the strongly connected components (Tarjan's algorithm, without recursion)
    of more than one model; a model that only refers to itself imports nothing.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: dict[str, frozenset[str]] = {}

    def visit(name: str) -> Iterator[str]:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        return iter(sorted(r for r in references[name] if r in references))

    for root in sorted(references):
        if root in index:
            continue
        work = [(root, visit(root))]
        while work:
            name, children = work[-1]
            for child in children:
                if child not in index:
                    work.append((child, visit(child)))
                    break
                if child in on_stack:
                    low[name] = min(low[name], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[name])
                if low[name] == index[name]:
                    group: list[str] = []
                    while not group or group[-1] != name:
                        group.append(stack.pop())
                        on_stack.discard(group[-1])
                    if len(group) > 1:
                        cycles.update(dict.fromkeys(group, frozenset(group)))
    return cycles
