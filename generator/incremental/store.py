"""Results worth keeping across runs and output directories, in the user's cache directory.

It makes any run cheap that repeats work an earlier one did anywhere: black's answer for a given
text, the validator's verdict on given spec sources, the compiled templates; and it keeps, per
output directory, what the last generation there wrote (`generator.incremental.cache`), so that
regenerating unchanged input does nothing. Like black's own cache, it lives under
`$XDG_CACHE_HOME/sdkgen` (or `~/.cache/sdkgen`); `SDKGEN_CACHE_DIR` moves it and
`SDKGEN_NO_CACHE=1` (or `sdkgen generate --no-cache`) turns it off.

Every entry is addressed by a hash of everything its value depends on (tool versions, settings
and the exact input), so an entry can be missing but never stale. The one exception, the record
of an output directory's last generation (`runs`), is addressed by the directory and carries its
own fingerprint of the inputs and hashes of the outputs, which are checked before it is believed.
Each file carries the hash of its value, and one that does not match is ignored: a torn or
tampered entry costs the work it would have saved, never a wrong output. The store is an
optimisation only: a directory that cannot be read or written leaves generation as it would be
without it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

_KINDS = ("black", "validated", "runs")


def digest(data: bytes | str) -> str:
    # surrogatepass: spec text may hold a lone surrogate; a hash must not fail on it.
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


class Store:
    def __init__(self, root: Path) -> None:
        self.root = root

    def get(self, kind: str, key: str) -> str | None:
        """The value stored under `key`, or None when absent or damaged."""
        try:
            data = self._path(kind, key).read_bytes()
        except OSError:
            return None
        checksum, _, value = data.partition(b"\n")
        if checksum.decode("ascii", "replace") != digest(value):
            return None
        return value.decode("utf-8", "surrogatepass")

    def put(self, kind: str, key: str, value: str) -> None:
        """Store `value` atomically (a concurrent reader sees all of it or nothing)."""
        raw = value.encode("utf-8", "surrogatepass")
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(digest(raw).encode("ascii") + b"\n" + raw)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return

    def directory(self, name: str) -> Path | None:
        """A subdirectory for a library's own cache (Jinja2's bytecode), created on demand."""
        path = self.root / name
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return path

    def _path(self, kind: str, key: str) -> Path:
        if kind not in _KINDS:
            raise ValueError(f"unknown store kind {kind!r}")
        return self.root / kind / key[:2] / key


class Answers:
    """One kind of the store's entries as a tool's memo: its answer for an exact input.

    `context` is everything besides the input that the answer depends on (the tool's version
    and mode), so it is part of every address.
    """

    def __init__(self, store: Store, kind: str, context: str) -> None:
        self._store, self._kind, self._context = store, kind, context

    def get(self, source: str) -> str | None:
        return self._store.get(self._kind, address(self._context, source))

    def put(self, source: str, answer: str) -> None:
        self._store.put(self._kind, address(self._context, source), answer)


def address(*parts: str) -> str:
    """Where the value computed from `parts` is kept; no part can run into the next."""
    return digest("\0".join(f"{len(part)}:{part}" for part in parts))


def default_root() -> Path | None:
    """Where the store lives for this user, or None when it is turned off."""
    if os.environ.get("SDKGEN_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("SDKGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory to be found: run without a store
            return None
    return Path(base) / "sdkgen"


def open_store(enabled: bool = True) -> Store | None:
    root = default_root() if enabled else None
    return None if root is None else Store(root)
