"""The command line: the only place that prints and chooses exit codes."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.config import Config, make_config, read_config_file, read_pyproject
from generator.diagnostics import Diagnostic, GeneratorError, Level
from generator.load import load
from generator.pipeline import check, generate
from generator.validate import validate

EXIT_OK = 0
EXIT_STALE = 1
EXIT_INVALID = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sdkgen", description="Generate a typed Python SDK and its docs from an OpenAPI spec."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("generate", "write the SDK into the output directory"),
        (
            "check",
            "exit 1 and show a diff if the output directory is not what generate would write",
        ),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument(
            "spec", nargs="?", type=Path, help="OpenAPI file (default: [tool.sdkgen] spec)"
        )
        command.add_argument("-o", "--output", type=Path, help="output directory")
        command.add_argument("--package", help="Python package name of the SDK")
        command.add_argument(
            "--config", type=Path, help="YAML file with the same keys as [tool.sdkgen]"
        )
        command.add_argument(
            "--templates", type=Path, help="directory of templates overriding the built-in ones"
        )
        command.add_argument(
            "--no-validate", action="store_true", help="skip openapi-spec-validator (lenient mode)"
        )
        command.add_argument("-v", "--verbose", action="store_true", help="list every file")
        if name == "generate":
            command.add_argument(
                "--force", action="store_true", help="overwrite files sdkgen did not write before"
            )
    validate = commands.add_parser("validate", help="validate a spec and list every problem")
    validate.add_argument("spec", type=Path)
    return parser


def _config(args: argparse.Namespace) -> Config:
    layers: list[dict[str, Any]] = [read_pyproject(Path())]
    if args.config is not None:
        layers.append(read_config_file(args.config))
    layers.append(
        {
            "spec": args.spec,
            "output": args.output,
            "package": args.package,
            "templates": args.templates,
            "validate": False if args.no_validate else None,
        }
    )
    return make_config(*layers)


def _report(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


def _generate(args: argparse.Namespace) -> int:
    result = generate(_config(args), force=args.force)
    _report(result.diagnostics)
    if args.verbose:
        for label, paths in (("wrote", result.written), ("removed", result.removed)):
            for path in paths:
                print(f"{label} {path}")
    print(
        f"{len(result.written)} written, {len(result.unchanged)} unchanged, "
        f"{len(result.removed)} removed in {result.seconds:.2f}s"
    )
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    config = _config(args)
    result, diagnostics = check(config)
    _report(diagnostics)
    if result.up_to_date:
        print(f"{config.output} is up to date")
        return EXIT_OK
    for label, paths in (
        ("missing", result.missing),
        ("extra", result.extra),
        ("differs", result.differing),
    ):
        for path in paths:
            print(f"{label}: {path}")
    print(result.diff, end="")
    print(f"{config.output} is stale: run `sdkgen generate` to update it", file=sys.stderr)
    return EXIT_STALE


def _validate(args: argparse.Namespace) -> int:
    problems = validate(load(args.spec))
    _report(problems)
    if any(p.level is Level.ERROR for p in problems):
        return EXIT_INVALID
    print(f"{args.spec} is valid")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    handlers = {"generate": _generate, "check": _check, "validate": _validate}
    try:
        return handlers[args.command](args)
    except GeneratorError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INVALID
    finally:
        if getattr(args, "verbose", False):
            print(f"{time.perf_counter() - started:.2f}s", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
