"""black as the generated code's style of record: the pinned version, in sdkgen's mode."""

from __future__ import annotations

import black
from black.mode import Mode, TargetVersion

# The mode `generator.format` runs black in: the generated SDK targets Python 3.10.
MODE = Mode(target_versions={TargetVersion.PY310}, line_length=88)


def formatted(source: str) -> str:
    """What black makes of `source`; text that is already black's style comes back unchanged."""
    return black.format_str(source, mode=MODE)
