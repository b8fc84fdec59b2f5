"""Pass 2's whole-schema checks done ahead, by the process that has finished pass 1.

Pass 1 is the shorter pass (a third of pass 2 on a large OpenAPI 3.1 spec), and most of pass 2
is meta-checking each schema it meets. The process that ran pass 1 then meta-checks the
component schemas the way pass 2 does, last ones first (pass 2 walks the paths first and the
components in order), and sends the ids of the clean ones to pass 2's child, which skips
them: a clean check gives nothing to report, whoever ran it. What is not clean, pass 2 checks
itself, so every message still comes from its own run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from generator.load import Document

if TYPE_CHECKING:
    from openapi_spec_validator.validation.validators import SpecValidator


def check_components(
    document: Document,
    validator: SpecValidator,
    send: Callable[[int], bool],
    stop: Callable[[], bool],
) -> None:
    """Meta-check `components.schemas` from the last; send each clean one's id until `stop()`."""
    root = document.root
    components = root.get("components") if isinstance(root, Mapping) else None
    schemas = components.get("schemas") if isinstance(components, Mapping) else None
    if not isinstance(schemas, Mapping):
        return
    checker: Any = validator.keyword_validators_registry["schema"]
    at = validator.schema_path / "components" / "schemas"
    for name, value in reversed(list(schemas.items())):
        if stop():
            return
        if not isinstance(value, Mapping) or "$ref" in value or not isinstance(name, str):
            continue  # pass 2 checks what a `$ref` leads to, wherever it is
        if checker._validate_schema_meta(at / name, value) is None and not send(id(value)):
            return
