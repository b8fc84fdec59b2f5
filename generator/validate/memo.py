"""Exact shortcuts through openapi-spec-validator's repeated work.

The validator's own answers are kept; only work whose answer is already known is skipped:

- its schema checker remembers which schemas it has seen in lists, so each visit costs a scan
  of every schema seen before (quadratic: 5 s of 11 on a 1,000-operation spec); a set answers
  the same `in` and `append`;
- the same content checked against the same meta-schema node gives the same errors, so content
  found clean once is clean again. Only clean answers are remembered: anything with an error is
  checked again in full, so every message and path still comes from the library.

Remembering is exact while neither run can exhaust the stack (a `RecursionError` depends on how
deep the check starts, not only on the content) and while value equality is what the checks
compare (NaN is not equal to itself, so a document holding one is checked in full): `survey`
allows it only for documents far shallower than the depth at which the validator runs out of
stack (about 240 levels at the default recursion limit), checked from a shallow stack; pass 2,
which follows `$ref` chains of any length, also looks at the stack before each whole-schema
check.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.load import Document

MAX_DEPTH = 64  # nesting of the document; the validator survives ~240 at the default limit
MAX_STACK = 100  # frames already on the stack when validation starts
MAX_STACK_AT_CHECK = 250  # pass 2 follows `$ref` chains, so its stack is checked at each use
MIN_RECURSION_LIMIT = 1000

Keyword = Callable[[Any, Any, Any, Any], Iterator[Any]]


class IdRegistry:
    """The `append`/`in` of the library's list of visited schema ids, in constant time."""

    __slots__ = ("_ids",)

    def __init__(self) -> None:
        self._ids: set[int] = set()

    def append(self, schema_id: int) -> None:
        self._ids.add(schema_id)

    def __contains__(self, schema_id: object) -> bool:
        return schema_id in self._ids


@dataclass(frozen=True)
class Survey:
    """What one walk over a document tells: whether the shortcuts are exact, and its size."""

    exact: bool  # remembering clean answers gives what checking everything gives
    containers: int  # mappings and lists in all its files (0 when the walk stopped early)


def survey(document: Document) -> Survey:
    """Walk every file once: depth, NaNs and size (see the module doc)."""
    if sys.getrecursionlimit() < MIN_RECURSION_LIMIT or _stack_deeper_than(MAX_STACK):
        return Survey(exact=False, containers=0)
    containers = 0
    for root in document.files.values():
        counted = _count_shallow_and_comparable(root)
        if counted is None:
            return Survey(exact=False, containers=0)
        containers += counted
    return Survey(exact=True, containers=containers)


def _stack_deeper_than(frames: int) -> bool:
    try:
        sys._getframe(frames)
    except ValueError:
        return False
    return True


def _count_shallow_and_comparable(root: Any) -> int | None:
    """How many containers, or None if one is nested deeper than MAX_DEPTH or holds a NaN."""
    stack: list[tuple[Any, int]] = [(root, 1)]
    containers = 0
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return None
        containers += 1
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1))
            elif isinstance(child, float) and math.isnan(child):
                return None
    return containers


def content_key(value: Any) -> str:
    """The content of a loaded value: `repr` tells 1, 1.0, True and '1' apart and keeps order."""
    return repr(value)


class CleanMemo:
    """What was found clean: content checked against a meta-schema node, or whole schemas.

    `arriving()` gives the ids of schemas in the document that another process, checking them
    the same way at the same time, has found clean since the last call (see `ahead`).
    """

    def __init__(self, arriving: Callable[[], list[int]] = list) -> None:
        self._clean: set[tuple[int, str]] = set()
        self._arriving = arriving
        self._clean_ids: set[int] = set()

    def ref_keyword(self, keyword: Keyword) -> Keyword:
        """jsonschema's `$ref` keyword, skipping content already found clean at this node.

        The node is the meta-schema object holding the `$ref` (kept alive by its validator),
        so the key also pins which schema the reference leads to.
        """
        clean = self._clean

        def ref(validator: Any, ref: Any, instance: Any, schema: Any) -> Iterator[Any]:
            key = (id(schema), content_key(instance))
            if key in clean:
                return
            failed = False
            for error in keyword(validator, ref, instance, schema):
                failed = True
                yield error
            if not failed:
                clean.add(key)

        return ref

    def check(self, checker: Callable[[Any], Any], schema_value: Any) -> Any:
        """`checker(schema_value)` (None when clean), unless this content was found clean."""
        if _stack_deeper_than(MAX_STACK_AT_CHECK):
            return checker(schema_value)
        self._clean_ids.update(self._arriving())
        if id(schema_value) in self._clean_ids:
            return None
        key = (0, content_key(schema_value))
        if key in self._clean:
            return None
        found = checker(schema_value)
        if found is None:
            self._clean.add(key)
        return found


def crawled(schema: Mapping[str, Any]) -> Any:
    """A registry holding `schema` with its anchors and subresources already found.

    jsonschema adds the schema being validated to its registry uncrawled; lookups that miss
    crawl it and look again, so a registry that holds the same schema crawled answers every
    lookup the same, without the crawl. Every reference in the meta-schemas is local or to a
    meta-schema jsonschema ships, so nothing is ever retrieved from elsewhere.
    """
    from referencing import Registry  # noqa: PLC0415 - loaded with the validator
    from referencing.jsonschema import specification_with  # noqa: PLC0415

    resource = specification_with(schema["$schema"]).create_resource(schema)
    return Registry().with_resource(resource.id() or "", resource).crawl()
