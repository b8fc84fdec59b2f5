"""sdkgen as a build pipeline runs it: stable committed output, settings, errors that name them."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import REPO
from tests.support.trees import tree


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _sdkgen(
    *args: str, cwd: Path, pythonpath: Path = REPO, store: Path | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(pythonpath)}
    if store is not None:
        environment["SDKGEN_CACHE_DIR"] = str(store)
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of this repository's SDK project: its settings, its spec, its committed output."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(REPO / "spec", root / "spec")
    shutil.copytree(REPO / "generated", root / "generated")
    return root


def test_an_sdkgen_edit_that_changes_no_generated_file_changes_no_committed_byte(
    project: Path, tmp_path: Path
) -> None:
    edited = tmp_path / "sdkgen"
    shutil.copytree(REPO / "generator", edited / "generator")
    shutil.copytree(REPO / "templates", edited / "templates")
    with (edited / "generator" / "write.py").open("a") as module:
        module.write("\n# an sdkgen upgrade that changes nothing it generates\n")
    before = _snapshot(project / "generated")
    store = tmp_path / "store"  # a fresh machine: nothing remembered
    check = _sdkgen("check", cwd=project, pythonpath=edited, store=store)
    assert check.returncode == 0, check.stdout + check.stderr
    generate = _sdkgen("generate", cwd=project, pythonpath=edited, store=store)
    assert generate.returncode == 0, generate.stderr
    assert generate.stdout.startswith("0 written, "), generate.stdout
    assert _snapshot(project / "generated") == before


def test_tests_do_not_depend_on_the_directory_pytest_runs_from(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(REPO / "tests" / "golden" / "test_golden.py"),
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize(
    ("package", "why"),
    [
        ("class", "it is a Python keyword, so `import` cannot name it"),
        ("my-sdk", "it is not a Python identifier"),
        ("2fast", "it is not a Python identifier"),
        ("MySdk", "it is not lowercase"),
        ("json", "it shadows the standard-library module `json`"),
        ("pydantic", "it shadows `pydantic`, which the generated SDK imports"),
    ],
)
def test_a_bad_package_name_is_a_configuration_error_before_any_work(
    package: str, why: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = _sdkgen(
        "generate",
        str(REPO / "spec" / "calls.yaml"),
        "-o",
        str(out),
        "--package",
        package,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"error: invalid setting `package` = {package!r} (from the command line): {why}"
    ), result.stderr
    assert "template" not in result.stderr
    assert not out.exists()


def test_a_setting_that_is_not_a_boolean_names_its_file(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text()
    assert "[tool.sdkgen]\n" in text
    pyproject.write_text(text.replace("[tool.sdkgen]\n", '[tool.sdkgen]\nblack = "yes"\n'))
    before = _snapshot(project)
    result = _sdkgen("generate", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "error: invalid setting `black` = 'yes' (from [tool.sdkgen] in pyproject.toml): it"
        " must be true or false"
    ), result.stderr
    assert _snapshot(project) == before


def test_black_over_every_file_writes_what_the_layout_writes(tmp_path: Path) -> None:
    spec = str(REPO / "spec" / "calls.yaml")
    laid_out, by_black = tmp_path / "laid-out", tmp_path / "black"
    for out, extra in ((laid_out, ()), (by_black, ("--black",))):
        result = _sdkgen("generate", spec, "-o", str(out), "--no-cache", *extra, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert tree(laid_out) == tree(by_black)


def test_files_from_user_templates_go_through_black(tmp_path: Path) -> None:
    templates = tmp_path / "templates" / "docs"
    templates.mkdir(parents=True)
    original = (REPO / "templates" / "docs" / "enum.md.jinja").read_text()
    assert "print(value.value)" in original
    (templates / "enum.md.jinja").write_text(original.replace("print(value.value)", "print( 1,2 )"))
    out = tmp_path / "out"
    spec = str(REPO / "spec" / "calls.yaml")
    result = _sdkgen(
        "generate", spec, "-o", str(out), "--templates", str(tmp_path / "templates"), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "\nprint(1, 2)\n" in (out / "docs" / "CallStateEnum.md").read_text()


def test_a_bad_package_name_in_pyproject_names_the_file(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"bandwidth_calls"', '"json"'))
    before = _snapshot(project)
    result = _sdkgen("generate", cwd=project)
    assert result.returncode == 2
    assert "`package` = 'json' (from [tool.sdkgen] in pyproject.toml)" in result.stderr
    assert "standard-library module `json`" in result.stderr
    assert _snapshot(project) == before


@pytest.mark.parametrize("command", ["generate", "check"])
def test_an_output_path_that_is_a_file_is_refused(command: str, tmp_path: Path) -> None:
    target = tmp_path / "sdk"
    target.write_text("not a directory\n")
    spec = str(REPO / "spec" / "calls.yaml")
    result = _sdkgen(command, spec, "-o", str(target), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"error: output path {target} is a file\n"
    inside = _sdkgen(command, spec, "-o", str(target / "deeper"), cwd=tmp_path)
    assert inside.returncode == 2
    assert f"output path {target / 'deeper'} is inside {target}, which is a file" in inside.stderr
    assert target.read_text() == "not a directory\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sdk"]


def test_the_output_records_its_settings_and_check_and_generate_reuse_them(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "specs" / "calls.yaml"
    spec.parent.mkdir()
    shutil.copy(REPO / "spec" / "calls.yaml", spec)
    out = tmp_path / "sdk"
    first = _sdkgen("generate", str(spec), "-o", str(out), "--package", "calls_sdk", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    recorded = (out / ".sdkgen" / "settings.json").read_text()
    assert '"spec": "../specs/calls.yaml"' in recorded
    assert '"package": "calls_sdk"' in recorded
    assert str(tmp_path) not in recorded  # nothing about this machine
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    before = _snapshot(out)
    check = _sdkgen("check", "-o", str(out), cwd=elsewhere)
    assert (check.returncode, check.stdout) == (0, f"{out} is up to date\n"), check.stderr
    again = _sdkgen("generate", "-o", str(out), "--no-cache", cwd=elsewhere)
    assert again.returncode == 0 and again.stdout.startswith("0 written,"), again.stdout
    assert _snapshot(out) == before
    # A flag still overrides what was recorded.
    other = _sdkgen("check", "-o", str(out), "--package", "other_sdk", cwd=elsewhere)
    assert other.returncode == 1
    assert "missing: other_sdk/__init__.py" in other.stdout


def test_checking_a_missing_or_empty_directory_is_one_line(tmp_path: Path) -> None:
    spec = str(REPO / "spec" / "calls.yaml")
    missing = tmp_path / "missing"
    result = _sdkgen("check", spec, "-o", str(missing), "--full-diff", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"{missing} does not exist: nothing to check;"
        f" `sdkgen generate {spec} -o {missing}` generates it\n"
    )
    (tmp_path / "empty").mkdir()
    empty = _sdkgen("check", spec, "-o", str(tmp_path / "empty"), cwd=tmp_path)
    assert empty.returncode == 1
    assert empty.stderr.count("\n") == 1 and " is empty: nothing to check;" in empty.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]
    assert not any((tmp_path / "empty").iterdir())


def test_the_stale_hint_is_the_command_that_updates_the_output(project: Path) -> None:
    readme = project / "generated" / "README.md"
    readme.write_text("edited\n")
    result = _sdkgen("check", "--full-diff", "-o", "generated", "--no-cache", cwd=project)
    assert result.returncode == 1
    assert "generated is stale: run `sdkgen generate -o generated --no-cache`" in result.stderr
    assert readme.read_text() == "edited\n"
    fixed = _sdkgen("generate", "-o", "generated", "--no-cache", cwd=project)
    assert fixed.returncode == 0, fixed.stderr
    assert _sdkgen("check", cwd=project).returncode == 0


def test_settings_are_found_in_the_nearest_pyproject_upward(project: Path) -> None:
    deeper = project / "spec" / "nested"
    deeper.mkdir()
    result = _sdkgen("check", cwd=deeper)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "../../generated is up to date\n"
    # The generated SDK's own pyproject.toml has no [tool.sdkgen]: it is passed over.
    inside = _sdkgen("check", cwd=project / "generated" / "bandwidth_calls")
    assert inside.returncode == 0, inside.stdout + inside.stderr
    # A repository's root is as far as the search goes.
    (deeper / ".git").mkdir()
    stopped = _sdkgen("generate", cwd=deeper)
    assert stopped.returncode == 2
    assert "no spec given" in stopped.stderr


# An invalid spec whose problem the builder does not trip over: only the validator objects.
_INVALID_BUT_BUILDABLE = (
    "  schemas:\n",
    "  schemas:\n    Broken:\n      type: object\n      required: [a, a]\n",
)


def test_an_invalid_spec_stops_at_the_verdict_not_after_formatting(tmp_path: Path) -> None:
    spec = tmp_path / "calls.yaml"
    text = (REPO / "spec" / "calls.yaml").read_text()
    assert text.count(_INVALID_BUT_BUILDABLE[0]) == 1
    spec.write_text(text.replace(*_INVALID_BUT_BUILDABLE))
    calls = tmp_path / "black-calls"
    out = tmp_path / "out"
    # black made slow (1 s a text, 50 texts): formatting everything would take 25 s after the
    # validator, in its own process, has long said no. Each call is counted in `calls`.
    script = (
        "import sys, time, generator.format as f\n"
        "real = f._black\n"
        "def slow(source, path):\n"
        f"    with open({str(calls)!r}, 'a') as log: log.write(path + '\\n')\n"
        "    time.sleep(1.0)\n"
        "    return real(source, path)\n"
        "f._black = slow\n"
        "from generator.cli import main\n"
        f"sys.exit(main(['generate', {str(spec)!r}, '-o', {str(out)!r}, '--no-cache']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONPATH": str(REPO), "SDKGEN_JOBS": "2"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert f"error: {spec} is not a valid OpenAPI document" in result.stderr
    assert "has non-unique elements (at #/components/schemas/Broken/required)" in result.stderr
    formatted = calls.read_text().splitlines() if calls.exists() else []
    assert len(formatted) < 12, f"black ran {len(formatted)} times, the verdict came first"
    assert not out.exists()


def test_without_a_second_core_validation_comes_first(tmp_path: Path) -> None:
    spec = tmp_path / "calls.yaml"
    spec.write_text((REPO / "spec" / "calls.yaml").read_text().replace(*_INVALID_BUT_BUILDABLE))
    out = tmp_path / "out"
    code, _, stderr = _on_a_terminal(
        "generate", str(spec), "-o", str(out), "--no-cache", cwd=tmp_path, SDKGEN_JOBS="1"
    )
    assert code == 2
    assert "validated: 1 error(s), 0 warning(s)" in stderr
    assert "built " not in stderr and "formatted" not in stderr
    assert "has non-unique elements" in stderr
    assert not out.exists()


def _on_a_terminal(*args: str, cwd: Path, **environment: str) -> tuple[int, str, str]:
    """Run sdkgen with its stderr on a pseudo-terminal: exit code, stdout, the terminal's text."""
    parent, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO), **environment},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=child,
    )
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(parent, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    stdout, _ = process.communicate()
    code = process.returncode
    os.close(parent)
    return code, stdout.decode(), b"".join(chunks).decode().replace("\r\n", "\n")


def test_progress_on_a_terminal_per_stage_with_counts_and_the_summary_stays(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    spec = str(REPO / "spec" / "calls.yaml")
    code, stdout, terminal = _on_a_terminal(
        "generate", spec, "-o", str(out), "--no-cache", "--black", cwd=tmp_path
    )
    assert code == 0, terminal
    assert stdout.startswith("42 written, 0 unchanged, 0 removed in ") and stdout.count("\n") == 1
    for line in (
        "] loaded 1 spec file(s), 44 kB\n",
        "] built 5 operation(s) in 1 API class(es), 6 model(s), 5 enum(s)\n",
        "] rendered 39 file(s)\n",
        "] laid out 39 file(s), 37 of them by black\n",
        "] validated: no problems\n",
        f"] writing 41 file(s) to {out}\n",
    ):
        assert line in terminal, terminal
    # The black counter ends at its total (the number of distinct texts, modules and examples).
    counted = re.findall(r"\] formatting with black: (\d+)/(\d+) texts", terminal)
    assert counted and counted[-1][0] == counted[-1][1] != "0", terminal
    assert all(
        line.startswith("sdkgen [")
        for line in terminal.replace("\r", "\n").splitlines()
        if line.strip() and "\x1b[K" not in line
    )
    shutil.rmtree(out)
    quiet_code, quiet_stdout, quiet = _on_a_terminal(
        "generate", spec, "-o", str(out), "--no-cache", "-q", cwd=tmp_path
    )
    assert (quiet_code, quiet) == (0, "")
    assert quiet_stdout.startswith("42 written, ")
    shutil.rmtree(out)
    piped = _sdkgen("generate", spec, "-o", str(out), "--no-cache", cwd=tmp_path)
    assert piped.returncode == 0 and piped.stderr == ""
    assert piped.stdout.count("\n") == 1


def test_version_and_help_say_what_a_user_needs() -> None:
    version = _sdkgen("--version", cwd=REPO)
    assert version.returncode == 0
    assert version.stdout.startswith("sdkgen 0.1.0 (black 26.10.1, ")
    assert "openapi-spec-validator 0.9.0" in version.stdout
    helps = {
        c: _sdkgen(c, "--help", cwd=REPO).stdout for c in ("generate", "check", "diff", "validate")
    }
    top = _sdkgen("--help", cwd=REPO).stdout
    assert "exit codes:" in top and "2  invalid input or settings; nothing written" in top
    assert "Compare the SDK surface" in helps["diff"]
    assert "1  --fail-on-breaking and a change breaks SDK callers" in helps["diff"]
    assert "Validate a spec with openapi-spec-validator" in helps["validate"]
    assert "0  valid" in helps["validate"]
    assert "1  stale, missing or empty" in helps["check"]
    for command in ("generate", "check"):
        text = " ".join(helps[command].split())
        assert "else generated)" in text and "else openapi_client)" in text
        assert (
            "openapi-spec-validator still runs, but what it finds is reported as warnings" in text
        )
        assert "skip openapi-spec-validator" not in text


def test_verbose_lists_every_file_also_when_nothing_changed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    spec = str(REPO / "spec" / "calls.yaml")
    (out).mkdir()
    (out / ".sdkgenignore").write_text("README.md\n")
    first = _sdkgen("generate", spec, "-o", str(out), "-v", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert (
        "written: bandwidth_calls/__init__.py".replace("bandwidth_calls", "openapi_client") in lines
    )
    assert "kept (.sdkgenignore): README.md" in lines
    assert len([x for x in lines if x.startswith("written: ")]) == 41
    assert first.stderr.startswith("total time: ") and first.stderr.endswith(
        "s (sdkgen generate)\n"
    )
    again = _sdkgen("generate", spec, "-o", str(out), "-v", cwd=tmp_path)  # the fast path
    lines = again.stdout.splitlines()
    assert len([x for x in lines if x.startswith("unchanged: ")]) == 41
    assert "unchanged: openapi_client/__init__.py" in lines
    assert "kept (.sdkgenignore): README.md" in lines
    assert lines[-1].startswith("0 written, 41 unchanged, 0 removed in ")
    (out / "openapi_client" / "py.typed").unlink()
    (out / "NOTES.md").write_text("mine\n")
    manifest = out / ".sdkgen" / "FILES"
    manifest.write_text(manifest.read_text() + "gone.py\n")
    (out / "gone.py").write_text("# once generated\n")
    third = _sdkgen("generate", spec, "-o", str(out), "-v", cwd=tmp_path).stdout.splitlines()
    assert "written: openapi_client/py.typed" in third
    assert "written: .sdkgen/FILES" in third
    assert "removed: gone.py" in third
    assert not any("NOTES.md" in line for line in third)
