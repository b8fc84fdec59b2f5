"""The benchmark entry point still runs (a seconds-long sdkgen-only subset; no timing asserted)."""

from __future__ import annotations

import subprocess
import sys

from tests.support.paths import REPO


def test_bench_smoke_run_prints_both_tables() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--no-write"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "## Generation" in result.stdout
    assert "## Generated client" in result.stdout
    assert "parse 1,000 CallState from JSON bytes" in result.stdout
