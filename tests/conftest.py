"""Fixtures shared by the whole suite."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from tests.prism import REPO, prism_server

CALLS_SPEC = REPO / "spec" / "calls.yaml"
GENERATED = REPO / "generated"


@pytest.fixture(scope="session")
def prism_url() -> Iterator[str]:
    """A Prism mock of spec/calls.yaml, started once for the whole test session."""
    with prism_server(CALLS_SPEC) as url:
        yield url


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The corpus table (tests/test_corpus.py), when the corpus ran."""
    corpus = sys.modules.get("tests.corpus")
    for run in getattr(corpus, "RUNS", []):
        terminalreporter.section("corpus")
        terminalreporter.write_line(corpus.table(run))  # type: ignore[union-attr]
