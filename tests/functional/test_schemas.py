"""Functional tests of schema features: inline specs → generated models → behaviour.

Compositions (`allOf` as inheritance and as composition, `oneOf`/`anyOf` with and without a
discriminator), nullability in 3.0 and 3.1 spelling, `const`, enums, additional properties,
recursion, inline schemas, read/write-only fields, defaults and formats. Each spec is generated
once per module; the tests exercise the models directly and over `httpx.MockTransport`.
"""

from __future__ import annotations

import datetime
import decimal
import typing
import uuid
from collections.abc import Iterator
from pathlib import Path

import pydantic
import pytest

from generator.diagnostics import Level
from tests.support.sdk import Sdk, imported_sdk, reply, sent_json
from tests.support.static_checks import assert_mypy_and_ruff_pass

SCHEMAS_30 = """\
openapi: 3.0.3
info: {title: Schemas, version: "1"}
servers: [{url: https://api.example.com}]
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: array
                items: {$ref: "#/components/schemas/PetChoice"}
    post:
      operationId: addPet
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/PetChoice"}
      responses:
        "201":
          description: Created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/PetChoice"}
  /shapes:
    get:
      operationId: getShape
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Shape"}
  /orders:
    post:
      operationId: createOrder
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Order"}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Order"}
components:
  schemas:
    Pet:
      type: object
      required: [name, petType]
      properties:
        name: {type: string}
        petType: {type: string}
        friends:  # a base that refers to its subclass: both import each other lazily
          type: array
          items: {$ref: "#/components/schemas/Dog"}
        owner:
          type: object
          properties:
            email: {type: string}
    Dog:
      allOf:
        - $ref: "#/components/schemas/Pet"
        - type: object
          properties:
            bark: {type: boolean}
            petType: {type: string, enum: [dog]}
    Cat:
      description: A cat; `lives` is required for cats only.
      allOf:
        - $ref: "#/components/schemas/Pet"
        - type: object
          required: [lives]
          properties:
            lives: {type: integer}
    Lizard:
      allOf:
        - $ref: "#/components/schemas/Pet"
        - type: object
          properties:
            name: {type: integer}  # not a str: cannot be a subclass, so it is composed
    PetChoice:
      oneOf:
        - $ref: "#/components/schemas/Dog"
        - $ref: "#/components/schemas/Cat"
      discriminator:
        propertyName: petType
        mapping:
          dog: "#/components/schemas/Dog"
          kitty: Cat
    Named:
      type: object
      required: [name]
      properties:
        name: {type: string}
    Stamped:
      type: object
      properties:
        createdAt: {type: string, format: date-time}
    NamedAndStamped:
      allOf:
        - $ref: "#/components/schemas/Named"
        - $ref: "#/components/schemas/Stamped"
        - description: only a description, which adds no structure
    Circle:
      type: object
      required: [radius]
      properties:
        radius: {type: number}
    Square:
      type: object
      required: [side]
      properties:
        side: {type: number}
    Shape:
      anyOf:
        - $ref: "#/components/schemas/Circle"
        - $ref: "#/components/schemas/Square"
    Color:
      type: string
      enum: [red, green, light-blue]
    Priority:
      type: integer
      enum: [1, 2, 3]
    Level:
      type: string
      nullable: true
      enum: [low, high, null]
    TimeZone:
      type: string
      enum: ["GMT+12", "GMT-12", "", "1"]
    TreeNode:
      type: object
      properties:
        value: {type: string}
        children:
          type: array
          items: {$ref: "#/components/schemas/TreeNode"}
    Folder:
      type: object
      properties:
        files:
          type: array
          items: {$ref: "#/components/schemas/File"}
    File:
      type: object
      properties:
        folder: {$ref: "#/components/schemas/Folder"}
    Json:
      oneOf:
        - type: string
        - type: array
          items: {$ref: "#/components/schemas/Json"}
    Order:
      type: object
      required: [id, password, lines]
      properties:
        id: {type: string, format: uuid, readOnly: true}
        password: {type: string, writeOnly: true}
        note: {type: string, nullable: true}
        lines:
          type: array
          items:
            type: object
            required: [sku]
            properties:
              sku: {type: string}
              quantity: {type: integer, format: int64, default: 1}
        shipping:
          type: object
          properties:
            method: {type: string, enum: [post, courier]}
        color: {$ref: "#/components/schemas/Color"}
        colorWithDefault:
          allOf: [{$ref: "#/components/schemas/Color"}]
          default: green
        level: {$ref: "#/components/schemas/Level"}
        priority: {$ref: "#/components/schemas/Priority"}
        timeZone: {$ref: "#/components/schemas/TimeZone"}
        tags:
          type: array
          items: {type: string}
          default: [new]
        options:
          type: object
          additionalProperties: {type: integer}
          default: {retries: 2}
        express: {type: boolean, default: false}
        weight: {type: number, default: 1}
        placedOn: {type: string, format: date}
        placedAt: {type: string, format: date-time}
        amount: {type: string, format: decimal}
        total: {type: number, format: decimal}
        big: {type: integer, format: int64}
        token: {type: string, format: byte}
        attachment: {type: string, format: binary}
        extra: {type: object}
        anything: {}
        tree: {$ref: "#/components/schemas/TreeNode"}
        json: {$ref: "#/components/schemas/Json"}
        pet: {$ref: "#/components/schemas/PetChoice"}
        shape: {$ref: "#/components/schemas/Shape"}
        labels:
          type: object
          additionalProperties: {type: string}
        metadata:
          type: object
          additionalProperties: true
"""

# OpenAPI 3.1: nullability as type arrays, `const`, and `examples`.
SCHEMAS_31 = """\
openapi: 3.1.0
info: {title: Schemas 3.1, version: "1"}
paths:
  /events:
    get:
      operationId: getEvent
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Event"}
webhooks:
  newEvent:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Event"}
      responses:
        "200": {description: OK}
components:
  schemas:
    Event:
      type: object
      required: [kind, at]
      properties:
        kind: {const: created}
        at: {type: [string, "null"], format: date-time}
        count: {type: [integer, "null"]}
        ratio: {anyOf: [{type: number}, {type: "null"}]}
        either: {type: [string, integer]}
        mode: {enum: [fast, slow, null]}
        flag: {enum: [true]}
        labels:
          type: object
          additionalProperties: {type: [string, "null"]}
      examples:
        - {kind: created, at: "2024-01-02T03:04:05Z", count: null}
"""


@pytest.fixture(scope="module")
def v30(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sdk]:
    with imported_sdk(SCHEMAS_30, tmp_path_factory.mktemp("schemas30")) as sdk:
        yield sdk


@pytest.fixture(scope="module")
def v31(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sdk]:
    with imported_sdk(SCHEMAS_31, tmp_path_factory.mktemp("schemas31")) as sdk:
        yield sdk


class OrderWire(typing.TypedDict):
    """An `Order` as JSON, with just the fields the tests here start from."""

    id: str
    password: str
    lines: list[dict[str, str]]


ORDER: OrderWire = {
    "id": "3f1c2d4e-0000-4000-8000-00000000abcd",
    "password": "pw",
    "lines": [{"sku": "a"}],
}


# --- allOf ----------------------------------------------------------------------------------


def test_all_of_with_one_model_is_inheritance(v30: Sdk) -> None:
    models = v30.models
    dog = models.Dog.from_dict({"name": "Rex", "petType": "dog", "bark": True})
    assert isinstance(dog, models.Pet)
    assert (dog.name, dog.pet_type, dog.bark) == ("Rex", "dog", True)
    assert dog.to_dict() == {"name": "Rex", "petType": "dog", "bark": True}
    with pytest.raises(pydantic.ValidationError):
        models.Dog.from_dict({"name": "Rex", "petType": "cat"})  # narrowed to the literal 'dog'
    # A field the child makes required is required in the child only.
    with pytest.raises(pydantic.ValidationError):
        models.Cat.from_dict({"name": "Tom", "petType": "cat"})
    assert models.Pet.from_dict({"name": "Tom", "petType": "cat"}).name == "Tom"


def test_a_base_class_can_refer_to_its_subclass(v30: Sdk) -> None:
    models = v30.models
    cat = models.Cat.from_dict(
        {
            "name": "Tom",
            "petType": "kitty",
            "lives": 1,
            "friends": [{"name": "Rex", "petType": "dog", "friends": []}],
        }
    )
    assert isinstance(cat.friends[0], models.Dog)
    assert cat.friends[0].friends == []


def test_inline_objects_are_named_after_the_class_that_declares_them(v30: Sdk) -> None:
    models = v30.models
    dog = models.Dog.from_dict({"name": "Rex", "petType": "dog", "owner": {"email": "a@b.c"}})
    assert type(dog.owner) is models.PetOwner
    assert not hasattr(models, "DogOwner")


def test_all_of_that_cannot_inherit_is_composed(v30: Sdk) -> None:
    models = v30.models
    lizard = models.Lizard.from_dict({"name": 7, "petType": "lizard"})
    assert not isinstance(lizard, models.Pet)
    assert lizard.name == 7
    both = models.NamedAndStamped.from_dict({"name": "n", "createdAt": "2024-01-02T03:04:05Z"})
    assert both.created_at == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    assert set(models.NamedAndStamped.model_fields) == {"name", "created_at"}


# --- oneOf / anyOf --------------------------------------------------------------------------


def test_discriminated_one_of_picks_the_member_by_its_property(v30: Sdk) -> None:
    client, _ = v30.client(
        reply(
            200,
            [
                {"name": "Rex", "petType": "dog", "bark": True},
                {"name": "Tom", "petType": "kitty", "lives": 9},
                {"name": "Kit", "petType": "Cat", "lives": 7},  # the implicit mapping
            ],
        )
    )
    pets = v30.module().DefaultApi(client).list_pets()
    assert [type(p).__name__ for p in pets] == ["Dog", "Cat", "Cat"]
    assert pets[1].lives == 9


def test_discriminated_union_rejects_an_unknown_tag_and_takes_instances(v30: Sdk) -> None:
    package, models = v30.module(), v30.models
    client, exchange = v30.client(reply(200, [{"name": "Bo", "petType": "parrot"}]))
    with pytest.raises(package.ResponseDecodeError):
        package.DefaultApi(client).list_pets()
    cat = models.Cat(name="Tom", pet_type="kitty", lives=3)
    client, exchange = v30.client(reply(201, cat.to_dict()))
    created = package.DefaultApi(client).add_pet(cat)
    assert sent_json(exchange.last) == {"name": "Tom", "petType": "kitty", "lives": 3}
    assert created == cat


def test_any_of_without_discriminator_is_a_plain_union(v30: Sdk) -> None:
    models = v30.models
    client, _ = v30.client(reply(200, {"side": 2}))
    shape = v30.module().DefaultApi(client).get_shape()
    assert isinstance(shape, models.Square)
    client, _ = v30.client(reply(200, {"radius": 1.5}))
    assert v30.module().DefaultApi(client).get_shape() == models.Circle(radius=1.5)


# --- nullability, const, enums --------------------------------------------------------------


def test_nullable_in_openapi_30(v30: Sdk) -> None:
    order = v30.models.Order.from_dict({**ORDER, "note": None, "level": None})
    assert order.note is None and order.level is None
    assert order.to_dict() == {**ORDER, "note": None, "level": None}


def test_nullable_as_type_arrays_and_const_in_openapi_31(v31: Sdk) -> None:
    event_cls = v31.models.Event
    event = event_cls.from_dict({"kind": "created", "at": None, "count": None, "ratio": None})
    assert (event.at, event.count, event.ratio) == (None, None, None)
    with pytest.raises(pydantic.ValidationError):
        event_cls.from_dict({"kind": "deleted", "at": None})  # `const: created`
    hints = typing.get_type_hints(event_cls)
    assert hints["kind"] == typing.Literal["created"]
    assert event_cls.from_dict({"kind": "created", "at": None, "either": 3}).either == 3
    assert event_cls.from_dict({"kind": "created", "at": None, "either": "x"}).either == "x"
    assert event_cls.from_dict({"kind": "created", "at": None, "flag": True}).flag is True
    labels = {"a": None, "b": "x"}
    assert event_cls.from_dict({"kind": "created", "at": None, "labels": labels}).labels == labels


def test_enums_of_strings_integers_and_with_null(v30: Sdk) -> None:
    models = v30.models
    assert [m.value for m in models.Color] == ["red", "green", "light-blue"]
    assert models.Color.LIGHT_BLUE == "light-blue"
    assert [m.value for m in models.Priority] == [1, 2, 3]
    order = models.Order.from_dict({**ORDER, "priority": 2, "level": "high", "color": "red"})
    assert order.priority is models.Priority.VALUE_2
    assert order.level is models.Level.HIGH
    assert order.color is models.Color.RED
    assert models.Order.from_dict({**ORDER, "priority": 9}).priority == 9  # a newer value


def test_enum_values_that_are_not_identifiers(v30: Sdk) -> None:
    time_zone = v30.models.TimeZone
    members = {m.name: m.value for m in time_zone}
    assert members == {
        "GMT_PLUS_12": "GMT+12",
        "GMT_MINUS_12": "GMT-12",
        "EMPTY": "",
        "VALUE_1": "1",
    }


# --- additional properties, recursion, inline schemas ---------------------------------------


def test_additional_properties_typed_and_free_form(v30: Sdk) -> None:
    order_cls = v30.models.Order
    order = order_cls.from_dict(
        {
            **ORDER,
            "labels": {"a": "x"},
            "metadata": {"any": [1, {"deep": True}]},
            "extra": {"free": "form"},
            "anything": [1, "two"],
        }
    )
    assert order.labels == {"a": "x"} and order.metadata == {"any": [1, {"deep": True}]}
    assert (order.extra, order.anything) == ({"free": "form"}, [1, "two"])
    with pytest.raises(pydantic.ValidationError):
        order_cls.from_dict({**ORDER, "labels": {"a": 1}})
    with pytest.raises(pydantic.ValidationError):
        order_cls.from_dict({**ORDER, "options": {"retries": "many"}})


def test_recursive_and_mutually_recursive_schemas(v30: Sdk) -> None:
    models = v30.models
    tree = {"value": "root", "children": [{"value": "leaf", "children": []}]}
    node = models.TreeNode.from_dict(tree)
    assert isinstance(node.children[0], models.TreeNode)
    assert node.to_dict() == tree
    folder = models.Folder.from_dict({"files": [{"folder": {"files": []}}]})
    assert isinstance(folder.files[0].folder, models.Folder)
    # A schema that contains itself without an object in between cannot be a class: Any.
    order = models.Order.from_dict({**ORDER, "json": ["a", ["b"]]})
    assert order.var_json == ["a", ["b"]]
    warnings = [d.message for d in v30.diagnostics if d.level is Level.WARNING]
    assert any("contains itself" in m for m in warnings), warnings


def test_inline_schemas_are_named_after_where_they_appear(v30: Sdk) -> None:
    models = v30.models
    order = models.Order.from_dict(
        {**ORDER, "lines": [{"sku": "a"}], "shipping": {"method": "courier"}}
    )
    assert type(order.lines[0]) is models.OrderLinesItem
    assert type(order.shipping) is models.OrderShipping
    assert order.shipping.method is models.OrderShippingMethod.COURIER


# --- readOnly, writeOnly, defaults, formats -------------------------------------------------


def test_read_only_and_write_only_fields_are_not_required(v30: Sdk) -> None:
    order_cls = v30.models.Order
    sent = order_cls(lines=[], password="pw")  # no id: the server assigns it
    assert sent.to_dict() == {"lines": [], "password": "pw"}
    received = order_cls.from_dict({"id": ORDER["id"], "lines": []})  # no password back
    assert received.id == uuid.UUID(ORDER["id"])


def test_defaults_of_every_kind(v30: Sdk) -> None:
    models = v30.models
    order = models.Order.from_dict(ORDER)
    assert order.tags == ["new"] and order.options == {"retries": 2}
    assert order.express is False and order.weight == 1.0
    assert order.color_with_default is models.Color.GREEN
    assert order.lines[0].quantity == 1
    other = models.Order.from_dict(ORDER)
    other.tags.append("changed")
    assert models.Order.from_dict(ORDER).tags == ["new"]  # a default is never shared
    assert order.to_dict() == ORDER  # defaults are not sent unless set


def test_formats(v30: Sdk) -> None:
    wire = {
        **ORDER,
        "placedOn": "2024-02-29",
        "placedAt": "2024-02-29T10:20:30+01:00",
        "amount": "12.50",
        "total": 12.5,
        "big": 2**62,
        "token": "aGVsbG8=",
    }
    order = v30.models.Order.from_dict(wire)
    assert order.placed_on == datetime.date(2024, 2, 29)
    assert order.placed_at.utcoffset() == datetime.timedelta(hours=1)
    assert order.id == uuid.UUID(ORDER["id"])
    assert order.amount == decimal.Decimal("12.50")
    assert order.total == decimal.Decimal("12.5")
    assert (order.big, order.token) == (2**62, "aGVsbG8=")
    assert order.to_dict() == wire  # decimals as they came: a string and a number


def test_binary_property_takes_a_file(v30: Sdk) -> None:
    order_cls = v30.models.Order
    assert order_cls(lines=[], password="p", attachment=b"\x00\x01").attachment == b"\x00\x01"
    named = order_cls(lines=[], password="p", attachment=("a.bin", b"\x00", "application/x"))
    assert named.attachment == ("a.bin", b"\x00", "application/x")


def test_models_travel_over_the_wire(v30: Sdk) -> None:
    body = {**ORDER, "pet": {"name": "Rex", "petType": "dog"}, "shape": {"radius": 1}}
    client, exchange = v30.client(reply(200, body))
    order = v30.models.Order.from_dict(body)
    result = v30.module().DefaultApi(client).create_order(order)
    assert sent_json(exchange.last) == body
    assert isinstance(result.pet, v30.models.Dog)
    assert result.to_dict() == body


def test_webhooks_are_ignored_and_examples_round_trip(v31: Sdk) -> None:
    apis = [name for name in dir(v31.module()) if name.endswith("Api")]
    assert apis == ["AsyncDefaultApi", "DefaultApi"]
    example = {"kind": "created", "at": "2024-01-02T03:04:05Z", "count": None}
    assert v31.models.Event.from_dict(example).to_dict() == example


def test_generated_packages_pass_mypy_strict_and_ruff(v30: Sdk, v31: Sdk, tmp_path: Path) -> None:
    assert_mypy_and_ruff_pass([v30, v31], tmp_path)


def test_every_model_page_example_runs(
    v30: Sdk, v31: Sdk, capsys: pytest.CaptureFixture[str]
) -> None:
    for sdk in (v30, v31):
        for page in sorted((sdk.directory / "docs").glob("*.md")):
            code = page.read_text(encoding="utf-8").partition("```python\n")[2].partition("```")[0]
            if code and "Api(" not in code:  # API pages call a server: see test_docs.py
                exec(compile(code, str(page), "exec"), {"__name__": "__docs__"})
    capsys.readouterr()
