"""The generated package loads its modules on first use (PEP 562 `__getattr__` in `__init__`).

`import bandwidth_calls` must import neither httpx nor pydantic nor any model, yet every name
offered before stays importable the same ways (`from bandwidth_calls import CallsApi`,
`from bandwidth_calls.models import CallState`, `bandwidth_calls.models.CallState`, star
imports) and is the very object its module defines. Each check runs in a fresh interpreter,
since this test process has long imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.builder import build_api
from generator.config import make_config
from generator.load import load
from tests.support.paths import CALLS_SPEC
from tests.support.sdk import generate_sdk

PACKAGE = "bandwidth_calls"


def _fresh(code: str, *, path: Path | None = None) -> Any:
    """What `code`, run in a new interpreter, prints as JSON on its last line."""
    prelude = f"import sys; sys.path.insert(0, {str(path)!r})\n" if path else ""
    result = subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def _names_and_modules() -> list[tuple[str, str, str]]:
    """(package, name, defining module) of every public name, from the IR."""
    config = make_config({"spec": CALLS_SPEC, "package": PACKAGE})
    api, _ = build_api(load(config.spec), config)
    found = [(PACKAGE, name, f"{PACKAGE}.{module}") for name, module in api.package_lazy_exports]
    found += [
        (f"{PACKAGE}.api", name, f"{PACKAGE}.api.{a.module}")
        for a in api.apis
        for name in a.class_names
    ]
    found += [(f"{PACKAGE}.models", s.name, f"{PACKAGE}.models.{s.module}") for s in api.schemas]
    return found


def test_importing_the_package_imports_no_module_until_a_name_is_used() -> None:
    loaded = _fresh("""
        import json, sys
        def state():
            return {
                "modules": sorted(m for m in sys.modules if m.startswith("bandwidth_calls")),
                "httpx": "httpx" in sys.modules,
                "pydantic": "pydantic" in sys.modules,
            }
        import bandwidth_calls, bandwidth_calls.api, bandwidth_calls.models
        steps = [state()]
        bandwidth_calls.models.CallState
        steps.append(state())
        bandwidth_calls.CallsApi
        steps.append(state())
        print(json.dumps(steps))
        """)
    # The three `__init__`s and the helper they share (`_lazy`), nothing else.
    packages = [PACKAGE, f"{PACKAGE}._lazy", f"{PACKAGE}.api", f"{PACKAGE}.models"]
    assert loaded[0] == {"modules": packages, "httpx": False, "pydantic": False}
    # A model brings its own module and what it needs, nothing of the HTTP side.
    assert loaded[1]["httpx"] is False and loaded[1]["pydantic"] is True
    assert set(loaded[1]["modules"]) - set(packages) == {
        f"{PACKAGE}.models._base",
        f"{PACKAGE}.models.call_state",
        f"{PACKAGE}.models.call_direction_enum",
    }
    assert loaded[2]["httpx"] is True
    assert f"{PACKAGE}.api.calls_api" in loaded[2]["modules"]


def test_every_name_resolves_lazily_to_the_object_its_module_defines() -> None:
    names = _names_and_modules()
    assert len(names) == 24 + 2 + 11  # package, api, models
    result = _fresh(f"""
        import importlib, json
        names = {names!r}
        # Every name through its package first, before any module is imported explicitly.
        lazy = [getattr(importlib.import_module(package), name) for package, name, _ in names]
        wrong = [
            f"{{package}}.{{name}}"
            for (package, name, module), value in zip(names, lazy)
            if value is not getattr(importlib.import_module(module), name)
        ]
        print(json.dumps(wrong))
        """)
    assert result == []


def test_from_imports_star_imports_and_submodules_work_as_before() -> None:
    result = _fresh("""
        import json
        from bandwidth_calls import ApiClient, CallsApi, Configuration
        from bandwidth_calls.models import CallState, CallStateEnum
        from bandwidth_calls.api import AsyncCallsApi
        import bandwidth_calls
        import bandwidth_calls.api.calls_api as calls_api
        namespaces = {}
        for package in ("bandwidth_calls", "bandwidth_calls.api", "bandwidth_calls.models"):
            scope = {}
            exec(f"from {package} import *", scope)
            namespaces[package] = sorted(n for n in scope if n != "__builtins__")
        print(json.dumps({
            "star": namespaces,
            "all": {
                "bandwidth_calls": sorted(bandwidth_calls.__all__),
                "bandwidth_calls.api": sorted(bandwidth_calls.api.__all__),
                "bandwidth_calls.models": sorted(bandwidth_calls.models.__all__),
            },
            "same": [
                bandwidth_calls.models.CallState is CallState,
                bandwidth_calls.models.call_state.CallState is CallState,
                bandwidth_calls.api.calls_api is calls_api,
                calls_api.CallsApi is CallsApi and calls_api.AsyncCallsApi is AsyncCallsApi,
                bandwidth_calls.serialization.json_body is not None,
                CallStateEnum("active") is CallStateEnum.ACTIVE,
                isinstance(CallsApi(ApiClient(Configuration())), CallsApi),
            ],
            "dir": sorted(set(bandwidth_calls.models.__all__) - set(dir(bandwidth_calls.models))),
        }))
        """)
    assert result["star"] == result["all"]
    assert all(result["same"]), result["same"]
    assert result["dir"] == []


def test_an_unknown_name_is_still_an_error() -> None:
    import bandwidth_calls  # noqa: PLC0415 - the module object itself is what is tested
    import bandwidth_calls.models  # noqa: PLC0415

    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        _ = bandwidth_calls.Nope  # type: ignore[attr-defined]
    with pytest.raises(AttributeError, match="has no attribute 'call_stat'"):
        _ = bandwidth_calls.models.call_stat  # type: ignore[attr-defined]
    with pytest.raises(ImportError, match="Nope"):
        exec("from bandwidth_calls.models import Nope", {})
    assert not hasattr(bandwidth_calls, "Nope")


CYCLES = """
openapi: 3.0.3
info: {title: Cycles, version: "1"}
paths:
  /holders:
    get:
      operationId: getHolder
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Holder"}
components:
  schemas:
    Folder:
      type: object
      properties:
        files: {type: array, items: {$ref: "#/components/schemas/File"}}
    File:
      type: object
      properties:
        folder: {$ref: "#/components/schemas/Folder"}
    Holder:
      type: object
      properties:
        folder: {$ref: "#/components/schemas/Folder"}
        name: {type: string}
"""


@pytest.mark.parametrize(
    "first_import",
    [
        "from {p}.models.file import File",
        "from {p}.models.holder import Holder",
        "import {p}.models",
    ],
)
def test_models_that_refer_to_each_other_work_whichever_module_is_imported_first(
    tmp_path: Path, first_import: str
) -> None:
    """Models in an import cycle are rebuilt when `models` is imported; the others stay lazy."""
    sdk = generate_sdk(CYCLES, tmp_path)
    package = sdk.package
    result = _fresh(
        f"""
        import json, sys
        {first_import.format(p=package)}
        loaded = sorted(m for m in sys.modules if m.startswith("{package}.models."))
        from {package}.models import File, Folder, Holder
        holder = Holder.from_dict({{"folder": {{"files": [{{"folder": {{"files": []}}}}]}}}})
        file = File.model_validate_json('{{"folder": {{"files": [{{}}]}}}}')
        print(json.dumps({{
            "loaded": loaded,
            "types": [
                type(holder.folder.files[0].folder) is Folder,
                type(file.folder.files[0]) is File,
            ],
        }}))
        """,
        path=sdk.directory,
    )
    assert all(result["types"])
    eager = {f"{package}.models._base", f"{package}.models.file", f"{package}.models.folder"}
    assert eager <= set(result["loaded"])
    if "holder" not in first_import:
        assert f"{package}.models.holder" not in result["loaded"]
