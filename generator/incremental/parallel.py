"""Other cores for the two stages that are pure CPU: validation and black.

Both run pure-Python code, so threads would not help. Forked processes inherit the loaded spec
and the imported libraries for free; spawned ones would have to import and receive them again,
which costs more than it saves at these sizes, so without `fork` everything simply runs in this
process. Results come back in input order, so output never depends on scheduling.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


# More processes than this cost memory (each holds the rendered SDK) for little gain.
_MOST = 8


def cores() -> int:
    """Processes worth running: the usable cores, at most `_MOST`, or `SDKGEN_JOBS` if set.

    1 where forking is not safe. `SDKGEN_JOBS=1` keeps everything in one process, e.g. when
    the caller already runs several generations side by side.
    """
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 1  # macOS forks badly once system frameworks are loaded; Windows cannot fork
    if threading.active_count() > 1:
        return 1  # a child forked while other threads hold locks can deadlock
    jobs = os.environ.get("SDKGEN_JOBS", "").strip()
    if jobs.isdecimal() and int(jobs) > 0:
        return int(jobs)
    return min(len(os.sched_getaffinity(0)), _MOST)


# Called with (done, total) after each result and, while none arrives, every `_TICK` seconds:
# progress, or a check that may stop the work by raising (the workers are then terminated).
Tick = Callable[[int, int], None]
_TICK = 0.2


def _indexed(work: Callable[[T], R]) -> Callable[[tuple[int, T]], tuple[int, R]]:
    return functools.partial(_call_indexed, work)


def _call_indexed(work: Callable[[T], R], job: tuple[int, T]) -> tuple[int, R]:
    return job[0], work(job[1])


def map_in_order(
    work: Callable[[T], R],
    items: list[T],
    workers: int,
    tick: Tick | None = None,
    *,
    nice: int = 0,
) -> list[R]:
    """`[work(item) for item in items]` on `workers` forked processes, in the items' order.

    `work` must not raise: exceptions do not cross processes well, so it returns its failures.
    `nice` lowers the workers' priority, so that another child (the validator) is not slowed
    down by them.
    """
    total = len(items)
    if workers < 2 or total < 2:
        results: list[R] = []
        for item in items:
            results.append(work(item))
            if tick is not None:
                tick(len(results), total)
        return results
    done: dict[int, R] = {}
    initializer, arguments = (os.nice, (nice,)) if nice else (None, ())
    with _fork().Pool(min(workers, total), initializer, arguments) as pool:
        # In completion order, so that one long item does not hold back every tick after it.
        answers = pool.imap_unordered(_indexed(work), enumerate(items), chunksize=1)
        while len(done) < total:
            try:
                index, result = answers.next(timeout=_TICK)
            except multiprocessing.TimeoutError:
                pass
            else:
                done[index] = result
            if tick is not None:
                tick(len(done), total)
    return [done[index] for index in range(total)]


class Pool:
    """The worker processes the formatting stage may use: `cores()` unless told otherwise.

    `nice`: see `map_in_order`.
    """

    def __init__(self, workers: int | None = None, tick: Tick | None = None, nice: int = 0) -> None:
        self.workers = cores() if workers is None else workers
        self._tick = tick
        self._nice = nice

    def map(self, work: Callable[[T], R], items: list[T]) -> list[R]:
        return map_in_order(work, items, self.workers, self._tick, nice=self._nice)


_UNSET = object()


class Background(Generic[R]):
    """`compute()` in a forked child while this process goes on; `result()` waits for it.

    Where forking is not possible, or the child fails, `result()` computes it here instead, so
    that any error is raised where it would have been without a child.
    """

    def __init__(self, compute: Callable[[], R], *, fork: bool = True) -> None:
        self._compute = compute
        self._value: object = _UNSET
        self._receive: Connection | None = None
        self._child: BaseProcess | None = None
        if fork and cores() > 1:
            context = _fork()
            self._receive, send = context.Pipe(duplex=False)
            self._child = context.Process(target=_send_result, args=(compute, send), daemon=True)
            self._child.start()
            send.close()

    @property
    def forked(self) -> bool:
        return self._child is not None

    def ready(self) -> bool:
        """Whether `result()` would answer without waiting (never true before it is computed
        where there is no child)."""
        if self._value is not _UNSET:
            return True
        return self._receive is not None and self._receive.poll()

    def result(self) -> R:
        if self._value is _UNSET:
            self._value = self._wait()
        return self._value  # type: ignore[return-value]

    def _wait(self) -> R:
        if self._receive is None or self._child is None:
            return self._compute()
        try:
            ok, value = self._receive.recv()
        except (EOFError, OSError):
            ok, value = False, None  # the child died without answering
        finally:
            self._receive.close()
            self._child.join()
            self._receive = self._child = None
        return value if ok else self._compute()


def _fork() -> multiprocessing.context.ForkContext:
    # A child flushes the stdio buffers it inherited: empty them first, or text prints twice.
    sys.stdout.flush()
    sys.stderr.flush()
    return multiprocessing.get_context("fork")


def _send_result(compute: Callable[[], object], send: Connection) -> None:
    try:
        answer = (True, compute())
    except BaseException:  # the parent computes it again and raises it there
        answer = (False, None)
    try:
        send.send(answer)
    except Exception:  # an answer that cannot be pickled: the parent computes it too
        send.send((False, None))
    finally:
        send.close()
