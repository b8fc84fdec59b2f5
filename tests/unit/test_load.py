"""Stage 1: files in, plain data out; refs checked, never inlined; every error located."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, GeneratorError, Level
from generator.load import Document, file_uri, load
from tests.support.paths import DATA as TEST_DATA

DATA = TEST_DATA / "load"
MULTI = DATA / "multi" / "api" / "openapi.yaml"

PETSTORE = """\
openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - $ref: '#/components/parameters/limit'
      responses:
        200:
          description: The pets.
components:
  parameters:
    limit:
      name: limit
      in: query
      schema:
        type: integer
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def only_error(excinfo: pytest.ExceptionInfo[GeneratorError]) -> Diagnostic:
    (diagnostic,) = excinfo.value.diagnostics
    assert diagnostic.level is Level.ERROR
    return diagnostic


def same_file(shown: str | None, path: Path) -> bool:
    return shown is not None and Path(shown).resolve() == path.resolve()


# --- parsing ---------------------------------------------------------------------------------


def test_yaml_and_json_give_the_same_data(tmp_path: Path) -> None:
    from_yaml = load(write(tmp_path, "spec.yaml", PETSTORE))
    as_json = json.dumps(from_yaml.root, indent=2)
    from_json = load(write(tmp_path, "spec.json", as_json))
    assert from_json.root == from_yaml.root
    assert from_yaml.root["paths"]["/pets"]["get"]["operationId"] == "listPets"


def test_json_content_is_recognised_whatever_the_extension(tmp_path: Path) -> None:
    document = load(write(tmp_path, "spec.yaml", '{"openapi": "3.0.3", "paths": {}}'))
    assert document.root == {"openapi": "3.0.3", "paths": {}}


def test_anchors_aliases_and_merge_keys(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "spec.yaml",
        """\
        base: &base {type: string, maxLength: 5}
        same: *base
        merged:
          <<: *base
          maxLength: 9
        """,
    )
    root = load(path).root
    assert root["same"] is root["base"]
    assert root["merged"] == {"type": "string", "maxLength": 9}


def test_plain_scalars_resolve_like_json_values(tmp_path: Path) -> None:
    """YAML 1.1 would give a date, False, 1080 and the string '1e3' here."""
    path = write(
        tmp_path,
        "spec.yaml",
        """\
        date: 2024-01-31
        stamp: 2024-01-31T10:00:00Z
        country: NO
        time: 18:00
        code: 090
        big: 1e3
        int: -7
        float: 1.5
        flag: true
        nothing: ~
        quoted: '12'
        """,
    )
    assert load(path).root == {
        "date": "2024-01-31",
        "stamp": "2024-01-31T10:00:00Z",
        "country": "NO",
        "time": "18:00",
        "code": "090",
        "big": 1000.0,
        "int": -7,
        "float": 1.5,
        "flag": True,
        "nothing": None,
        "quoted": "12",
    }


def test_mapping_keys_are_strings_as_written(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.yaml", "responses: {200: a, '404': b, true: c, 1.0: d, ~: e}\n")
    assert list(load(path).root["responses"]) == ["200", "404", "true", "1.0", "~"]


# --- refs ------------------------------------------------------------------------------------


def test_local_ref_resolves_without_being_inlined(tmp_path: Path) -> None:
    document = load(write(tmp_path, "spec.yaml", PETSTORE))
    parameter = document.root["paths"]["/pets"]["get"]["parameters"][0]
    assert parameter == {"$ref": "#/components/parameters/limit"}
    resolved = document.resolve(parameter["$ref"], document.root_uri)
    assert resolved.uri == document.root_uri
    assert resolved.pointer == "#/components/parameters/limit"
    assert resolved.node["name"] == "limit"


def test_ref_pointer_escapes_and_percent_encoding(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "spec.yaml",
        """\
        paths:
          /a b/{id}:
            get: {operationId: x}
        ref: {$ref: '#/paths/~1a%20b~1%7Bid%7D/get'}
        tilde~key: {v: 1}
        ref2: {$ref: '#/tilde~0key'}
        """,
    )
    document = load(path)
    resolved = document.resolve("#/paths/~1a%20b~1%7Bid%7D/get", document.root_uri)
    assert resolved.node == {"operationId": "x"}
    assert resolved.pointer == "#/paths/~1a b~1{id}/get"
    assert document.resolve("#/tilde~0key", document.root_uri).node == {"v": 1}


def test_whole_file_ref_has_the_root_pointer(tmp_path: Path) -> None:
    write(tmp_path, "pet.yaml", "type: object\n")
    document = load(write(tmp_path, "spec.yaml", "schema: {$ref: pet.yaml}\n"))
    resolved = document.resolve("pet.yaml", document.root_uri)
    assert (resolved.pointer, resolved.node) == ("#", {"type": "object"})


def test_cross_file_refs_with_parent_dirs_and_a_ref_chain() -> None:
    document = load(MULTI)
    uris = {Path(uri).name for uri in document.files}
    assert uris == {"openapi.yaml", "pet.json", "chain.yaml", "Error.yaml"}

    error = document.resolve("../common/Error.yaml#/Error", document.root_uri)
    assert error.uri == file_uri(DATA / "multi" / "common" / "Error.yaml")
    assert error.pointer == "#/Error"
    assert error.node["properties"]["code"] == {"type": "integer"}

    pet = document.resolve("./schemas/pet.json#/Pet", document.root_uri)
    tag = document.resolve(pet.node["properties"]["tag"]["$ref"], pet.uri)  # chain.yaml#/First
    assert (tag.uri, tag.pointer) == (error.uri, "#/Label")
    assert tag.node["type"] == "string"


def test_every_file_is_read_once(tmp_path: Path) -> None:
    write(tmp_path, "shared.yaml", "A: {type: string}\n")
    path = write(
        tmp_path,
        "spec.yaml",
        """\
        one: {$ref: 'shared.yaml#/A'}
        two: {$ref: './shared.yaml#/A'}
        three: {$ref: 'sub/../shared.yaml#/A'}
        """,
    )
    (tmp_path / "sub").mkdir()
    document = load(path)
    assert len(document.files) == 2
    targets = [document.resolve(r["$ref"], document.root_uri) for r in document.root.values()]
    assert len({id(target.node) for target in targets}) == 1


def test_recursive_schema_loads_and_resolves(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "spec.yaml",
        """\
        components:
          schemas:
            Node:
              type: object
              properties:
                children:
                  type: array
                  items: {$ref: '#/components/schemas/Node'}
        """,
    )
    document = load(path)
    node = document.resolve("#/components/schemas/Node", document.root_uri).node
    assert node["properties"]["children"]["items"] == {"$ref": "#/components/schemas/Node"}


def test_ref_named_property_is_not_a_ref(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "spec.yaml",
        """\
        components:
          schemas:
            JsonSchema:
              properties:
                $ref: {type: string}
        """,
    )
    schema = load(path).root["components"]["schemas"]["JsonSchema"]
    assert schema["properties"]["$ref"] == {"type": "string"}


def test_trace_follows_refs_along_a_path() -> None:
    document = load(MULTI)
    path = ["paths", "/pets", "get", "responses", "default", "content", "application/json"]
    spot = document.trace([*path, "schema", "properties", "code", "type"])
    assert spot.uri == file_uri(DATA / "multi" / "common" / "Error.yaml")
    assert spot.pointer == "#/Error/properties/code/type"
    assert spot.node == "integer"
    assert document.trace(["paths", "/nowhere"]).pointer == "#/paths"


# --- broken refs -----------------------------------------------------------------------------


def test_dangling_local_ref_names_file_line_and_pointer(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.yaml", PETSTORE.replace("parameters/limit'", "parameters/nope'"))
    with pytest.raises(GeneratorError) as excinfo:
        load(path)
    diagnostic = only_error(excinfo)
    assert same_file(diagnostic.file, path)
    assert diagnostic.line == 10
    assert diagnostic.pointer == "#/paths/~1pets/get/parameters/0"
    assert "'nope'" in diagnostic.message
    assert "#/components/parameters" in diagnostic.message


def test_missing_ref_file_names_the_referencing_site(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "spec.yaml",
        """\
        components:
          schemas:
            Pet:
              $ref: 'models/missing.yaml#/Pet'
        """,
    )
    with pytest.raises(GeneratorError) as excinfo:
        load(path)
    diagnostic = only_error(excinfo)
    assert same_file(diagnostic.file, path)
    assert (diagnostic.line, diagnostic.pointer) == (4, "#/components/schemas/Pet")  # `$ref:`
    assert "missing.yaml" in diagnostic.message
    assert "No such file or directory" in diagnostic.message


def test_all_broken_refs_are_reported_together(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.yaml", "a: {$ref: '#/x'}\nb: {$ref: '#/y'}\nc: {$ref: '#/x'}\n")
    with pytest.raises(GeneratorError) as excinfo:
        load(path)
    assert [(d.line, d.pointer) for d in excinfo.value.diagnostics] == [
        (1, "#/a"),
        (2, "#/b"),
        (3, "#/c"),
    ]


def test_broken_ref_in_a_referenced_file_is_located_in_that_file(tmp_path: Path) -> None:
    models = write(tmp_path, "models.yaml", "Pet:\n  properties:\n    owner: {$ref: '#/Owner'}\n")
    path = write(tmp_path, "spec.yaml", "pet: {$ref: 'models.yaml#/Pet'}\n")
    with pytest.raises(GeneratorError) as excinfo:
        load(path)
    diagnostic = only_error(excinfo)
    assert same_file(diagnostic.file, models)
    assert (diagnostic.line, diagnostic.pointer) == (3, "#/Pet/properties/owner")


def test_syntax_error_in_a_referenced_file_is_reported_at_both_ends(tmp_path: Path) -> None:
    models = write(tmp_path, "models.yaml", "Pet:\n  type: [object\n")
    path = write(tmp_path, "spec.yaml", "openapi: 3.0.3\npet: {$ref: 'models.yaml#/Pet'}\n")
    with pytest.raises(GeneratorError) as excinfo:
        load(path)
    target, site = excinfo.value.diagnostics  # sorted by file: models.yaml first
    assert same_file(site.file, path) and (site.line, site.pointer) == (2, "#/pet")
    assert same_file(target.file, models) and target.line == 3
    assert "invalid YAML" in target.message


def test_ref_cycle_that_never_reaches_a_value_raises(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.yaml", "a: {$ref: '#/b'}\nb: {$ref: '#/a'}\n")
    with pytest.raises(GeneratorError) as excinfo:
        load(path)
    first = excinfo.value.diagnostics[0]
    assert (first.line, first.pointer) == (1, "#/a")
    assert "cycle" in first.message
    assert "spec.yaml#/b -> spec.yaml#/a -> spec.yaml#/b" in first.message


def test_ref_cycle_through_a_pointer_into_itself_raises(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.yaml", "a: {$ref: '#/a/x'}\n")
    with pytest.raises(GeneratorError, match="cycle"):
        load(path)


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        ("https://example.com/pet.yaml", "remote $ref"),
        ("http://example.com/pet.yaml#/Pet", "remote $ref"),
        ("urn:pets:pet", "only local files"),
        ("#pet-anchor", "JSON pointer"),
    ],
)
def test_unsupported_refs_are_reported(tmp_path: Path, ref: str, words: str) -> None:
    path = write(tmp_path, "spec.yaml", f"pet: {{$ref: '{ref}'}}\n")
    with pytest.raises(GeneratorError) as excinfo:
        load(path)
    assert words in only_error(excinfo).message


def test_resolve_reports_unknown_targets_as_generator_errors(tmp_path: Path) -> None:
    document = load(write(tmp_path, "spec.yaml", PETSTORE))
    with pytest.raises(GeneratorError, match="not loaded"):
        document.resolve("other.yaml#/X", document.root_uri)
    with pytest.raises(GeneratorError, match="no 'nope'"):
        document.resolve("#/components/nope", document.root_uri)


# --- unreadable and malformed files ----------------------------------------------------------


def test_yaml_syntax_error_has_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.yaml", "openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: 1\n")
    with pytest.raises(GeneratorError) as excinfo:
        load(path)
    diagnostic = only_error(excinfo)
    assert same_file(diagnostic.file, path)
    assert diagnostic.line == 4  # where libyaml gave up; the message names line 3
    assert diagnostic.message.startswith("invalid YAML:")
    assert "on line 3" in diagnostic.message


def test_yaml_bad_indentation_has_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.yaml", "a:\n  b: 1\n c: 2\n")
    with pytest.raises(GeneratorError) as excinfo:
        load(path)
    assert only_error(excinfo).line == 3


def test_json_syntax_error_has_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.json", '{\n  "openapi": "3.0.3",\n  "paths": {,}\n}\n')
    with pytest.raises(GeneratorError) as excinfo:
        load(path)
    diagnostic = only_error(excinfo)
    assert diagnostic.line == 3
    assert diagnostic.message.startswith("invalid JSON:")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a: !python/object {}\n", "unsupported tag"),
        ("a: *nowhere\n", "undefined alias"),
        ("? [1, 2]\n: x\n", "keys must be scalars"),
        ("a: 1\n---\nb: 2\n", "single document"),
        ("a: \x07\n", "control characters"),
    ],
)
def test_yaml_that_is_not_json_data_is_refused(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GeneratorError) as excinfo:
        load(path)
    diagnostic = only_error(excinfo)
    assert words in diagnostic.message
    assert diagnostic.line is not None


def test_missing_file_gives_the_os_reason(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError) as excinfo:
        load(tmp_path / "absent.yaml")
    diagnostic = only_error(excinfo)
    assert "absent.yaml" in diagnostic.message
    assert "No such file or directory" in diagnostic.message


def test_directory_gives_the_os_reason(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError) as excinfo:
        load(tmp_path)
    assert "Is a directory" in only_error(excinfo).message


def test_not_utf8_gives_the_line(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_bytes(b"openapi: 3.0.3\ninfo: caf\xe9\n")
    with pytest.raises(GeneratorError) as excinfo:
        load(path)
    diagnostic = only_error(excinfo)
    assert (diagnostic.line, "not UTF-8" in diagnostic.message) == (2, True)


@pytest.mark.parametrize(("text", "kind"), [("", "an empty file"), ("- a\n", "a list")])
def test_root_must_be_a_mapping(tmp_path: Path, text: str, kind: str) -> None:
    with pytest.raises(GeneratorError) as excinfo:
        load(write(tmp_path, "spec.yaml", text))
    diagnostic = only_error(excinfo)
    assert kind in diagnostic.message
    assert diagnostic.pointer == "#"


# --- locate ----------------------------------------------------------------------------------


def test_locate_finds_nested_and_escaped_pointers(tmp_path: Path) -> None:
    document = load(write(tmp_path, "spec.yaml", PETSTORE))
    uri = document.root_uri
    assert document.locate(uri, "#") == 1
    assert document.locate(uri, "#/paths/~1pets") == 6
    assert document.locate(uri, "#/paths/~1pets/get/parameters/0") == 10
    assert document.locate(uri, "#/paths/~1pets/get/responses/200/description") == 13
    assert document.locate(uri, "#/components/parameters/limit/schema/type") == 20
    assert document.locate(uri, "#/components/nope") is None
    assert document.locate(uri, "#/paths/~1pets/get/parameters/7") is None
    assert document.locate(uri, "not-a-pointer") is None


def test_locate_sees_merged_keys_and_json_files() -> None:
    document = load(MULTI)
    pet = file_uri(DATA / "multi" / "api" / "schemas" / "pet.json")
    assert document.locate(pet, "#/Pet/properties/tag") == 7
    chain = file_uri(DATA / "multi" / "api" / "schemas" / "chain.yaml")
    assert document.locate(chain, "#/Second") == 4


def test_locate_inside_merges(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.yaml", "base: &b\n  x: 1\nuse:\n  <<: *b\n  y: 2\n")
    document = load(path)
    assert document.locate(document.root_uri, "#/use/x") == 2
    assert document.locate(document.root_uri, "#/use/y") == 5


def test_locate_works_on_documents_built_by_hand(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.yaml", PETSTORE)
    loaded = load(path)
    document = Document(root_uri=loaded.root_uri, files=loaded.files)  # no sources kept
    assert document.locate(document.root_uri, "#/paths/~1pets/get") == 7
    assert document.locate(file_uri(tmp_path / "gone.yaml"), "#") is None
