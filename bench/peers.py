"""The peers sdkgen is measured against, installed on demand into `bench/.peers/venv`.

That virtual environment is separate from `.venv` (the peers pin their own pydantic, ruff, …)
and ignored by git. A peer that cannot be installed or run is reported as unavailable with the
reason; it never stops the benchmark.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.measure import Sample, first_error_line

PEERS_DIR = Path(__file__).resolve().parent / ".peers"
VENV = PEERS_DIR / "venv"
BIN = VENV / "bin"

OPENAPI_PYTHON_CLIENT = "openapi-python-client"
OPENAPI_GENERATOR = "openapi-generator-cli"
BANDWIDTH_SDK = "bandwidth-sdk"

# What pip is asked for: the latest 0.x of openapi-python-client (1.0 may change its CLI).
REQUIREMENTS = {
    OPENAPI_PYTHON_CLIENT: "openapi-python-client<1",
    OPENAPI_GENERATOR: "openapi-generator-cli",
    BANDWIDTH_SDK: "bandwidth-sdk",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Peer:
    name: str
    version: str | None
    reason: str | None  # why it is unavailable; None when it is usable

    @property
    def available(self) -> bool:
        return self.reason is None

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}" if self.version else self.name


def peer_env() -> dict[str, str]:
    """The environment peers run in: their venv's `bin` first (openapi-python-client runs the
    `ruff` next to it as a post-generation hook; without it on PATH the hook is skipped)."""
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("PYTHONPATH", None)
    env["VIRTUAL_ENV"] = str(VENV)
    return env


def _run(argv: list[str], timeout: float = 900.0) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def _installed_version(distribution: str) -> str | None:
    if not (BIN / "python").exists():
        return None
    code = f"import importlib.metadata as m; print(m.version({distribution!r}))"
    result = _run([str(BIN / "python"), "-c", code], timeout=60)
    return result.stdout.strip() if result.returncode == 0 else None


def _reason(result: subprocess.CompletedProcess[str]) -> str:
    sample = Sample(
        wall=0.0,
        cpu=0.0,
        max_rss_mib=0.0,
        returncode=result.returncode,
        timed_out=False,
        stdout=result.stdout,
        stderr=result.stderr,
    )
    return first_error_line(sample)


def _ensure_venv() -> str | None:
    """Creates the peers' venv if missing; returns a reason when it cannot be made."""
    if (BIN / "python").exists():
        return None
    PEERS_DIR.mkdir(parents=True, exist_ok=True)
    result = _run([sys.executable, "-m", "venv", str(VENV)], timeout=300)
    return None if result.returncode == 0 else f"cannot create venv: {_reason(result)}"


def ensure_peer(distribution: str, *, upgrade: bool = False) -> Peer:
    """Installs one peer into the peers' venv unless it is there already."""
    problem = _ensure_venv()
    if problem:
        return Peer(name=distribution, version=None, reason=problem)
    version = None if upgrade else _installed_version(distribution)
    if version is None:
        print(f"bench: installing {REQUIREMENTS[distribution]} into {VENV}", file=sys.stderr)
        argv = [
            str(BIN / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ]
        if upgrade:
            argv.append("--upgrade")
        try:
            result = _run([*argv, REQUIREMENTS[distribution]])
        except subprocess.TimeoutExpired:
            return Peer(name=distribution, version=None, reason="pip install timed out")
        if result.returncode != 0:
            return Peer(name=distribution, version=None, reason=f"pip: {_reason(result)}")
        version = _installed_version(distribution)
        if version is None:
            return Peer(name=distribution, version=None, reason="installed but not importable")
    if distribution == OPENAPI_GENERATOR:
        problem = _java_problem()
        if problem:
            return Peer(name=distribution, version=version, reason=problem)
    return Peer(name=distribution, version=version, reason=None)


def _java_problem() -> str | None:
    java = shutil.which("java")
    if java is None:
        return "no `java` on PATH (openapi-generator-cli runs the bundled jar with it)"
    try:
        result = _run([java, "-version"], timeout=60)
    except subprocess.TimeoutExpired:
        return "`java -version` timed out"
    return None if result.returncode == 0 else f"`java -version` failed: {_reason(result)}"


def java_version() -> str | None:
    java = shutil.which("java")
    if java is None:
        return None
    result = _run([java, "-version"], timeout=60)
    first = (result.stderr or result.stdout).strip().splitlines()
    return first[0] if first else None


def unavailable(distribution: str, reason: str) -> Peer:
    return Peer(name=distribution, version=None, reason=reason)
