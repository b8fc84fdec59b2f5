"""`mypy --strict` and `ruff check` over generated packages, as the SDK's users would run them.

One mypy run covers many packages (it shares the analysis of httpx and pydantic between them,
which is most of the time on small ones); findings are counted per package.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

BIN = Path(sys.executable).parent
RUFF = [str(BIN / "ruff"), "check", "--isolated", "--target-version", "py310", "--no-cache"]
_FINDING = re.compile(r"^(?P<path>[^:\s]+\.py):\d+:(?:\d+:)? (?!note)")


class Package(Protocol):
    @property
    def package(self) -> str: ...

    @property
    def directory(self) -> Path: ...


def _by_package(output: str, packages: Iterable[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {name: [] for name in packages}
    for line in output.splitlines():
        match = _FINDING.match(line.strip())
        if match is None:
            continue
        top = Path(match["path"]).parts[0]
        if top in found:
            found[top].append(line.strip())
    return found


def mypy_findings(packages: Sequence[Package], cache_dir: Path) -> dict[str, list[str]]:
    """Errors of one `mypy --strict` run over all `packages`, by package."""
    directories = list(dict.fromkeys(str(p.directory) for p in packages))
    command = [str(BIN / "mypy"), "--strict", "--cache-dir", str(cache_dir), "--no-pretty"]
    for package in packages:
        command += ["-p", package.package]
    environment = {**os.environ, "MYPYPATH": os.pathsep.join(directories)}
    result = subprocess.run(
        command, cwd=directories[0], env=environment, capture_output=True, text=True, check=False
    )
    found = _by_package(result.stdout, (p.package for p in packages))
    if result.returncode not in (0, 1) or (result.returncode == 1 and not any(found.values())):
        raise AssertionError(f"mypy did not run: {result.stdout}{result.stderr}")
    return found


def ruff_findings(packages: Sequence[Package]) -> dict[str, list[str]]:
    """What `ruff check` (its default rules) reports in each package."""
    found: dict[str, list[str]] = {}
    for package in packages:
        result = subprocess.run(
            [*RUFF, "--output-format", "concise", package.package],
            cwd=package.directory,
            capture_output=True,
            text=True,
            check=False,
        )
        found.update(_by_package(result.stdout, [package.package]))
        if result.returncode not in (0, 1):
            raise AssertionError(f"ruff did not run: {result.stdout}{result.stderr}")
    return found


def assert_mypy_and_ruff_pass(packages: Sequence[Package], tmp_path: Path) -> None:
    findings = mypy_findings(packages, tmp_path / "mypy")
    for name, lines in ruff_findings(packages).items():
        findings[name] = findings.get(name, []) + lines
    assert not any(findings.values()), "\n".join(line for v in findings.values() for line in v)
