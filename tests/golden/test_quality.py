"""Static checks that keep both the generator and the generated SDK clean."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.support.paths import GENERATED, REPO

BIN = Path(sys.executable).parent
PYRIGHT = REPO / "node_modules" / ".bin" / "pyright"  # pinned in package-lock.json


def _run(*command: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def _pyright_strict(tmp_path: Path, *paths: Path) -> None:
    """pyright in strict mode, as an editor running Pylance would, on `paths`.

    `extraPaths` makes `bandwidth_calls` the committed tree, whatever is installed.
    """
    config = tmp_path / "pyrightconfig.json"
    settings = {
        "typeCheckingMode": "strict",
        "pythonVersion": "3.10",
        "extraPaths": [str(GENERATED)],
    }
    config.write_text(json.dumps(settings), encoding="utf-8")
    command = [str(PYRIGHT), "--pythonpath", sys.executable, "-p", str(config)]
    _run(*command, *map(str, paths), cwd=tmp_path)


def test_generated_package_passes_mypy_strict(tmp_path: Path) -> None:
    cache = str(tmp_path / "mypy")
    _run(str(BIN / "mypy"), "--strict", "--cache-dir", cache, "bandwidth_calls", cwd=GENERATED)


def test_generated_package_passes_pyright_strict(tmp_path: Path) -> None:
    _pyright_strict(tmp_path, GENERATED / "bandwidth_calls")


# What a user writes against the SDK's surface (issue 12): an injected httpx client, default
# headers, an `httpx.Timeout` per call, per-call headers, the typed error model, streaming.
USER_PROGRAM = """
    from __future__ import annotations

    import contextlib

    import httpx
    from typing_extensions import assert_type

    import bandwidth_calls
    from bandwidth_calls.models import CallState, VoiceApiError


    def main() -> None:
        configuration = bandwidth_calls.Configuration(
            host="http://127.0.0.1:4010", username="user", password="secret"
        )
        http_client = httpx.Client(
            headers={"X-Trace": "abc"}, limits=httpx.Limits(max_connections=5)
        )
        with bandwidth_calls.ApiClient(configuration, http_client=http_client) as api_client:
            api_client.set_default_header("X-Tenant", "acme")
            api_client.user_agent = "my-app/1.0"
            api = bandwidth_calls.CallsApi(api_client)
            try:
                state = api.get_call_state(
                    "9900000",
                    "c-1",
                    _request_timeout=httpx.Timeout(5.0, connect=2.0),
                    _headers={"Authorization": "Bearer token"},
                )
                assert_type(state, CallState)
            except bandwidth_calls.NotFoundException as error:
                assert_type(error.data_as(VoiceApiError), VoiceApiError | None)
                print(error.method, error.path, error.status)
            except bandwidth_calls.ApiClientClosedError as error:
                print(error)
            streamed = api.list_calls_without_preload_content("9900000")
            with contextlib.closing(streamed) as response:
                for chunk in response.iter_bytes():
                    print(len(chunk))


    async def main_async() -> None:
        http_client = httpx.AsyncClient(headers={"X-Trace": "abc"})
        configuration = bandwidth_calls.Configuration(timeout=httpx.Timeout(10.0))
        async with bandwidth_calls.AsyncApiClient(
            configuration, http_client=http_client
        ) as api_client:
            api = bandwidth_calls.AsyncCallsApi(api_client)
            response = await api.get_call_state_without_preload_content(
                "9900000", "c-1", _request_timeout=httpx.Timeout(1.0)
            )
            async with contextlib.aclosing(response):
                print(await response.aread())
"""


def test_a_user_program_type_checks_under_mypy_and_pyright_strict(tmp_path: Path) -> None:
    program = tmp_path / "user_program.py"
    program.write_text(textwrap.dedent(USER_PROGRAM), encoding="utf-8")
    mypy = [str(BIN / "mypy"), "--strict", "--cache-dir", str(tmp_path / "mypy"), str(program)]
    _run(*mypy, cwd=tmp_path, env={**os.environ, "MYPYPATH": str(GENERATED)})
    _pyright_strict(tmp_path, program)


def test_generated_package_passes_ruff_default_rules() -> None:
    # --isolated: ruff's defaults, not this repo's settings; py310 as the SDK's requires-python.
    _run(
        str(BIN / "ruff"),
        "check",
        "--isolated",
        "--target-version",
        "py310",
        "--no-cache",
        ".",
        cwd=GENERATED,
    )


def test_generated_package_is_black_formatted() -> None:
    _run(str(BIN / "black"), "--check", "--quiet", "-l", "88", ".", cwd=GENERATED)


def test_our_code_passes_mypy_strict() -> None:
    """The files pyproject names for mypy."""
    _run(str(BIN / "mypy"))


def test_our_code_passes_ruff() -> None:
    _run(str(BIN / "ruff"), "check", "--no-cache", "generator", "tests", "bench")


def test_our_code_is_black_formatted() -> None:
    _run(str(BIN / "black"), "--check", "--quiet", "generator", "tests", "bench")


def test_black_skips_no_folder_of_our_code() -> None:
    """black's default exclude skips folders named `build`, `dist`, `venv`...: none of ours."""
    result = subprocess.run(
        [str(BIN / "black"), "--check", "-v", "generator", "tests", "bench"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    skipped = [
        line
        for line in result.stderr.splitlines()
        if "ignored:" in line and "__pycache__" not in line and ".gitignore" not in line
    ]
    assert not skipped, "\n".join(skipped)


def test_the_stage_contracts_hold() -> None:
    """import-linter: the pipeline runs one way and the side concerns stay at the side."""
    _run(str(BIN / "lint-imports"), "--no-cache")
