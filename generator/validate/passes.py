"""The validator's two passes over one document, each error mapped back to file and pointer.

1. the spec against the OpenAPI JSON Schema: errors carry a path from the root; under
   `oneOf`/`anyOf` the specific failures hide in `error.context`, whose entries extend the
   parent's path;
2. its own checks (schemas, defaults, parameters, operation ids), which walk the document
   through `$ref`s and raise errors whose path is relative to whatever is being checked (or
   empty). We subclass every keyword validator to remember where it was when an error passed
   through it, then map that path (which runs through `$ref`s) back to a real file and pointer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.diagnostics import Diagnostic, GeneratorError
from generator.load import Document, Resolved, file_uri, ref_of, uri_to_path
from generator.validate.memo import CleanMemo, IdRegistry, crawled
from generator.validate.report import (
    DocPath,
    detail,
    diagnostic,
    leaves,
    message,
    shorten,
)

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]
    from openapi_spec_validator.validation.validators import SpecValidator

_DRAFT_4 = "http://json-schema.org/draft-04/schema#"

# A pass-2 diagnostic, and whether it is a JSON Schema keyword's (which pass 1 may have said).
Found = tuple[Diagnostic, bool]


def merge(first: list[Diagnostic], second: list[Found]) -> list[Diagnostic]:
    """Both passes' diagnostics, pass 1's first.

    A JSON Schema failure of pass 2 at a spot pass 1 already reported is the same schema
    checked against the same meta-schema again, only less precisely, so it is dropped.
    """
    seen = {(d.file, d.pointer) for d in first}
    kept = [d for d, keyword in second if not (keyword and (d.file, d.pointer) in seen)]
    return first + kept


@dataclass
class Run:
    """One validation: where each pass-2 error was raised, and where a crash happened.

    `memo` (None: check everything in full) skips work whose clean answer is already known.
    """

    document: Document
    memo: CleanMemo | None = None
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

    def schema_pass(self, checker: Any) -> list[Diagnostic]:
        """Pass 1: the spec against the OpenAPI JSON Schema; paths are literal, from the root."""
        found: list[Diagnostic] = []
        try:
            for error in self._schema_checker(checker).iter_errors(self.document.root):
                found.extend(self._from_schema_error(error))
        except Exception as exc:  # the library crashes on odd input: report it
            found.append(self._crash(exc, ()))
        return found

    def _schema_checker(self, checker: Any) -> Any:
        """The OpenAPI JSON Schema's validator, with the shortcuts that are exact for it.

        Draft-04 meta-schemas (Swagger 2.0, OpenAPI 3.0) remember clean answers: their `$ref`s
        always resolve the same way. The 2020-12 one (OpenAPI 3.1) resolves `$dynamicRef: #meta`
        at every schema, and jsonschema looks the anchor up in a registry where the meta-schema
        is not crawled yet, so each lookup crawls it again (9 s of 21 on a 3 MB spec): given it
        crawled, every lookup finds what the crawl would have found.
        """
        if self.memo is None:
            return checker
        cls, schema = checker.__class__, checker.schema
        if schema.get("$schema") != _DRAFT_4:
            return cls(schema, registry=crawled(schema))
        from jsonschema.validators import (  # type: ignore[import-untyped]  # noqa: PLC0415
            extend,
        )

        return extend(cls, {"$ref": self.memo.ref_keyword(cls.VALIDATORS["$ref"])})(schema)

    def checks_pass(self, validator: SpecValidator) -> list[Found]:
        """Pass 2: the library's own checks; paths are rebuilt from the recorded places."""
        found: list[Found] = []
        try:
            for error in validator.root_validator(validator.schema_path):
                place = self.places.get(id(error), (error, ()))[1] + detail(error)
                for leaf in leaves(error):
                    spot = self._real(place + tuple(leaf.absolute_path))
                    located = diagnostic(self.document, message(leaf), spot)
                    found.append((located, isinstance(leaf.validator, str)))
        except Exception as exc:  # e.g. PointerToNowhere, KeyError: report it
            found.append((self._crash(exc, self.crash_place or ()), False))
        return found

    def _from_schema_error(self, error: ValidationError) -> Iterator[Diagnostic]:
        for leaf in leaves(error):
            spot = self.document.trace(leaf.absolute_path)
            yield diagnostic(self.document, message(leaf), spot)

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
        reason = f"cannot resolve $ref {ref!r}" if isinstance(ref, str) else shorten(str(exc))
        text = f"validation stopped early: {type(exc).__name__}: {reason}"
        return diagnostic(self.document, text, self._real(place))

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
        another schema would pass. It also keeps its visited ids in sets (see `memo`) and skips
        meta-checking content it already found clean.
        """
        run = self
        inner: Callable[..., Iterator[ValidationError]] = schema_class.__call__
        init: Callable[..., None] = schema_class.__init__
        meta: Callable[[Any, Any, Any], Any] = schema_class._validate_schema_meta

        def __init__(self: Any, registry: Any) -> None:
            init(self, registry)
            self.visited_schema_ids = IdRegistry()
            self.meta_checked_schema_ids = IdRegistry()

        def __call__(
            self: Any, schema: Any, require_properties: bool = True, meta_checked: bool = False
        ) -> Iterator[ValidationError]:
            if meta_checked and run._leads_out(schema.parts):
                meta_checked = False
            return inner(self, schema, require_properties, meta_checked)

        def _validate_schema_meta(self: Any, schema: Any, schema_value: Any) -> Any:
            if run.memo is None:
                return meta(self, schema, schema_value)
            return run.memo.check(lambda value: meta(self, schema, value), schema_value)

        namespace = {
            "__init__": __init__,
            "__call__": __call__,
            "_validate_schema_meta": _validate_schema_meta,
        }
        return type(schema_class.__name__, (schema_class,), namespace)

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


def _refuse_remote(uri: str) -> Any:
    raise ValueError(f"remote $ref {uri!r} is not supported: only local files")
