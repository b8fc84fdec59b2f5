"""Problems found in a spec, located so a person can jump straight to them.

Recoverable problems travel as `Diagnostic` values; a fatal one is raised as `GeneratorError`
carrying the diagnostics that explain it. Only the CLI turns them into text and exit codes.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Level(enum.Enum):
    WARNING = "warning"
    ERROR = "error"


def escape_pointer_token(token: str | int) -> str:
    """RFC 6901: `~` and `/` inside a key must not be read as structure."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer(*tokens: str | int) -> str:
    """Build a fragment pointer such as `#/paths/~1pets/get`."""
    return "#" + "".join("/" + escape_pointer_token(t) for t in tokens)


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnostic:
    level: Level
    message: str
    file: str | None = None
    line: int | None = None
    pointer: str | None = None

    def __str__(self) -> str:
        where = self.file or "<spec>"
        if self.line is not None:
            where += f":{self.line}"
        text = f"{where}: {self.level.value}: {self.message}"
        if self.pointer:
            text += f" (at {self.pointer})"
        return text


class GeneratorError(Exception):
    """A fatal problem: nothing is written when one is raised."""

    def __init__(self, message: str, diagnostics: Iterable[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics = tuple(diagnostics)

    def __str__(self) -> str:
        lines = [self.args[0]]
        lines.extend(f"  {d}" for d in self.diagnostics)
        return "\n".join(lines)
