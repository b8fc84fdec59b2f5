"""Versions of the tools that shape the output, read without importing them."""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path

# The tools whose behaviour shapes the output, by distribution name → import name.
TOOLS = {
    "black": "black",
    "jinja2": "jinja2",
    "openapi-spec-validator": "openapi_spec_validator",
}


@functools.cache
def tool_version(tool: str) -> str:
    """The installed version of a tool, without importing it.

    The name of the `.dist-info` directory beside the tool's package says it; reading that costs
    a directory listing, where importing `importlib.metadata` alone costs ~25 ms, a quarter of
    an unchanged regeneration. Anything unusual (no such directory, two of them) asks
    `importlib.metadata`.
    """
    spec = importlib.util.find_spec(TOOLS[tool])
    if spec is not None and spec.submodule_search_locations:
        site = Path(next(iter(spec.submodule_search_locations))).parent
        prefix = tool.replace("-", "_").lower() + "-"
        try:
            found = [
                entry.name[len(prefix) : -len(".dist-info")]
                for entry in os.scandir(site)
                if entry.name.lower().startswith(prefix) and entry.name.endswith(".dist-info")
            ]
        except OSError:
            found = []
        if len(found) == 1:
            return found[0]
    from importlib import metadata  # noqa: PLC0415  (slow to import; see above)

    try:
        return metadata.version(tool)
    except metadata.PackageNotFoundError:
        return "?"
