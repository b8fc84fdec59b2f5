"""Work on other cores: the same answers, in the same order, and errors raised as before."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import generator.format
from generator.diagnostics import GeneratorError
from generator.format import format_files
from generator.incremental.parallel import Background, Pool, cores, map_in_order
from generator.results import OutputFile
from tests.support.paths import REPO

FORK = pytest.mark.skipif(
    sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2, reason="needs fork and 2 cores"
)


def _square_or_fail(item: int) -> tuple[int, int]:
    return item, os.getpid()


@FORK
def test_work_is_shared_out_and_comes_back_in_order() -> None:
    results = map_in_order(_square_or_fail, list(range(40)), workers=2)
    assert [item for item, _ in results] == list(range(40))
    assert os.getpid() not in {pid for _, pid in results}


def _slow_first(item: int) -> int:
    if item == 0:
        time.sleep(1.0)
    return os.nice(0)  # the worker's niceness


class _Stop(Exception):
    pass


@FORK
def test_ticks_come_while_a_long_item_runs_and_can_stop_the_work() -> None:
    ticks: list[tuple[int, int]] = []
    niceness = map_in_order(_slow_first, [0, 1, 2], workers=2, tick=lambda *t: ticks.append(t))
    assert niceness == [os.nice(0)] * 3
    # The two quick items are counted before the slow first one is done, and time ticks too.
    assert (2, 3) in ticks and ticks[-1] == (3, 3) and len(ticks) > 3

    def stop(done: int, total: int) -> None:
        raise _Stop

    started = time.perf_counter()
    with pytest.raises(_Stop):
        map_in_order(_slow_first, [0, 3], workers=2, tick=stop)
    assert time.perf_counter() - started < 0.9  # the slow item was not waited for


@FORK
def test_workers_can_yield_the_cpu_to_another_child() -> None:
    assert map_in_order(_slow_first, [1, 2], workers=2, nice=5) == [os.nice(0) + 5] * 2


def test_one_worker_means_this_process() -> None:
    assert map_in_order(_square_or_fail, [1, 2], workers=1) == [(1, os.getpid()), (2, os.getpid())]


def test_no_forking_while_other_threads_run() -> None:
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert cores() == 1
    finally:
        release.set()
        thread.join()


@FORK
def test_a_background_result_is_computed_in_a_child() -> None:
    parent = os.getpid()
    background = Background(os.getpid)
    assert background.result() != parent
    assert background.result() == background.result()  # asked twice, computed once


@FORK
def test_a_failing_child_leaves_the_work_to_this_process() -> None:
    parent = os.getpid()

    def only_here() -> int:
        if os.getpid() != parent:
            raise RuntimeError("fails in the child")
        return 42

    assert Background(only_here).result() == 42

    def never() -> int:
        raise ValueError("fails everywhere")

    with pytest.raises(ValueError, match="fails everywhere"):
        Background(never).result()


def test_without_forking_the_work_is_done_on_demand() -> None:
    assert Background(os.getpid, fork=False).result() == os.getpid()


def _files() -> list[OutputFile]:
    module = "def f(a,b):\n    return {'a':a,'b':b}\n"
    page = "# Title\n\n```python\nx = f(1,2)\n```\n"
    return [OutputFile(path=f"m{i}.py", content=module * (i + 1)) for i in range(6)] + [
        OutputFile(path="page.md", content=page),
        OutputFile(path="data.txt", content="left alone {'a':1}\n"),
    ]


@FORK
def test_black_on_several_cores_writes_what_black_on_one_writes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    one = format_files(_files())
    monkeypatch.setattr(generator.format, "_PARALLEL_CHARACTERS", 0)
    assert format_files(_files(), pool=Pool(2)) == one
    assert one[-1].content == "left alone {'a':1}\n"
    broken = [*_files(), OutputFile(path="bad.py", content="def f(:\n")]
    with pytest.raises(GeneratorError) as raised:
        format_files(broken, pool=Pool(2))
    assert raised.value.diagnostics[0].file == "bad.py"


@FORK
def test_a_fresh_process_with_every_core_writes_the_committed_tree() -> None:
    """`check` in a new interpreter (no threads, so it forks) without the store's answers."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--no-cache"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_invalid_spec_is_reported_by_the_validator_not_by_a_later_stage(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "bad.yaml"
    # The later stages cannot make sense of this either; the validator's words are the ones
    # reported, as when it ran first.
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/x: {get: {responses: 7}}}\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(tmp_path / "out")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "is not a valid OpenAPI document" in result.stderr
    assert "bad.yaml:3: error: 7 is not of type 'object' (at #/paths/~1x/get/responses)" in (
        result.stderr
    )
    assert not (tmp_path / "out").exists()


def test_sdkgen_jobs_sets_the_number_of_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_JOBS", "1")
    assert cores() == 1
    if sys.platform == "linux":
        monkeypatch.setenv("SDKGEN_JOBS", "3")
        assert cores() == 3
        monkeypatch.setenv("SDKGEN_JOBS", "many")  # not a count: the usable cores, at most 8
        assert cores() == min(len(os.sched_getaffinity(0)), 8)
