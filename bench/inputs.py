"""The specs every tool is run on: the Calls spec, the full Bandwidth spec (and a copy of it
without operation-level callbacks), the largest shared corpus specs that validate, and the
synthetic series from `bench/synthetic.py`."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench import synthetic

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CALLS_SPEC = REPO / "spec" / "calls.yaml"
BANDWIDTH_SPEC = SHARED / "specs" / "bandwidth" / "bandwidth.yml"
MANIFEST = SHARED / "specs" / "MANIFEST.tsv"

HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True, slots=True, kw_only=True)
class Input:
    name: str
    path: Path
    operations: int
    kind: str  # "spec", "corpus", "synthetic" or "invalid" (a spec the validator rejects)
    size_bytes: int
    note: str = ""


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        document: dict[str, Any] = yaml.load(handle, Loader=_Loader)
    return document


def count_operations(document: dict[str, Any]) -> int:
    paths = document.get("paths") or {}
    return sum(
        1
        for item in paths.values()
        if isinstance(item, dict)
        for method in item
        if method in HTTP_METHODS
    )


def calls_input() -> Input:
    return Input(
        name="calls",
        path=CALLS_SPEC,
        operations=count_operations(_load(CALLS_SPEC)),
        kind="spec",
        size_bytes=CALLS_SPEC.stat().st_size,
    )


def bandwidth_inputs(workdir: Path) -> list[Input]:
    """The full Bandwidth spec, and a copy without its operation-level `callbacks` (which
    openapi-python-client rejects), written under `workdir`."""
    if not BANDWIDTH_SPEC.exists():
        return []
    document = _load(BANDWIDTH_SPEC)
    operations = count_operations(document)
    removed = 0
    for item in (document.get("paths") or {}).values():
        for method, operation in item.items():
            if method in HTTP_METHODS and isinstance(operation, dict) and "callbacks" in operation:
                del operation["callbacks"]
                removed += 1
    copy = workdir / "bandwidth-no-callbacks.yml"
    copy.write_text(
        yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8",
    )
    return [
        Input(
            name="bandwidth",
            path=BANDWIDTH_SPEC,
            operations=operations,
            kind="spec",
            size_bytes=BANDWIDTH_SPEC.stat().st_size,
        ),
        Input(
            name="bandwidth (no callbacks)",
            path=copy,
            operations=operations,
            kind="spec",
            size_bytes=copy.stat().st_size,
            note=f"copy without the {removed} operation-level `callbacks`",
        ),
    ]


def _main_file(row: dict[str, str]) -> Path:
    folder = SHARED / "specs" / row["name"]
    match = re.search(r"\(main: ([^)]+)\)", row["source_path"])
    name = match.group(1) if match else Path(row["source_path"]).name
    return folder / Path(name).name if (folder / Path(name).name).exists() else folder / name


def corpus_inputs(count: int = 3) -> list[Input]:
    """The `count` largest corpus specs whose MANIFEST.tsv `validates` column is `yes`."""
    if not MANIFEST.exists():
        return []
    with MANIFEST.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter="\t") if row["validates"] == "yes"]
    rows = [row for row in rows if row["name"] != "bandwidth"]  # measured on its own
    rows.sort(key=lambda row: int(row["bytes"]), reverse=True)
    return [
        Input(
            name=row["name"],
            path=_main_file(row),
            operations=int(row["operations"]),
            kind="corpus",
            size_bytes=_main_file(row).stat().st_size,
            note=f"{int(row['bytes']) / 1e6:.2f} MB, OpenAPI {row['openapi_version']}",
        )
        for row in rows[:count]
    ]


def invalid_input() -> list[Input]:
    """The largest single-file OpenAPI 3 corpus spec the validator rejects (MANIFEST.tsv's
    `validates` is `no`): the issue wants a multi-megabyte one rejected within 3 s."""
    if not MANIFEST.exists():
        return []
    with MANIFEST.open(encoding="utf-8", newline="") as handle:
        rows = [
            row
            for row in csv.DictReader(handle, delimiter="\t")
            if row["validates"] == "no"
            and row["openapi_version"].startswith("3")
            and "(main:" not in row["source_path"]
            and _main_file(row).exists()
        ]
    if not rows:
        return []
    row = max(rows, key=lambda row: int(row["bytes"]))
    path = _main_file(row)
    return [
        Input(
            name=f"{row['name']} (invalid)",
            path=path,
            operations=int(row["operations"]),
            kind="invalid",
            size_bytes=path.stat().st_size,
            note=f"{int(row['bytes']) / 1e6:.2f} MB, OpenAPI {row['openapi_version']}",
        )
    ]


def synthetic_inputs(workdir: Path, sizes: list[int]) -> list[Input]:
    items: list[Input] = []
    for n in sizes:
        path = synthetic.write_spec(n, workdir / f"synthetic-{n}.json")
        items.append(
            Input(
                name=f"synthetic-{n}",
                path=path,
                operations=n,
                kind="synthetic",
                size_bytes=path.stat().st_size,
            )
        )
    return items
