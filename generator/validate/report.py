"""Validator errors as diagnostics: the specific failure behind `oneOf`, readable messages."""

from __future__ import annotations

import reprlib
from typing import TYPE_CHECKING, Any

from generator.diagnostics import Diagnostic, Level
from generator.load import Document, Resolved, display_path

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]

DocPath = tuple[Any, ...]  # keys and indexes from the root, possibly through `$ref`s

_MAX_MESSAGE = 200
_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxdict, _SHORT.maxlist, _SHORT.maxstring = 1, 3, 3, 40


def detail(error: ValidationError) -> DocPath:
    """The field a whole-object complaint is really about, where the error type says so."""
    return ("operationId",) if type(error).__name__ == "DuplicateOperationIDError" else ()


def leaves(error: ValidationError) -> list[ValidationError]:
    """The specific failures behind a `oneOf`/`anyOf` error, when one branch clearly fits best.

    Branches are told apart by the first step of their schema path. A branch that only says
    "'$ref' is a required property" is the Reference alternative, irrelevant for an object
    without `$ref`. Of the rest, the branch whose errors reach deepest into the instance is the
    one the author meant, and a branch that fails only on `type` expected another kind of value
    altogether. If that still leaves a tie, the parent error is the honest answer.
    """
    if not error.context:
        return [error]
    branches: dict[Any, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(next(iter(sub.relative_schema_path), None), []).append(sub)
    scored = [(_fit(b), b) for b in branches.values() if not all(map(_wants_ref, b))]
    best = max((score for score, _ in scored), default=None)
    chosen = [branch for score, branch in scored if score == best]
    if len(chosen) != 1:
        return [error]
    return [leaf for sub in chosen[0] for leaf in leaves(sub)]


def _fit(branch: list[ValidationError]) -> tuple[int, bool]:
    """How well a `oneOf`/`anyOf` branch fits the instance: higher is better."""
    depth = max(len(sub.absolute_path) for sub in branch)
    return depth, not all(sub.validator == "type" for sub in branch)


def _wants_ref(error: ValidationError) -> bool:
    return error.validator == "required" and list(error.validator_value) == ["$ref"]


def message(error: ValidationError) -> str:
    """The validator's message with any huge embedded value cut down to a readable size."""
    text = str(error.message)
    if len(text) > _MAX_MESSAGE and isinstance(error.instance, dict | list | str):
        full = repr(error.instance)
        if len(full) > 60 and full in text:
            text = text.replace(full, _SHORT.repr(error.instance))
    return shorten(text)


def shorten(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def diagnostic(document: Document, text: str, spot: Resolved) -> Diagnostic:
    return Diagnostic(
        level=Level.ERROR,
        message=text,
        file=display_path(spot.uri),
        line=document.locate(spot.uri, spot.pointer),
        pointer=spot.pointer,
    )


def order(found: Diagnostic) -> tuple[str, int, str, str]:
    return (found.file or "", found.line or 0, found.pointer or "", found.message)
