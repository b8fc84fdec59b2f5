"""The validator as it was before `generator/validate/` learned its shortcuts: the oracle.

A verbatim copy of the straightforward two-pass run (no memo, the library's own lists of
visited schemas), kept so that tests can assert that `generator.validate.validate` gives the
same diagnostics, in the same order, on any document. Do not optimise it.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.diagnostics import Diagnostic, GeneratorError, Level
from generator.load import Document, Resolved, display_path, file_uri, ref_of, uri_to_path

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]
    from openapi_spec_validator.validation.validators import SpecValidator

DocPath = tuple[Any, ...]  # keys and indexes from the root, possibly through `$ref`s

_VALIDATORS = {
    "2.0": "OpenAPIV2SpecValidator",
    "3.0": "OpenAPIV30SpecValidator",
    "3.1": "OpenAPIV31SpecValidator",
}
_MAX_MESSAGE = 200
_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxdict, _SHORT.maxlist, _SHORT.maxstring = 1, 3, 3, 40


def validate(document: Document) -> list[Diagnostic]:
    """Every problem openapi-spec-validator finds, with file, line and JSON pointer."""
    version = spec_version(document.root)
    if version is None:
        return [_unsupported(document)]
    import openapi_spec_validator  # noqa: PLC0415 - costs ~0.4 s; only `validate` needs it

    base: type[SpecValidator] = getattr(openapi_spec_validator, _VALIDATORS[version])
    run = _Run(document)
    validator = run.validator_class(base)(document.root, base_uri=document.root_uri)
    found = run.schema_pass(validator)
    found += run.checks_pass(validator, already=found)
    return sorted(dict.fromkeys(found), key=_order)


def spec_version(root: Any) -> str | None:
    """`2.0`, `3.0` or `3.1` from the `swagger`/`openapi` field, or None if unsupported."""
    if not isinstance(root, Mapping):
        return None
    if "swagger" in root:
        return "2.0" if str(root["swagger"]) == "2.0" else None
    match = re.match(r"3\.([01])(?:\.|$)", str(root.get("openapi", "")))
    return f"3.{match[1]}" if match else None


def _unsupported(document: Document) -> Diagnostic:
    root = document.root if isinstance(document.root, Mapping) else {}
    at = next((f"#/{key}" for key in ("openapi", "swagger") if key in root), "#")
    found = f"{at[2:]}: {root[at[2:]]!r}" if at != "#" else "no `openapi` or `swagger` field"
    expected = "swagger: '2.0', openapi: 3.0.x or openapi: 3.1.x"
    message = f"unsupported spec version ({found}); supported: {expected}"
    return _diagnostic(document, message, Resolved(uri=document.root_uri, pointer=at, node=root))


@dataclass
class _Run:
    """One validation: where each pass-2 error was raised, and where a crash happened."""

    document: Document
    places: dict[int, tuple[ValidationError, DocPath]] = field(default_factory=dict)
    crash_place: DocPath | None = None

    def validator_class(self, base: type[SpecValidator]) -> type[SpecValidator]:
        """`base` with location-recording keyword validators, reading files from the document."""
        keywords = {
            name: self._recording(keyword_class, ("default",) if name == "default" else ())
            for name, keyword_class in base.keyword_validators.items()
        }
        keywords["schema"] = self._recording(self._rechecking(base.keyword_validators["schema"]))
        handlers = {"file": self._serve, "http": _refuse_remote, "https": _refuse_remote}
        namespace = {"keyword_validators": keywords, "resolver_handlers": handlers}
        return type(base.__name__, (base,), namespace)

    def schema_pass(self, validator: SpecValidator) -> list[Diagnostic]:
        """Pass 1: the spec against the OpenAPI JSON Schema; paths are literal, from the root."""
        found: list[Diagnostic] = []
        try:
            for error in validator.schema_validator.iter_errors(validator.schema):
                found.extend(self._from_schema_error(error))
        except Exception as exc:  # the library crashes on odd input: report it
            found.append(self._crash(exc, ()))
        return found

    def checks_pass(
        self, validator: SpecValidator, already: Iterable[Diagnostic]
    ) -> list[Diagnostic]:
        """Pass 2: the library's own checks; paths are rebuilt from the recorded places.

        A JSON Schema failure at a spot pass 1 already reported is the same schema checked
        against the same meta-schema again, only less precisely, so it is dropped.
        """
        seen = {(d.file, d.pointer) for d in already}
        found: list[Diagnostic] = []
        try:
            for error in validator.root_validator(validator.schema_path):
                place = self.places.get(id(error), (error, ()))[1] + _detail(error)
                for leaf in _leaves(error):
                    spot = self._real(place + tuple(leaf.absolute_path))
                    diagnostic = _diagnostic(self.document, _message(leaf), spot)
                    repeated = (diagnostic.file, diagnostic.pointer) in seen
                    if not (repeated and isinstance(leaf.validator, str)):
                        found.append(diagnostic)
        except Exception as exc:  # e.g. PointerToNowhere, KeyError: report it
            found.append(self._crash(exc, self.crash_place or ()))
        return found

    def _from_schema_error(self, error: ValidationError) -> Iterator[Diagnostic]:
        for leaf in _leaves(error):
            spot = self.document.trace(leaf.absolute_path)
            yield _diagnostic(self.document, _message(leaf), spot)

    def _real(self, path: DocPath) -> Resolved:
        """The file and pointer behind a path that may run through `$ref`s (and end on one)."""
        spot = self.document.trace(path)
        ref = ref_of(spot.node)
        if ref is None:
            return spot
        try:
            return self.document.resolve(ref, spot.uri)
        except GeneratorError:  # a broken ref is reported where it is written
            return spot

    def _crash(self, exc: Exception, place: DocPath) -> Diagnostic:
        ref = getattr(exc, "ref", None)
        reason = f"cannot resolve $ref {ref!r}" if isinstance(ref, str) else _shorten(str(exc))
        message = f"validation stopped early: {type(exc).__name__}: {reason}"
        return _diagnostic(self.document, message, self._real(place))

    def _recording(self, keyword_class: type[Any], suffix: DocPath = ()) -> type[Any]:
        """A keyword validator subclass that notes the document path of each error it yields.

        Keyword validators take the `SchemaPath` they check as their first path argument; the
        innermost one sees an error first, so the first note is the most precise.
        """
        from jsonschema_path import SchemaPath  # noqa: PLC0415 - loaded with the validator

        run = self
        inner: Callable[..., Iterator[ValidationError]] = keyword_class.__call__

        def __call__(self: Any, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
            where = next((a for a in args if isinstance(a, SchemaPath)), None)
            place = (tuple(where.parts) if where is not None else ()) + suffix
            try:
                for error in inner(self, *args, **kwargs):
                    run.places.setdefault(id(error), (error, place))
                    yield error
            except Exception:
                if run.crash_place is None:
                    run.crash_place = place
                raise

        return type(keyword_class.__name__, (keyword_class,), {"__call__": __call__})

    def _rechecking(self, schema_class: type[Any]) -> type[Any]:
        """A schema validator that also meta-checks schemas reached through a nested `$ref`.

        The library meta-checks a schema once and assumes that covers everything nested in it,
        but a `$ref` inside it leads to a schema that check never saw. Pass 1 covers the root
        file; in other files nothing would, so `type: 5` in `models.yaml#/Pet` nested under
        another schema would pass.
        """
        run = self
        inner: Callable[..., Iterator[ValidationError]] = schema_class.__call__

        def __call__(
            self: Any, schema: Any, require_properties: bool = True, meta_checked: bool = False
        ) -> Iterator[ValidationError]:
            if meta_checked and run._leads_out(schema.parts):
                meta_checked = False
            return inner(self, schema, require_properties, meta_checked)

        return type(schema_class.__name__, (schema_class,), {"__call__": __call__})

    def _leads_out(self, path: DocPath) -> bool:
        """Whether the node at `path` is a `$ref` to another file than the root."""
        if len(self.document.files) == 1:
            return False
        spot = self.document.trace(path)
        ref = ref_of(spot.node)
        if ref is None:
            return False
        try:
            return self.document.resolve(ref, spot.uri).uri != self.document.root_uri
        except GeneratorError:
            return False

    def _serve(self, uri: str) -> Any:
        """Give the validator the files already loaded instead of letting it re-read them."""
        return self.document.files[file_uri(uri_to_path(uri))]


def _detail(error: ValidationError) -> DocPath:
    """The field a whole-object complaint is really about, where the error type says so."""
    return ("operationId",) if type(error).__name__ == "DuplicateOperationIDError" else ()


def _refuse_remote(uri: str) -> Any:
    raise ValueError(f"remote $ref {uri!r} is not supported: only local files")


def _leaves(error: ValidationError) -> list[ValidationError]:
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
    return [leaf for sub in chosen[0] for leaf in _leaves(sub)]


def _fit(branch: list[ValidationError]) -> tuple[int, bool]:
    """How well a `oneOf`/`anyOf` branch fits the instance: higher is better."""
    depth = max(len(sub.absolute_path) for sub in branch)
    return depth, not all(sub.validator == "type" for sub in branch)


def _wants_ref(error: ValidationError) -> bool:
    return error.validator == "required" and list(error.validator_value) == ["$ref"]


def _message(error: ValidationError) -> str:
    """The validator's message with any huge embedded value cut down to a readable size."""
    message = str(error.message)
    if len(message) > _MAX_MESSAGE and isinstance(error.instance, dict | list | str):
        full = repr(error.instance)
        if len(full) > 60 and full in message:
            message = message.replace(full, _SHORT.repr(error.instance))
    return _shorten(message)


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _diagnostic(document: Document, message: str, spot: Resolved) -> Diagnostic:
    return Diagnostic(
        level=Level.ERROR,
        message=message,
        file=display_path(spot.uri),
        line=document.locate(spot.uri, spot.pointer),
        pointer=spot.pointer,
    )


def _order(diagnostic: Diagnostic) -> tuple[str, int, str, str]:
    return (
        diagnostic.file or "",
        diagnostic.line or 0,
        diagnostic.pointer or "",
        diagnostic.message,
    )
