"""Is the output already what generation would produce? Answered without running a stage.

Kept apart from `generator.pipeline` so that answering costs a few file hashes, not the imports of
YAML, Jinja2, black and openapi-spec-validator.
"""

from __future__ import annotations

import time

from generator.config import Config
from generator.incremental import cache
from generator.incremental.cache import Cache
from generator.incremental.store import Store
from generator.paths import template_dirs
from generator.results import GenerationResult, Report


def up_to_date(config: Config, store: Store | None) -> Cache | None:
    """The previous run's record when its inputs and outputs are exactly as they were."""
    previous = cache.read(store, config.output)
    if previous is None:
        return None
    inputs = cache.hash_inputs(config.spec, previous.inputs)
    if inputs is None:
        return None
    current = cache.fingerprint(config, inputs, template_dirs(config), config.output)
    if current != previous.fingerprint:
        return None
    return previous if cache.outputs_intact(config.output, previous.outputs) else None


def unchanged_result(
    config: Config, store: Store | None, *, changes: bool = False
) -> GenerationResult | None:
    """The result of a generation with nothing to do, or None when there is work."""
    started = time.perf_counter()
    previous = up_to_date(config, store)
    if previous is None:
        return None
    return GenerationResult(
        written=(),
        unchanged=tuple(sorted(previous.outputs)),
        removed=(),
        ignored=previous.ignored,
        diagnostics=(),
        seconds=time.perf_counter() - started,
        changes=Report(changes=(), docs_changed=()) if changes else None,
    )
