"""Where one cold `sdkgen generate` spends its time, stage by stage, on one core.

Run as a child in a fresh interpreter (`python -m bench.stages SPEC OUT`): it times the import of
the CLI, wraps each stage function `generator.pipeline` calls (load, validate, build, render,
format, write) and `black.format_str` with a timer, runs the CLI's `generate`, and prints the
timings as JSON. Stages that are renamed or gone are simply missing from the result. The parent
side (`profile_generation`) adds the process's wall time and `-X importtime`'s heaviest imports.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STAGES = (
    ("load", "load"),
    ("validate", "validate"),
    ("build_api", "build IR"),
    ("render_api", "render"),
    ("format_files", "format (black)"),
    ("write_output", "write"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class StageProfile:
    spec: str
    wall: float  # the whole process, median
    imports: float  # importing generator.cli and what it pulls in
    rest: float  # start-up, exit, CLI work outside the stages: wall - imports - stages, median
    stages: dict[str, float]
    black_calls: int
    heaviest_imports: list[tuple[str, float]]  # top-level package, cumulative seconds
    error: str | None = None


def _child(spec: str, out: str) -> dict[str, Any]:
    before = time.perf_counter()
    from generator import cli, pipeline  # noqa: PLC0415 - the import is what is timed

    imports = time.perf_counter() - before
    seconds: dict[str, float] = {}
    calls: dict[str, int] = {}

    def wrap(owner: Any, name: str, label: str) -> None:
        original: Callable[..., Any] | None = getattr(owner, name, None)
        if original is None:
            return

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                seconds[label] = seconds.get(label, 0.0) + time.perf_counter() - started
                calls[label] = calls.get(label, 0) + 1

        setattr(owner, name, timed)

    for name, label in STAGES:
        wrap(pipeline, name, label)
    # One core: a stage's time is then its own, not overlapped with validation in a child or
    # spread over black's worker processes (whose timers this process could not see).
    from generator.incremental import parallel  # noqa: PLC0415

    parallel.cores = lambda: 1
    import black  # noqa: PLC0415

    wrap(black, "format_str", "black.format_str")
    with open(os.devnull, "w") as sink:
        stdout, sys.stdout = sys.stdout, sink
        try:
            code = cli.main(["generate", spec, "-o", out, "--package", "pkg"])
        finally:
            sys.stdout = stdout
    black_seconds = seconds.pop("black.format_str", 0.0)
    return {
        "code": code,
        "imports": imports,
        "stages": seconds,
        "black_calls": calls.get("black.format_str", 0),
        "black_seconds": black_seconds,
    }


def heaviest_imports(importtime_log: str, top: int = 8) -> list[tuple[str, float]]:
    """The top-level packages a run spent most time importing, from its `-X importtime` log;
    each counted where it was first imported (cumulative), sdkgen's own `generator` left out."""
    found: dict[str, float] = {}
    for line in importtime_log.splitlines():
        parts = line.split("|")
        if len(parts) != 3 or not line.startswith("import time:"):
            continue
        name, cumulative = parts[2].strip(), parts[1].strip()
        if not cumulative.isdigit() or "." in name or name == "generator" or name[0] == "_":
            continue
        found[name] = max(found.get(name, 0.0), int(cumulative) / 1e6)
    return sorted(found.items(), key=lambda pair: pair[1], reverse=True)[:top]


def profile_generation(
    python: str, spec: Path, runs: int = 3, source: Path | None = None
) -> StageProfile:
    """Median stage times over `runs` cold processes (`generator` taken from `source`, this
    tree by default)."""
    from bench.measure import first_error_line, run_measured  # noqa: PLC0415

    repo = str(Path(__file__).resolve().parent.parent)
    paths = [str(source), repo] if source is not None else [repo]
    # No store of earlier runs' results (generator.incremental.store): the profile is of the work.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(paths), SDKGEN_NO_CACHE="1")
    walls: list[float] = []
    children: list[dict[str, Any]] = []
    for _ in range(max(1, runs)):
        with tempfile.TemporaryDirectory(prefix="stages-") as workdir:
            argv = [python, "-m", "bench.stages", str(spec), str(Path(workdir) / "out")]
            sample = run_measured(argv, cwd=Path(workdir), env=env, timeout=1800)
        if not sample.ok:
            return StageProfile(
                spec=spec.name,
                wall=sample.wall,
                imports=0.0,
                rest=0.0,
                stages={},
                black_calls=0,
                heaviest_imports=[],
                error=first_error_line(sample),
            )
        walls.append(sample.wall)
        children.append(json.loads(sample.stdout.strip().splitlines()[-1]))
    with tempfile.TemporaryDirectory(prefix="stages-") as workdir:
        argv = [python, "-X", "importtime", "-m", "bench.stages", str(spec), workdir + "/out"]
        traced = run_measured(argv, cwd=Path(workdir), env=env, timeout=1800)
    labels = [label for _, label in STAGES] + ["black.format_str"]
    stages: dict[str, float] = {}
    for label in labels:
        key = "black_seconds" if label == "black.format_str" else None
        values = [c[key] if key else c["stages"].get(label) for c in children]
        present = [v for v in values if v is not None]
        if present:
            stages[label] = statistics.median(present)
    return StageProfile(
        spec=spec.name,
        wall=statistics.median(walls),
        imports=statistics.median(c["imports"] for c in children),
        rest=statistics.median(
            wall - c["imports"] - sum(c["stages"].values())
            for wall, c in zip(walls, children, strict=True)
        ),
        stages=stages,
        black_calls=children[0]["black_calls"],
        heaviest_imports=heaviest_imports(traced.stderr),
    )


if __name__ == "__main__":
    print(json.dumps(_child(sys.argv[1], sys.argv[2])))
