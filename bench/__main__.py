"""`python -m bench` (`make bench`): sdkgen side by side with its peers.

    python -m bench                      # everything; rewrites bench/RESULTS.md
    python -m bench --suite generate     # only generation (also: client)
    python -m bench --runs 3 --synthetic 10,100,1000 --inputs calls,synthetic
    python -m bench --smoke              # seconds: sdkgen only, tiny inputs, no peers, no file
    python -m bench --sdkgen-rev HEAD~1  # sdkgen as committed there (before/after comparisons)
    python -m bench --inputs calls --output /tmp/calls.md  # partial: not over RESULTS.md

Per input, sdkgen cold (fresh store, new output directory), the peers and sdkgen warm (the store
an earlier run left) take turns; the summary gives fastest peer ÷ sdkgen, cold and warm. A full
run is estimated at 35 to 45 minutes on the 2-core machine at 1f35e39's speed (synthetic-10000
alone about 20); it shrinks as sdkgen gets faster. Peers are installed on demand into
bench/.peers/venv (ignored by git). Exit code 0, also when a tool fails on an input (the failure
is in the table); in `--smoke` mode 1 when sdkgen failed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import textwrap
from pathlib import Path

from bench import peers
from bench.client import ClientResult, ClientSettings, run_client_suite
from bench.generation import (
    InputResult,
    Sdkgen,
    Settings,
    Tool,
    load_average,
    measure_input,
    measure_rejection,
    measure_unchanged_regeneration,
    ogc_tool,
    opc_tool,
    sdkgen,
    sdkgen_at_revision,
    sdkgen_tool,
)
from bench.inputs import (
    REPO,
    Input,
    bandwidth_inputs,
    calls_input,
    corpus_inputs,
    invalid_input,
    synthetic_inputs,
)
from bench.report import (
    RESULTS,
    client_table,
    generation_table,
    import_table,
    linearity_lines,
    machine,
    machine_line,
    stages_table,
    targets,
    write_results,
)
from bench.stages import StageProfile, profile_generation
from bench.store import LAST_RUN, Run, load, save
from bench.summary import legend, side_by_side

DEFAULT_SIZES = (10, 100, 1000, 10_000)


def _sizes(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def _parser() -> argparse.ArgumentParser:
    first, _, rest = __doc__.partition("\n")
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=first,
        epilog=textwrap.dedent(rest).strip("\n"),  # the examples and what a run measures
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--suite", choices=("generate", "client", "all"), default="all")
    parser.add_argument("--runs", type=int, default=5, help="measured runs per tool and input")
    parser.add_argument("--smoke", action="store_true", help="a tiny sdkgen-only run, seconds")
    parser.add_argument(
        "--inputs", help="comma-separated substrings; only inputs whose name contains one"
    )
    parser.add_argument(
        "--synthetic",
        type=_sizes,
        default=list(DEFAULT_SIZES),
        help="operation counts of the synthetic specs (default 10,100,1000,10000)",
    )
    parser.add_argument(
        "--budget", type=float, default=240.0, help="seconds of measured rounds per input"
    )
    parser.add_argument(
        "--slow-run",
        type=float,
        default=60.0,
        help="a warm-up run slower than this is the only measured run",
    )
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds, one run")
    parser.add_argument("--no-peers", action="store_true", help="measure sdkgen alone")
    parser.add_argument("--upgrade-peers", action="store_true", help="reinstall the peers")
    parser.add_argument("--no-profile", action="store_true", help="skip the stage profile")
    parser.add_argument("--no-write", action="store_true", help=f"do not rewrite {RESULTS.name}")
    parser.add_argument(
        "--output",
        type=Path,
        help=f"write the report to this file instead of {RESULTS.name}, also for a partial run "
        f"(the hand-kept notes are copied from {RESULTS.name})",
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help=f"print (and for a full run rewrite {RESULTS.name}) from {LAST_RUN.name}, no runs",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--sdkgen-rev",
        help="measure sdkgen as committed at this git revision (e.g. HEAD~3), not the work tree",
    )
    which.add_argument(
        "--sdkgen-source",
        type=Path,
        help="measure the `generator` package of another checkout (python -m generator)",
    )
    return parser


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def _tools(args: argparse.Namespace, command: Sdkgen) -> list[Tool]:
    """In the order a round runs them: sdkgen cold, a peer, sdkgen warm (which needs the store
    a cold run leaves, so it comes after it), the other peer. Rounds rotate this order, so two
    sdkgen runs never follow each other."""
    cold, warm = sdkgen_tool(command), sdkgen_tool(command, warm=True)
    if args.no_peers or args.smoke:
        return [cold, warm]
    opc = peers.ensure_peer(peers.OPENAPI_PYTHON_CLIENT, upgrade=args.upgrade_peers)
    ogc = peers.ensure_peer(peers.OPENAPI_GENERATOR, upgrade=args.upgrade_peers)
    return [cold, opc_tool(opc), warm, ogc_tool(ogc)]


def _inputs(args: argparse.Namespace, workdir: Path) -> list[Input]:
    if args.smoke:
        return synthetic_inputs(workdir, [10])
    items = [calls_input(), *bandwidth_inputs(workdir), *corpus_inputs(3)]
    items += synthetic_inputs(workdir, args.synthetic) + invalid_input()
    if args.inputs:
        wanted = [part.strip() for part in args.inputs.split(",") if part.strip()]
        items = [item for item in items if any(w in item.name for w in wanted)]
    return items


def run_generation(
    args: argparse.Namespace, command: Sdkgen, workdir: Path
) -> tuple[list[InputResult], list[StageProfile]]:
    settings = Settings(
        runs=1 if args.smoke else args.runs,
        warmup=not args.smoke,
        budget=args.budget,
        slow_run=args.slow_run,
        timeout=args.timeout,
    )
    tools = _tools(args, command)
    results: list[InputResult] = []
    for item in _inputs(args, workdir):
        _log(f"generation: {item.name} ({item.operations} operations, {item.size_bytes:,} bytes)")
        if item.kind == "invalid":
            results.append(measure_rejection(item, command, workdir, settings))
            continue
        results.append(measure_input(item, tools, workdir, settings))
        if item.name == "calls":
            results.append(measure_unchanged_regeneration(item, command, workdir, settings))
    profiles: list[StageProfile] = []
    if not args.smoke and not args.no_profile:
        for item in [r.input for r in results if r.input.name in ("calls", "synthetic-100")]:
            if any(p.spec == item.path.name for p in profiles):
                continue
            _log(f"profile: sdkgen stages on {item.name}")
            source = None if command.source == REPO else command.source
            profiles.append(profile_generation(sys.executable, item.path, 3, source))
    return results, profiles


def run_client(args: argparse.Namespace, command: Sdkgen, workdir: Path) -> ClientResult:
    if args.smoke:
        settings = ClientSettings(sdkgen=command, n=1000, runs=1, repeat=1, peers=False)
    else:
        largest = corpus_inputs(1)
        settings = ClientSettings(
            sdkgen=command,
            runs=args.runs,
            peers=not args.no_peers,
            large_package=largest[0] if largest else None,
        )
    return run_client_suite(workdir, settings)


def _measure(args: argparse.Namespace) -> Run:
    full = args.suite == "all" and not args.inputs and args.synthetic == list(DEFAULT_SIZES)
    run = Run(machine=machine(), full=full and not args.smoke, smoke=args.smoke)
    load = run.machine["load"]
    if not args.smoke and load != "unknown" and float(load) > 0.5:
        _log(f"load average is {load}: other work on this machine will skew the numbers")
    with tempfile.TemporaryDirectory(prefix="sdkgen-bench-") as tmp:
        workdir = Path(tmp)
        if args.sdkgen_rev:
            command = sdkgen_at_revision(args.sdkgen_rev, workdir)
        else:
            command = sdkgen(args.sdkgen_source)
        if args.suite in ("generate", "all"):
            run.results, run.profiles = run_generation(args, command, workdir)
        if args.suite in ("client", "all"):
            run.client = run_client(args, command, workdir)
    run.machine["load_end"] = load_average()
    if not args.smoke:
        run.machine["java"] = peers.java_version() or "none"
    return run


def _sections(run: Run) -> list[tuple[str, str]]:
    sections: list[tuple[str, str]] = []
    if run.results:
        text = (
            "Median of the measured runs (a new process each; sdkgen cold, the peers and sdkgen "
            "warm take turns, one warm-up each). Wall in seconds.\n\n"
            + legend(run.results)
            + "\n\n"
            + side_by_side(run.results)
            + "\n\nEvery tool's numbers. Wall and CPU in seconds; CPU is user+sys of the process "
            "tree; peak RSS is the largest single process.\n\n"
            + generation_table(run.results)
            + "\n\nLinearity (per-operation time, largest synthetic size ÷ 100 operations):\n\n"
            + linearity_lines(run.results)
        )
        sections.append(("Generation", text))
    if run.client is not None:
        text = (
            f"Median over {run.client.runs} fresh processes per client (each the median of its "
            "timed repetitions after a warm-up). `sdkgen speed ÷ peer` above 1 means sdkgen's "
            "models are faster.\n\n"
            + client_table(run.client)
            + "\n\nImport time (fresh interpreter, median; wall is `python -c 'import pkg'` "
            "minus `python -c pass`):\n\n" + import_table(run.client)
        )
        sections.append(("Generated client", text))
    if run.profiles:
        sections.append(("Where sdkgen's time goes", stages_table(run.profiles)))
    if not run.smoke:
        sections.append(("Targets", targets(run.results, run.client, run.profiles)))
    return sections


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.report_only:
        if not LAST_RUN.exists():
            _log(f"no {LAST_RUN.name}: run the benchmark first")
            return 2
        run = load(LAST_RUN)
    else:
        # Every tool runs as it does for its users: with bytecode. Pip compiled the peers' at
        # install time; sdkgen's checkout and the generated packages would otherwise be
        # compiled again at every start wherever this variable is set.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        run = _measure(args)
        if run.full:
            save(run, LAST_RUN)
    header = machine_line(run.machine)
    sections = _sections(run)
    print(f"\n{header}\n")
    for title, body in sections:
        print(f"## {title}\n\n{body}\n")
    if args.output is not None:
        command = " ".join(["python -m bench", *(sys.argv[1:] if argv is None else argv)])
        write_results(args.output, sections, f"Run of `{command}`: {header}.", kept_from=RESULTS)
        _log(f"wrote {args.output}")
    elif run.full and not args.no_write:
        write_results(RESULTS, sections, f"Latest full run of `make bench`: {header}.")
        _log(f"wrote {RESULTS}")
    return 1 if run.smoke and run.sdkgen_failed() else 0


if __name__ == "__main__":
    sys.exit(main())
