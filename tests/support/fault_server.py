"""A small scripted HTTP server on loopback, for what a mock of the spec cannot do.

Each path has a queue of steps (answer with this status/headers/body, answer late, or drop the
connection); every request is recorded. Bounded: a step's delay is capped and the server
stops when the test's `with` block ends.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MAX_DELAY = 5.0


@dataclass(frozen=True)
class Step:
    status: int = 200
    body: Any = None  # JSON-encoded unless bytes
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False  # close the connection without answering


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class FaultServer:
    def __init__(self) -> None:
        self._scripts: dict[str, deque[Step]] = defaultdict(deque)
        self._defaults: dict[str, Step] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def script(self, path: str, *steps: Step, then: Step | None = None) -> None:
        """Answer `path` with `steps` in order, then with `then` for every later request."""
        with self._lock:
            self._scripts[path].extend(steps)
            if then is not None:
                self._defaults[path] = then

    def seen(self, path: str | None = None) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if path is None or r.path.split("?")[0] == path]

    def _next(self, path: str) -> Step:
        with self._lock:
            queue = self._scripts.get(path)
            if queue:
                return queue.popleft()
            return self._defaults.get(path, Step(status=404, body={"type": "not scripted"}))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the tests assert on `requests` instead."""

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path.split("?")[0]
                with server._lock:
                    server.requests.append(
                        Seen(self.command, self.path, dict(self.headers.items()), body)
                    )
                step = server._next(path)
                time.sleep(min(step.delay, MAX_DELAY))
                if step.drop:
                    self.close_connection = True
                    with contextlib.suppress(OSError):
                        self.connection.shutdown(2)
                    return
                payload = step.body if isinstance(step.body, bytes) else b""
                if step.body is not None and not isinstance(step.body, bytes):
                    payload = json.dumps(step.body).encode()
                self.send_response(step.status)
                headers = {"Content-Type": "application/json", **step.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _answer

        return Handler

    @contextlib.contextmanager
    def running(self) -> Iterator[FaultServer]:
        thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()
            thread.join(timeout=5)
