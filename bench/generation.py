"""The generation suite: sdkgen and each peer, cold processes, on the same inputs.

Per input: one warm-up round (every tool once; it also fills the page cache and tells how long
a round takes), then up to N measured rounds with the tools' order rotated each round, so no
tool always runs first. A round budget keeps big inputs bounded: when one round takes long, fewer
rounds are measured, and when a single run takes longer than `slow_run` the warm-up run is the
measurement (start-up noise is irrelevant at that scale). Every run writes into a fresh empty
directory that is removed afterwards, with `XDG_CACHE_HOME` pointing into it, so no run finds a
cache an earlier one left (sdkgen's own cache lives in the output directory; the "regenerate,
unchanged" row is the one that measures it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bench import peers
from bench.inputs import REPO, Input
from bench.measure import Sample, Summary, first_error_line, run_measured, summarize

SDKGEN = "sdkgen"
OPC = "openapi-python-client"
OGC = "openapi-generator"


@dataclass(frozen=True, slots=True, kw_only=True)
class Tool:
    name: str
    label: str
    argv: Callable[[Path, Path], list[str]]  # (spec, output directory) -> command line
    produced: Callable[[Path], bool]  # did the run leave a package in the output directory?
    env: Mapping[str, str] | None = None
    unavailable: str | None = None  # reason, when the tool cannot run at all
    remark: Callable[[Sample], str] | None = None  # a note on a successful run's output


@dataclass(slots=True, kw_only=True)
class Outcome:
    tool: str
    label: str
    summary: Summary | None = None
    error: str | None = None
    note: str = ""
    samples: list[Sample] = field(default_factory=list)
    timed_out_after: float | None = None  # seconds, when a run was killed at the timeout


@dataclass(slots=True, kw_only=True)
class InputResult:
    input: Input
    outcomes: list[Outcome]
    title: str = ""  # shown instead of the input's name (e.g. "calls, regenerate unchanged")

    def outcome(self, tool: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.tool == tool), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    runs: int = 5
    warmup: bool = True
    budget: float = 240.0  # seconds of measured rounds per input, at most (roughly)
    slow_run: float = 60.0  # a warm-up run slower than this is the only measured run
    timeout: float = 1800.0  # one run, any tool


@dataclass(frozen=True, slots=True, kw_only=True)
class Sdkgen:
    """How sdkgen is started: this tree's console script, or `python -m generator` from another
    checkout (`--sdkgen-source`, for before/after comparisons)."""

    argv: list[str]
    source: Path  # the tree whose `generator` package runs
    label: str

    @property
    def env(self) -> dict[str, str] | None:
        if self.source == REPO:
            return None
        return dict(os.environ, PYTHONPATH=str(self.source))

    def generate(self, spec: Path, out: Path, package: str) -> list[str]:
        return [*self.argv, "generate", str(spec), "-o", str(out), "--package", package]


def sdkgen_at_revision(revision: str, workdir: Path) -> Sdkgen:
    """sdkgen as committed at `revision` (`git archive` of generator/ and templates/)."""
    tree = workdir / "sdkgen-revision"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", revision, "generator", "templates"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    short = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", revision],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return Sdkgen(argv=[sys.executable, "-m", "generator"], source=tree, label=f"sdkgen ({short})")


def sdkgen(source: Path | None = None) -> Sdkgen:
    if source is not None and source.resolve() != REPO:
        tree = source.resolve()
        return Sdkgen(
            argv=[sys.executable, "-m", "generator"],
            source=tree,
            label=f"sdkgen ({_revision(tree)}, {tree})",
        )
    script = REPO / ".venv" / "bin" / "sdkgen"
    if not script.exists():
        script = Path(sys.executable).with_name("sdkgen")
    argv = [str(script)] if script.exists() else [sys.executable, "-m", "generator"]
    return Sdkgen(argv=argv, source=REPO, label=f"sdkgen ({_revision(REPO)})")


def _revision(tree: Path) -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(tree), *args], capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--", "generator", "templates")
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"{head}+local changes" if dirty else head


def sdkgen_tool(command: Sdkgen) -> Tool:
    return Tool(
        name=SDKGEN,
        label=command.label,
        argv=lambda spec, out: command.generate(spec, out, "pkg"),
        produced=lambda out: (out / "pkg" / "__init__.py").exists(),
        env=command.env,
    )


def _opc_skipped(sample: Sample) -> str:
    """openapi-python-client leaves out what it cannot handle, with a warning per piece."""
    text = sample.stdout + sample.stderr
    endpoints = text.count("Endpoint will not be generated")
    others = text.count("cannot be") + text.count("will not be generated") - endpoints
    parts = [f"endpoints not generated: {endpoints}"] if endpoints else []
    parts += [f"other pieces skipped: {others}"] if others > 0 else []
    return ", ".join(parts)


def opc_tool(peer: peers.Peer) -> Tool:
    exe = str(peers.BIN / "openapi-python-client")
    return Tool(
        name=OPC,
        label=peer.label,
        # Default `--meta poetry`: a full project (pyproject, README), like sdkgen's output;
        # its post-generation hooks run `ruff check --fix` and `ruff format`.
        argv=lambda spec, out: [exe, "generate", "--path", str(spec), "--output-path", str(out)],
        produced=lambda out: any(out.glob("*/__init__.py")),
        remark=_opc_skipped,
        env=peers.peer_env(),
        unavailable=peer.reason,
    )


def ogc_tool(peer: peers.Peer) -> Tool:
    exe = str(peers.BIN / "openapi-generator-cli")
    return Tool(
        name=OGC,
        label=peer.label.replace("openapi-generator-cli", "openapi-generator"),
        argv=lambda spec, out: [
            exe,
            "generate",
            "-i",
            str(spec),
            "-g",
            "python",
            "-o",
            str(out),
            "--package-name",
            "pkg",
        ],
        # It exits 0 on some failures (e.g. YAML over its size limit), so check the output.
        produced=lambda out: (out / "pkg" / "__init__.py").exists(),
        env=peers.peer_env(),
        unavailable=peer.reason,
    )


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def _isolated(env: Mapping[str, str] | None, run_dir: Path) -> dict[str, str]:
    """The tool's environment with a user cache directory of this run's own.

    sdkgen's store (generator.incremental.store) would follow `SDKGEN_CACHE_DIR` or be off with
    `SDKGEN_NO_CACHE` wherever the bench was started from (the test suite sets the former), and
    `SDKGEN_JOBS` would change how many cores it uses: all three are dropped, so every run sees
    a store only where the bench says and runs with sdkgen's defaults.
    """
    base = {
        name: value
        for name, value in (env if env is not None else os.environ).items()
        if name not in ("SDKGEN_CACHE_DIR", "SDKGEN_NO_CACHE", "SDKGEN_JOBS")
    }
    return {**base, "XDG_CACHE_HOME": str(run_dir / "cache")}


def _run_once(tool: Tool, spec: Path, workdir: Path, settings: Settings) -> tuple[Sample, bool]:
    run_dir = Path(tempfile.mkdtemp(prefix=f"{tool.name}-", dir=workdir))
    try:
        out = run_dir / "out"
        env = _isolated(tool.env, run_dir)
        sample = run_measured(tool.argv(spec, out), cwd=run_dir, env=env, timeout=settings.timeout)
        return sample, sample.ok and tool.produced(out)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def _failure(sample: Sample) -> str:
    if sample.ok:
        return "exit code 0 but no package written: " + first_error_line(sample)
    return first_error_line(sample)


def _warm_up(
    item: Input, live: list[Tool], outcomes: dict[str, Outcome], workdir: Path, settings: Settings
) -> dict[str, Sample]:
    """One run of every live tool; a tool that fails is dropped from `live` with its error."""
    warmups: dict[str, Sample] = {}
    for tool in list(live):
        sample, ok = _run_once(tool, item.path, workdir, settings)
        _log(f"{item.name}: {tool.name} warm-up {sample.wall:.2f} s{'' if ok else ' FAILED'}")
        if ok:
            warmups[tool.name] = sample
        else:
            outcomes[tool.name].error = _failure(sample)
            outcomes[tool.name].timed_out_after = sample.wall if sample.timed_out else None
            live.remove(tool)
    return warmups


def _rounds(warmups: dict[str, Sample], outcomes: dict[str, Outcome], settings: Settings) -> int:
    """How many measured rounds fit the budget; 0 when the warm-ups are the measurement."""
    if not warmups:
        return settings.runs
    if max(s.wall for s in warmups.values()) > settings.slow_run:
        for name, sample in warmups.items():
            outcomes[name].samples.append(sample)
            outcomes[name].note = "1 run (the warm-up; slow input)"
        return 0
    round_time = max(sum(s.wall for s in warmups.values()), 1e-9)
    return min(settings.runs, max(1, int(settings.budget // round_time)))


def measure_input(item: Input, tools: list[Tool], workdir: Path, settings: Settings) -> InputResult:
    outcomes = {tool.name: Outcome(tool=tool.name, label=tool.label) for tool in tools}
    live: list[Tool] = []
    for tool in tools:
        if tool.unavailable:
            outcomes[tool.name].error = f"unavailable: {tool.unavailable}"
        else:
            live.append(tool)
    warmups = _warm_up(item, live, outcomes, workdir, settings) if settings.warmup else {}
    rounds = _rounds(warmups, outcomes, settings)
    for index in range(rounds):
        shift = index % len(live) if live else 0
        for tool in live[shift:] + live[:shift]:
            outcome = outcomes[tool.name]
            if outcome.error:
                continue
            sample, ok = _run_once(tool, item.path, workdir, settings)
            _log(f"{item.name}: {tool.name} run {index + 1}/{rounds} {sample.wall:.2f} s")
            if ok:
                outcome.samples.append(sample)
            else:
                outcome.error = _failure(sample)
                outcome.timed_out_after = sample.wall if sample.timed_out else None
    for tool in tools:
        outcome = outcomes[tool.name]
        if outcome.samples and not outcome.error:
            outcome.summary = summarize(outcome.samples)
            if not outcome.note and rounds < settings.runs:
                outcome.note = f"{rounds} runs (time budget)"
            if tool.remark is not None:
                outcome.note = "; ".join(
                    p for p in (outcome.note, tool.remark(outcome.samples[-1])) if p
                )
    return InputResult(input=item, outcomes=[outcomes[t.name] for t in tools])


def measure_unchanged_regeneration(
    item: Input, command: Sdkgen, workdir: Path, settings: Settings
) -> InputResult:
    """sdkgen run again on an output directory it has just written (nothing changed)."""
    return _sdkgen_again(
        item, command, workdir, settings, new_output=False, title="regenerate, unchanged"
    )


def measure_warm_store(
    item: Input, command: Sdkgen, workdir: Path, settings: Settings
) -> InputResult:
    """sdkgen writing into a new, empty output directory with a store an earlier run filled.

    The cold runs of `measure_input` each start with an empty store (a first run ever); this is
    every later run on content sdkgen has seen before, e.g. CI with a cached home directory, or
    a spec edit that leaves most files as they were.
    """
    return _sdkgen_again(item, command, workdir, settings, new_output=True, title="warm store")


def _sdkgen_again(
    item: Input,
    command: Sdkgen,
    workdir: Path,
    settings: Settings,
    *,
    new_output: bool,
    title: str,
) -> InputResult:
    """One unmeasured sdkgen run (it leaves an output directory and a store behind), the
    warm-up, then the measured runs: into that same directory, or each into a new one."""
    tool = sdkgen_tool(command)
    outcome = Outcome(tool=SDKGEN, label=tool.label)
    run_dir = Path(tempfile.mkdtemp(prefix="again-", dir=workdir))
    env = _isolated(tool.env, run_dir)
    unmeasured = 2 if settings.warmup else 1
    try:
        for index in range(unmeasured + settings.runs):
            out = run_dir / (f"out-{index}" if new_output else "out")
            sample = run_measured(
                tool.argv(item.path, out), cwd=run_dir, env=env, timeout=settings.timeout
            )
            if new_output:
                shutil.rmtree(out, ignore_errors=True)
            if not sample.ok:
                outcome.error = first_error_line(sample)
                break
            if index >= unmeasured:
                outcome.samples.append(sample)
        if outcome.samples and not outcome.error:
            outcome.summary = summarize(outcome.samples)
            _log(f"{item.name}: sdkgen {title} {outcome.summary.wall:.2f} s")
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    return InputResult(input=item, outcomes=[outcome], title=f"{item.name} ({title})")
