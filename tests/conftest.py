"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator

import pytest

from tests.support.paths import CALLS_SPEC
from tests.support.prism import prism_server


def pytest_configure(config: pytest.Config) -> None:
    """The suite's own store of results (generator.incremental.store): never the user's, empty.

    Set in the environment so that every `sdkgen` the tests start, in-process or not, uses it.
    """
    os.environ["SDKGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="sdkgen-test-store-")
    os.environ.pop("SDKGEN_NO_CACHE", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ.pop("SDKGEN_CACHE_DIR", ""), ignore_errors=True)


@pytest.fixture(scope="session")
def prism_url() -> Iterator[str]:
    """A Prism mock of spec/calls.yaml, started once for the whole test session."""
    with prism_server(CALLS_SPEC) as url:
        yield url


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The corpus table (tests/corpus/test_corpus.py), when the corpus ran."""
    corpus = sys.modules.get("tests.support.corpus")
    for run in getattr(corpus, "RUNS", []):
        terminalreporter.section("corpus")
        terminalreporter.write_line(corpus.table(run))  # type: ignore[union-attr]
