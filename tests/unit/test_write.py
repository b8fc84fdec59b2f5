"""Unit tests for generator/write.py: the plan → disk stage."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from generator.diagnostics import GeneratorError
from generator.results import OutputFile
from generator.write import MANIFEST, check_output, write_output

Snapshot = dict[str, tuple[object, ...]]


def snapshot(root: Path) -> Snapshot:
    """Everything under root: dirs, file bytes + mode + mtime, symlink targets."""
    out: Snapshot = {}
    if not root.exists():
        return out
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath, name)
            rel = p.relative_to(root).as_posix()
            if p.is_symlink():
                out[rel] = ("link", os.readlink(p))
            elif p.is_dir():
                out[rel] = ("dir",)
            else:
                st = p.stat()
                out[rel] = ("file", p.read_bytes(), st.st_mode, st.st_mtime_ns)
    return out


def out(*pairs: tuple[str, str]) -> list[OutputFile]:
    return [OutputFile(path=p, content=c) for p, c in pairs]


def age(path: Path) -> int:
    """Push mtime into the past so an unwanted rewrite is visible."""
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    return path.stat().st_mtime_ns


# --- basic writing -------------------------------------------------------------------------


def test_first_run_creates_dir_files_and_manifest(tmp_path: Path) -> None:
    dest = tmp_path / "deep" / "er" / "out"
    result = write_output(out(("pkg/b.py", "b\n"), ("a.md", "a\n")), dest)
    assert (dest / "pkg" / "b.py").read_bytes() == b"b\n"
    assert (dest / "a.md").read_bytes() == b"a\n"
    assert (dest / MANIFEST).read_bytes() == b"a.md\npkg/b.py\n"
    assert result.written == (MANIFEST, "a.md", "pkg/b.py")
    assert result.unchanged == () and result.removed == ()


def test_manifest_of_no_files_is_empty(tmp_path: Path) -> None:
    write_output([], tmp_path)
    assert (tmp_path / MANIFEST).read_bytes() == b""


def test_content_written_byte_exact_utf8_lf(tmp_path: Path) -> None:
    text = "é ünïcode ✓\nline\r\nno final newline"
    write_output(out(("x.py", text)), tmp_path)
    assert (tmp_path / "x.py").read_bytes() == text.encode("utf-8")


def test_unencodable_content_is_an_error_before_disk(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    with pytest.raises(GeneratorError, match=r"x\.py"):
        write_output(out(("ok.py", "ok"), ("x.py", "\udcff")), dest)
    assert not dest.exists()


def test_new_files_follow_umask_and_existing_modes_are_kept(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    os.umask(mask)
    write_output(out(("a.py", "1"), ("run.sh", "1")), tmp_path)
    assert stat.S_IMODE((tmp_path / "a.py").stat().st_mode) == 0o666 & ~mask
    (tmp_path / "run.sh").chmod(0o750)
    write_output(out(("a.py", "1"), ("run.sh", "2")), tmp_path)
    assert stat.S_IMODE((tmp_path / "run.sh").stat().st_mode) == 0o750


# --- rule 1: path safety -------------------------------------------------------------------

BAD_PATHS = [
    "",
    "/etc/passwd",
    "../escape.py",
    "a/../../escape.py",
    "a/..",
    "a//b.py",
    "a/",
    "./a.py",
    "a/./b.py",
    "nul\0byte.py",
    "C:/windows.py",
    "c:relative.py",
    "back\\slash.py",
    "\\\\server\\share\\x.py",
]


@pytest.mark.parametrize("bad", BAD_PATHS)
def test_unsafe_paths_are_rejected_before_anything_is_written(tmp_path: Path, bad: str) -> None:
    dest = tmp_path / "out"
    with pytest.raises(GeneratorError) as info:
        write_output(out(("good.py", "x"), (bad, "x")), dest)
    assert repr(bad) in str(info.value)
    assert not dest.exists()
    with pytest.raises(GeneratorError):
        check_output(out((bad, "x")), dest)


def test_all_bad_paths_are_reported_together(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError) as info:
        write_output(out(("../a", "x"), ("/b", "x")), tmp_path)
    assert "'../a'" in str(info.value) and "'/b'" in str(info.value)
    assert len(info.value.diagnostics) == 2


def test_symlink_escaping_output_dir_is_rejected(tmp_path: Path) -> None:
    dest, outside = tmp_path / "out", tmp_path / "outside"
    dest.mkdir()
    outside.mkdir()
    (dest / "link").symlink_to(outside, target_is_directory=True)
    (dest / "file_link.py").symlink_to(outside / "victim.py")
    before = snapshot(tmp_path)
    for path in ("link/x.py", "file_link.py"):
        with pytest.raises(GeneratorError, match="escapes"):
            write_output(out(("ok.py", "x"), (path, "x")), dest)
    assert snapshot(tmp_path) == before


def test_symlinked_manifest_dir_escaping_is_rejected(tmp_path: Path) -> None:
    dest, outside = tmp_path / "out", tmp_path / "outside"
    dest.mkdir()
    outside.mkdir()
    (dest / ".sdkgen").symlink_to(outside, target_is_directory=True)
    with pytest.raises(GeneratorError, match=r"\.sdkgen/FILES"):
        write_output(out(("ok.py", "x")), dest)
    assert list(outside.iterdir()) == []


def test_symlink_loop_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    with pytest.raises(GeneratorError, match="loop"):
        write_output(out(("loop/x.py", "x")), tmp_path)


def test_symlink_staying_inside_is_allowed(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    write_output(out(("alias/x.py", "x")), tmp_path)
    assert (tmp_path / "real" / "x.py").read_text() == "x"


def test_output_dir_itself_may_be_a_symlink(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    write_output(out(("x.py", "x")), tmp_path / "link")
    assert (tmp_path / "real" / "x.py").read_text() == "x"


@pytest.mark.parametrize(
    ("paths", "why"),
    [
        (["a.py", "a.py"], "listed twice"),
        (["Models/A.py", "models/a.py"], "differs only in case"),
        (["a", "a/b.py"], "both a file and a directory"),
        ([MANIFEST], "reserved"),
        ([".sdkgen"], "both a file and a directory"),
    ],
)
def test_conflicting_paths_are_rejected(tmp_path: Path, paths: list[str], why: str) -> None:
    with pytest.raises(GeneratorError) as info:
        write_output([OutputFile(path=p, content="x") for p in paths], tmp_path)
    assert why in str(info.value)
    assert list(tmp_path.iterdir()) == []


# --- rule 2: all or nothing ----------------------------------------------------------------


def seeded(dest: Path) -> Snapshot:
    """An output dir from an earlier run plus a user file, aged so rewrites would show."""
    write_output(out(("keep.py", "old keep"), ("pkg/mod.py", "old mod")), dest)
    (dest / "user.txt").write_text("mine")
    for p in (dest / "keep.py", dest / "pkg" / "mod.py", dest / MANIFEST, dest / "user.txt"):
        age(p)
    return snapshot(dest)


def test_staging_failure_leaves_tree_unchanged(tmp_path: Path) -> None:
    seeded(tmp_path)
    (tmp_path / "blocker").write_text("a file where a directory is needed")
    before = snapshot(tmp_path)
    plan = out(
        ("keep.py", "new keep"),
        ("aaa/new/deep.py", "new"),  # staged first: creates directories that must vanish
        ("blocker/x.py", "cannot be staged"),
        ("pkg/mod.py", "new mod"),
    )
    with pytest.raises(GeneratorError, match="staging"):
        write_output(plan, tmp_path)
    assert snapshot(tmp_path) == before


def test_existing_directory_at_target_path_is_an_error(tmp_path: Path) -> None:
    seeded(tmp_path)
    (tmp_path / "pkg" / "sub.py").mkdir()
    before = snapshot(tmp_path)
    with pytest.raises(GeneratorError, match=r"pkg/sub\.py"):
        write_output(out(("keep.py", "new"), ("pkg/sub.py", "x")), tmp_path)
    assert snapshot(tmp_path) == before


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="root ignores permission bits"
)
def test_unwritable_directory_leaves_tree_unchanged(tmp_path: Path) -> None:
    seeded(tmp_path)
    (tmp_path / "locked").mkdir()
    before = snapshot(tmp_path)
    (tmp_path / "locked").chmod(0o555)
    try:
        with pytest.raises(GeneratorError, match="staging"):
            write_output(out(("keep.py", "new"), ("locked/x.py", "x"), ("z.py", "z")), tmp_path)
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert snapshot(tmp_path) == before


def test_failed_rename_is_rolled_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeded(tmp_path)
    before = {k: v[:2] for k, v in snapshot(tmp_path).items()}  # bytes, not mtimes
    real_replace = os.replace
    calls: list[object] = []

    def flaky(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(dst)
        if len(calls) == 3:
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    plan = out(("keep.py", "new"), ("new/a.py", "a"), ("pkg/mod.py", "new mod"))
    with pytest.raises(GeneratorError, match="disk full"):
        write_output(plan, tmp_path)
    assert {k: v[:2] for k, v in snapshot(tmp_path).items()} == before


# --- rule 3: only changed files are rewritten ----------------------------------------------


def test_unchanged_files_keep_their_mtime(tmp_path: Path) -> None:
    write_output(out(("a.py", "a"), ("b.py", "b")), tmp_path)
    a_mtime, manifest_mtime = age(tmp_path / "a.py"), age(tmp_path / MANIFEST)
    result = write_output(out(("a.py", "a"), ("b.py", "B")), tmp_path)
    assert result.written == ("b.py",)
    assert result.unchanged == (MANIFEST, "a.py")
    assert (tmp_path / "a.py").stat().st_mtime_ns == a_mtime
    assert (tmp_path / MANIFEST).stat().st_mtime_ns == manifest_mtime
    assert (tmp_path / "b.py").read_text() == "B"


def test_no_temp_files_are_left_behind(tmp_path: Path) -> None:
    write_output(out(("a/b.py", "1"), ("c.py", "1")), tmp_path)
    write_output(out(("a/b.py", "2"), ("c.py", "2")), tmp_path)
    names = {p.name for p in tmp_path.rglob("*")}
    assert names == {"a", "b.py", "c.py", ".sdkgen", "FILES"}


# --- rule 4: stale removal -----------------------------------------------------------------


def test_stale_generated_files_and_emptied_dirs_are_removed(tmp_path: Path) -> None:
    write_output(
        out(("a/b/c.py", "c"), ("a/keep.py", "k"), ("x/y/z.py", "z"), ("top.py", "t")), tmp_path
    )
    (tmp_path / "x" / "notes.txt").write_text("user file in a generated dir")
    result = write_output(out(("a/keep.py", "k")), tmp_path)
    assert result.removed == ("a/b/c.py", "top.py", "x/y/z.py")
    assert not (tmp_path / "a" / "b").exists()
    assert not (tmp_path / "x" / "y").exists()
    assert (tmp_path / "x" / "notes.txt").read_text() == "user file in a generated dir"
    assert (tmp_path / "a" / "keep.py").exists()
    assert (tmp_path / MANIFEST).read_text() == "a/keep.py\n"


def test_output_dir_survives_when_everything_is_stale(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    write_output(out(("only.py", "x")), dest)
    result = write_output([], dest)
    assert result.removed == ("only.py",)
    assert sorted(p.name for p in dest.iterdir()) == [".sdkgen"]


def test_files_outside_the_manifest_are_never_touched(tmp_path: Path) -> None:
    (tmp_path / "README.user").write_text("mine")
    mtime = age(tmp_path / "README.user")
    write_output(out(("a.py", "a")), tmp_path)
    write_output([], tmp_path)
    assert (tmp_path / "README.user").read_text() == "mine"
    assert (tmp_path / "README.user").stat().st_mtime_ns == mtime


def test_unsafe_manifest_entries_are_ignored(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    victim = tmp_path / "victim.txt"
    victim.write_text("do not delete")
    write_output(out(("a.py", "a")), dest)
    (dest / MANIFEST).write_text("a.py\n../victim.txt\n/etc/hostname\n")
    assert write_output([], dest).removed == ("a.py",)
    assert victim.read_text() == "do not delete"


def test_stale_manifest_entry_that_is_a_directory_is_kept(tmp_path: Path) -> None:
    write_output(out(("d.py", "x")), tmp_path)
    (tmp_path / MANIFEST).write_text("d.py\nsub\n")
    (tmp_path / "sub").mkdir()
    write_output(out(("d.py", "x")), tmp_path)
    assert (tmp_path / "sub").is_dir()


def test_case_only_rename_removes_the_old_name(tmp_path: Path) -> None:
    write_output(out(("Model.py", "x")), tmp_path)
    assert write_output(out(("model.py", "x")), tmp_path).removed == ("Model.py",)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".sdkgen", "model.py"]


def test_case_only_rename_keeps_file_on_case_insensitive_disk(tmp_path: Path) -> None:
    write_output(out(("Model.py", "x")), tmp_path)
    os.link(tmp_path / "Model.py", tmp_path / "model.py")  # what such a disk shows: one file
    assert write_output(out(("model.py", "x")), tmp_path).removed == ()
    assert (tmp_path / "model.py").read_text() == "x"


# --- rule 5: never clobber a user file -----------------------------------------------------


def test_differing_user_file_is_not_clobbered(tmp_path: Path) -> None:
    (tmp_path / "setup.py").write_text("user's own")
    before = snapshot(tmp_path)
    with pytest.raises(GeneratorError) as info:
        write_output(out(("setup.py", "generated"), ("new.py", "n")), tmp_path)
    assert "setup.py" in str(info.value) and "--force" in str(info.value)
    assert snapshot(tmp_path) == before


def test_user_file_not_in_existing_manifest_is_not_clobbered(tmp_path: Path) -> None:
    write_output(out(("a.py", "a")), tmp_path)
    (tmp_path / "b.py").write_text("user's own")
    before = snapshot(tmp_path)
    with pytest.raises(GeneratorError, match=r"b\.py"):
        write_output(out(("a.py", "a2"), ("b.py", "generated")), tmp_path)
    assert snapshot(tmp_path) == before


def test_force_overwrites_user_files(tmp_path: Path) -> None:
    (tmp_path / "setup.py").write_text("user's own")
    result = write_output(out(("setup.py", "generated")), tmp_path, force=True)
    assert (tmp_path / "setup.py").read_text() == "generated"
    assert "setup.py" in result.written


def test_identical_user_file_is_adopted_silently(tmp_path: Path) -> None:
    (tmp_path / "same.py").write_text("same")
    mtime = age(tmp_path / "same.py")
    result = write_output(out(("same.py", "same")), tmp_path)
    assert result.unchanged == ("same.py",)
    assert (tmp_path / "same.py").stat().st_mtime_ns == mtime
    assert (tmp_path / MANIFEST).read_text() == "same.py\n"


def test_edited_generated_file_is_regenerated_without_force(tmp_path: Path) -> None:
    write_output(out(("a.py", "generated")), tmp_path)
    (tmp_path / "a.py").write_text("hand edit")
    write_output(out(("a.py", "generated")), tmp_path)
    assert (tmp_path / "a.py").read_text() == "generated"


# --- rule 7: check_output ------------------------------------------------------------------


def test_check_is_up_to_date_after_write(tmp_path: Path) -> None:
    plan = out(("a.py", "a\n"), ("pkg/b.py", "b\n"))
    write_output(plan, tmp_path)
    result = check_output(plan, tmp_path)
    assert result.up_to_date
    assert (result.missing, result.extra, result.differing, result.diffs) == ((), (), (), ())


def test_check_reports_missing_extra_differing_and_never_writes(tmp_path: Path) -> None:
    write_output(out(("a.py", "a\n"), ("gone.py", "old\n"), ("same.py", "s\n")), tmp_path)
    before = snapshot(tmp_path)
    result = check_output(out(("a.py", "A\n"), ("new.py", "n\n"), ("same.py", "s\n")), tmp_path)
    assert snapshot(tmp_path) == before
    assert not result.up_to_date
    assert result.missing == ("new.py",)
    assert result.extra == ("gone.py",)
    assert result.differing == (MANIFEST, "a.py")
    assert result.diffs == (
        (
            MANIFEST,
            "--- a/.sdkgen/FILES\n+++ b/.sdkgen/FILES\n@@ -1,3 +1,3 @@\n"
            " a.py\n-gone.py\n+new.py\n same.py\n",
        ),
        ("a.py", "--- a/a.py\n+++ b/a.py\n@@ -1 +1 @@\n-a\n+A\n"),
        ("gone.py", "--- a/gone.py\n+++ b/gone.py\n@@ -1 +0,0 @@\n-old\n"),
        ("new.py", "--- a/new.py\n+++ b/new.py\n@@ -0,0 +1 @@\n+n\n"),
    )


def test_check_on_missing_dir_reports_all_missing_and_creates_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "nope"
    result = check_output(out(("a.py", "a")), dest)
    assert result.missing == (MANIFEST, "a.py")
    assert not dest.exists()


def test_check_reports_stale_manifest_alone(tmp_path: Path) -> None:
    write_output(out(("a.py", "a")), tmp_path)
    (tmp_path / MANIFEST).write_text("a.py\nlong_gone.py\n")
    result = check_output(out(("a.py", "a")), tmp_path)
    assert result.differing == (MANIFEST,) and result.extra == ()
    assert [path for path, _ in result.diffs] == [MANIFEST]
    assert "-long_gone.py\n" in result.diffs[0][1]


def test_check_diff_survives_undecodable_bytes_and_missing_newline(tmp_path: Path) -> None:
    write_output(out(("bin.dat", "x")), tmp_path)
    (tmp_path / "bin.dat").write_bytes(b"\xff\xfe\x00garbage")
    result = check_output(out(("bin.dat", "clean\n")), tmp_path)
    assert result.differing == ("bin.dat",)
    assert (
        "-\ufffd\ufffd\x00garbage\n\\ No newline at end of file\n+clean\n"
        in dict(result.diffs)["bin.dat"]
    )


def test_check_splits_lines_on_lf_only(tmp_path: Path) -> None:
    write_output(out(("a.txt", "one\rtwo\u2028three\n")), tmp_path)
    result = check_output(out(("a.txt", "one\rtwo\u2028THREE\n")), tmp_path)
    assert "\n-one\rtwo\u2028three\n+one\rtwo\u2028THREE\n" in dict(result.diffs)["a.txt"]
