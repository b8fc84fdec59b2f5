"""The SDK surface: what code written against a generated SDK can see and depend on.

A plain, JSON-ready summary of the IR (classes, methods, parameters, models, fields, enums,
servers, auth), stored as `.sdkgen/surface.json` beside the generated files so that the next
generation, or `sdkgen diff`, can tell what changed for SDK users. Types are kept as type nodes
in JSON form (`{"list": {"model": "CallState"}}`), never as annotation text; descriptions are
kept as short hashes: a change there is a docs change, never a code change.
"""

from __future__ import annotations

import hashlib
from typing import Any, assert_never

from generator.ir import (
    Api,
    DictOf,
    Discriminator,
    EnumDef,
    EnumRef,
    ListOf,
    LiteralOf,
    ModelDef,
    ModelRef,
    Nullable,
    Operation,
    Primitive,
    TypeRef,
    UnionOf,
    classes_in,
)
from generator.render.escape import json_text

SURFACE_FILE = ".sdkgen/surface.json"
SURFACE_VERSION = 2  # 2: types as type nodes (1 held annotation text)

Surface = dict[str, Any]


def type_json(t: TypeRef) -> Any:
    """A type node as JSON; `type_from_json` reads it back."""
    match t:
        case Primitive(kind=kind):
            return {"primitive": kind}
        case ModelRef(name=name):
            return {"model": name}
        case EnumRef(name=name):
            return {"enum": name}
        case ListOf(item=item):
            return {"list": type_json(item)}
        case DictOf(value=value):
            return {"dict": type_json(value)}
        case LiteralOf(values=values):
            return {"literal": list(values)}
        case UnionOf(options=options, discriminator=discriminator):
            found: dict[str, Any] = {"union": [type_json(o) for o in options]}
            if discriminator is not None:
                found["discriminator"] = [discriminator.wire_name, list(discriminator.tags)]
            return found
        case Nullable(inner=inner):
            return {"nullable": type_json(inner)}
        case _:
            assert_never(t)


def type_from_json(data: Any) -> TypeRef:
    """The type node `type_json` wrote (modules are not part of the surface)."""
    ((key, value),) = ((k, v) for k, v in data.items() if k != "discriminator")
    match key:
        case "primitive":
            return Primitive(kind=value)
        case "model":
            return ModelRef(name=value, module="")
        case "enum":
            return EnumRef(name=value, module="")
        case "list":
            return ListOf(item=type_from_json(value))
        case "dict":
            return DictOf(value=type_from_json(value))
        case "literal":
            return LiteralOf(values=tuple(value))
        case "union":
            picked = data.get("discriminator")
            discriminator = None
            if picked is not None:
                wire_name, tags = picked
                discriminator = Discriminator(
                    wire_name=wire_name, tags=tuple((str(v), str(n)) for v, n in tags)
                )
            options = tuple(type_from_json(o) for o in value)
            return UnionOf(options=options, discriminator=discriminator)
        case "nullable":
            return Nullable(inner=type_from_json(value))
    raise ValueError(f"not a type node: {data!r}")


def _docs(*texts: str) -> str:
    joined = "\x00".join(texts).encode("utf-8", "surrogatepass")  # lone surrogates hash too
    return hashlib.sha256(joined).hexdigest()[:12]


def _operation(operation: Operation) -> dict[str, Any]:
    body = operation.request_body
    return {
        "http": f"{operation.http_method} {operation.path}",
        "parameters": [
            {
                "name": p.python_name,
                "wire": p.wire_name,
                "in": p.location,
                "type": type_json(p.type),
                "required": p.required,
            }
            for p in operation.parameters
        ],
        "positional": [a.python_name for a in operation.arguments if a.required],
        "body": (
            None
            if body is None
            else {
                "name": body.python_name,
                "type": type_json(body.type),
                "required": body.required,
                "content_type": body.content_type,
            }
        ),
        "returns": type_json(operation.returns),
        "deprecated": operation.deprecated,
        "paginated": operation.pagination is not None,
        "servers": [operation.server_url] if operation.server_url else [],
        "security": list(operation.security),
        "docs": _docs(
            operation.summary,
            operation.description,
            *(a.description for a in operation.arguments),
            *(f"{r.status_code}:{r.description}" for r in operation.responses),
        ),
    }


def _model(model: ModelDef) -> dict[str, Any]:
    return {
        "fields": {
            f.python_name: {
                "wire": f.wire_name,
                "type": type_json(f.type),
                "required": f.required,
                "nullable": f.nullable,
                "read_only": f.read_only,
            }
            for f in model.fields
        },
        "extra_fields": None if model.extra_type is None else type_json(model.extra_type),
        "docs": _docs(model.description, *(f.description for f in model.fields)),
    }


def _enum(enum: EnumDef) -> dict[str, Any]:
    return {
        "values": [str(m.value) for m in enum.members],
        "docs": _docs(enum.description),
    }


def _usage(api: Api) -> dict[str, list[str]]:
    """Which classes travel in requests and which in responses, through nesting too."""
    direct: dict[str, set[str]] = {"request": set(), "response": set()}
    for operation in (op for a in api.apis for op in a.operations):
        for argument in operation.arguments:
            direct["request"] |= {c.name for c in classes_in(argument.type)}
        direct["response"] |= {c.name for c in classes_in(operation.returns)}
    nested = {
        m.name: {c.name for f in m.fields for c in classes_in(f.type)}
        | ({c.name for c in classes_in(m.extra_type)} if m.extra_type is not None else set())
        for m in api.models
    }
    usage: dict[str, list[str]] = {}
    for direction, names in direct.items():
        reached: set[str] = set()
        todo = list(names)
        while todo:
            name = todo.pop()
            if name not in reached:
                reached.add(name)
                todo.extend(nested.get(name, ()))
        for name in reached:
            usage.setdefault(name, []).append(direction)
    return usage


def surface(api: Api) -> Surface:
    known = {s.name for s in api.schemas}
    usage = {name: sorted(dirs) for name, dirs in _usage(api).items() if name in known}
    return {
        "version": SURFACE_VERSION,
        "title": api.title,
        "default_host": api.default_host,
        "auth": {s.name: {"kind": s.kind, "token_url": s.token_url} for s in api.security_schemes},
        "apis": {a.name: {op.python_name: _operation(op) for op in a.operations} for a in api.apis},
        "models": {m.name: {**_model(m), "usage": usage.get(m.name, [])} for m in api.models},
        "enums": {e.name: {**_enum(e), "usage": usage.get(e.name, [])} for e in api.enums},
        "docs": _docs(api.title, api.description),
    }


def dump(value: Surface) -> str:
    return json_text(value, indent=1, sort_keys=True) + "\n"
