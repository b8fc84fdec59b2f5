"""Black over the rendered Python, in-process; the pinned version keeps goldens stable."""

from __future__ import annotations

from dataclasses import replace

import black
from black.mode import Mode, TargetVersion
from black.parsing import InvalidInput

from generator.diagnostics import Diagnostic, GeneratorError, Level
from generator.write import OutputFile

_MODE = Mode(target_versions={TargetVersion.PY310}, line_length=88)


def format_files(files: list[OutputFile]) -> list[OutputFile]:
    return [_format(f) if f.path.endswith(".py") else f for f in files]


def _format(file: OutputFile) -> OutputFile:
    try:
        return replace(file, content=black.format_str(file.content, mode=_MODE))
    except InvalidInput as error:
        # Templates must emit valid Python; reaching here is a bug in a template or the IR.
        raise GeneratorError(
            "a template produced invalid Python",
            [Diagnostic(level=Level.ERROR, message=str(error), file=file.path)],
        ) from error
