"""What pipelines rely on: template overrides, user-owned files, determinism, hooks, check."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.ir.reference import reference_markdown
from generator.paths import builtin_templates
from tests.support.paths import CALLS_SPEC, REPO
from tests.support.paths import DATA as TEST_DATA
from tests.support.trees import tree


def _generate(out: Path, *extra: str) -> None:
    assert (
        main(["generate", str(CALLS_SPEC), "-o", str(out), "--package", "bandwidth_calls", *extra])
        == 0
    )


def test_an_overridden_template_changes_only_its_own_files(tmp_path: Path) -> None:
    overrides = tmp_path / "templates" / "docs"
    overrides.mkdir(parents=True)
    original = (builtin_templates() / "docs" / "enum.md.jinja").read_text(encoding="utf-8")
    (overrides / "enum.md.jinja").write_text(original + "\nReviewed by the API team.\n")
    _generate(tmp_path / "plain")
    _generate(tmp_path / "custom", "--templates", str(tmp_path / "templates"))
    plain, custom = tree(tmp_path / "plain"), tree(tmp_path / "custom")
    assert plain.keys() == custom.keys()
    # The recorded settings name the template directory; everything else is the SDK itself.
    assert b'"templates": "../templates"' in custom.pop(".sdkgen/settings.json")
    plain.pop(".sdkgen/settings.json")
    changed = sorted(p for p in plain if plain[p] != custom[p])
    enum_pages = sorted(
        f"docs/{p.stem}.md"
        for p in (tmp_path / "plain" / "bandwidth_calls" / "models").glob("*_enum.py")
    )
    assert changed == sorted(
        f"docs/{name}.md"
        for name in (
            "CallDirectionEnum",
            "CallStateEnum",
            "CallbackMethodEnum",
            "MachineDetectionModeEnum",
            "RedirectMethodEnum",
        )
    )
    assert len(enum_pages) == len(changed)
    assert all(custom[p].endswith(b"Reviewed by the API team.\n") for p in changed)


def test_ir_reference_is_current() -> None:
    committed = (REPO / "docs" / "ir-reference.md").read_text(encoding="utf-8")
    assert committed == reference_markdown(), (
        "docs/ir-reference.md is stale: .venv/bin/python -m generator.ir.reference"
        " > docs/ir-reference.md"
    )


def test_files_listed_in_sdkgenignore_are_never_written_or_deleted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    _generate(out)
    (out / ".sdkgenignore").write_text("# ours\nREADME.md\ndocs/CallState*.md\n")
    (out / "README.md").write_text("Our own README.\n")
    (out / "docs" / "CallState.md").unlink()
    capsys.readouterr()
    _generate(out, "-v")
    assert "kept (.sdkgenignore): README.md" in capsys.readouterr().out
    assert (out / "README.md").read_text() == "Our own README.\n"
    assert not (out / "docs" / "CallState.md").exists()
    assert "README.md" not in (out / ".sdkgen" / "FILES").read_text().split()
    args = ["check", str(CALLS_SPEC), "-o", str(out), "--package", "bandwidth_calls"]
    assert main(args) == 0  # user-owned files are not compared
    # A generated file the user takes over keeps the user's edits from then on.
    (out / ".sdkgenignore").write_text("README.md\ndocs/VoiceApiError.md\n")
    (out / "docs" / "VoiceApiError.md").write_text("Edited.\n")
    _generate(out)
    assert (out / "docs" / "VoiceApiError.md").read_text() == "Edited.\n"
    assert (out / "docs" / "CallState.md").exists()  # no longer ignored: generated again


def test_check_cuts_long_diffs_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    _generate(out)
    api = out / "bandwidth_calls" / "api" / "calls_api.py"
    api.write_text("\n".join(f"# line {i}" for i in range(500)) + "\n")
    args = ["check", str(CALLS_SPEC), "-o", str(out), "--package", "bandwidth_calls"]
    assert main(args) == 1
    cut = capsys.readouterr().out
    assert "more diff lines (--full-diff shows them)" in cut
    assert main([*args, "--full-diff"]) == 1
    full = capsys.readouterr().out
    assert "more diff lines" not in full and "-# line 499" in full


def test_pre_commit_hooks_run_real_commands() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"sdkgen-check", "sdkgen-generate"}
    for hook in hooks:
        program, command = hook["entry"].split()
        assert program == "sdkgen" and command in {"check", "generate"}
        assert hook["language"] == "python" and hook["pass_filenames"] is False
    scripts = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'sdkgen = "generator.cli:main"' in scripts


def _generate_in_subprocess(spec: Path, out: Path, **env: str) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            str(spec),
            "-o",
            str(out),
            "--package",
            "pkg",
        ],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_output_is_identical_across_hash_seeds_and_locales(tmp_path: Path) -> None:
    _generate_in_subprocess(CALLS_SPEC, tmp_path / "a", PYTHONHASHSEED="0", LC_ALL="C")
    _generate_in_subprocess(CALLS_SPEC, tmp_path / "b", PYTHONHASHSEED="4242", LC_ALL="C.UTF-8")
    first, second = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert first == second
    assert not [p for p, data in first.items() if b"\r" in data]


def test_multi_file_specs_do_not_depend_on_where_or_in_which_order_files_are(
    tmp_path: Path,
) -> None:
    source = TEST_DATA / "load" / "multi"
    one, two = tmp_path / "one" / "spec", tmp_path / "elsewhere" / "deeper" / "spec"
    shutil.copytree(source, one)
    two.mkdir(parents=True)
    for path in sorted(source.rglob("*"), reverse=True):  # created in the opposite order
        target = two / path.relative_to(source)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    entry = Path("api") / "openapi.yaml"
    _generate_in_subprocess(one / entry, tmp_path / "a", PYTHONHASHSEED="1")
    _generate_in_subprocess(two / entry, tmp_path / "b", PYTHONHASHSEED="2")
    first, second = tree(tmp_path / "a"), tree(tmp_path / "b")
    # Only the recorded settings say where the spec is, relative to the output.
    settings = ".sdkgen/settings.json"
    assert b'"spec": "../one/spec/api/openapi.yaml"' in first.pop(settings)
    assert b'"spec": "../elsewhere/deeper/spec/api/openapi.yaml"' in second.pop(settings)
    assert first == second
