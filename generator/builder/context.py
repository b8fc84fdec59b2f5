"""State shared while one document is turned into the IR."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.config import Config
from generator.diagnostics import Diagnostic, Level, escape_pointer_token
from generator.load import Document, display_path


@dataclass(frozen=True, slots=True)
class Located:
    """A node of the document together with where it sits, for $refs and diagnostics."""

    uri: str
    pointer: str
    value: Any

    @property
    def fields(self) -> dict[str, Any]:
        """The node's keys and values; empty when the node is not a mapping (a broken spec)."""
        return self.value if isinstance(self.value, dict) else {}

    def child(self, *tokens: str | int) -> Located:
        value = self.value
        for token in tokens:
            value = value[token]
        suffix = "".join("/" + escape_pointer_token(t) for t in tokens)
        return Located(self.uri, self.pointer + suffix, value)

    def get(self, key: str) -> Located | None:
        if isinstance(self.value, dict) and key in self.value:
            return self.child(key)
        return None

    def items(self) -> Iterator[tuple[str, Located]]:
        if isinstance(self.value, dict):
            for key in self.value:
                yield str(key), self.child(key)


@dataclass(slots=True)
class BuildContext:
    document: Document
    config: Config
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Maps a pointer of the (converted) document to where the spec as written has it.
    original_pointer: Callable[[str], str] = field(default=lambda pointer: pointer)

    @property
    def root(self) -> Located:
        return Located(self.document.root_uri, "#", self.document.root)

    def deref(self, node: Located) -> Located:
        """The node a `$ref` points at (following chains), or the node itself."""
        if isinstance(node.value, dict) and isinstance(node.value.get("$ref"), str):
            target = self.document.resolve(node.value["$ref"], node.uri)
            return Located(target.uri, target.pointer, target.node)
        return node

    def warn(self, message: str, node: Located) -> None:
        pointer = self.original_pointer(node.pointer)
        self.diagnostics.append(
            Diagnostic(
                level=Level.WARNING,
                message=message,
                file=display_path(node.uri),
                line=self.document.locate(node.uri, pointer),
                pointer=pointer,
            )
        )
