"""The corpus: every real spec in `../shared/specs` generates an SDK that works.

For each spec the validator accepts: generation succeeds; the package imports; `mypy --strict`
and `ruff check` report nothing; every model the spec gives an example for round-trips through
`from_dict`/`to_dict`. For each spec it rejects: the CLI exits 2 with errors located by file,
line and JSON pointer, and lenient generation (`validate: false`) passes the same checks.

The specs are generated together, in parallel, by the first test that asks (see
`tests/support/corpus.py`); run only these with `pytest -m corpus`, skip them with
`-m "not corpus"`.
The table of results is printed at the end of the run.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.support.black_style import formatted
from tests.support.corpus import (
    MANIFEST,
    RUNS,
    SPECS,
    Corpus,
    CorpusSpec,
    Result,
    any_share,
    manifest,
    run_corpus,
)

pytestmark = pytest.mark.corpus

if MANIFEST.is_file():
    CORPUS_SPECS = manifest()
    CASES = [pytest.param(spec, id=spec.name) for spec in CORPUS_SPECS]
else:
    CORPUS_SPECS = []
    CASES = [pytest.param(None, id="corpus", marks=pytest.mark.skip(f"{SPECS} is missing"))]

# `file:line: error: message (at #/pointer)`, as the CLI prints each problem.
_LOCATED = re.compile(r"^\s*(?P<file>\S[^:]*):(?P<line>\d+): error: .+ \(at (?P<pointer>#/\S*)\)$")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    if not CORPUS_SPECS:
        pytest.skip(f"{SPECS} is missing")
    workers = min(len(CORPUS_SPECS), os.cpu_count() or 1)
    result = run_corpus(CORPUS_SPECS, tmp_path_factory.mktemp("corpus"), workers)
    RUNS.append(result)  # for the table at the end of the run (conftest.py)
    return result


def _result(corpus: Corpus, spec: CorpusSpec) -> Result:
    result = corpus.results[spec.name]
    assert result.error is None, result.error
    return result


def _assert_works(result: Result) -> None:
    assert result.generated
    assert result.import_error is None, result.import_error
    assert result.mypy == (), "\n".join(result.mypy)
    assert result.ruff == (), "\n".join(result.ruff)
    assert result.example_failures == (), "\n".join(result.example_failures)


@pytest.mark.parametrize("spec", CASES)
def test_spec_generates_a_working_sdk(corpus: Corpus, spec: CorpusSpec) -> None:
    result = _result(corpus, spec)
    if not spec.validates:
        # The user's default: refused, every problem located, and nothing written.
        assert result.strict_exit == 2, result.strict_stderr
        located = [m for m in map(_LOCATED.match, result.strict_stderr.splitlines()) if m]
        assert located, result.strict_stderr
        for match in located:
            assert Path(match["file"]).name, match.string
            assert int(match["line"]) > 0, match.string
        assert not (result.directory.parent / "strict").exists()
    _assert_works(result)


# Rust's schemars writes `Option<X>` as `anyOf: [{$ref: X}, {nullable: true}]`: typed `X | None`,
# not `Any`, as are the few fields of the corpus with no type to give (qdrant's were 21.5 %).
BARE_ANY_LIMITS = {"qdrant": 0.02}


@pytest.mark.parametrize("name", sorted(BARE_ANY_LIMITS))
def test_few_model_fields_are_a_bare_any(corpus: Corpus, name: str) -> None:
    if name not in corpus.results:
        pytest.skip(f"{name} is not in the corpus")
    result = corpus.results[name]
    assert result.error is None, result.error
    assert result.fields > 0
    assert result.any_fields <= BARE_ANY_LIMITS[name] * result.fields, any_share(result)


def test_lenient_generation_reports_the_validator_problems_as_warnings(corpus: Corpus) -> None:
    rejected = [r for r in corpus.results.values() if not r.spec.validates]
    assert rejected
    for result in rejected:
        errors = [
            line.split(": error: ", 1)[1]
            for line in result.strict_stderr.splitlines()
            if _LOCATED.match(line)
        ]
        warnings = "\n".join(result.warnings)
        missing = [e for e in errors if e not in warnings]
        assert not missing, f"{result.spec.name}: {missing[:3]}"


_PYTHON_FENCE = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)


@pytest.mark.parametrize("spec", CASES)
def test_generated_python_is_what_black_makes(corpus: Corpus, spec: CorpusSpec) -> None:
    """sdkgen lays out its own code (black only sees what it is unsure of): black is the oracle."""
    result = _result(corpus, spec)
    differ = []
    for path in sorted(result.directory.rglob("*")):
        if path.suffix == ".py":
            sources = [path.read_text(encoding="utf-8")]
        elif path.suffix == ".md":
            sources = _PYTHON_FENCE.findall(path.read_text(encoding="utf-8"))
        else:
            continue
        differ += [path.name for source in sources if formatted(source) != source]
    assert not differ, f"black would change {len(differ)} text(s): {differ[:5]}"
