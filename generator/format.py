"""Black over the rendered Python, in-process; the pinned version keeps goldens stable."""

from __future__ import annotations

import re
from dataclasses import replace

import black
from black.mode import Mode, TargetVersion
from black.parsing import InvalidInput

from generator.diagnostics import Diagnostic, GeneratorError, Level
from generator.write import OutputFile

_MODE = Mode(target_versions={TargetVersion.PY310}, line_length=88)


# A fenced Python block in Markdown: the docs' examples are formatted like the package.
_PYTHON_FENCE = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def format_files(files: list[OutputFile]) -> list[OutputFile]:
    return [_format(f) for f in files]


def _format(file: OutputFile) -> OutputFile:
    if file.path.endswith(".py"):
        return replace(file, content=_black(file.content, file.path))
    if file.path.endswith(".md"):
        content = _PYTHON_FENCE.sub(
            lambda m: f"```python\n{_black(m.group(1), file.path)}```", file.content
        )
        return replace(file, content=content)
    return file


def _black(source: str, path: str) -> str:
    try:
        return black.format_str(source, mode=_MODE)
    except InvalidInput as error:
        # Templates must emit valid Python; reaching here is a bug in a template or the IR.
        raise GeneratorError(
            "a template produced invalid Python",
            [Diagnostic(level=Level.ERROR, message=str(error), file=path)],
        ) from error
