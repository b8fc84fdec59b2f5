"""What the last generation computed, so that regenerating unchanged input does no work again.

Kept as `.sdkgen/cache.json` in the output directory and written with the other files, so it is
all or nothing with them and its content depends only on the inputs (it is as deterministic as
the rest of the output). Nothing in it is trusted blindly:

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
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.config import Config
from generator.versions import TOOLS, tool_version

CACHE_FILE = ".sdkgen/cache.json"
CACHE_VERSION = 1


def digest(data: bytes | str) -> str:
    # surrogatepass: spec text may hold a lone surrogate; a hash must not fail on it.
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class Cache:
    fingerprint: str
    inputs: Mapping[str, str]  # spec file, relative to the root spec's directory -> sha256
    outputs: Mapping[str, str]  # output path -> sha256 of its bytes
    formatted: Mapping[str, str] = field(default_factory=dict)  # rendered sha -> formatted sha
    validated: str | None = None  # sha256 of the spec sources that validated cleanly

    def dump(self) -> str:
        document = {
            "version": CACHE_VERSION,
            "fingerprint": self.fingerprint,
            "inputs": dict(sorted(self.inputs.items())),
            "outputs": dict(sorted(self.outputs.items())),
            "formatted": dict(sorted(self.formatted.items())),
            "validated": self.validated,
        }
        return json.dumps(document, indent=1) + "\n"


def read(output_dir: Path) -> Cache | None:
    """The previous run's cache; anything unreadable is simply no cache."""
    try:
        document = json.loads((output_dir / CACHE_FILE).read_text(encoding="utf-8"))
        if document.get("version") != CACHE_VERSION:
            return None
        return Cache(
            fingerprint=str(document["fingerprint"]),
            inputs=dict(document["inputs"]),
            outputs=dict(document["outputs"]),
            formatted=dict(document["formatted"]),
            validated=document.get("validated"),
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
    settings = {
        "package": config.package,
        "project_name": config.project_name,
        "package_version": config.package_version,
        "docs_url": config.docs_url,
        "pagination": dict(sorted(config.pagination.items())),
        "validate": config.validate,
        "spec": config.spec.name,
    }
    parts = [str(CACHE_VERSION), _versions(), code_digest(), json.dumps(settings, sort_keys=True)]
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
