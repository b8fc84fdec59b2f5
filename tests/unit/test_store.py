"""The store of earlier runs' results: it saves work and can never change the output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import generator.format
import generator.pipeline
from generator.config import Config
from generator.diagnostics import GeneratorError
from generator.format import black_mode, format_files
from generator.incremental.store import Answers, Store, address, default_root, open_store
from generator.results import OutputFile
from tests.support.paths import CALLS_SPEC, REPO
from tests.support.trees import tree


def _entries(root: Path, kind: str) -> list[Path]:
    return sorted(p for p in (root / kind).rglob("*") if p.is_file())


def test_a_value_comes_back_exactly(tmp_path: Path) -> None:
    store = Store(tmp_path)
    text = 'x = "é\\ud800"\n\n# \udcff lone surrogates survive too\n'
    store.put("black", address("a"), text)
    assert store.get("black", address("a")) == text
    assert store.get("black", address("b")) is None


def test_a_damaged_entry_is_ignored(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.put("black", address("a"), "x = 1\n")
    (entry,) = _entries(tmp_path, "black")
    entry.write_bytes(entry.read_bytes().replace(b"1", b"2"))
    assert store.get("black", address("a")) is None
    entry.write_bytes(entry.read_bytes()[:10])
    assert store.get("black", address("a")) is None


def test_an_unusable_directory_is_no_store_rather_than_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    store = Store(blocker / "store")
    store.put("black", address("a"), "x = 1\n")
    assert store.get("black", address("a")) is None
    assert store.directory("jinja2") is None


def test_addresses_keep_their_parts_apart() -> None:
    assert address("ab", "c") != address("a", "bc")
    assert address("a", "") != address("a")


def test_the_environment_chooses_the_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SDKGEN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_root() == tmp_path / "xdg" / "sdkgen"
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "mine"))
    assert default_root() == tmp_path / "mine"
    monkeypatch.setenv("SDKGEN_NO_CACHE", "1")
    assert default_root() is None
    assert open_store() is None
    monkeypatch.setenv("SDKGEN_NO_CACHE", "0")
    assert open_store(enabled=False) is None
    store = open_store()
    assert store is not None
    assert store.root == tmp_path / "mine"


def test_black_is_asked_once_per_distinct_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    real = generator.format._black

    def counting(source: str, path: str) -> str:
        asked.append(source)
        return real(source, path)

    monkeypatch.setattr(generator.format, "_black", counting)
    example = "```python\nx = {'a':1}\n```\n"
    files = [
        OutputFile(path="a.py", content="y = [1,2]\n"),
        OutputFile(path="a.md", content=example + "text\n" + example),
        OutputFile(path="b.md", content=example),
    ]
    answers = Answers(Store(tmp_path), "black", black_mode())
    first = format_files(files, answers=answers)
    assert sorted(asked) == ["x = {'a':1}\n", "y = [1,2]\n"]
    assert first[1].content == '```python\nx = {"a": 1}\n```\ntext\n```python\nx = {"a": 1}\n```\n'
    # Another run finds black's answers in the store and does not ask again.
    assert format_files(files, answers=answers) == first
    assert len(asked) == 2
    # A damaged answer is not used: black is asked again and the output is the same.
    for entry in _entries(tmp_path, "black"):
        entry.write_text("0" * 64 + "\nbroken = True\n")
    assert format_files(files, answers=answers) == first
    assert len(asked) == 4


def test_black_answers_depend_on_the_exact_text(tmp_path: Path) -> None:
    answers = Answers(Store(tmp_path), "black", black_mode())
    one = format_files([OutputFile(path="a.py", content="x=1\n")], answers=answers)
    two = format_files([OutputFile(path="a.py", content="x=2\n")], answers=answers)
    assert (one[0].content, two[0].content) == ("x = 1\n", "x = 2\n")


def test_a_clean_verdict_is_reused_anywhere_but_only_for_the_same_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "calls.yaml"
    shutil.copy(CALLS_SPEC, spec)
    store = Store(tmp_path / "store")
    config = Config(spec=spec, output=tmp_path / "one", package="pkg")
    generator.pipeline.generate(config, stored=store)
    assert len(_entries(tmp_path / "store", "validated")) == 1

    def fail(*_: object) -> list[object]:
        raise AssertionError("validated again")

    monkeypatch.setattr(generator.pipeline, "validate", fail)
    other = Config(spec=spec, output=tmp_path / "two", package="pkg")
    generator.pipeline.generate(other, stored=store)
    spec.write_text(spec.read_text() + "\n# a comment changes the sources\n")
    third = Config(spec=spec, output=tmp_path / "three", package="pkg")
    with pytest.raises(AssertionError, match="validated again"):
        generator.pipeline.generate(third, stored=store)


def test_an_invalid_spec_is_never_recorded_as_valid(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: t}\npaths: {}\n")
    store = Store(tmp_path / "store")
    config = Config(spec=spec, output=tmp_path / "out", package="pkg")
    for _ in range(2):
        with pytest.raises(GeneratorError, match="not a valid OpenAPI"):
            generator.pipeline.generate(config, stored=store)
    assert not (tmp_path / "store" / "validated").exists()


def _sdkgen(out: Path, store: Path, *extra: str) -> None:
    environment = {**os.environ, "SDKGEN_CACHE_DIR": str(store)}
    command = ["generate", str(CALLS_SPEC), "-o", str(out), "--package", "pkg", *extra]
    subprocess.run(
        [sys.executable, "-m", "generator.cli", *command],
        cwd=REPO,
        env=environment,
        check=True,
        capture_output=True,
    )


def test_fresh_processes_sharing_a_store_write_what_a_run_without_it_writes(
    tmp_path: Path,
) -> None:
    store = tmp_path / "store"
    _sdkgen(tmp_path / "without", store, "--no-cache")
    assert not store.exists()
    _sdkgen(tmp_path / "first", store)
    assert not _entries(store, "black")  # sdkgen laid out every file: black had nothing to do
    assert _entries(store, "validated")
    assert any(store.glob("jinja2-*/*.cache"))
    _sdkgen(tmp_path / "second", store)
    _sdkgen(tmp_path / "black", store, "--black")
    assert _entries(store, "black")
    _sdkgen(tmp_path / "black-again", store, "--black")
    for run in ("first", "second", "black", "black-again"):
        assert tree(tmp_path / run) == tree(tmp_path / "without"), run
