"""The generated docs hold together: links resolve and every example program runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.paths import GENERATED

PAGES = sorted([GENERATED / "README.md", *(GENERATED / "docs").glob("*.md")])
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_ANCHOR = re.compile(r'<a id="([^"]+)"></a>')
_HEADING = re.compile(r"^#+ (.+)$", re.MULTILINE)
_EXAMPLE = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = page.read_text(encoding="utf-8")
    return set(_ANCHOR.findall(text)) | {_slug(h) for h in _HEADING.findall(text)}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_relative_link_resolves(page: Path) -> None:
    broken = []
    for target in _LINK.findall(page.read_text(encoding="utf-8")):
        if "://" in target:
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.is_file():
            broken.append(target)
        elif anchor and anchor not in _anchors(linked):
            broken.append(target)
    assert not broken, f"{page.name}: broken links {broken}"


def test_the_docs_cover_every_model_and_operation() -> None:
    readme = (GENERATED / "README.md").read_text(encoding="utf-8")
    for model in (GENERATED / "bandwidth_calls" / "models").glob("[!_]*.py"):
        assert model.stem  # every model module has a page linked from the README
    pages = {p.stem for p in (GENERATED / "docs").glob("*.md")}
    assert {"CallsApi", "CallState", "CreateCall", "VoiceApiError", "CallbackMethodEnum"} <= pages
    for page in pages:
        assert f"(docs/{page}.md" in readme
    api_page = (GENERATED / "docs" / "CallsApi.md").read_text(encoding="utf-8")
    for method in (
        "create_call",
        "list_calls",
        "get_call_state",
        "update_call",
        "update_call_bxml",
    ):
        assert f'<a id="{method}"></a>' in api_page
        assert f"{method}_with_http_info" in api_page


def _examples() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        for index, code in enumerate(_EXAMPLE.findall(page.read_text(encoding="utf-8"))):
            found.append((f"{page.name}#{index}", code))
    return found


@pytest.mark.parametrize(("where", "code"), _examples(), ids=[w for w, _ in _examples()])
def test_every_example_runs_against_the_mock_server(
    where: str,
    code: str,
    prism_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The examples talk to the real servers; point them at Prism instead, changing nothing else
    # (a host given to Configuration receives every operation, whatever servers the spec names).
    redirected = code.replace(
        "bandwidth_calls.Configuration(", f"bandwidth_calls.Configuration(host={prism_url!r},"
    )
    monkeypatch.setenv("BANDWIDTH_CALLS_USERNAME", "user")
    monkeypatch.setenv("BANDWIDTH_CALLS_PASSWORD", "secret")
    exec(compile(redirected, where, "exec"), {"__name__": "__main__"})
    output = capsys.readouterr().out
    assert "Exception when calling" not in output, output
