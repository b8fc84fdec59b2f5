"""Functional-test helpers: inline spec → generated, importable package → mocked HTTP exchange.

In the manner of openapi-python-client's `functional_tests/`: each spec is written to a temporary
directory, generated with the real pipeline under a package name of its own (so packages from
different tests never collide in `sys.modules`), imported, and driven through
`httpx.MockTransport`, which records every request it is given.
"""

from __future__ import annotations

import importlib
import json
import sys
import textwrap
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

from generator.config import make_config
from generator.diagnostics import Diagnostic
from generator.pipeline import generate

Handler = Callable[[httpx.Request], httpx.Response]


@dataclass
class Exchange:
    """A MockTransport handler that remembers the requests it answered."""

    handler: Handler
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.handler(request)

    @property
    def last(self) -> httpx.Request:
        assert self.requests, "no request was sent"
        return self.requests[-1]


def reply(status: int = 200, body: Any = None, *, text: str | None = None) -> Handler:
    """A handler answering every request with `status` and a JSON `body` (or raw `text`)."""

    def handle(request: httpx.Request) -> httpx.Response:
        if text is not None:
            return httpx.Response(status, text=text)
        if body is None:
            return httpx.Response(status)
        return httpx.Response(status, json=body)

    return handle


@dataclass(frozen=True)
class Sdk:
    """A generated package, importable while its `imported_sdk` block is open."""

    package: str
    directory: Path  # the output directory, on sys.path
    diagnostics: tuple[Diagnostic, ...]

    @property
    def path(self) -> Path:
        return self.directory / self.package

    def module(self, name: str = "") -> ModuleType:
        return importlib.import_module(f"{self.package}.{name}" if name else self.package)

    @property
    def models(self) -> ModuleType:
        return self.module("models")

    def client(self, handler: Handler, **settings: Any) -> tuple[Any, Exchange]:
        """An `ApiClient` whose requests go to `handler`, and the exchange that records them."""
        exchange = Exchange(handler)
        package = self.module()
        http_client = httpx.Client(transport=httpx.MockTransport(exchange))
        client = package.ApiClient(package.Configuration(**settings), http_client=http_client)
        return client, exchange


def generate_sdk(spec: str, directory: Path, *, validate: bool = True) -> Sdk:
    """Generates the package for the YAML text `spec` into `directory / "out"`."""
    directory.mkdir(parents=True, exist_ok=True)
    spec_file = directory / "spec.yaml"
    spec_file.write_text(textwrap.dedent(spec), encoding="utf-8")
    package = f"sdk_{uuid.uuid4().hex[:12]}"
    out = directory / "out"
    config = make_config(
        {"spec": spec_file, "output": out, "package": package, "validate": validate}
    )
    result = generate(config)
    return Sdk(package=package, directory=out, diagnostics=result.diagnostics)


@contextmanager
def imported_sdk(spec: str, directory: Path, *, validate: bool = True) -> Iterator[Sdk]:
    """Generates `spec`, makes the package importable, and forgets it again afterwards."""
    sdk = generate_sdk(spec, directory, validate=validate)
    entry = str(sdk.directory)
    sys.path.insert(0, entry)
    importlib.invalidate_caches()
    try:
        yield sdk
    finally:
        sys.path.remove(entry)
        for name in [n for n in sys.modules if n == sdk.package or n.startswith(sdk.package + ".")]:
            del sys.modules[name]


def sent_json(request: httpx.Request) -> Any:
    return json.loads(request.content)
