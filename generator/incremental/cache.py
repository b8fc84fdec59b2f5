"""What the last generation computed, so that regenerating unchanged input does no work again.

Kept in the user's store (`generator.incremental.store`), one record per output directory, under
the hash of the directory's resolved path: never in the output directory itself. The record
depends on this machine and this sdkgen (it fingerprints sdkgen's own source and the installed
tools), and committed output must depend only on the inputs, or every sdkgen upgrade would turn
a user's `sdkgen check` red and make branches conflict over it. A new clone, or a run with
`--no-cache`, has no record and simply does the work once. Nothing in it is trusted blindly:

- the *fingerprint* covers every input (spec files, templates, configuration, tool versions); a
  run whose fingerprint matches and whose output files still hash to what was written has
  nothing to do;
- a *formatted* entry maps the hash of a file as rendered to the hash of that file after black;
  it is used only when the file on disk has exactly that hash, so black's answer is read back,
  never guessed;
- *validated* is the hash of spec sources openapi-spec-validator accepted without a remark.

This module stays light (no YAML, Jinja2 or black) so the no-change path starts fast.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.config import Config, settings_record
from generator.incremental.store import Store, address, digest
from generator.versions import TOOLS, tool_version

CACHE_VERSION = 2
# The file earlier sdkgen versions kept this record in, inside the output directory. It is no
# longer written; being in the old manifest, it goes the way of any file no longer generated.
LEGACY_CACHE_FILE = ".sdkgen/cache.json"


@dataclass(frozen=True, slots=True, kw_only=True)
class Cache:
    fingerprint: str
    inputs: Mapping[str, str]  # spec file, relative to the root spec's directory -> sha256
    outputs: Mapping[str, str]  # output path -> sha256 of its bytes
    formatted: Mapping[str, str] = field(default_factory=dict)  # rendered sha -> formatted sha
    validated: str | None = None  # sha256 of the spec sources that validated cleanly
    ignored: tuple[str, ...] = ()  # produced but left to the user (.sdkgenignore), for `-v`

    def dump(self) -> str:
        document = {
            "version": CACHE_VERSION,
            "fingerprint": self.fingerprint,
            "inputs": dict(sorted(self.inputs.items())),
            "outputs": dict(sorted(self.outputs.items())),
            "formatted": dict(sorted(self.formatted.items())),
            "validated": self.validated,
            "ignored": sorted(self.ignored),
        }
        return json.dumps(document, indent=1) + "\n"


def _key(output_dir: Path) -> str:
    return address("output directory", str(output_dir.resolve()))


def record(store: Store | None, output_dir: Path, cache: Cache) -> None:
    """Remember what `output_dir` now holds, for the next run's fast path."""
    if store is not None:
        store.put("runs", _key(output_dir), cache.dump())


def read(store: Store | None, output_dir: Path) -> Cache | None:
    """The previous run's record for `output_dir`; anything unreadable is simply no record."""
    if store is None:
        return None
    try:
        text = store.get("runs", _key(output_dir))
        if text is None:
            return None
        document = json.loads(text)
        if document.get("version") != CACHE_VERSION:
            return None
        return Cache(
            fingerprint=str(document["fingerprint"]),
            inputs=dict(document["inputs"]),
            outputs=dict(document["outputs"]),
            formatted=dict(document["formatted"]),
            validated=document.get("validated"),
            ignored=tuple(document.get("ignored", ())),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _versions() -> str:
    return ",".join(f"{tool}={tool_version(tool)}" for tool in TOOLS)


@functools.cache
def code_digest() -> str:
    """sdkgen's own source: an edited checkout must not reuse what older code produced."""
    package = Path(__file__).parent.parent  # the whole generator package
    return digest("\n".join(_tree(package, "*.py")))


def _tree(directory: Path, pattern: str = "*") -> Iterable[str]:
    for path in sorted(p for p in directory.rglob(pattern) if p.is_file()):
        yield f"{path.relative_to(directory).as_posix()}:{digest(path.read_bytes())}"


def fingerprint(
    config: Config, inputs: Mapping[str, str], templates: Iterable[Path], output_dir: Path
) -> str:
    """A hash of everything the output depends on."""
    parts = [str(CACHE_VERSION), _versions(), code_digest(), settings_record(config)]
    parts += [f"{path}:{sha}" for path, sha in sorted(inputs.items())]
    for directory in templates:
        parts += _tree(directory)
    ignore = output_dir / ".sdkgenignore"
    parts.append(digest(ignore.read_bytes()) if ignore.is_file() else "-")
    return digest("\n".join(parts))


def hash_inputs(spec: Path, relative_paths: Iterable[str]) -> dict[str, str] | None:
    """Current hashes of the spec files a previous run read; None when one is gone."""
    base = spec.resolve().parent
    hashes = {}
    for relative in relative_paths:
        try:
            hashes[relative] = digest((base / relative).read_bytes())
        except OSError:
            return None
    return hashes


def outputs_intact(output_dir: Path, outputs: Mapping[str, str]) -> bool:
    """Whether every file the cache lists is on disk with the bytes that were written."""
    for path, sha in outputs.items():
        try:
            if digest((output_dir / path).read_bytes()) != sha:
                return False
        except OSError:
            return False
    return True
