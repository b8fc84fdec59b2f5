"""Stage 2: check a loaded document with openapi-spec-validator, as located diagnostics.

openapi-spec-validator is the validator of record: `passes` runs its two passes and locates
each error, `memo` skips only work whose clean answer it already knows, `report` words them,
`meta` gives pass 1 its schema without the library's import, `split` runs the passes on two
cores where there are two, and `ahead` has the first process to finish help the other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from generator.diagnostics import Diagnostic
from generator.load import Document, Resolved
from generator.validate.ahead import check_components
from generator.validate.memo import CleanMemo, survey
from generator.validate.meta import schema_checker
from generator.validate.passes import Found, Run, merge
from generator.validate.report import diagnostic, order
from generator.validate.split import Channel, both

if TYPE_CHECKING:
    from openapi_spec_validator.validation.validators import SpecValidator

# Below this many mappings and lists (~0.3 s of validation) a second process costs more than it
# saves: the child would import openapi-spec-validator again in a process that already has it.
SPLIT_FROM = 8000

_VALIDATORS = {
    "2.0": "OpenAPIV2SpecValidator",
    "3.0": "OpenAPIV30SpecValidator",
    "3.1": "OpenAPIV31SpecValidator",
}


def validate(document: Document) -> list[Diagnostic]:
    """Every problem openapi-spec-validator finds, with file, line and JSON pointer."""
    version = spec_version(document.root)
    if version is None:
        return [_unsupported(document)]
    found = survey(document)
    shortcuts, channel = found.exact, Channel()
    first, second = both(
        lambda: _schema_pass(document, version, shortcuts),
        lambda: _checks_pass(document, version, shortcuts, channel.received),
        fork=found.containers >= SPLIT_FROM,
        meanwhile=(lambda done: _ahead(document, version, channel, done)) if shortcuts else None,
        channel=channel,
    )
    return sorted(dict.fromkeys(merge(first, second)), key=order)


def _schema_pass(document: Document, version: str, shortcuts: bool) -> list[Diagnostic]:
    run = Run(document, memo=CleanMemo() if shortcuts else None)
    return run.schema_pass(schema_checker(version))


def _checks_pass(
    document: Document, version: str, shortcuts: bool, arriving: Callable[[], list[int]]
) -> list[Found]:
    run = Run(document, memo=CleanMemo(arriving) if shortcuts else None)
    return run.checks_pass(_spec_validator(run, version))


def _ahead(document: Document, version: str, channel: Channel, done: Callable[[], bool]) -> None:
    validator = _spec_validator(Run(document), version)
    check_components(document, validator, channel.send, done)


def _spec_validator(run: Run, version: str) -> SpecValidator:
    import openapi_spec_validator  # noqa: PLC0415 - costs ~0.2 s; only pass 2 needs it

    base: type[SpecValidator] = getattr(openapi_spec_validator, _VALIDATORS[version])
    return run.validator_class(base)(run.document.root, base_uri=run.document.root_uri)


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
    text = f"unsupported spec version ({found}); supported: {expected}"
    return diagnostic(document, text, Resolved(uri=document.root_uri, pointer=at, node=root))
