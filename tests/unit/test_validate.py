"""Stage 2: openapi-spec-validator's findings as diagnostics with file, line and pointer."""

from __future__ import annotations

import copy
import textwrap
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, Level
from generator.load import Document, load
from generator.validate import spec_version, validate
from tests.support.paths import DATA as TEST_DATA
from tests.support.paths import REPO

CALLS = REPO / "spec" / "calls.yaml"
DATA = TEST_DATA / "validate"

MINIMAL_30 = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def same_file(shown: str | None, path: Path) -> bool:
    return shown is not None and Path(shown).resolve() == path.resolve()


def test_calls_spec_is_valid() -> None:
    assert validate(load(CALLS)) == []


def test_wrong_schema_type_is_pinned_on_the_type_field(tmp_path: Path) -> None:
    text = CALLS.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    line = lines.index("    callState:\n") + 2  # 1-based line of its `type: object`
    assert lines[line - 1] == "      type: object\n"
    lines[line - 1] = "      type: 7\n"
    path = tmp_path / "calls.yaml"
    path.write_text("".join(lines), encoding="utf-8")

    diagnostics = validate(load(path))

    assert diagnostics, "a schema with `type: 7` must not validate"
    assert {d.pointer for d in diagnostics} == {"#/components/schemas/callState/type"}
    assert {d.line for d in diagnostics} == {line}
    assert all(same_file(d.file, path) and d.level is Level.ERROR for d in diagnostics)
    assert any("7 is not one of ['array', 'boolean'" in d.message for d in diagnostics)


def test_error_in_a_referenced_file_is_located_there() -> None:
    (diagnostic,) = validate(load(DATA / "split" / "openapi.yaml"))
    assert same_file(diagnostic.file, DATA / "split" / "models.yaml")
    assert diagnostic.pointer == "#/Pet/properties/name/type"
    assert diagnostic.line == 5
    assert "'strin' is not one of" in diagnostic.message


def test_schema_behind_a_nested_ref_in_another_file_is_checked(tmp_path: Path) -> None:
    """openapi-spec-validator alone skips `Owner`: it is nested in `Pet`, checked already."""
    models = write(
        tmp_path,
        "models.yaml",
        """\
        Pet:
          type: object
          properties:
            owner: {$ref: '#/Owner'}
        Owner:
          type: 5
        """,
    )
    spec = MINIMAL_30 + "components:\n  schemas:\n    Pet: {$ref: 'models.yaml#/Pet'}\n"
    (diagnostic,) = validate(load(write(tmp_path, "spec.yaml", spec)))
    assert same_file(diagnostic.file, models)
    assert (diagnostic.line, diagnostic.pointer) == (6, "#/Owner/type")


def test_swagger_2_is_checked_as_swagger_2() -> None:
    """A 3.x validator would insist on an `openapi` field; this document has none."""
    document = load(DATA / "swagger2.yaml")
    assert spec_version(document.root) == "2.0"
    assert validate(document) == []


def test_swagger_2_errors_come_from_the_swagger_2_schema(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.yaml", "swagger: '2.0'\ninfo: {title: t, version: '1'}\n")
    (diagnostic,) = validate(load(path))
    assert diagnostic.message == "'paths' is a required property"
    assert (diagnostic.line, diagnostic.pointer) == (1, "#")


def test_openapi_31_is_checked_as_31() -> None:
    """`webhooks` without `paths` and `type: [string, 'null']` are valid in 3.1 only."""
    document = load(DATA / "webhooks31.yaml")
    assert spec_version(document.root) == "3.1"
    assert validate(document) == []


def test_31_features_fail_under_30(tmp_path: Path) -> None:
    text = (DATA / "webhooks31.yaml").read_text(encoding="utf-8").replace("3.1.0", "3.0.3")
    path = write(tmp_path, "spec.yaml", text)
    messages = [d.message for d in validate(load(path))]
    assert "'paths' is a required property" in messages


@pytest.mark.parametrize(
    ("head", "pointer", "shown"),
    [
        ("openapi: 4.0.0\n", "#/openapi", "openapi: '4.0.0'"),
        ("swagger: '1.2'\n", "#/swagger", "swagger: '1.2'"),
        ("info: {title: t}\n", "#", "no `openapi` or `swagger` field"),
    ],
)
def test_unsupported_version_is_one_diagnostic(
    tmp_path: Path, head: str, pointer: str, shown: str
) -> None:
    path = write(tmp_path, "spec.yaml", "# a comment\n" + head)
    (diagnostic,) = validate(load(path))
    assert diagnostic.pointer == pointer
    assert diagnostic.line == 2
    assert shown in diagnostic.message
    assert "3.0.x or openapi: 3.1.x" in diagnostic.message


@pytest.mark.parametrize(
    ("value", "version"),
    [("3.0.0", "3.0"), ("3.0.3", "3.0"), ("3.1.1", "3.1"), ("3.2.0", None), ("3.10.0", None)],
)
def test_spec_version(value: str, version: str | None) -> None:
    assert spec_version({"openapi": value}) == version


def test_duplicate_operation_id_points_at_the_operation_id(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "spec.yaml",
        """\
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /a:
            get:
              operationId: same
              responses: {'200': {description: ok}}
          /b:
            get:
              operationId: same
              responses: {'200': {description: ok}}
        """,
    )
    (diagnostic,) = validate(load(path))
    assert diagnostic.pointer == "#/paths/~1b/get/operationId"
    assert diagnostic.line == 10
    assert "Operation ID 'same'" in diagnostic.message


def test_bad_default_in_a_referenced_schema_is_located_at_the_default(tmp_path: Path) -> None:
    write(tmp_path, "models.yaml", "Age:\n  type: integer\n  default: old\n")
    path = write(
        tmp_path,
        "spec.yaml",
        MINIMAL_30 + "components:\n  schemas:\n    Age: {$ref: 'models.yaml#/Age'}\n",
    )
    (diagnostic,) = validate(load(path))
    assert same_file(diagnostic.file, tmp_path / "models.yaml")
    assert (diagnostic.line, diagnostic.pointer) == (3, "#/Age/default")
    assert diagnostic.message == "'old' is not of type 'integer'"


def test_huge_values_are_cut_from_messages(tmp_path: Path) -> None:
    """A parameter without `in` fits several `oneOf` branches: the raw message embeds it all."""
    description = "x" * 5000
    path = write(
        tmp_path,
        "spec.yaml",
        MINIMAL_30
        + "components:\n  parameters:\n    limit:\n      name: limit\n"
        + f"      description: {description}\n      schema: {{type: integer}}\n",
    )
    diagnostics = validate(load(path))
    assert {d.pointer for d in diagnostics} == {"#/components/parameters/limit"}
    assert "'in' is a required property" in {d.message for d in diagnostics}
    assert any("is valid under each of" in d.message for d in diagnostics)
    assert all(len(d.message) <= 200 for d in diagnostics)


def test_validator_crash_becomes_a_diagnostic(tmp_path: Path) -> None:
    """A dangling ref (load would refuse it) makes the library raise PointerToNowhere."""
    loaded = load(write(tmp_path, "spec.yaml", MINIMAL_30 + "components:\n  schemas: {}\n"))
    root = copy.deepcopy(loaded.root)
    root["components"]["schemas"]["Pet"] = {"$ref": "#/components/schemas/Nope"}
    document = Document(root_uri=loaded.root_uri, files={loaded.root_uri: root})

    diagnostics = validate(document)

    assert any("validation stopped early" in d.message and "Nope" in d.message for d in diagnostics)
    assert all(d.level is Level.ERROR for d in diagnostics)


def test_diagnostics_are_sorted_and_unique(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "spec.yaml",
        MINIMAL_30
        + "components:\n  schemas:\n"
        + "    B: {type: 8}\n    A: {type: 9}\n    C: {type: object, required: 5}\n",
    )
    diagnostics = validate(load(path))
    keys = [(d.file, d.line, d.pointer, d.message) for d in diagnostics]
    assert keys == sorted(keys)
    assert len(set(diagnostics)) == len(diagnostics)
    assert {(d.line, d.pointer) for d in diagnostics} == {
        (6, "#/components/schemas/B/type"),
        (7, "#/components/schemas/A/type"),
        (8, "#/components/schemas/C/required"),
    }


def test_diagnostic_text_has_file_line_and_pointer(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.yaml", "openapi: 9.9.9\n")
    (diagnostic,) = validate(load(path))
    assert isinstance(diagnostic, Diagnostic)
    assert str(diagnostic).startswith(f"{diagnostic.file}:1: error: unsupported spec version")
    assert str(diagnostic).endswith("(at #/openapi)")
