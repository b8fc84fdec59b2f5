"""The generation suite: sdkgen and each peer, cold processes, on the same inputs.

Per input, four "tools" take turns: sdkgen cold, the two peers, sdkgen warm. One warm-up round
(each once; it also fills the page cache and tells how long a round takes), then up to N measured
rounds, the order rotated each round so no tool always runs first and no tool's runs come back to
back. A round budget keeps big inputs bounded: when one round takes long, fewer rounds are
measured, and when a single run takes longer than `slow_run` the warm-up run is the measurement
(start-up noise is irrelevant at that scale).

Every run writes into a new, non-existent output directory inside a fresh run directory that is
removed afterwards, with `XDG_CACHE_HOME` pointing into it. sdkgen's store (`SDKGEN_CACHE_DIR`)
is, for a cold run, a fresh directory of that run's own (a first run ever), and for a warm run
the input's kept store, which the first successful cold run left behind (every later run on
content sdkgen has seen: CI with a cached home directory, a second project on the same spec).
The peers keep nothing between runs, so for them warm is cold; they are measured once. The
"regenerate, unchanged" row (sdkgen into the directory it has just written) is measured apart.
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
SDKGEN_WARM = "sdkgen-warm"
PEERS = (OPC, OGC)

# Where a tool's store is: none (the peers), a fresh one per run, or the input's kept one.
NO_STORE, FRESH_STORE, KEPT_STORE = "none", "fresh", "kept"


@dataclass(frozen=True, slots=True, kw_only=True)
class Tool:
    name: str
    label: str
    argv: Callable[[Path, Path], list[str]]  # (spec, output directory) -> command line
    produced: Callable[[Path], bool]  # did the run leave a package in the output directory?
    env: Mapping[str, str] | None = None
    unavailable: str | None = None  # reason, when the tool cannot run at all
    remark: Callable[[Sample], str] | None = None  # a note on a successful run's output
    store: str = NO_STORE  # NO_STORE, FRESH_STORE or KEPT_STORE (sdkgen's SDKGEN_CACHE_DIR)


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
    load: str = ""  # the 1-minute load average when this input's runs started

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


def sdkgen_tool(command: Sdkgen, *, warm: bool = False) -> Tool:
    """sdkgen with a fresh store per run (cold), or with the input's kept store (warm)."""
    return Tool(
        name=SDKGEN_WARM if warm else SDKGEN,
        label=command.label,
        argv=lambda spec, out: command.generate(spec, out, "pkg"),
        produced=lambda out: (out / "pkg" / "__init__.py").exists(),
        env=command.env,
        store=KEPT_STORE if warm else FRESH_STORE,
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


def _isolated(env: Mapping[str, str] | None, run_dir: Path, store: Path | None) -> dict[str, str]:
    """The tool's environment with a user cache directory of this run's own.

    sdkgen's store (generator.incremental.store) would follow `SDKGEN_CACHE_DIR` or be off with
    `SDKGEN_NO_CACHE` wherever the bench was started from (the test suite sets the former), and
    `SDKGEN_JOBS` would change how many cores it uses: all three are dropped, so every run sees
    a store only where the bench says (`store`) and runs with sdkgen's defaults.
    """
    base = {
        name: value
        for name, value in (env if env is not None else os.environ).items()
        if name not in ("SDKGEN_CACHE_DIR", "SDKGEN_NO_CACHE", "SDKGEN_JOBS")
    }
    extra = {"SDKGEN_CACHE_DIR": str(store)} if store is not None else {}
    return {**base, "XDG_CACHE_HOME": str(run_dir / "cache"), **extra}


def kept_store(item: Input, workdir: Path) -> Path:
    """The store warm runs on `item` share (it exists once a cold run succeeded)."""
    slug = "".join(c if c.isalnum() else "-" for c in item.name)
    return workdir / "kept-stores" / slug


def _run_once(tool: Tool, item: Input, workdir: Path, settings: Settings) -> tuple[Sample, bool]:
    run_dir = Path(tempfile.mkdtemp(prefix=f"{tool.name}-", dir=workdir))
    kept = kept_store(item, workdir)
    store = {FRESH_STORE: run_dir / "store", KEPT_STORE: kept}.get(tool.store)
    try:
        out = run_dir / "out"  # does not exist yet: sdkgen creates it, as for a new project
        env = _isolated(tool.env, run_dir, store)
        argv = tool.argv(item.path, out)
        sample = run_measured(argv, cwd=run_dir, env=env, timeout=settings.timeout)
        ok = sample.ok and tool.produced(out)
        if ok and tool.store == FRESH_STORE and store is not None and not kept.exists():
            kept.parent.mkdir(parents=True, exist_ok=True)
            store.rename(kept)  # the first cold run's store is what warm runs start from
        return sample, ok
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def _blocked(tool: Tool, item: Input, workdir: Path) -> str | None:
    """Why `tool` cannot run now: a warm run without a kept store would be a cold one."""
    if tool.store == KEPT_STORE and not kept_store(item, workdir).exists():
        return "no warm store: sdkgen's cold run failed"
    return None


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
        if reason := _blocked(tool, item, workdir):
            outcomes[tool.name].error = reason
            live.remove(tool)
            continue
        sample, ok = _run_once(tool, item, workdir, settings)
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


def _round(
    item: Input,
    order: list[Tool],
    outcomes: dict[str, Outcome],
    workdir: Path,
    settings: Settings,
    progress: str,
) -> None:
    """One measured run of each tool in `order` that has not failed yet."""
    for tool in order:
        outcome = outcomes[tool.name]
        if outcome.error:
            continue
        if reason := _blocked(tool, item, workdir):
            outcome.error = reason
            continue
        sample, ok = _run_once(tool, item, workdir, settings)
        _log(f"{item.name}: {tool.name} run {progress} {sample.wall:.2f} s")
        if ok:
            outcome.samples.append(sample)
        else:
            outcome.error = _failure(sample)
            outcome.timed_out_after = sample.wall if sample.timed_out else None


def measure_input(item: Input, tools: list[Tool], workdir: Path, settings: Settings) -> InputResult:
    """Every tool on `item`, taking turns; `tools` lists sdkgen cold before sdkgen warm (the
    cold run leaves the store the warm one needs) and, best, a peer between them."""
    load = load_average()
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
        order = live[shift:] + live[:shift]
        _round(item, order, outcomes, workdir, settings, f"{index + 1}/{rounds}")
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
    return InputResult(input=item, outcomes=[outcomes[t.name] for t in tools], load=load)


def measure_unchanged_regeneration(
    item: Input, command: Sdkgen, workdir: Path, settings: Settings
) -> InputResult:
    """sdkgen run again on an output directory it has just written (nothing changed): one
    unmeasured run leaves the directory and a store behind, one warm-up, then the measured
    runs, all into that same directory."""
    tool = sdkgen_tool(command)
    outcome = Outcome(tool=SDKGEN, label=tool.label)
    run_dir = Path(tempfile.mkdtemp(prefix="again-", dir=workdir))
    env = _isolated(tool.env, run_dir, run_dir / "store")
    unmeasured = 2 if settings.warmup else 1
    load = load_average()
    try:
        for index in range(unmeasured + settings.runs):
            sample = run_measured(
                tool.argv(item.path, run_dir / "out"),
                cwd=run_dir,
                env=env,
                timeout=settings.timeout,
            )
            if not sample.ok:
                outcome.error = first_error_line(sample)
                break
            if index >= unmeasured:
                outcome.samples.append(sample)
        if outcome.samples and not outcome.error:
            outcome.summary = summarize(outcome.samples)
            _log(f"{item.name}: sdkgen regenerate, unchanged {outcome.summary.wall:.2f} s")
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    title = f"{item.name} (regenerate, unchanged)"
    return InputResult(input=item, outcomes=[outcome], title=title, load=load)


def measure_rejection(
    item: Input, command: Sdkgen, workdir: Path, settings: Settings
) -> InputResult:
    """sdkgen, cold, on a spec the validator rejects: how long until the verdict. A run counts
    when it fails without writing a package; one that succeeds is the row's error."""
    tool = sdkgen_tool(command)
    outcome = Outcome(tool=SDKGEN, label=tool.label)
    load = load_average()
    runs, index = settings.runs + (1 if settings.warmup else 0), 0
    while index < runs and not outcome.error:
        run_dir = Path(tempfile.mkdtemp(prefix="reject-", dir=workdir))
        try:
            env = _isolated(tool.env, run_dir, run_dir / "store")
            argv = tool.argv(item.path, run_dir / "out")
            sample = run_measured(argv, cwd=run_dir, env=env, timeout=settings.timeout)
            wrote = tool.produced(run_dir / "out")
        finally:
            shutil.rmtree(run_dir, ignore_errors=True)
        _log(f"{item.name}: sdkgen rejection run {index + 1}/{runs} {sample.wall:.2f} s")
        if sample.ok or sample.timed_out or wrote:
            outcome.error = "accepted the spec" if sample.ok else first_error_line(sample)
        elif index == 0 and settings.warmup:  # the warm-up; it sets how many runs fit
            runs = 1 + min(settings.runs, max(1, int(settings.budget // max(sample.wall, 1e-9))))
        else:
            outcome.samples.append(sample)
            reason = first_error_line(sample, limit=400).replace(str(item.path), item.path.name)
            outcome.note = "rejected: " + (reason if len(reason) <= 120 else reason[:119] + "…")
        index += 1
    if outcome.samples and not outcome.error:
        outcome.summary = summarize(outcome.samples)
    title = f"{item.name}, rejected"
    return InputResult(input=item, outcomes=[outcome], title=title, load=load)


def load_average() -> str:
    """The 1-minute load average: other work on a 2-core machine skews every number (the
    multi-threaded JVM of OpenAPI Generator most)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"
