"""The client suite: the generated Calls package's models against bandwidth-sdk's (and
openapi-python-client's), and how long the generated packages take to import.

The Calls SDK is generated afresh by the sdkgen in this tree (so the numbers follow the
generator, not the committed `generated/`); every measurement runs in a fresh interpreter
(`bench/client_worker.py`), the flavours alternating, and the median over processes is kept.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench import peers
from bench.generation import Sdkgen
from bench.inputs import CALLS_SPEC, REPO, Input
from bench.measure import first_error_line, run_measured

CALLS_PACKAGE = "bandwidth_calls"
PARSE = "parse"
BUILD = "build"
TASK_TITLES = {
    PARSE: "parse {n:,} CallState from JSON bytes",
    BUILD: "build + serialize {n:,} CreateCall bodies",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Flavour:
    name: str  # as client_worker knows it
    label: str
    python: str
    package: str
    pythonpath: list[str]
    unavailable: str | None = None


@dataclass(slots=True, kw_only=True)
class ModelRow:
    task: str
    flavour: str
    label: str
    seconds: float | None = None
    error: str | None = None

    def per_second(self, n: int) -> float | None:
        return n / self.seconds if self.seconds else None


@dataclass(slots=True, kw_only=True)
class ImportRow:
    label: str
    importtime: float | None = None  # `-X importtime` cumulative of the package, seconds
    wall: float | None = None  # `python -c "import pkg"` minus `python -c "pass"`, seconds
    note: str = ""
    error: str | None = None


@dataclass(slots=True, kw_only=True)
class ClientResult:
    n: int
    runs: int
    rows: list[ModelRow] = field(default_factory=list)
    imports: list[ImportRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientSettings:
    sdkgen: Sdkgen
    n: int = 10_000
    runs: int = 5  # fresh processes per flavour and task
    repeat: int = 5  # timed repetitions inside each process (median kept)
    peers: bool = True  # compare with bandwidth-sdk and openapi-python-client's models
    large_package: Input | None = None  # a big spec whose generated package import is timed


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def _env(pythonpath: list[str]) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(pythonpath)
    return env


def generate_with_sdkgen(command: Sdkgen, spec: Path, out: Path, package: str) -> str | None:
    """Generates a package; returns the reason when sdkgen fails."""
    argv = command.generate(spec, out, package)
    sample = run_measured(argv, cwd=out.parent, env=command.env, timeout=1800)
    if not sample.ok:
        return first_error_line(sample)
    return None if (out / package / "__init__.py").exists() else "no package written"


def generate_with_opc(spec: Path, out: Path) -> tuple[str | None, str | None]:
    """Generates with openapi-python-client; returns (package name, reason it failed)."""
    argv = [str(peers.BIN / "openapi-python-client"), "generate", "--path", str(spec)]
    sample = run_measured(
        [*argv, "--output-path", str(out)], cwd=out.parent, env=peers.peer_env(), timeout=600
    )
    found = sorted(out.glob("*/__init__.py"))
    if not sample.ok or not found:
        return None, first_error_line(sample)
    return found[0].parent.name, None


def _flavours(workdir: Path, settings: ClientSettings) -> list[Flavour]:
    main_python = sys.executable
    calls_dir = workdir / "sdkgen-calls"
    problem = generate_with_sdkgen(settings.sdkgen, CALLS_SPEC, calls_dir, CALLS_PACKAGE)
    flavours = [
        Flavour(
            name="sdkgen",
            label="sdkgen",
            python=main_python,
            package=CALLS_PACKAGE,
            pythonpath=[str(calls_dir), str(REPO)],
            unavailable=f"sdkgen failed: {problem}" if problem else None,
        )
    ]
    if not settings.peers:
        return flavours
    bandwidth = peers.ensure_peer(peers.BANDWIDTH_SDK)
    flavours.append(
        Flavour(
            name="bandwidth",
            label=bandwidth.label,
            python=str(peers.BIN / "python"),
            package="bandwidth",
            pythonpath=[str(REPO)],
            unavailable=bandwidth.reason,
        )
    )
    opc = peers.ensure_peer(peers.OPENAPI_PYTHON_CLIENT)
    package, reason = None, opc.reason
    if opc.available:
        package, reason = generate_with_opc(CALLS_SPEC, workdir / "opc-calls")
    flavours.append(
        Flavour(
            name="opc",
            label=f"{opc.label} models",
            python=str(peers.BIN / "python"),
            package=package or "?",
            pythonpath=[str(workdir / "opc-calls"), str(REPO)],
            unavailable=reason,
        )
    )
    return flavours


def _worker(flavour: Flavour, task: str, settings: ClientSettings) -> tuple[float | None, str]:
    argv = [flavour.python, "-m", "bench.client_worker", task, flavour.name, flavour.package]
    argv += ["--n", str(settings.n), "--repeat", str(settings.repeat)]
    sample = run_measured(argv, cwd=REPO, env=_env(flavour.pythonpath), timeout=600)
    if not sample.ok:
        return None, first_error_line(sample)
    report = json.loads(sample.stdout.strip().splitlines()[-1])
    expected = flavour.pythonpath[0]
    if flavour.name != "bandwidth" and not str(report["file"]).startswith(expected):
        return None, f"imported {report['file']}, not the package under {expected}"
    return statistics.median(report["seconds"]), ""


def _measure_models(flavours: list[Flavour], settings: ClientSettings) -> list[ModelRow]:
    rows: list[ModelRow] = []
    for task in (PARSE, BUILD):
        times: dict[str, list[float]] = {f.name: [] for f in flavours}
        errors: dict[str, str] = {f.name: f.unavailable for f in flavours if f.unavailable}
        live = [f for f in flavours if not f.unavailable]
        for index in range(settings.runs):
            shift = index % len(live) if live else 0
            for flavour in live[shift:] + live[:shift]:
                if flavour.name in errors:
                    continue
                seconds, error = _worker(flavour, task, settings)
                if seconds is None:
                    errors[flavour.name] = error
                else:
                    times[flavour.name].append(seconds)
                    _log(f"client {task} {flavour.name}: {settings.n / seconds:,.0f}/s")
        for flavour in flavours:
            row = ModelRow(task=task, flavour=flavour.name, label=flavour.label)
            if flavour.name in errors:
                row.error = errors[flavour.name]
            elif times[flavour.name]:
                row.seconds = statistics.median(times[flavour.name])
            rows.append(row)
    return rows


def _importtime(python: str, package: str, env: dict[str, str]) -> float | None:
    result = subprocess.run(
        [python, "-X", "importtime", "-c", f"import {package}"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    for line in result.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[2].strip() == package and parts[1].strip().isdigit():
            return int(parts[1].strip()) / 1e6
    return None


def measure_import(
    label: str,
    python: str,
    package: str,
    pythonpath: list[str],
    runs: int,
    statement: str | None = None,
) -> ImportRow:
    """`import package` in fresh interpreters, minus a bare start; or `statement` instead (a
    first use of the package, which is what a lazy package defers), without `-X importtime`."""
    env = _env(pythonpath)
    here = Path(pythonpath[0]) if pythonpath else REPO
    code = statement or f"import {package}"
    warm = run_measured([python, "-c", code], cwd=here, env=env)  # writes .pyc
    if not warm.ok:
        return ImportRow(label=label, error=first_error_line(warm))
    bare: list[float] = []
    loaded: list[float] = []
    cumulative: list[float] = []
    for _ in range(max(runs, 5)):
        bare.append(run_measured([python, "-c", "pass"], cwd=here, env=env).wall)
        loaded.append(run_measured([python, "-c", code], cwd=here, env=env).wall)
        value = None if statement else _importtime(python, package, env)
        if value is not None:
            cumulative.append(value)
    return ImportRow(
        label=label,
        importtime=statistics.median(cumulative) if cumulative else None,
        wall=statistics.median(loaded) - statistics.median(bare),
    )


# What a program does first with each package: the client, one API class and a model it returns.
_CALLS_FIRST_USE = (
    f"from {CALLS_PACKAGE} import ApiClient, CallsApi; from {CALLS_PACKAGE}.models import CallState"
)


def _first_api_use(package: str) -> str:
    return (
        f"import {package} as p; from {package} import ApiClient; "
        "getattr(p, next(n for n in p.__all__ if n.endswith('Api') and not n.startswith('Async')))"
    )


def run_client_suite(workdir: Path, settings: ClientSettings) -> ClientResult:
    result = ClientResult(n=settings.n, runs=settings.runs)
    flavours = _flavours(workdir, settings)
    result.rows = _measure_models(flavours, settings)
    sdkgen = flavours[0]
    runs = settings.runs
    if sdkgen.unavailable:
        result.imports.append(ImportRow(label="sdkgen Calls package", error=sdkgen.unavailable))
    else:
        for label, statement in (
            (f"sdkgen Calls package (`import {CALLS_PACKAGE}`)", None),
            (f"sdkgen Calls package, first use (`{_CALLS_FIRST_USE}`)", _CALLS_FIRST_USE),
        ):
            result.imports.append(
                measure_import(
                    label, sdkgen.python, CALLS_PACKAGE, sdkgen.pythonpath, runs, statement
                )
            )
    if settings.large_package is not None:
        big = settings.large_package
        package = "large_sdk"
        out = workdir / "sdkgen-large"
        label = f"sdkgen {big.name} package ({big.operations} operations)"
        _log(f"client: generating the {big.name} package for its import time")
        problem = generate_with_sdkgen(settings.sdkgen, big.path, out, package)
        if problem:
            result.imports.append(ImportRow(label=label, error=f"sdkgen failed: {problem}"))
        else:
            models = sum(1 for _ in (out / package / "models").glob("*.py"))
            path = [str(out), str(REPO)]
            row = measure_import(label, sys.executable, package, path, runs)
            row.note = f"{models} model modules"
            use = measure_import(
                f"{label}, first use of its first API class",
                sys.executable,
                package,
                path,
                runs,
                _first_api_use(package),
            )
            result.imports += [row, use]
    for flavour in flavours[1:]:
        if flavour.name == "bandwidth" and not flavour.unavailable:
            row = measure_import(
                f"{flavour.label} (`bandwidth`, all its APIs)",
                flavour.python,
                flavour.package,
                [],
                runs,
            )
            result.imports.append(row)
    return result
