"""One row per input: the ratios issue 11's targets are judged by, cold and warm side by side.

ratio = the fastest peer's wall ÷ sdkgen's wall (above 1: sdkgen is faster), against the faster
of the peers that succeeded on the input. The peers keep no store, so their warm run is their
cold run: both ratios divide the same peer time. Peak RSS is sdkgen's larger peak (cold or warm)
over the lower of the peers'. The per-tool numbers are in the detailed table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bench.generation import PEERS, SDKGEN, SDKGEN_WARM, InputResult, Outcome
from bench.table import table

COLD_TARGET = 2.0  # fastest peer ÷ sdkgen, cold
WARM_TARGET = 10.0  # fastest peer ÷ sdkgen, warm store
RSS_TARGET = 1.0  # sdkgen's peak RSS ÷ the lower of the peers'
REGENERATE_TARGET = 0.1  # seconds, regenerating with nothing changed
REJECT_TARGET = 3.0  # seconds until a multi-megabyte invalid spec is rejected

SHORT = {"openapi-python-client": "OPC", "openapi-generator": "OGC"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Ratios:
    """What one input's summary row says, kept as numbers for the targets list."""

    name: str
    cold: float | None  # sdkgen's cold wall
    warm: float | None  # sdkgen's warm wall
    peer: Outcome | None  # the fastest peer that succeeded
    cold_ratio: float | None
    warm_ratio: float | None
    rss: float | None  # sdkgen's larger peak RSS, MiB
    peer_rss: float | None  # the lower of the peers' peak RSS, MiB
    rss_ratio: float | None


def _wall(outcome: Outcome | None) -> float | None:
    return outcome.summary.wall if outcome and outcome.summary else None


def _rss(outcome: Outcome | None) -> float | None:
    return outcome.summary.max_rss_mib if outcome and outcome.summary else None


def _over(top: float | None, bottom: float | None) -> float | None:
    return top / bottom if top is not None and bottom else None


def ratios(result: InputResult) -> Ratios:
    cold, warm = result.outcome(SDKGEN), result.outcome(SDKGEN_WARM)
    peers = [o for name in PEERS if (o := result.outcome(name)) and o.summary and not o.error]
    fastest = min(peers, key=lambda o: o.summary.wall if o.summary else 0.0, default=None)
    rss = [value for value in (_rss(cold), _rss(warm)) if value is not None]
    peer_rss = [value for o in peers if (value := _rss(o)) is not None]
    mine, theirs = max(rss, default=None), min(peer_rss, default=None)
    return Ratios(
        name=result.input.name,
        cold=_wall(cold),
        warm=_wall(warm),
        peer=fastest,
        cold_ratio=_over(_wall(fastest), _wall(cold)),
        warm_ratio=_over(_wall(fastest), _wall(warm)),
        rss=mine,
        peer_rss=theirs,
        rss_ratio=_over(mine, theirs),
    )


def _seconds(value: float | None, outcome: Outcome | None) -> str:
    if value is not None:
        return f"{value:.2f}"
    return "FAILED" if outcome and outcome.error else "-"


def _mark(value: float | None, target: float, *, at_most: bool = False) -> str:
    if value is None:
        return "-"
    met = value <= target if at_most else value >= target
    return f"{value:.2f} {'✓' if met else '✗'}"


def side_by_side(results: Sequence[InputResult]) -> str:
    """The summary table: one row per input (variant rows such as the regeneration left out)."""
    header = [
        "input",
        "ops",
        "load",
        "sdkgen cold s",
        "sdkgen warm s",
        "fastest peer s",
        f"cold ratio (≥ {COLD_TARGET:g})",
        f"warm ratio (≥ {WARM_TARGET:g})",
        "peak RSS MiB sdkgen / peer",
        f"RSS ratio (≤ {RSS_TARGET:g})",
    ]
    rows: list[list[str]] = []
    for result in results:
        if result.title:
            continue
        r = ratios(result)
        peer = "-"
        if r.peer is not None and r.peer.summary is not None:
            peer = f"{r.peer.summary.wall:.2f} {SHORT.get(r.peer.tool, r.peer.tool)}"
        rss = "-"
        if r.rss is not None or r.peer_rss is not None:
            rss = " / ".join("-" if v is None else f"{v:.0f}" for v in (r.rss, r.peer_rss))
        rows.append(
            [
                result.input.name,
                str(result.input.operations),
                result.load or "-",
                _seconds(r.cold, result.outcome(SDKGEN)),
                _seconds(r.warm, result.outcome(SDKGEN_WARM)),
                peer,
                _mark(r.cold_ratio, COLD_TARGET),
                _mark(r.warm_ratio, WARM_TARGET),
                rss,
                _mark(r.rss_ratio, RSS_TARGET, at_most=True),
            ]
        )
    return table(header, rows) if rows else "(no input measured side by side)"


def legend(results: Sequence[InputResult]) -> str:
    """Which peer each short name stands for, and what the columns mean."""
    labels = {o.tool: o.label for r in results for o in r.outcomes if o.tool in SHORT}
    peers = ", ".join(f"{SHORT[name]} = {label}" for name, label in sorted(labels.items()))
    return (
        "Cold: a fresh sdkgen store (`SDKGEN_CACHE_DIR`) and a new output directory per run. "
        "Warm: a new output directory, the store an earlier run on the same input filled. "
        "The peers keep no store between runs (each gets a new output directory and a "
        "fresh `XDG_CACHE_HOME`), so for them warm is cold and one measurement serves both. "
        "Ratio: the fastest peer's wall ÷ sdkgen's (above 1: sdkgen is faster), the faster of "
        "the peers that succeeded on the input; ✓ marks a target met. RSS ratio: sdkgen's "
        "larger peak (cold or warm) ÷ the lower of the peers'. Load: the 1-minute load average "
        "when the input's runs started." + (f" Peers: {peers}." if peers else "")
    )


def _verdict(
    label: str, values: Sequence[tuple[str, float | None]], target: float, *, at_most: bool = False
) -> str:
    """One target over every input: met or missed, and by which inputs with what value."""
    measured = [(name, value) for name, value in values if value is not None]
    if not measured:
        return f"- {label}: not measured"

    def met(value: float) -> bool:
        return value <= target if at_most else value >= target

    missed = [f"{name} {value:.2f}" for name, value in measured if not met(value)]
    hit = [f"{name} {value:.2f}" for name, value in measured if met(value)]
    unmeasured = [name for name, value in values if value is None]
    if not missed:
        text = f"**met** on every measured input ({', '.join(hit)})"
    else:
        text = f"**missed** on {len(missed)} of {len(measured)}: {', '.join(missed)}"
        text += f"; met: {', '.join(hit)}" if hit else ""
    text += f"; not measured: {', '.join(unmeasured)}" if unmeasured else ""
    return f"- {label}: {text}"


def targets(results: Sequence[InputResult]) -> list[str]:
    """Issue 11's targets, each over every input, from the summary's numbers."""
    rows = [ratios(result) for result in results if not result.title]
    regenerate = [
        (result.input.name, _wall(result.outcome(SDKGEN)))
        for result in results
        if result.title.endswith("(regenerate, unchanged)")
    ]
    rejected = [
        (result.input.name, _wall(result.outcome(SDKGEN)))
        for result in results
        if result.input.kind == "invalid"
    ]
    return [
        _verdict(
            f"Cold, fastest peer ÷ sdkgen ≥ {COLD_TARGET:g}",
            [(r.name, r.cold_ratio) for r in rows],
            COLD_TARGET,
        ),
        _verdict(
            f"Warm store, fastest peer ÷ sdkgen ≥ {WARM_TARGET:g}",
            [(r.name, r.warm_ratio) for r in rows],
            WARM_TARGET,
        ),
        _verdict(
            "Peak RSS ≤ the lower of the peers' (sdkgen ÷ peer)",
            [(r.name, r.rss_ratio) for r in rows],
            RSS_TARGET,
            at_most=True,
        ),
        _verdict(
            f"Regeneration with nothing changed ≤ {REGENERATE_TARGET:g} s",
            regenerate,
            REGENERATE_TARGET,
            at_most=True,
        ),
        _verdict(
            f"An invalid multi-megabyte spec rejected ≤ {REJECT_TARGET:g} s (cold)",
            rejected,
            REJECT_TARGET,
            at_most=True,
        ),
    ]
