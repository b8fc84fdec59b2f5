"""README.md's "What is generated" names every file in generated/, and nothing else.

The section is a table whose first column is a path under generated/ in backticks; `<…>` in a
path stands for one name (a segment without `/`), for files made one per API class, model or
enum (`docs/<Name>.md`).
"""

from __future__ import annotations

import re

from tests.support.paths import GENERATED, REPO

# Left by tools run in generated/, not by sdkgen.
_NOT_GENERATED = re.compile(r"(^|/)(__pycache__|[^/]*\.egg-info|\.(?!sdkgen/)[^/]*)/")


def _generated() -> set[str]:
    paths = (path.relative_to(GENERATED).as_posix() for path in GENERATED.rglob("*"))
    return {
        path for path in paths if (GENERATED / path).is_file() and not _NOT_GENERATED.search(path)
    }


def _rows() -> dict[str, re.Pattern[str]]:
    """The first-column paths of the "What is generated" table, each as a pattern."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## What is generated\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert section is not None, 'README.md has no "## What is generated" section'
    rows = re.findall(r"^\| `([^`]+)` \|", section.group(1), re.MULTILINE)
    return {
        row: re.compile("[^/]+".join(re.escape(part) for part in re.split(r"<[^>/]+>", row)))
        for row in rows
    }


def _first(path: str) -> str | None:
    return next((row for row, pattern in _rows().items() if pattern.fullmatch(path)), None)


def test_every_generated_file_has_a_row() -> None:
    unnamed = sorted(path for path in _generated() if _first(path) is None)
    assert (
        not unnamed
    ), 'README.md, "What is generated": add a row (| `path` | what it is for |) for ' + ", ".join(
        unnamed
    )


def test_every_row_names_a_generated_file() -> None:
    files = _generated()
    stale = [
        row for row, pattern in _rows().items() if not any(pattern.fullmatch(f) for f in files)
    ]
    assert (
        not stale
    ), 'README.md, "What is generated": no file in generated/ matches the rows ' + ", ".join(stale)


def test_the_patterns_are_read_as_meant() -> None:
    assert _first("docs/CallsApi.md") == "docs/<Name>.md"
    assert _first("bandwidth_calls/models/call_state.py") == "bandwidth_calls/models/<model>.py"
    assert _first("bandwidth_calls/models/nested/x.py") is None  # `<…>` is one segment
    assert _NOT_GENERATED.search(".mypy_cache/3.11/x.json")
    assert _NOT_GENERATED.search("bandwidth_calls/__pycache__/x.pyc")
    assert not _NOT_GENERATED.search(".sdkgen/FILES")
