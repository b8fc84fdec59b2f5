"""Stage 1: spec file(s) → `Document`: YAML or JSON, `$ref`s within and across files, lines kept.

Swagger 2.0 documents are validated as written and then translated to OpenAPI 3.0
(`openapi3`), so that one builder serves both.
"""

from __future__ import annotations

from generator.load.document import (
    Document,
    Resolved,
    display_path,
    file_uri,
    load,
    ref_of,
    split_pointer,
    uri_to_path,
)
from generator.load.swagger2 import is_swagger2, original_pointer, upgrade

__all__ = [
    "Document",
    "Resolved",
    "display_path",
    "file_uri",
    "is_swagger2",
    "load",
    "original_pointer",
    "ref_of",
    "split_pointer",
    "upgrade",
    "uri_to_path",
]
