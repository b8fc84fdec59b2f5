"""The command line: the only place that prints and chooses exit codes."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import __version__
from generator.changes.diff import compare, to_json, to_markdown
from generator.config import (
    Config,
    Settings,
    find_pyproject,
    make_config,
    read_config_file,
    read_pyproject,
    read_settings,
)
from generator.diagnostics import Diagnostic, GeneratorError, Level
from generator.incremental.fresh import unchanged_result
from generator.incremental.store import open_store
from generator.results import Progress

if TYPE_CHECKING:
    from generator.changes.surface import Surface
    from generator.write import CheckResult

EXIT_OK = 0
EXIT_STALE = 1  # `check`: out of date; `diff --fail-on-breaking`: something breaks
EXIT_INVALID = 2
DIFF_LINES_PER_FILE = 60
DEFAULT_OUTPUT = "generated"
CHECK_ONLY_FLAGS = {"--full-diff"}


_SETTINGS = (
    "Settings come from [tool.sdkgen] in the nearest pyproject.toml upward (or, for an output"
    " directory it does not name, from the settings that directory recorded when it was"
    " generated), then --config, then these flags."
)


def _exits(*lines: str) -> str:
    return "exit codes:\n" + "".join(f"  {line}\n" for line in lines)


def _command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    summary: str,
    description: str,
    exits: str,
) -> argparse.ArgumentParser:
    return commands.add_parser(
        name,
        help=summary,
        description=description,
        epilog=exits,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _spec_options(command: argparse.ArgumentParser, *, spec_optional: bool = True) -> None:
    if spec_optional:
        command.add_argument(
            "spec",
            nargs="?",
            type=Path,
            help="the OpenAPI file, YAML or JSON (default: `spec` of the settings)",
        )
    command.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="YAML file with the keys of [tool.sdkgen], or a pyproject.toml; overrides"
        " [tool.sdkgen]",
    )
    command.add_argument(
        "--black",
        action="store_true",
        help="run black over every generated file (default: only over files from your own"
        " templates; sdkgen lays out its own code as black would, and its tests hold it to that)",
    )
    command.add_argument(
        "--no-validate",
        action="store_true",
        help="lenient mode: openapi-spec-validator still runs, but what it finds is reported as"
        " warnings and the spec is used as far as it is usable (default: its errors stop the"
        " run, exit 2)",
    )


def _version() -> str:
    from generator.versions import TOOLS, tool_version  # noqa: PLC0415  (only when asked)

    tools = ", ".join(f"{tool} {tool_version(tool)}" for tool in sorted(TOOLS))
    return f"sdkgen {__version__} ({tools}; Python {sys.version.split()[0]})"


class _VersionAction(argparse.Action):
    """`--version`, worked out only when asked (reading tool versions costs start-up time)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object, **__: object) -> None:
        print(_version())
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sdkgen",
        description="Generate a typed Python SDK and its docs from an OpenAPI spec.",
        epilog=_exits(
            "0  done (check: up to date)",
            "1  check: the output is stale, missing or empty;"
            " diff --fail-on-breaking: a change breaks SDK callers",
            "2  invalid input or settings; nothing written",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action=_VersionAction, nargs=0, help="print sdkgen's version and exit"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    generate_command = _command(
        commands,
        "generate",
        "write the SDK into the output directory",
        "Write the SDK, its docs and README into the output directory: all files or none,"
        " only changed files rewritten, files no longer generated removed. " + _SETTINGS,
        _exits("0  done", "2  invalid spec or settings, or unsafe output; nothing written"),
    )
    check_command = _command(
        commands,
        "check",
        "exit 1 and show a diff if the output directory is not what generate writes",
        "Generate in memory and compare with the output directory; writes nothing. Lists"
        " missing, extra and differing files with a unified diff, and the generate command"
        " that updates the directory. " + _SETTINGS,
        _exits("0  up to date", "1  stale, missing or empty", "2  invalid spec or settings"),
    )
    for command in (generate_command, check_command):
        _spec_options(command)
        command.add_argument(
            "-o",
            "--output",
            type=Path,
            metavar="DIR",
            help=f"output directory (default: `output` of the settings, else {DEFAULT_OUTPUT})",
        )
        command.add_argument(
            "--package",
            help="Python package name of the SDK (default: `package` of the settings, else"
            " openapi_client)",
        )
        command.add_argument(
            "--templates",
            type=Path,
            metavar="DIR",
            help="directory of templates overriding the built-in ones (default: none)",
        )
        command.add_argument(
            "-q",
            "--quiet",
            action="store_true",
            help="no progress on stderr (shown only when stderr is a terminal); the summary"
            " and errors stay",
        )
        command.add_argument(
            "--no-cache",
            action="store_true",
            help="neither read nor write the user's store of earlier runs' results, which also"
            " holds the record that lets an unchanged run skip all work (SDKGEN_NO_CACHE=1"
            " does the same)",
        )
    generate_command.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="list every file (written, unchanged, removed, kept by .sdkgenignore) and the"
        " total time",
    )
    generate_command.add_argument(
        "--force", action="store_true", help="overwrite files sdkgen did not write before"
    )
    generate_command.add_argument(
        "--changes", action="store_true", help="report how the SDK surface changed since last time"
    )
    check_command.add_argument(
        "-v", "--verbose", action="store_true", help="also print the total time"
    )
    check_command.add_argument(
        "--full-diff", action="store_true", help=f"do not cut diffs at {DIFF_LINES_PER_FILE} lines"
    )
    validate_command = _command(
        commands,
        "validate",
        "validate a spec, list every problem",
        "Validate a spec with openapi-spec-validator and list every problem with its file, line"
        " and JSON pointer. Generates nothing.",
        _exits("0  valid", "2  invalid, or the file cannot be read"),
    )
    validate_command.add_argument("spec", type=Path, help="the OpenAPI file, YAML or JSON")
    diff = _command(
        commands,
        "diff",
        "report how the SDK surface changes between two specs or generations",
        "Compare the SDK surface (classes, methods, parameters, models, fields, enums, servers,"
        " auth) two specs generate, or two output directories recorded, and mark each change"
        " breaking or compatible. Description-only changes are counted apart.",
        _exits(
            "0  compared (breaking changes or not)",
            "1  --fail-on-breaking and a change breaks SDK callers",
            "2  invalid spec, or a directory without a readable .sdkgen/surface.json",
        ),
    )
    diff.add_argument("old", type=Path, help="spec file, or an output directory of sdkgen")
    diff.add_argument("new", type=Path, help="spec file, or an output directory of sdkgen")
    diff.add_argument(
        "--format",
        choices=("markdown", "json"),
        default="markdown",
        help="markdown for people, json for tools (docs/diff.md); default: markdown",
    )
    diff.add_argument(
        "--fail-on-breaking", action="store_true", help="exit 1 when a change breaks SDK callers"
    )
    _spec_options(diff, spec_optional=False)
    return parser


def _output_problem(output: Path) -> str | None:
    """Why `output` cannot be an output directory (a file is in the way), or None."""
    for path in (output, *output.absolute().parents):
        if path.exists() and not path.is_dir():
            return (
                f"output path {output} is a file"
                if path == output
                else (f"output path {output} is inside {path}, which is a file")
            )
    return None


def _layers(args: argparse.Namespace, *, recorded: bool, **overrides: Any) -> list[Settings]:
    """Settings by rising priority: the project's (or the output's record), --config, flags.

    The nearest `[tool.sdkgen]` upward describes its own output directory. Pointed with `-o`
    at another one that sdkgen generated, the settings that directory recorded take its place,
    so `check -o DIR` compares DIR with what produced it, not with this project's SDK.
    """
    found = find_pyproject(Path())
    project = read_pyproject(found) if found is not None else Settings({}, "")
    config_file = read_config_file(args.config) if args.config is not None else Settings({}, "")
    flags = Settings(
        {
            "spec": getattr(args, "spec", None),
            "output": getattr(args, "output", None),
            "package": getattr(args, "package", None),
            "templates": getattr(args, "templates", None),
            "validate": False if args.no_validate else None,
            "black": True if getattr(args, "black", False) else None,
            **overrides,
        },
        "the command line",
    )
    layers = [project, config_file, flags]
    if not recorded:
        return layers
    output = _output(layers)
    if problem := _output_problem(output):
        raise GeneratorError(problem)
    describes = project.get("output") is not None and _same(project["output"], output)
    record = None if describes else read_settings(output)
    return [record if record is not None else project, config_file, flags]


def _output(layers: Sequence[Mapping[str, Any]]) -> Path:
    chosen = next((x["output"] for x in reversed(layers) if x.get("output") is not None), None)
    return Path(chosen) if chosen is not None else Path(DEFAULT_OUTPUT)


def _same(one: Path, other: Path) -> bool:
    return os.path.abspath(one) == os.path.abspath(other)


def _config(args: argparse.Namespace, *, recorded: bool = True, **overrides: Any) -> Config:
    return make_config(*_layers(args, recorded=recorded, **overrides))


def _report(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


class _TerminalProgress:
    """Progress on a terminal's stderr: a line per stage, a counter rewritten in place."""

    def __init__(self) -> None:
        self._started = time.perf_counter()
        self._counting = False
        self._shown = 0.0

    def _line(self, text: str) -> str:
        return f"sdkgen [{time.perf_counter() - self._started:5.1f}s] {text}"

    def stage(self, text: str) -> None:
        clear = "\r\033[K" if self._counting else ""
        sys.stderr.write(f"{clear}{self._line(text)}\n")
        sys.stderr.flush()
        self._counting = False

    def count(self, what: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if done < total and now - self._shown < 0.1:  # a terminal need not redraw faster
            return
        self._shown = now
        sys.stderr.write(f"\r\033[K{self._line(f'{what}: {done}/{total} texts')}")
        sys.stderr.flush()
        self._counting = True


def _progress(args: argparse.Namespace) -> Progress | None:
    """Progress on stderr only for a person watching: a terminal, and not `-q`."""
    return None if args.quiet or not sys.stderr.isatty() else _TerminalProgress()


def _generate(args: argparse.Namespace) -> int:
    config = _config(args)
    store = open_store(not args.no_cache)
    result = None if args.force else unchanged_result(config, store, changes=args.changes)
    if result is None:
        # The stages are imported only when needed: an up-to-date `generate` never loads them.
        from generator.pipeline import generate  # noqa: PLC0415

        result = generate(
            config,
            force=args.force,
            changes=args.changes,
            stored=store,
            progress=_progress(args),
            yield_cpu=True,  # this process is this one run: see pipeline._yield_cpu
        )
    _report(result.diagnostics)
    if args.verbose:
        for label, paths in (
            ("written", result.written),
            ("unchanged", result.unchanged),
            ("removed", result.removed),
            ("kept (.sdkgenignore)", result.ignored),
        ):
            for path in paths:
                print(f"{label}: {path}")
    print(
        f"{len(result.written)} written, {len(result.unchanged)} unchanged, "
        f"{len(result.removed)} removed in {result.seconds:.2f}s"
    )
    if result.changes is not None:
        print(to_markdown(result.changes, old="previous generation", new="this generation"))
    return EXIT_OK


def _truncated(diff: str, limit: int) -> str:
    lines = diff.splitlines(keepends=True)
    if len(lines) <= limit:
        return diff
    cut = len(lines) - limit
    return "".join(lines[:limit]) + f"... {cut} more diff lines (--full-diff shows them)\n"


def _print_check(result: CheckResult, *, full: bool) -> None:
    for label, paths in (
        ("missing", result.missing),
        ("extra", result.extra),
        ("differs", result.differing),
    ):
        for path in paths:
            print(f"{label}: {path}")
    for _, diff in result.diffs:
        print(diff if full else _truncated(diff, DIFF_LINES_PER_FILE), end="")


def _generate_command(args: argparse.Namespace) -> str:
    """The `sdkgen generate` that writes what this `check` compared against (same settings)."""
    words = list(args.argv)
    words[words.index("check")] = "generate"
    return shlex.join(["sdkgen", *(w for w in words if w not in CHECK_ONLY_FLAGS)])


def _check(args: argparse.Namespace) -> int:
    layers = _layers(args, recorded=True)
    output = _output(layers)
    state = "does not exist" if not output.exists() else None
    if state is None and not any(output.iterdir()):
        state = "is empty"
    if state is not None:
        print(
            f"{output} {state}: nothing to check; `{_generate_command(args)}` generates it",
            file=sys.stderr,
        )
        return EXIT_STALE
    config = make_config(*layers)
    store = open_store(not args.no_cache)
    if unchanged_result(config, store) is not None:
        print(f"{config.output} is up to date")
        return EXIT_OK
    from generator.pipeline import check  # noqa: PLC0415  (start-up time, as in _generate)

    result, diagnostics = check(config, store, _progress(args))
    _report(diagnostics)
    if result.up_to_date:
        print(f"{config.output} is up to date")
        return EXIT_OK
    _print_check(result, full=args.full_diff)
    print(
        f"{config.output} is stale: run `{_generate_command(args)}` to update it", file=sys.stderr
    )
    return EXIT_STALE


def _validate(args: argparse.Namespace) -> int:
    from generator.pipeline import validate_file  # noqa: PLC0415  (start-up time)

    problems = validate_file(args.spec)
    _report(problems)
    if any(p.level is Level.ERROR for p in problems):
        return EXIT_INVALID
    print(f"{args.spec} is valid")
    return EXIT_OK


def _surface_of(path: Path, args: argparse.Namespace) -> Surface:
    """A spec's surface, or the one a previous generation recorded in an output directory."""
    from generator.changes.surface import SURFACE_FILE  # noqa: PLC0415  (start-up time)
    from generator.pipeline import read_surface, spec_surface  # noqa: PLC0415

    if path.is_dir():
        recorded = read_surface(path)
        if recorded is None:
            raise GeneratorError(
                f"{path} holds no {SURFACE_FILE} this sdkgen can read"
                " (none, or one from another version): pass a spec file"
            )
        return recorded
    config = _config(args, recorded=False, spec=path, output=Path(), package="sdk")
    found, diagnostics = spec_surface(config)
    _report([d for d in diagnostics if d.level is Level.ERROR])
    return found


def _diff(args: argparse.Namespace) -> int:
    old, new = _surface_of(args.old, args), _surface_of(args.new, args)
    report = compare(old, new)
    render = to_json if args.format == "json" else to_markdown
    print(render(report, old=str(args.old), new=str(args.new)), end="")
    return EXIT_STALE if args.fail_on_breaking and report.breaking else EXIT_OK


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "generate": _generate,
    "check": _check,
    "validate": _validate,
    "diff": _diff,
}


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(words)
    args.argv = words
    started = time.perf_counter()
    try:
        return _COMMANDS[args.command](args)
    except GeneratorError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:  # `sdkgen ... | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    finally:
        if getattr(args, "verbose", False):
            elapsed = time.perf_counter() - started
            print(f"total time: {elapsed:.2f}s (sdkgen {args.command})", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
