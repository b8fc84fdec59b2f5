"""Plan → disk: all or nothing, only changed files rewritten, stale generated files removed.

The manifest `.sdkgen/FILES` records what the previous run generated; it is the only licence to
delete or silently overwrite a file. Paths matched by `.sdkgenignore` (gitignore syntax) in the
output directory belong to the user: they are never written, deleted or compared.
`check_output` answers "would `write_output` change anything?" without touching the disk.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import secrets
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.diagnostics import Diagnostic, GeneratorError, Level
from generator.results import OutputFile

MANIFEST = ".sdkgen/FILES"
IGNORE_FILE = ".sdkgenignore"


@dataclass(frozen=True, slots=True, kw_only=True)
class WriteResult:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    ignored: tuple[str, ...] = ()  # produced, but left alone because of .sdkgenignore


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckResult:
    missing: tuple[str, ...]
    extra: tuple[str, ...]
    differing: tuple[str, ...]
    diffs: tuple[tuple[str, str], ...]  # (path, unified diff) in path order

    @property
    def up_to_date(self) -> bool:
        return not (self.missing or self.extra or self.differing)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Change:
    path: str
    target: Path
    new: bytes
    old: bytes | None


_RULES: tuple[tuple[Callable[[str], bool], str], ...] = (
    (lambda p: not p, "is empty"),
    (lambda p: "\0" in p, "contains a NUL byte"),
    (lambda p: "\\" in p or ":" in p, "is not a portable POSIX path (backslash or colon)"),
    (lambda p: p.startswith("/"), "is absolute"),
    (lambda p: "" in p.split("/"), "has an empty segment"),
    (lambda p: bool({".", ".."} & set(p.split("/"))), "has a '.' or '..' segment"),
)


def _problem(path: str, root: Path, directories: dict[str, Path] | None = None) -> str | None:
    """Why `path` may not be written below `root` (None if safe): spec text builds these names.

    `directories` keeps each directory's resolved path for the next file in it: resolving costs
    a system call per path segment, and thousands of files share a few directories. A file
    that is itself a symlink is still followed.
    """
    if why := next((why for broken, why in _RULES if broken(path)), None):
        return why
    try:
        parent, _, name = path.rpartition("/")
        known = directories if directories is not None else {}
        base = known.get(parent)
        if base is None:
            base = known[parent] = (root / parent).resolve()
        target = base / name
        if target.is_symlink():
            target = target.resolve()
        inside = target.is_relative_to(root)
    except (OSError, RuntimeError):
        return "cannot be resolved (symlink loop?)"
    return None if inside else "escapes the output directory through a symlink"


def _clash(path: str, seen: dict[str, str], dirs: set[str]) -> str | None:
    """Paths that would overwrite each other, also on case-insensitive file systems."""
    key = path.casefold()
    if key in seen:
        other = seen[key]
        if other == MANIFEST:
            return "is reserved for the sdkgen manifest"
        return "is listed twice" if other == path else f"differs only in case from {other!r}"
    seen[key] = path
    return "is both a file and a directory" if key in dirs else None


def _validate(paths: Sequence[str], root: Path) -> None:
    """Check every path before the disk is touched, reporting all problems at once."""
    seen = {MANIFEST.casefold(): MANIFEST}
    dirs = {str(d).casefold() for p in [*paths, MANIFEST] for d in PurePosixPath(p).parents}
    resolved: dict[str, Path] = {}
    bad = [(p, why) for p in paths if (why := _problem(p, root, resolved) or _clash(p, seen, dirs))]
    if why := _problem(MANIFEST, root):
        bad.append((MANIFEST, why))
    if bad:
        raise GeneratorError(
            f"unsafe output path(s), nothing written: {', '.join(repr(p) for p, _ in bad)}",
            [Diagnostic(level=Level.ERROR, message=f"{p!r} {why}", file=p) for p, why in bad],
        )


def manifest_text(paths: Iterable[str]) -> str:
    """The manifest listing `paths` (every generated file but the manifest itself)."""
    return "".join(f"{p}\n" for p in sorted(paths))


def user_owned(output_dir: Path) -> Callable[[str], bool]:
    """Whether a path is listed in the output directory's `.sdkgenignore`."""
    try:
        lines = (output_dir / IGNORE_FILE).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return lambda path: path == IGNORE_FILE
    except OSError as exc:
        raise GeneratorError(f"cannot read {IGNORE_FILE}: {exc}") from exc
    import pathspec  # noqa: PLC0415  (~20 ms; only an output directory with the file needs it)

    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    return lambda path: path == IGNORE_FILE or spec.match_file(path)


def _prepare(
    files: Sequence[OutputFile], output_dir: Path
) -> tuple[Path, dict[str, bytes], list[str]]:
    """Validated root, path → bytes (manifest included, sorted), and the user-owned paths."""
    root = output_dir.resolve()
    _validate([f.path for f in files], root)
    owned = user_owned(root)
    ignored = sorted(f.path for f in files if owned(f.path))
    contents: dict[str, bytes] = {}
    for f in (f for f in files if not owned(f.path)):
        try:
            contents[f.path] = f.content.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise GeneratorError(f"{f.path!r} cannot be encoded as UTF-8: {exc}") from exc
    contents[MANIFEST] = manifest_text(contents).encode("utf-8")
    return root, dict(sorted(contents.items())), ignored


def _read(target: Path, path: str) -> bytes | None:
    """Current bytes, or None when absent; a directory where a file belongs is fatal."""
    if target.is_dir():
        raise GeneratorError(f"{path!r} exists as a directory; nothing written")
    try:
        return target.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise GeneratorError(f"cannot read {path!r}: {exc}") from exc


def _previous(root: Path) -> set[str]:
    """Paths the last run generated; no manifest means nothing may be deleted or clobbered."""
    text = (_read(root / MANIFEST, MANIFEST) or b"").decode("utf-8", "replace")
    return {MANIFEST} | {line for line in text.split("\n") if line}


def _stale(previous: set[str], contents: dict[str, bytes], root: Path) -> list[str]:
    """Previously generated files no longer produced that are safe to delete.

    Unsafe manifest entries (hand-edited) are skipped, never followed; an entry that only differs
    in case from a produced path and is the same file (case-insensitive disk) is kept.
    """
    produced = {p.casefold(): p for p in contents}
    owned = user_owned(root)
    stale: list[str] = []
    for path in sorted(p for p in previous - contents.keys() if not owned(p)):
        target = root / path
        if _problem(path, root) or not os.path.lexists(target) or target.is_dir():
            continue
        twin = produced.get(path.casefold())
        with contextlib.suppress(OSError):  # samefile fails when the twin does not exist yet
            if twin is not None and os.path.samefile(target, root / twin):
                continue
        stale.append(path)
    return stale


def _makedirs(directory: Path, created: list[Path]) -> None:
    """`mkdir -p` that records what it made, so a failed run can take it back."""
    missing: list[Path] = []
    while not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for d in reversed(missing):
        d.mkdir()
        created.append(d)


def _stage(change: _Change, temps: dict[str, Path], created: list[Path]) -> None:
    """Write the new bytes next to the target so the final `os.replace` is atomic."""
    _makedirs(change.target.parent, created)
    tmp = change.target.with_name(f".{change.target.name}.{secrets.token_hex(6)}.sdkgen-tmp")
    with tmp.open("xb") as fh:
        temps[change.path] = tmp
        fh.write(change.new)
    if change.old is not None:
        shutil.copymode(change.target, tmp)


def _discard(temps: Iterable[Path], created: list[Path]) -> None:
    """Best-effort undo of staging: temps and the directories made for them."""
    for tmp in temps:
        with contextlib.suppress(OSError):
            tmp.unlink()
    for d in reversed(created):
        with contextlib.suppress(OSError):
            d.rmdir()


def _restore(done: Sequence[_Change]) -> None:
    """Best-effort undo of renames that already happened."""
    for change in reversed(done):
        with contextlib.suppress(OSError):
            if change.old is None:
                change.target.unlink()
            else:
                change.target.write_bytes(change.old)


def _prune(directory: Path, root: Path) -> None:
    """Remove directories a deletion left empty; `rmdir` refuses non-empty ones, and root stays."""
    while directory != root and directory.is_relative_to(root):
        try:
            directory.rmdir()
        except OSError:
            return
        directory = directory.parent


def _commit(changes: list[_Change], stale: list[str], root: Path) -> None:
    """Stage everything, then rename; the manifest moves last, after stale files are gone.

    A failure before the manifest moves leaves the old manifest, so the next run retries.
    """
    temps: dict[str, Path] = {}
    created: list[Path] = []
    done: list[_Change] = []
    step = "staging"
    try:
        for change in changes:
            _stage(change, temps, created)
        step = "replacing files"
        for change in (c for c in changes if c.path != MANIFEST):
            os.replace(temps[change.path], change.target)
            del temps[change.path]
            done.append(change)
        step, done = "removing stale files", []  # new files are right; keep them from here on
        for path in stale:
            (root / path).unlink(missing_ok=True)
            _prune((root / path).parent, root)
        if MANIFEST in temps:
            os.replace(temps.pop(MANIFEST), root / MANIFEST)
    except OSError as exc:
        _restore(done)
        _discard(temps.values(), created)
        raise GeneratorError(f"writing output failed while {step}: {exc}") from exc


def _changes(root: Path, contents: dict[str, bytes]) -> list[_Change]:
    """Files whose bytes on disk differ from what generation produces (the manifest included)."""
    changes = [
        _Change(path=p, target=root / p, new=new, old=_read(root / p, p))
        for p, new in contents.items()
    ]
    return [c for c in changes if c.old != c.new]


def write_output(
    files: Sequence[OutputFile], output_dir: Path, *, force: bool = False
) -> WriteResult:
    """Make `output_dir` hold exactly `files` (plus the manifest), or change nothing."""
    root, contents, ignored = _prepare(files, output_dir)
    previous = _previous(root)
    changes = _changes(root, contents)
    clobbered = [c.path for c in changes if c.old is not None and c.path not in previous]
    if clobbered and not force:
        raise GeneratorError(
            f"refusing to overwrite {len(clobbered)} file(s) sdkgen did not generate "
            f"(use --force to overwrite): {', '.join(clobbered)}"
        )
    stale = _stale(previous, contents, root)
    _commit(changes, stale, root)
    written = {c.path for c in changes}
    unchanged = tuple(p for p in contents if p not in written)
    return WriteResult(
        written=tuple(sorted(written)),
        unchanged=unchanged,
        removed=tuple(stale),
        ignored=tuple(ignored),
    )


def _lines(data: bytes) -> list[str]:
    """Split on LF only (never on CR or Unicode breaks), keeping the line ends."""
    parts = data.decode("utf-8", "replace").split("\n")
    return [f"{p}\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _diff(path: str, old: bytes, new: bytes) -> str:
    """One file's unified diff; a missing final newline is marked the way `diff` does."""
    lines = difflib.unified_diff(_lines(old), _lines(new), f"a/{path}", f"b/{path}")
    return "".join(
        ln if ln.endswith("\n") else f"{ln}\n\\ No newline at end of file\n" for ln in lines
    )


def check_output(files: Sequence[OutputFile], output_dir: Path) -> CheckResult:
    """Compare what generation produces with the disk, writing nothing."""
    root, contents, _ = _prepare(files, output_dir)
    changes = _changes(root, contents)
    pairs = {c.path: (c.old or b"", c.new) for c in changes}
    extra = _stale(_previous(root), contents, root)
    for path in extra:
        pairs[path] = (_read(root / path, path) or b"", b"")
    return CheckResult(
        missing=tuple(c.path for c in changes if c.old is None),
        extra=tuple(extra),
        differing=tuple(c.path for c in changes if c.old is not None),
        diffs=tuple((path, _diff(path, *pairs[path])) for path in sorted(pairs)),
    )
