"""The two passes on two cores: the second in a forked child while the first runs here.

They share nothing but the loaded document, which a forked child inherits as it is, so the
results are what one process would get; the child's come back pickled through a pipe. The
child also pays openapi-spec-validator's import (~0.2 s) while pass 1 runs here without it.
Only on Linux, with another usable core and a load below the cores (`spare_core`), no other
thread (a child forked while another thread holds a lock can deadlock) and `SDKGEN_JOBS` not 1;
otherwise, and whenever the child fails, both run here, one after the other.
"""

from __future__ import annotations

import os
import pickle
import select
import sys
import threading
from collections.abc import Callable
from typing import TypeVar, cast

A = TypeVar("A")
B = TypeVar("B")

_PR_SET_PDEATHSIG = 1


class Channel:
    """Numbers sent from the parent to the child while both run; the child takes what came.

    Neither side ever waits on it: the parent stops sending once the child has gone, and the
    child reads whatever has arrived (nothing, where there is no child).
    """

    def __init__(self) -> None:
        self._read: int | None = None
        self._write: int | None = None
        self._partial = b""

    def open(self) -> None:
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        os.set_blocking(self._write, False)

    def send(self, number: int) -> bool:
        """Whether it went out (not when the child has gone or is not reading)."""
        if self._write is None:
            return False
        try:
            os.write(self._write, number.to_bytes(8, "little"))
        except OSError:  # BrokenPipeError, or a full pipe: the child has enough to do
            return False
        return True

    def received(self) -> list[int]:
        if self._read is None:
            return []
        data = self._partial
        try:
            while chunk := os.read(self._read, 1 << 16):
                data += chunk
        except BlockingIOError:
            pass
        whole = len(data) - len(data) % 8
        self._partial = data[whole:]
        return [int.from_bytes(data[i : i + 8], "little") for i in range(0, whole, 8)]

    def keep(self, end: str) -> None:
        """In the parent keep the writing end, in the child the reading end."""
        drop = self._read if end == "write" else self._write
        if drop is not None:
            os.close(drop)
        if end == "write":
            self._read = None
        else:
            self._write = None

    def close(self) -> None:
        for end in (self._read, self._write):
            if end is not None:
                os.close(end)
        self._read = self._write = None


def both(
    first: Callable[[], A],
    second: Callable[[], B],
    *,
    fork: bool = True,
    meanwhile: Callable[[Callable[[], bool]], None] | None = None,
    channel: Channel | None = None,
) -> tuple[A, B]:
    """`(first(), second())`, with `second` in a forked child if `fork` and that can help.

    With a child, `meanwhile(child_done)` runs here after `first`, until it returns or the
    child is done; it may `channel.send` the child what it found, for `second` to use.
    """
    if not (fork and _forkable()):
        return first(), second()
    sys.stdout.flush()  # a child flushes the buffers it inherited: empty them first
    sys.stderr.flush()
    if channel is not None:
        channel.open()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage does not follow it
        os.close(read)
        if channel is not None:
            channel.keep("read")
        _child(second, write)
    os.close(write)
    if channel is not None:
        channel.keep("write")
    try:
        one = first()
        if meanwhile is not None:
            meanwhile(lambda: _readable(read))
        ok, two = _receive(read)
    finally:
        os.close(read)
        if channel is not None:
            channel.close()
        _reap(pid)
    return one, (cast(B, two) if ok else second())


def _readable(fd: int) -> bool:
    return bool(select.select([fd], [], [], 0)[0])


def _forkable() -> bool:
    if sys.platform != "linux" or not hasattr(os, "fork"):
        return False
    if threading.active_count() > 1:
        return False
    if os.environ.get("SDKGEN_JOBS", "").strip() == "1":
        return False
    return spare_core(len(os.sched_getaffinity(0)))


def spare_core(cores: int) -> bool:
    """Whether the machine has a core to spare: the last minute's load is below its cores.

    Both passes walk the whole document. Measured on this project's 2-core machine: with the
    load average near 1 (one process busy, e.g. runs back to back) two processes took 55 % of
    one's time; with it at 2-3 (other work on both cores) they were 10-30 % slower than one.
    """
    return cores > 1 and os.getloadavg()[0] < cores


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
