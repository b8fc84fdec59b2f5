"""The values stages hand on and the public API returns: files, generation results, change reports.

Kept apart from the stages so that any of them, the CLI and the fast path can use them without
loading one another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from generator.diagnostics import Diagnostic


class Progress(Protocol):
    """Where a long run says how far it got (the CLI shows it on a terminal)."""

    def stage(self, text: str) -> None:
        """A stage is done; `text` says what it did, with counts."""

    def count(self, what: str, done: int, total: int) -> None:
        """Within a stage: `done` of `total` items."""


class Quiet:
    """Progress that goes nowhere."""

    def stage(self, text: str) -> None:
        pass

    def count(self, what: str, done: int, total: int) -> None:
        pass


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputFile:
    """One file of the output, by its path under the output directory."""

    path: str
    content: str
    # Laid out in black's style as it was rendered (`generator.render.layout`): black need not
    # see it. False for files from user templates and files the layout was unsure of.
    laid_out: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    kind: str  # e.g. "parameter-added", see docs/diff.md
    breaking: bool
    path: str  # e.g. "CallsApi.list_calls" or "CreateCall.tag"
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    changes: tuple[Change, ...]
    docs_changed: tuple[str, ...]  # paths whose descriptions changed and nothing else

    @property
    def breaking(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.breaking)

    @property
    def compatible(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if not c.breaking)

    @property
    def empty(self) -> bool:
        return not (self.changes or self.docs_changed)


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerationResult:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    ignored: tuple[str, ...]  # produced, but left to the user by .sdkgenignore
    diagnostics: tuple[Diagnostic, ...]
    seconds: float
    changes: Report | None  # against the previous generation, when asked for and known
