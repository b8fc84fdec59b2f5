"""Examples built by Python names: the docs show `CreateCall(to=…, var_from=…)`, as users write.

Runs once every model and enum exists, since a model's example needs its fields' Python names
and types, and those of the models inside it. An example that cannot be spelled so (a key the
model does not declare, a value of the wrong shape, a union whose member is unclear) keeps its
JSON form, which the docs pass to `from_dict`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from generator.ir import (
    ApiClass,
    Construct,
    DictOf,
    DictValue,
    EnumDef,
    EnumRef,
    Import,
    Json,
    ListOf,
    ListValue,
    LiteralOf,
    MemberOf,
    ModelDef,
    ModelRef,
    Nullable,
    Primitive,
    TypeRef,
    UnionOf,
    Value,
)
from generator.ir.imports import ordered
from generator.ir.values import Const

# JSON scalars that a primitive's annotation accepts as they are (a date stays a string: pydantic
# parses it, and a user can pass the string too).
_SCALARS: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "date": (str,),
    "datetime": (str,),
    "uuid": (str,),
    "decimal": (str, int, float),
    "number_decimal": (int, float),
}


@dataclass
class _Builder:
    models: Mapping[str, ModelDef]
    enums: Mapping[str, EnumDef]
    package: str
    used: set[Import] = field(default_factory=set)

    def value(self, t: TypeRef, data: Json, depth: int = 0) -> Value | None:
        if depth > 20:
            return None
        match t:
            case Nullable(inner=inner):
                return Const(value=None) if data is None else self.value(inner, data, depth)
            case ModelRef(name=name):
                return self.model(self.models.get(name), data, depth)
            case EnumRef(name=name):
                enum = self.enums.get(name)
                member = next((m for m in enum.members if m.value == data), None) if enum else None
                if enum is None or member is None or isinstance(data, bool):
                    return None
                self.used.add(Import(f"{self.package}.models.{enum.module}", enum.name))
                return MemberOf(enum=enum.name, member=member.name)
            case ListOf() | DictOf():
                return self.collection(t, data, depth)
            case LiteralOf(values=values):
                return Const(value=data) if data in values else None
            case UnionOf(options=options):
                # The first member the example fits; what a member that did not fit imported
                # is forgotten.
                for option in options:
                    before = set(self.used)
                    found = self.value(option, data, depth + 1)
                    if found is not None:
                        return found
                    self.used = before
                return None
            case Primitive(kind="any"):
                return Const(value=data)
            case Primitive(kind=kind):
                scalar = _SCALARS.get(kind)
                fits = scalar is not None and isinstance(data, scalar)
                return Const(value=data) if fits and not _bool_for_number(kind, data) else None
        return None

    def collection(self, t: ListOf | DictOf, data: Json, depth: int) -> Value | None:
        if isinstance(t, ListOf) and isinstance(data, list):
            items = [self.value(t.item, v, depth + 1) for v in data]
            kept = tuple(i for i in items if i is not None)
            return ListValue(items=kept) if len(kept) == len(items) else None
        if isinstance(t, DictOf) and isinstance(data, dict):
            entries = [(k, self.value(t.value, v, depth + 1)) for k, v in data.items()]
            pairs = tuple((k, v) for k, v in entries if v is not None)
            return DictValue(entries=pairs) if len(pairs) == len(entries) else None
        return None

    def model(self, model: ModelDef | None, data: Json, depth: int) -> Value | None:
        if model is None or not isinstance(data, dict):
            return None
        fields = {f.wire_name: f for f in model.fields}
        required = {f.wire_name for f in model.fields if f.required}
        if not set(data) <= set(fields) or not required <= set(data):
            return None
        arguments = []
        for key, item in data.items():
            found = self.value(fields[key].type, item, depth + 1)
            if found is None:
                return None
            arguments.append((fields[key].python_name, found))
        self.used.add(Import(f"{self.package}.models.{model.module}", model.name))
        return Construct(model=model.name, arguments=tuple(arguments))


def _bool_for_number(kind: str, data: Json) -> bool:
    return isinstance(data, bool) and kind != "bool"


def constructed(
    apis: list[ApiClass], models: list[ModelDef], enums: list[EnumDef], package: str
) -> tuple[list[ApiClass], list[ModelDef]]:
    """The API classes and models with their examples built by Python names where they can be."""
    by_name = {m.name: m for m in models}
    enum_by_name = {e.name: e for e in enums}

    def example(t: TypeRef, data: Json) -> tuple[Value | None, tuple[Import, ...]]:
        builder = _Builder(by_name, enum_by_name, package)
        found = builder.value(t, data)
        return found, ordered(builder.used) if found is not None else ()

    new_models = []
    for model in models:
        ref = ModelRef(name=model.name, module=model.module)
        value, imports = example(ref, model.example) if model.example else (None, ())
        own = Import(f"{package}.models.{model.module}", model.name)
        imports = ordered({own, *imports})
        new_models.append(replace(model, constructed_example=value, example_imports=imports))
    new_apis = []
    for api_class in apis:
        operations = []
        for operation in api_class.operations:
            body = operation.request_body
            data = body.example if body is not None else None
            if (
                body is None
                or not isinstance(data, dict)
                or not isinstance(_value_type(body.type), ModelRef)
            ):
                operations.append(operation)
                continue
            value, imports = example(body.type, data)
            if value is None:
                operations.append(operation)
                continue
            new_body = replace(body, example=value, example_imports=imports)
            operations.append(
                replace(
                    operation,
                    request_body=new_body,
                    arguments=tuple(new_body if a is body else a for a in operation.arguments),
                    example_imports=ordered({*operation.example_imports, *imports}),
                )
            )
        new_apis.append(replace(api_class, operations=tuple(operations)))
    return new_apis, new_models


def _value_type(t: TypeRef) -> TypeRef:
    return t.inner if isinstance(t, Nullable) else t
