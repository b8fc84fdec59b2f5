"""The OpenAPI JSON Schema of pass 1, without importing openapi-spec-validator.

openapi-spec-validator builds it as `validator_for(schema)(schema)` from the `schema.json` it
ships; importing the library for that costs ~0.2 s (pydantic-settings, jsonschema-path), which
a process that only runs pass 1 need not pay. Reading the same file gives the same validator
(`tests/unit/test_validate_fast.py` compares them). With jsonschema-rs installed the library
would use that engine instead, so then its own validator is used, unchanged.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

_FOLDERS = {"2.0": "v2.0", "3.0": "v3.0", "3.1": "v3.1"}
# What openapi_spec_validator.schemas calls the validator it builds for each version.
LIBRARY_NAMES = {
    "2.0": "openapi_v2_schema_validator",
    "3.0": "openapi_v30_schema_validator",
    "3.1": "openapi_v31_schema_validator",
}


def schema_checker(version: str) -> Any:
    """A validator for the OpenAPI JSON Schema of `version` (`2.0`, `3.0` or `3.1`)."""
    if library_engine_differs():
        from openapi_spec_validator import schemas  # noqa: PLC0415 - only in this case

        return getattr(schemas, LIBRARY_NAMES[version])
    from jsonschema.validators import (  # type: ignore[import-untyped]  # noqa: PLC0415
        validator_for,
    )

    schema = schema_of(version)
    return validator_for(schema)(schema)


def schema_of(version: str) -> Any:
    """The OpenAPI JSON Schema openapi-spec-validator ships for `version`."""
    spec = importlib.util.find_spec("openapi_spec_validator")  # finds, does not import
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("openapi_spec_validator")
    package = Path(next(iter(spec.submodule_search_locations)))
    path = package / "resources" / "schemas" / _FOLDERS[version] / "schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


def library_engine_differs() -> bool:
    """Whether openapi-spec-validator would check pass 1 with another engine than jsonschema."""
    return importlib.util.find_spec("jsonschema_rs") is not None
