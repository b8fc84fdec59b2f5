"""The SDK surface: what code written against a generated SDK can see and depend on.

A plain, JSON-ready summary of the IR (classes, methods, parameters, models, fields, enums,
servers, auth), stored as `.sdkgen/surface.json` beside the generated files so that the next
generation, or `sdkgen diff`, can tell what changed for SDK users. Descriptions are kept as
short hashes: a change there is a docs change, never a code change.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from generator.ir import Api, EnumDef, ModelDef, Operation

SURFACE_FILE = ".sdkgen/surface.json"
SURFACE_VERSION = 1

Surface = dict[str, Any]


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
                "type": p.plain_annotation.removesuffix(" | None"),
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
                "type": body.plain_annotation.removesuffix(" | None"),
                "required": body.required,
                "content_type": body.content_type,
            }
        ),
        "returns": operation.return_annotation,
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
                "type": f.annotation.removesuffix(" | None"),
                "required": f.required,
                "nullable": f.nullable,
                "read_only": f.read_only,
            }
            for f in model.fields
        },
        "extra_fields": model.extra_fields_type,
        "docs": _docs(model.description, *(f.description for f in model.fields)),
    }


def _enum(enum: EnumDef) -> dict[str, Any]:
    return {
        "values": [m.value for m in enum.members],
        "docs": _docs(enum.description),
    }


def _usage(api: Api) -> dict[str, list[str]]:
    """Which models travel in requests and which in responses, through nesting too."""
    direct: dict[str, set[str]] = {"request": set(), "response": set()}
    for operation in (op for a in api.apis for op in a.operations):
        sent = [a.plain_annotation for a in operation.arguments]
        direct["request"].update(n for text in sent for n in _names(text))
        direct["response"].update(_names(operation.return_annotation))
    fields = {m.name: {n for f in m.fields for n in _names(f.annotation)} for m in api.models}
    usage: dict[str, list[str]] = {}
    for direction, names in direct.items():
        reached, todo = set(), list(names)
        while todo:
            name = todo.pop()
            if name not in reached:
                reached.add(name)
                todo.extend(fields.get(name, ()))
        for name in reached:
            usage.setdefault(name, []).append(direction)
    return usage


def _names(annotation: str) -> set[str]:
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", annotation))


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
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
