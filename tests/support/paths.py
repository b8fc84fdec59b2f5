"""Where the suite's inputs are, whatever directory pytest runs from."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
CALLS_SPEC = REPO / "spec" / "calls.yaml"
GENERATED = REPO / "generated"
DATA = REPO / "tests" / "data"
