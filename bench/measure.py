"""Running one child process and reading what it cost: wall time, CPU time, peak RSS.

The command runs under `bench/launcher.py` (a small `python -I -S` that spawns it, reaps it with
`os.wait4` and writes the usage to a file), started in its own session so a timeout can kill the
whole group. What the numbers mean:

- wall time: from the launcher's spawn of the command to its reap (the launcher's own start-up
  is not counted);
- CPU time: user+sys of the command and every descendant it waited for (the JVM under
  openapi-generator-cli's Python wrapper, the `ruff` hooks openapi-python-client runs);
- peak RSS: `ru_maxrss`, the largest resident set of any single process in that tree (a
  maximum, not a sum). Measured from a small launcher because Linux starts a child's counter at
  the size of the process it was forked from (see launcher.py).
"""

from __future__ import annotations

import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

LAUNCHER = Path(__file__).resolve().with_name("launcher.py")


@dataclass(frozen=True, slots=True, kw_only=True)
class Sample:
    """One run of one command."""

    wall: float
    cpu: float
    max_rss_mib: float
    returncode: int
    timed_out: bool
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


@dataclass(frozen=True, slots=True, kw_only=True)
class Summary:
    """Medians over the measured runs (the peak RSS is the median of the per-run peaks)."""

    runs: int
    wall: float
    cpu: float
    max_rss_mib: float


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run_measured(
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 600.0,
) -> Sample:
    """Runs `argv` to completion (killing its process group after `timeout` seconds)."""
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        usage_file = Path(tmp) / "usage.json"
        out_path, err_path = Path(tmp) / "stdout", Path(tmp) / "stderr"
        launch = [sys.executable, "-I", "-S", str(LAUNCHER), str(usage_file), *argv]
        with out_path.open("wb") as out, err_path.open("wb") as err:
            started = time.perf_counter()
            proc = subprocess.Popen(
                launch,
                cwd=cwd,
                env=dict(env) if env is not None else None,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
            timed_out = threading.Event()

            def expire() -> None:
                timed_out.set()
                _kill_group(proc.pid)

            timer = threading.Timer(timeout, expire)
            timer.start()
            try:
                proc.wait()
            finally:
                timer.cancel()
            outside = time.perf_counter() - started
        usage: dict[str, float] = {"wall": outside, "cpu": 0.0, "max_rss_kib": 0}
        usage["returncode"] = proc.returncode
        if usage_file.exists():
            usage.update(json.loads(usage_file.read_text()))
        return Sample(
            wall=usage["wall"],
            cpu=usage["cpu"],
            max_rss_mib=usage["max_rss_kib"] / 1024,
            returncode=int(usage["returncode"]),
            timed_out=timed_out.is_set(),
            stdout=out_path.read_text(encoding="utf-8", errors="replace"),
            stderr=err_path.read_text(encoding="utf-8", errors="replace"),
        )


def summarize(samples: Sequence[Sample]) -> Summary:
    return Summary(
        runs=len(samples),
        wall=statistics.median(s.wall for s in samples),
        cpu=statistics.median(s.cpu for s in samples),
        max_rss_mib=statistics.median(s.max_rss_mib for s in samples),
    )


_BOX = str.maketrans("", "", "│╭╮╰╯─❱")
_EXCEPTION = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b[^:]*:")


def first_error_line(sample: Sample, *, limit: int = 160) -> str:
    """A one-line reason for a failed run, taken from what the child printed."""
    if sample.timed_out:
        return f"timed out after {sample.wall:.0f} s"
    lines = [
        line.translate(_BOX).strip() for line in (sample.stderr + "\n" + sample.stdout).splitlines()
    ]
    lines = [line for line in lines if line and not set(line) <= set("#=-* ")]
    raised = [i for i, line in enumerate(lines) if _EXCEPTION.match(line)]
    markers = ("error", "exception", "failed", "invalid")
    flagged = [line for line in lines if any(m in line.lower() for m in markers)]
    if any("Traceback" in line for line in lines) and raised:
        # The exception that ended a traceback, with its message's wrapped lines.
        text = " ".join(lines[raised[-1] : raised[-1] + 3])
    elif flagged:
        text = " / ".join(flagged[:3])
    elif lines:
        text = lines[0]
    else:
        text = f"exit code {sample.returncode}, no output"
    return text if len(text) <= limit else text[: limit - 1] + "…"
