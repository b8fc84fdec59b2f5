"""Start and stop the Prism mock server (from node_modules) on a free loopback port."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from tests.support.paths import REPO

PRISM = REPO / "node_modules" / ".bin" / "prism"
STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
        return True
    return False


@contextlib.contextmanager
def prism_server(spec: Path) -> Iterator[str]:
    """Yield the base URL of a Prism mock serving `spec`; the server is stopped afterwards."""
    if not PRISM.exists():
        raise RuntimeError(f"{PRISM} is missing: run `make test`, which installs it with npm ci")
    port = free_port()
    log = (REPO / ".pytest_cache").resolve()
    log.mkdir(exist_ok=True)
    with (log / f"prism-{port}.log").open("wb") as output:
        process = subprocess.Popen(
            [str(PRISM), "mock", "--host", "127.0.0.1", "--port", str(port), str(spec)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while not _listening(port):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Prism did not start; see {output.name}")
                time.sleep(0.1)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
