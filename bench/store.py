"""The last full run's numbers, kept as JSON (`bench/.last-run.json`, ignored by git) so the
tables and RESULTS.md can be written again (`python -m bench --report-only`) without measuring
again. Only summaries are kept, not the children's output; partial runs are not kept."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.client import ClientResult, ImportRow, ModelRow
from bench.generation import InputResult, Outcome
from bench.inputs import Input
from bench.measure import Summary
from bench.stages import StageProfile

LAST_RUN = Path(__file__).resolve().parent / ".last-run.json"


@dataclass(slots=True, kw_only=True)
class Run:
    machine: dict[str, str] = field(default_factory=dict)
    full: bool = False  # every input and suite: may rewrite RESULTS.md
    smoke: bool = False
    results: list[InputResult] = field(default_factory=list)
    profiles: list[StageProfile] = field(default_factory=list)
    client: ClientResult | None = None

    def sdkgen_failed(self) -> bool:
        failed = any(
            o.error for r in self.results for o in r.outcomes if o.tool.startswith("sdkgen")
        )
        if self.client is not None:
            failed = failed or any(r.error for r in self.client.rows if r.flavour == "sdkgen")
            failed = failed or any(r.error for r in self.client.imports if "sdkgen" in r.label)
        return failed


def _outcome(data: dict[str, Any]) -> Outcome:
    summary = data.pop("summary")
    data.pop("samples", None)
    return Outcome(**data, summary=Summary(**summary) if summary else None)


def _input_result(data: dict[str, Any]) -> InputResult:
    item = data["input"]
    return InputResult(
        input=Input(**{**item, "path": Path(item["path"])}),
        outcomes=[_outcome(o) for o in data["outcomes"]],
        title=data["title"],
        load=data.get("load", ""),  # older runs did not record it
    )


def _client(data: dict[str, Any] | None) -> ClientResult | None:
    if data is None:
        return None
    return ClientResult(
        n=data["n"],
        runs=data["runs"],
        rows=[ModelRow(**row) for row in data["rows"]],
        imports=[ImportRow(**row) for row in data["imports"]],
    )


def _profile(data: dict[str, Any]) -> StageProfile:
    heavy = [(name, seconds) for name, seconds in data.pop("heaviest_imports")]
    return StageProfile(**data, heaviest_imports=heavy)


def save(run: Run, path: Path = LAST_RUN) -> None:
    data = asdict(run)
    for result in data["results"]:
        for outcome in result["outcomes"]:
            outcome.pop("samples", None)
    path.write_text(json.dumps(data, indent=1, default=str) + "\n", encoding="utf-8")


def load(path: Path = LAST_RUN) -> Run:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Run(
        machine=data["machine"],
        full=data["full"],
        smoke=data["smoke"],
        results=[_input_result(r) for r in data["results"]],
        profiles=[_profile(p) for p in data["profiles"]],
        client=_client(data["client"]),
    )
