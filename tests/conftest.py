"""Fixtures shared by the whole suite."""

from __future__ import annotations

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
