"""docs/templates.md lists every filter, test and global sdkgen adds to Jinja2, and templates
use nothing else, as test_ir_reference_is_current keeps docs/ir-reference.md true.

Three sources, each read where it is decided:
- used: every file in templates/, parsed by Jinja2's own parser (filter and test nodes; the
  names a template reads without defining them, for globals);
- registered: the environment `render_api` really renders with, seen by watching
  `Environment.get_template` and `Template.render` during a run on spec/calls.yaml (so what is
  registered per run counts, and the context each template is rendered with is known);
- documented: the rows of the tables under `### Filters`, `### Globals` and `### Tests` in
  docs/templates.md, whose first column is the name in backticks (`| \\`md_text\\` | … |`).

Jinja2's own filters, tests and globals are available to templates and need no row; a name
sdkgen registers over one of Jinja2's own does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
import jinja2.defaults
import jinja2.filters
import jinja2.meta
import jinja2.tests
import pytest
from jinja2 import nodes

from generator.builder import build_api
from generator.config import make_config
from generator.load import load
from generator.render.files import render_api
from tests.support.paths import CALLS_SPEC, REPO

TEMPLATES = REPO / "templates"
DOC = REPO / "docs" / "templates.md"

# Jinja2's own, which need no row: {kind: {name: object}}.
_JINJA2: dict[str, Mapping[str, Any]] = {
    "Filters": jinja2.filters.FILTERS,
    "Tests": jinja2.tests.TESTS,
    "Globals": jinja2.defaults.DEFAULT_NAMESPACE,
}


@dataclass(frozen=True)
class _Run:
    environment: jinja2.Environment
    contexts: dict[str, set[str]]  # template name -> names of the context it is rendered with
    failure: jinja2.TemplateError | None  # the run stops at a name it cannot find


@pytest.fixture(scope="module")
def run() -> Iterator[_Run]:
    """The environment and contexts of a real `render_api` on spec/calls.yaml."""
    config = make_config({"spec": CALLS_SPEC, "package": "bandwidth_calls"})
    api, _ = build_api(load(config.spec), config)
    environments: set[jinja2.Environment] = set()
    contexts: dict[str, set[str]] = {}
    get_template, render = jinja2.Environment.get_template, jinja2.Template.render

    def watched_get_template(self: jinja2.Environment, *args: Any, **kwargs: Any) -> Any:
        environments.add(self)
        return get_template(self, *args, **kwargs)

    def watched_render(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        contexts.setdefault(str(self.name), set()).update(kwargs)
        return render(self, *args, **kwargs)

    failure = None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jinja2.Environment, "get_template", watched_get_template)
        patch.setattr(jinja2.Template, "render", watched_render)
        try:
            render_api(api)
        except jinja2.TemplateError as error:
            failure = error
    assert len(environments) == 1, (
        f"render_api used {len(environments)} environments (Environment.get_template);"
        " this test expects the one it registers filters and globals on"
    )
    yield _Run(environments.pop(), contexts, failure)


def _registered(run: _Run, kind: str) -> set[str]:
    """What sdkgen adds to Jinja2: names Jinja2 lacks, or binds to something else."""
    table: Mapping[str, Any] = {
        "Filters": run.environment.filters,
        "Tests": run.environment.tests,
        "Globals": run.environment.globals,
    }[kind]
    own = _JINJA2[kind]
    return {name for name, value in table.items() if own.get(name) is not value}


def _used(run: _Run) -> dict[str, dict[str, set[str]]]:
    """{kind: {name: templates using it}} for filters, tests and globals."""
    scratch = jinja2.Environment()
    parsed = {
        path.relative_to(TEMPLATES).as_posix(): scratch.parse(path.read_text(encoding="utf-8"))
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file()
    }
    used: dict[str, dict[str, set[str]]] = {kind: {} for kind in _JINJA2}
    for template, tree in parsed.items():
        for kind, node_type in (("Filters", nodes.Filter), ("Tests", nodes.Test)):
            for node in tree.find_all(node_type):
                used[kind].setdefault(node.name, set()).add(template)
    # find_undeclared_variables compiles, and compiling needs every filter and test to exist.
    identity: Callable[..., Any] = lambda value, *args, **kwargs: value  # noqa: E731
    scratch.filters.update(dict.fromkeys(used["Filters"], identity))
    scratch.tests.update(dict.fromkeys(used["Tests"], identity))
    every_context = set().union(*run.contexts.values())
    for template, tree in parsed.items():
        # A name `set` in one branch of an `if` counts as undeclared (Jinja2 looks it up in case
        # the branch is not taken); a name the template assigns is its own, not a global.
        assigned = {name.name for name in tree.find_all(nodes.Name) if name.ctx == "store"}
        # A template rendered directly gets its context; an included one, its includer's.
        context = run.contexts.get(template, every_context)
        for name in jinja2.meta.find_undeclared_variables(tree) - assigned - context:
            used["Globals"].setdefault(name, set()).add(template)
    return used


def _documented(kind: str) -> set[str]:
    """The names in the first column of the table under `### <kind>` in docs/templates.md."""
    text = DOC.read_text(encoding="utf-8")
    section = re.search(rf"^### {kind}\n(.*?)(?=^#|\Z)", text, re.MULTILINE | re.DOTALL)
    if section is None:
        return set()
    return set(re.findall(r"^\| `([^`]+)` \|", section.group(1), re.MULTILINE))


def test_the_run_was_watched(run: _Run) -> None:
    assert run.failure is None, f"render_api failed: {run.failure!r}"
    # Rendered templates are named as their paths under templates/, which _used relies on.
    assert {"python/package/models/model.py.jinja": {"model"}}.items() <= run.contexts.items()
    assert all((TEMPLATES / name).is_file() for name in run.contexts), sorted(run.contexts)
    assert {"md_text", "comment"} <= _registered(run, "Filters")
    assert "api" in _registered(run, "Globals")


@pytest.mark.parametrize("kind", list(_JINJA2))
def test_templates_use_only_what_is_registered(run: _Run, kind: str) -> None:
    available = _registered(run, kind) | set(_JINJA2[kind])
    unknown = {
        name: sorted(templates)
        for name, templates in _used(run)[kind].items()
        if name not in available
    }
    assert not unknown, (
        f"{kind.lower()} used by templates but registered neither by sdkgen"
        f" (generator/render) nor by Jinja2: {unknown}"
    )


@pytest.mark.parametrize("kind", list(_JINJA2))
def test_docs_list_exactly_what_sdkgen_registers(run: _Run, kind: str) -> None:
    registered, documented = _registered(run, kind), _documented(kind)
    missing, extra = sorted(registered - documented), sorted(documented - registered)
    assert not (missing or extra), (
        f"docs/templates.md, table under `### {kind}` (one row each, | `name` | for what |):"
        + (f" add a row for {', '.join(missing)}" if missing else "")
        + (" and" if missing and extra else "")
        + (
            f" remove the row for {', '.join(extra)} (sdkgen registers no such name)"
            if extra
            else ""
        )
    )
