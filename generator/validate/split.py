"""The two passes on two cores: the second in a forked child while the first runs here.

They share nothing but the loaded document, which a forked child inherits as it is, so the
results are what one process would get; the child's come back pickled through a pipe. The
child also pays openapi-spec-validator's import (~0.2 s) while pass 1 runs here without it.
Only on Linux, with another usable core, no other thread (a child forked while another thread
holds a lock can deadlock) and `SDKGEN_JOBS` not 1; otherwise, and whenever the child fails,
both run here, one after the other.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable
from typing import TypeVar, cast

A = TypeVar("A")
B = TypeVar("B")

_PR_SET_PDEATHSIG = 1


def both(first: Callable[[], A], second: Callable[[], B], *, fork: bool = True) -> tuple[A, B]:
    """`(first(), second())`, with `second` in a forked child if `fork` and that can help."""
    if not (fork and _forkable()):
        return first(), second()
    sys.stdout.flush()  # a child flushes the buffers it inherited: empty them first
    sys.stderr.flush()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage does not follow it
        os.close(read)
        _child(second, write)
    os.close(write)
    try:
        one = first()
        ok, two = _receive(read)
    finally:
        os.close(read)
        _reap(pid)
    return one, (cast(B, two) if ok else second())


def _forkable() -> bool:
    if sys.platform != "linux" or not hasattr(os, "fork"):
        return False
    if threading.active_count() > 1:
        return False
    if os.environ.get("SDKGEN_JOBS", "").strip() == "1":
        return False
    return len(os.sched_getaffinity(0)) > 1


def _child(work: Callable[[], object], write: int) -> None:  # pragma: no cover - in the child
    """Compute, send `(ok, value)`, and leave without running the parent's exit handlers."""
    try:
        _die_with_parent()
        data = pickle.dumps((True, work()))
    except BaseException:  # the parent computes it again and raises it there
        data = pickle.dumps((False, None))
    try:
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(0)


def _die_with_parent() -> None:  # pragma: no cover - in the child
    """Stop with the parent (a run stopped early, a killed validator), not compute for no one."""
    import ctypes  # noqa: PLC0415 - only in the child, only on Linux

    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, 9)  # SIGKILL


def _receive(read: int) -> tuple[bool, object]:
    chunks = []
    while chunk := os.read(read, 1 << 20):
        chunks.append(chunk)
    try:
        ok, value = pickle.loads(b"".join(chunks))
    except Exception:  # the child died without answering
        return False, None
    return bool(ok), value


def _reap(pid: int) -> None:
    try:
        os.kill(pid, 9)  # done or not needed any more; no-op once it has exited
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
