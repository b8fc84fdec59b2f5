"""The shared corpus of real specs (`../shared/specs`), generated and checked as a whole.

`run_corpus` generates every spec of MANIFEST.tsv in worker processes (one per core, biggest
first): each worker generates the SDK, imports it, round-trips every model the spec gives an
example for, and runs ruff on it; for a spec the validator rejects it first runs the CLI as a
user would and keeps its exit code and stderr, then generates leniently. mypy then checks all
packages in a few runs at once. The results are rows of the table the tests assert on and print.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import importlib
import io
import json
import os
import re
import sys
import time
import traceback
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tests.support.paths import REPO
from tests.support.static_checks import mypy_findings, ruff_findings

SPECS = REPO.parent / "shared" / "specs"
MANIFEST = SPECS / "MANIFEST.tsv"


@dataclass(frozen=True)
class CorpusSpec:
    name: str
    path: Path  # the main file
    validates: bool  # whether openapi-spec-validator accepts it (MANIFEST's `validates`)
    size: int

    @property
    def package(self) -> str:
        return "corpus_" + re.sub(r"\W", "_", self.name)


def manifest() -> list[CorpusSpec]:
    with MANIFEST.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file, delimiter="\t"))
    specs = []
    for row in rows:
        main = re.search(r"\(main: ([^)]+)\)", row["source_path"])
        path = SPECS / row["name"] / (main[1] if main else row["source_path"].rsplit("/", 1)[-1])
        specs.append(
            CorpusSpec(
                name=row["name"],
                path=path,
                validates=row["validates"].strip() == "yes",
                size=int(row["bytes"]),
            )
        )
    return specs


@dataclass(frozen=True)
class Result:
    """What happened to one spec; `error` is set when generation itself failed."""

    spec: CorpusSpec
    directory: Path
    generated: bool = False
    error: str | None = None
    files: int = 0
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0  # generation only
    strict_exit: int | None = None  # the CLI's exit code with validation on (rejected specs)
    strict_stderr: str = ""
    imported: bool = False
    import_error: str | None = None
    examples: int = 0  # model examples that round-trip
    fields: int = 0  # model fields the classes declare
    any_fields: int = 0  # of them typed a bare `Any` (or `Any | None`): nothing a checker can use
    invalid_examples: int = 0  # examples the spec gives that do not match its own schema
    example_failures: tuple[str, ...] = ()
    ruff: tuple[str, ...] = ()
    mypy: tuple[str, ...] = ()

    @property
    def package(self) -> str:
        return self.spec.package


# --- one spec, in a worker process ----------------------------------------------------------


def _strict_cli(spec: CorpusSpec, out: Path) -> tuple[int, str]:
    """`sdkgen generate` as a user runs it (validation on), from an empty directory."""
    from generator.cli import main  # noqa: PLC0415 - in the worker

    stderr, stdout = io.StringIO(), io.StringIO()
    here = Path.cwd()
    os.chdir(out.parent)
    try:
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
            code = main(["generate", str(spec.path), "-o", str(out), "--package", spec.package])
    finally:
        os.chdir(here)
    return code, stderr.getvalue()


def generate_one(spec: CorpusSpec, root: Path) -> Result:
    """Generate, import and round-trip one spec; never raises."""
    from generator.config import make_config  # noqa: PLC0415 - in the worker
    from generator.pipeline import generate  # noqa: PLC0415

    # The corpus already generates as many specs side by side as there are cores.
    os.environ["SDKGEN_JOBS"] = "1"
    directory = root / spec.name
    directory.mkdir(parents=True, exist_ok=True)
    result = Result(spec=spec, directory=directory / "out")
    if not spec.validates:
        code, stderr = _strict_cli(spec, directory / "strict")
        result = replace(result, strict_exit=code, strict_stderr=stderr)
    config = make_config(
        {
            "spec": spec.path,
            "output": result.directory,
            "package": spec.package,
            "validate": spec.validates,
        }
    )
    started = time.perf_counter()
    try:
        generation = generate(config)
    except Exception as error:  # reported as the test's failure, with the traceback
        return replace(result, error="".join(traceback.format_exception(error)))
    result = replace(
        result,
        generated=True,
        files=len(generation.written) + len(generation.unchanged),
        warnings=tuple(str(d) for d in generation.diagnostics),
        seconds=time.perf_counter() - started,
    )
    result = _import_and_round_trip(result, config)
    return replace(result, ruff=tuple(ruff_findings([result])[spec.package]))


def _import_and_round_trip(result: Result, config: Any) -> Result:
    from generator.builder import build_api  # noqa: PLC0415 - in the worker
    from generator.load import load  # noqa: PLC0415
    from generator.load.swagger2 import upgrade  # noqa: PLC0415

    sys.path.insert(0, str(result.directory))
    try:
        models = importlib.import_module(f"{result.package}.models")
        for name in ("", ".api", ".models"):  # every name, though each loads on first use
            package = importlib.import_module(result.package + name)
            for value in [getattr(package, n) for n in package.__all__]:
                build_validators(value)
    except Exception as error:
        return replace(result, import_error="".join(traceback.format_exception(error)))
    result = replace(result, imported=True)
    document = upgrade(load(config.spec))
    api, _ = build_api(document, config)
    fields, any_fields = bare_any_fields(api)
    result = replace(result, fields=fields, any_fields=any_fields)
    valid = _example_checker(document)
    passed, invalid, failures = 0, 0, []
    for model in api.models:
        for example in _examples(document, model.source):
            if not valid(model.source, example):
                invalid += 1  # the spec's own example breaks its schema: nothing to expect
                continue
            problem = round_trip(getattr(models, model.name), example)
            if problem is None:
                passed += 1
            else:
                failures.append(f"{model.name} ({model.source.rsplit('#', 1)[-1]}): {problem}")
    return replace(
        result, examples=passed, invalid_examples=invalid, example_failures=tuple(failures)
    )


def bare_any_fields(api: Any) -> tuple[int, int]:
    """How many model fields there are, and how many of them are typed a bare `Any`."""
    from generator.ir import Primitive, value_type  # noqa: PLC0415 - in the worker

    fields = [f for model in api.models for f in model.class_fields]
    bare = [f for f in fields if value_type(f.type) == Primitive(kind="any")]
    return len(fields), len(bare)


def build_validators(value: Any) -> None:
    """Builds the argument validator of each method of an API class, as its first call would.

    They are built on first call (`validate_call` in the generated `api_client`), so importing
    the module no longer shows that every annotation resolves; calling with no arguments does,
    and fails validation (`self` is missing) without running the method.
    """
    import asyncio  # noqa: PLC0415 - in the worker

    import pydantic  # noqa: PLC0415

    for member in vars(value).values() if isinstance(value, type) else ():
        if not hasattr(member, "raw_function"):
            continue
        try:
            called = member()
            if asyncio.iscoroutine(called):
                asyncio.run(called)
        except pydantic.ValidationError:
            pass
        else:
            raise AssertionError(f"{value.__name__}.{member.__name__} ran without arguments")


def _example_checker(document: Any) -> Callable[[str, Any], bool]:
    """Whether an example is valid against the schema at `uri#pointer`, formats included."""
    import openapi_schema_validator as oas  # noqa: PLC0415 - in the worker
    from referencing import Registry, Resource  # noqa: PLC0415
    from referencing.jsonschema import DRAFT4, DRAFT202012  # noqa: PLC0415

    is_31 = str(document.root.get("openapi", "")).startswith("3.1")
    validator_class = oas.OAS31Validator if is_31 else oas.OAS30Validator
    dialect = DRAFT202012 if is_31 else DRAFT4
    registry: Any = Registry().with_resources(
        (uri, Resource.from_contents(data, default_specification=dialect))
        for uri, data in document.files.items()
    )

    def valid(source: str, example: Any) -> bool:
        validator = validator_class(
            {"$ref": source}, registry=registry, format_checker=validator_class.FORMAT_CHECKER
        )
        try:
            return bool(validator.is_valid(example))
        except Exception:  # a schema the validator cannot follow: no verdict, so no test
            return False

    return valid


def _examples(document: Any, source: str) -> Iterator[dict[str, Any]]:
    """The object examples the spec gives for the schema at `source` (`uri#pointer`)."""
    from generator.load import split_pointer  # noqa: PLC0415 - in the worker

    uri, _, pointer = source.partition("#")
    node = document.files.get(uri)
    for token in split_pointer(pointer):
        node = node.get(token) if isinstance(node, dict) else None
    if not isinstance(node, dict):
        return
    if isinstance(node.get("example"), dict):
        yield node["example"]
    examples = node.get("examples")
    for example in examples if isinstance(examples, list) else []:
        if isinstance(example, dict):
            yield example


def round_trip(model: Any, example: dict[str, Any]) -> str | None:
    """None if `from_dict` then `to_dict` gives the example back, else what went wrong."""
    try:
        back = model.from_dict(example).to_dict()
    except Exception as error:
        return f"{type(error).__name__}: {str(error)[:300]}"
    for key, value in example.items():
        if key not in back:
            return f"{key!r} was lost"
        if not same_json(value, back[key]):
            return f"{key!r}: {json.dumps(value)[:100]} came back as {json.dumps(back[key])[:100]}"
    return None


def same_json(sent: Any, back: Any) -> bool:
    """JSON equality; `1` and `1.0` are one number, as they are in JSON, and two spellings
    of one date-time or UUID are one value (`.5Z` comes back as `.500000Z`)."""
    if isinstance(sent, dict) and isinstance(back, dict):
        return sent.keys() <= back.keys() and all(same_json(v, back[k]) for k, v in sent.items())
    if isinstance(sent, list) and isinstance(back, list):
        return len(sent) == len(back) and all(map(same_json, sent, back))
    if isinstance(sent, bool) or isinstance(back, bool):
        return sent is back
    if isinstance(sent, int | float) and isinstance(back, int | float):
        return float(sent) == float(back)
    if isinstance(sent, str) and isinstance(back, str) and sent != back:
        return _same_value(sent, back)
    return bool(sent == back)


def _same_value(sent: str, back: str) -> bool:
    for parse in (datetime.datetime.fromisoformat, uuid.UUID):
        try:
            return bool(parse(sent) == parse(back))
        except ValueError:
            continue
    return False


# --- the whole corpus -----------------------------------------------------------------------


@dataclass
class Corpus:
    results: dict[str, Result] = field(default_factory=dict)
    seconds: float = 0.0
    mypy_seconds: float = 0.0


RUNS: list[Corpus] = []  # every corpus run of this session, for the summary table


def run_corpus(specs: Sequence[CorpusSpec], root: Path, workers: int) -> Corpus:
    started = time.perf_counter()
    ordered = sorted(specs, key=lambda s: s.size, reverse=True)  # longest jobs first
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [(spec, pool.submit(generate_one, spec, root)) for spec in ordered]
        results = {spec.name: future.result() for spec, future in futures}
    mypy_started = time.perf_counter()
    checked = [r for r in results.values() if r.imported]
    for name, lines in _mypy_in_parallel(checked, root / "mypy", workers).items():
        spec_name = next(r.spec.name for r in checked if r.package == name)
        results[spec_name] = replace(results[spec_name], mypy=tuple(lines))
    corpus = Corpus(results=results)
    corpus.mypy_seconds = time.perf_counter() - mypy_started
    corpus.seconds = time.perf_counter() - started
    return corpus


def _mypy_in_parallel(results: Sequence[Result], cache: Path, workers: int) -> dict[str, list[str]]:
    """mypy over the packages in `workers` groups of about the same size, run side by side."""
    groups: list[list[Result]] = [[] for _ in range(max(1, workers))]
    for result in sorted(results, key=lambda r: r.files, reverse=True):
        min(groups, key=lambda g: sum(r.files for r in g)).append(result)
    found: dict[str, list[str]] = {}
    with ThreadPoolExecutor(max_workers=len(groups)) as pool:  # each run is a subprocess
        runs = [
            pool.submit(mypy_findings, group, cache / str(index))
            for index, group in enumerate(groups)
            if group
        ]
        for run in runs:
            found.update(run.result())
    return found


def any_share(result: Result) -> str:
    """`3/120 (2.5 %)`: the model fields typed a bare `Any`, of all model fields."""
    share = 100 * result.any_fields / result.fields if result.fields else 0.0
    return f"{result.any_fields}/{result.fields} ({share:.1f} %)"


def table(corpus: Corpus) -> str:
    """The Markdown table of the closing note."""
    lines = [
        "| spec | validator | generated | files | mypy findings | ruff findings "
        "| bare Any fields | examples round-tripped | seconds |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for result in sorted(corpus.results.values(), key=lambda r: r.spec.size):
        verdict = "accepts" if result.spec.validates else f"rejects (exit {result.strict_exit})"
        generated = "yes" if result.generated else "no"
        if result.generated and not result.spec.validates:
            generated = "yes (lenient)"
        examples = f"{result.examples}/{result.examples + len(result.example_failures)}"
        if result.invalid_examples:
            examples += f" (+{result.invalid_examples} invalid in the spec)"
        lines.append(
            f"| {result.spec.name} | {verdict} | {generated} | {result.files} "
            f"| {len(result.mypy)} | {len(result.ruff)} | {any_share(result)} | {examples} "
            f"| {result.seconds:.1f} |"
        )
    lines.append(
        f"\n{len(corpus.results)} specs in {corpus.seconds:.0f} s "
        f"(mypy over all packages: {corpus.mypy_seconds:.0f} s)."
    )
    return "\n".join(lines)
