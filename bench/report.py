"""Tables (Markdown, printed as they are), the targets check, and `bench/RESULTS.md`."""

from __future__ import annotations

import datetime
import os
import platform
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.client import BUILD, PARSE, TASK_TITLES, ClientResult
from bench.generation import OGC, OPC, SDKGEN, SDKGEN_WARM, InputResult, Outcome, load_average
from bench.stages import StageProfile
from bench.summary import targets as issue_targets
from bench.table import table

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
NOTES_HEADING = "## Notes"
NOTES_INTRO = """\
What the tables do not say: failures explained, profiles, caveats. Dated, newest first.
"""
LOG_HEADING = "## Optimisation log"
LOG_INTRO = """\
One entry per change made for speed, newest first, each measured with `make bench` before and
after on the same machine:

    - YYYY-MM-DD, <commit or PR>: <what changed>. <metric>: <before> → <after> (<ratio>x);
      <other metrics it moved>. <what the profile shows is left>.

For example: `calls wall 1.49 s → 0.61 s (2.4x)`. A change that made something slower is
logged too, with the reason it was kept.
"""


def _store(result: InputResult, outcome: Outcome) -> str:
    """Which store the row's runs had: what makes a run cold or warm."""
    if result.title.endswith("(regenerate, unchanged)"):
        return "kept, same output directory"
    if outcome.tool == SDKGEN:
        return "cold: a fresh one per run"
    if outcome.tool == SDKGEN_WARM or result.title.endswith("(warm store)"):  # or an old run's
        return "warm: kept from earlier runs"
    return "none (warm = cold)"


def _wall(result: InputResult | None, tool: str) -> float | None:
    outcome = result.outcome(tool) if result else None
    return outcome.summary.wall if outcome and outcome.summary else None


def generation_table(results: Sequence[InputResult]) -> str:
    """Every tool's numbers on every input, one row per tool and store."""
    header = [
        "input",
        "ops",
        "tool",
        "store",
        "runs",
        "wall s",
        "CPU s",
        "peak RSS MiB",
        "ms/op",
        "note",
    ]
    rows: list[list[str]] = []
    first = {SDKGEN: 0, SDKGEN_WARM: 1}  # sdkgen's two rows together, then the peers
    for result in results:
        for outcome in sorted(result.outcomes, key=lambda o: first.get(o.tool, 2)):
            summary = outcome.summary
            per_op = ""
            if summary and result.input.kind == "synthetic":
                per_op = f"{summary.wall / result.input.operations * 1000:.2f}"
            note = f"FAILED: {outcome.error}" if outcome.error else outcome.note
            rows.append(
                [
                    result.title or result.input.name,
                    str(result.input.operations),
                    outcome.label,
                    _store(result, outcome),
                    str(summary.runs) if summary else "-",
                    f"{summary.wall:.2f}" if summary else "-",
                    f"{summary.cpu:.2f}" if summary else "-",
                    f"{summary.max_rss_mib:.1f}" if summary else "-",
                    per_op,
                    note.replace("|", "\\|"),
                ]
            )
    return table(header, rows)


@dataclass(frozen=True, slots=True)
class Linearity:
    tool: str
    small: int
    large: int
    ratio: float  # of wall times
    cpu_ratio: float | None = None  # the same with CPU times, steadier on a busy machine
    at_least: bool = False  # the large run hit the timeout: the ratio is a lower bound


def _cpu_per_op(results: Sequence[InputResult], tool: str, operations: int) -> float | None:
    for result in results:
        outcome = result.outcome(tool)
        if result.input.operations == operations and outcome and outcome.summary:
            return outcome.summary.cpu / operations
    return None


def linearity(results: Sequence[InputResult], tools: Sequence[str]) -> list[Linearity]:
    """Per-operation time at the largest synthetic size over that at 100 operations (or the
    smallest size above 10 when 100 was not run)."""
    found: list[Linearity] = []
    synthetic = [r for r in results if r.input.kind == "synthetic" and not r.title]
    for tool in tools:
        timed = [
            (r.input.operations, wall / r.input.operations)
            for r in synthetic
            if (wall := _wall(r, tool)) is not None
        ]
        killed = [
            (r.input.operations, outcome.timed_out_after / r.input.operations)
            for r in synthetic
            if (outcome := r.outcome(tool)) and outcome.timed_out_after is not None
        ]
        base = [pair for pair in timed if pair[0] == 100] or [p for p in timed if p[0] > 10]
        if not base or not timed:
            continue
        small, large = min(base), max(timed + killed)
        if large[0] > small[0]:
            bound = large in killed
            cpu_small = _cpu_per_op(synthetic, tool, small[0])
            cpu_large = _cpu_per_op(synthetic, tool, large[0])
            cpu = cpu_large / cpu_small if cpu_small and cpu_large and not bound else None
            found.append(Linearity(tool, small[0], large[0], large[1] / small[1], cpu, bound))
    return found


def linearity_lines(results: Sequence[InputResult]) -> str:
    labels = {o.tool: o.label for r in results for o in r.outcomes}
    lines = [
        f"- {labels.get(item.tool, item.tool)}: per-op({item.large:,}) / per-op({item.small:,})"
        f" {'≥' if item.at_least else '='} {item.ratio:.2f}"
        + (" (timed out: a lower bound)" if item.at_least else "")
        + (f"; by CPU time {item.cpu_ratio:.2f}" if item.cpu_ratio is not None else "")
        for item in linearity(results, [SDKGEN, OPC, OGC])
    ]
    return "\n".join(lines) if lines else "- (not enough synthetic sizes measured)"


def client_table(result: ClientResult) -> str:
    header = ["measure", "client", "median s", "objects/s", "sdkgen speed ÷ peer", "note"]
    rows: list[list[str]] = []
    for task in (PARSE, BUILD):
        task_rows = [row for row in result.rows if row.task == task]
        base = next((r for r in task_rows if r.flavour == "sdkgen" and r.seconds), None)
        for row in task_rows:
            ratio = ""
            if base and base.seconds and row.seconds and row is not base:
                ratio = f"{row.seconds / base.seconds:.2f}x"
            per_second = row.per_second(result.n)
            rows.append(
                [
                    TASK_TITLES[task].format(n=result.n),
                    row.label,
                    f"{row.seconds:.4f}" if row.seconds else "-",
                    f"{per_second:,.0f}" if per_second else "-",
                    ratio,
                    f"FAILED: {row.error}" if row.error else "",
                ]
            )
    return table(header, rows)


def import_table(result: ClientResult) -> str:
    header = ["package", "import, wall ms", "-X importtime cumulative ms", "note"]
    rows = [
        [
            row.label,
            f"{row.wall * 1000:.0f}" if row.wall is not None else "-",
            f"{row.importtime * 1000:.0f}" if row.importtime is not None else "-",
            f"FAILED: {row.error}" if row.error else row.note,
        ]
        for row in result.imports
    ]
    return table(header, rows)


def stages_table(profiles: Sequence[StageProfile]) -> str:
    sections: list[str] = []
    for profile in profiles:
        if profile.error:
            sections.append(f"`{profile.spec}`: FAILED: {profile.error}")
            continue
        rest = profile.rest
        rows = [["start-up, exit, CLI work outside the stages", f"{rest:.3f}", ""]]
        rows[0][2] = f"{rest / profile.wall:.0%}"
        rows.append(["import generator.cli", f"{profile.imports:.3f}", ""])
        rows[-1][2] = f"{profile.imports / profile.wall:.0%}"
        for name, seconds in profile.stages.items():
            label = name
            if name == "black.format_str":
                label = f"  of which black.format_str ({profile.black_calls} calls)"
            rows.append([label, f"{seconds:.3f}", f"{seconds / profile.wall:.0%}"])
        rows.append(["total (process wall)", f"{profile.wall:.3f}", "100%"])
        heavy = ", ".join(f"{name} {sec * 1000:.0f} ms" for name, sec in profile.heaviest_imports)
        sections.append(
            f"`{profile.spec}`:\n\n"
            + table(["stage", "s", "share"], rows)
            + f"\n\nHeaviest imports of a whole run (`-X importtime`, cumulative, one more "
            f"run): {heavy}"
        )
    return "\n\n".join(sections)


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "os": platform.platform(),
        "load": load_average(),
    }


def machine_line(info: dict[str, str]) -> str:
    parts = [
        info["date"],
        f"{info['nproc']} CPUs ({info['cpu']})",
        f"Python {info['python']}",
        info["os"],
        f"load average {info['load']} at the start, {info.get('load_end', '?')} at the end",
    ]
    if "java" in info:
        parts.append(f"java: {info['java']}")
    return "; ".join(parts)


# --- targets -------------------------------------------------------------------------------


def _find(results: Sequence[InputResult], name: str, title: str = "") -> InputResult | None:
    """The result for input `name`; `title` picks a variant row ("" is the side-by-side one)."""
    return next((r for r in results if r.input.name == name and r.title == title), None)


def _num(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"


def _upper(label: str, value: float | None, limit: float, unit: str, why: str = "") -> str:
    if value is None:
        return f"- {label}: not measured{why}"
    if unit == "x":
        verdict = "**met**" if value <= limit else f"**missed** by {value - limit:.2f}"
        return f"- {label}: {verdict} ({value:.2f}, target ≤ {limit:g})"
    if value <= limit:
        return f"- {label}: **met** ({_num(value)} {unit} ≤ {limit:g} {unit})"
    return (
        f"- {label}: **missed** by {_num(value - limit)} {unit} ({_num(value)} {unit}, "
        f"{value / limit:.1f}x the target {limit:g} {unit})"
    )


def _lower(label: str, value: float | None, limit: float, why: str = "") -> str:
    if value is None:
        return f"- {label}: not measured{why}"
    if value >= limit:
        return f"- {label}: **met** ({value:.2f}x ≥ {limit:g}x)"
    return f"- {label}: **missed** ({value:.2f}x, needs {limit / value:.1f}x more)"


def _speedup(result: InputResult | None, peer: str, tool: str = SDKGEN) -> float | None:
    """Peer wall ÷ sdkgen wall on one input; sdkgen's cold run, or `tool`'s (warm store)."""
    ours, theirs = _wall(result, tool), _wall(result, peer)
    return theirs / ours if ours and theirs else None


_EMPTY, _WARM = "first run, empty store", "warm store"
_MODES = ((_EMPTY, SDKGEN), (_WARM, SDKGEN_WARM))


def _calls_targets(results: Sequence[InputResult]) -> list[str]:
    calls = _find(results, "calls")
    regen = next((r for r in results if r.title.endswith("(regenerate, unchanged)")), None)
    full = _find(results, "bandwidth (no callbacks)")
    lines: list[str] = []
    for label, tool in _MODES:
        outcome = calls.outcome(tool) if calls else None
        summary = outcome.summary if outcome else None
        lines += [
            _upper(f"Calls spec, cold process, {label}, wall", _wall(calls, tool), 0.25, "s"),
            _lower(f"Calls spec vs openapi-python-client, {label}", _speedup(calls, OPC, tool), 4),
            _lower(f"Calls spec vs OpenAPI Generator, {label}", _speedup(calls, OGC, tool), 9),
            _upper(
                f"Calls spec peak RSS, {label}",
                summary.max_rss_mib if summary else None,
                50,
                "MiB",
            ),
        ]
    lines.append(_upper("Regeneration when nothing changed", _wall(regen, SDKGEN), 0.1, "s"))
    for label, tool in _MODES:
        lines.append(
            _lower(
                "Full Bandwidth spec vs openapi-python-client (on the copy without callbacks, "
                f"which it can read), {label}",
                _speedup(full, OPC, tool),
                4,
            )
        )
    return lines


def _scale_targets(results: Sequence[InputResult]) -> list[str]:
    lines: list[str] = []
    corpus = [r for r in results if r.input.kind == "corpus" and _wall(r, SDKGEN) is not None]
    if corpus:
        biggest = max(corpus, key=lambda r: r.input.size_bytes)
        megabytes = biggest.input.size_bytes / 1e6
        for label, tool in _MODES:
            wall = _wall(biggest, tool)
            lines.append(
                _upper(
                    f"3 MB corpus spec ≤ 3 s, {label} (no validating corpus spec is that big; "
                    f"the largest, {biggest.input.name} at {megabytes:.2f} MB, took "
                    f"{'-' if wall is None else f'{wall:.2f}'} s; projected linearly to 3 MB)",
                    None if wall is None else wall * 3 / megabytes,
                    3,
                    "s",
                )
            )
    else:
        lines.append("- 3 MB corpus spec ≤ 3 s: not measured")
    found = [item for item in linearity(results, [SDKGEN]) if item.tool == SDKGEN]
    label = "Linearity, per-op time at 10,000 ops ÷ at 100"
    if found:
        label = f"Linearity, per-op({found[0].large:,}) ÷ per-op({found[0].small:,})"
        if found[0].at_least:
            label += " (the large run timed out, so at least this)"
    lines.append(_upper(label, found[0].ratio if found else None, 1.5, "x"))
    if found and found[0].cpu_ratio is not None:
        lines.append(
            _upper(
                "Linearity by CPU time (steadier on a busy machine)", found[0].cpu_ratio, 1.5, "x"
            )
        )
    return lines


def _client_targets(client: ClientResult | None) -> list[str]:
    if client is None:
        return ["- Generated-client targets: client suite not run"]
    parse = {r.flavour: r for r in client.rows if r.task == PARSE}
    mine, theirs = parse.get("sdkgen"), parse.get("bandwidth")
    ratio = None
    if mine and theirs and mine.seconds and theirs.seconds:
        ratio = theirs.seconds / mine.seconds
    calls_import = client.imports[0] if client.imports else None
    large = next((r for r in client.imports if r.label.endswith("operations)")), None)
    first_use = [r for r in client.imports if "first use" in r.label and r.wall is not None]
    return [
        _lower("Parsing CallState from JSON bytes vs bandwidth-sdk", ratio, 5),
        _upper(
            "Calls package import (wall, fresh interpreter, minus a bare start)",
            calls_import.wall * 1000 if calls_import and calls_import.wall else None,
            100,
            "ms",
        ),
        _upper(
            f"Large package import ({large.label if large else 'largest corpus spec'})",
            large.wall * 1000 if large and large.wall else None,
            300,
            "ms",
        ),
        *(
            f"- Not a target, for the record: {r.label}: {(r.wall or 0) * 1000:.0f} ms"
            for r in first_use
        ),
    ]


def _profile_notes(profiles: Sequence[StageProfile]) -> list[str]:
    lines = ["", "What the profile shows is left (see “Where sdkgen's time goes”):"]
    for profile in profiles:
        if profile.error or not profile.stages:
            continue
        top = sorted(
            ((k, v) for k, v in profile.stages.items() if k != "black.format_str"),
            key=lambda kv: kv[1],
            reverse=True,
        )[:3]
        spent = ", ".join(f"{k} {v:.2f} s ({v / profile.wall:.0%})" for k, v in top)
        lines.append(
            f"- `{profile.spec}` ({profile.wall:.2f} s): imports {profile.imports:.2f} s "
            f"({profile.imports / profile.wall:.0%}); {spent}"
        )
    return lines if len(lines) > 2 else []


def targets(
    results: Sequence[InputResult], client: ClientResult | None, profiles: Sequence[StageProfile]
) -> str:
    """The targets, each met or missed by how much, from the measured numbers: issue 11's
    (cold and warm against the fastest peer) first, then the earlier issues' that still hold."""
    lines = ["Issue 11 (ratios from the summary table above):", "", *issue_targets(results)]
    lines += ["", "Earlier targets:", ""]
    lines += _calls_targets(results) + _scale_targets(results) + _client_targets(client)
    return "\n".join(lines + _profile_notes(profiles))


# --- RESULTS.md ----------------------------------------------------------------------------


def _kept(text: str, heading: str, intro: str) -> str:
    """The body of a hand-written section of the previous results file, without its intro."""
    if heading not in text:
        return ""
    body = text.split(heading, 1)[1].split("\n## ", 1)[0]
    body = body.split(intro, 1)[1] if intro and intro in body else body
    return body.strip()


def write_results(
    path: Path, sections: Sequence[tuple[str, str]], header: str, kept_from: Path | None = None
) -> None:
    """Rewrites the results file with `sections` (title, body), keeping the two hand-written
    sections, the notes and the optimisation log, as they were in `kept_from` (default: the
    file itself; `--output` copies them from RESULTS.md)."""
    source = kept_from or path
    previous = source.read_text(encoding="utf-8") if source.exists() else ""
    notes = _kept(previous, NOTES_HEADING, NOTES_INTRO) or "(none)"
    log = _kept(previous, LOG_HEADING, LOG_INTRO) or "(none yet)"
    parts = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python -m bench`; `--help` lists the options, `--smoke` is the",
        "seconds-long run the tests use). The notes and the optimisation log are written by hand",
        "and kept across runs.",
        "",
        header,
        "",
    ]
    for title, body in sections:
        parts += [f"## {title}", "", body.rstrip(), ""]
    parts += [NOTES_HEADING, "", NOTES_INTRO, notes, ""]
    parts += [LOG_HEADING, "", LOG_INTRO, log, ""]
    path.write_text("\n".join(parts), encoding="utf-8")
