"""Deterministic synthetic OpenAPI 3.0 specs of any size, for the linearity series.

Every operation looks like a typical REST call: two path parameters, a query parameter, a
header parameter, a JSON request body and a JSON response, each its own component model with
a mix of strings, numbers with bounds, date-times, arrays, nested objects and enums, plus a
shared error model. Ten operations share a tag (one API class), five share an enum.

    python -m bench.synthetic 1000 -o /tmp/ops1000.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

OPS_PER_TAG = 10
OPS_PER_ENUM = 5
STATUS_VALUES = ("pending", "active", "suspended", "closed", "archived")


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _request_model(i: int) -> dict[str, Any]:
    return {
        "type": "object",
        "description": f"What to send to operation {i}.",
        "required": ["name", "quantity"],
        "properties": {
            "name": {"type": "string", "maxLength": 128, "description": "Display name."},
            "quantity": {"type": "integer", "minimum": 1, "maximum": 1000},
            "price": {"type": "number", "format": "double", "minimum": 0},
            "status": _ref(f"Status{i // OPS_PER_ENUM}"),
            "scheduledAt": {"type": "string", "format": "date-time", "nullable": True},
            "labels": {"type": "array", "items": {"type": "string"}, "maxItems": 20},
            "options": {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "description": "Free-form key/value options.",
            },
            "notify": {"type": "boolean", "default": False},
        },
    }


def _response_model(i: int) -> dict[str, Any]:
    return {
        "type": "object",
        "description": f"What operation {i} returns.",
        "required": ["id", "status"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "accountId": {"type": "string"},
            "status": _ref(f"Status{i // OPS_PER_ENUM}"),
            "createdAt": {"type": "string", "format": "date-time"},
            "updatedAt": {"type": "string", "format": "date-time"},
            "total": {"type": "number", "format": "double"},
            "items": {"type": "array", "items": _ref(f"Thing{i}Request")},
            "links": {
                "type": "object",
                "properties": {"self": {"type": "string"}, "next": {"type": "string"}},
            },
        },
    }


def _operation(i: int) -> dict[str, Any]:
    return {
        "operationId": f"updateThing{i}",
        "summary": f"Update thing {i}",
        "description": f"Replaces the settings of thing {i} in an account.",
        "tags": [f"Group{i // OPS_PER_TAG}"],
        "parameters": [
            {
                "name": "accountId",
                "in": "path",
                "required": True,
                "schema": {"type": "string"},
                "description": "The account.",
            },
            {
                "name": "thingId",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "format": "uuid"},
            },
            {
                "name": "dryRun",
                "in": "query",
                "required": False,
                "schema": {"type": "boolean", "default": False},
                "description": "Validate only.",
            },
            {
                "name": "X-Request-Id",
                "in": "header",
                "required": False,
                "schema": {"type": "string"},
            },
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _ref(f"Thing{i}Request")}},
        },
        "responses": {
            "200": {
                "description": "The updated thing.",
                "content": {"application/json": {"schema": _ref(f"Thing{i}Response")}},
            },
            "400": {
                "description": "Bad request.",
                "content": {"application/json": {"schema": _ref("Error")}},
            },
            "404": {
                "description": "Not found.",
                "content": {"application/json": {"schema": _ref("Error")}},
            },
        },
    }


def make_spec(operations: int) -> dict[str, Any]:
    """An OpenAPI 3.0.3 document with exactly `operations` operations (same input, same output)."""
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "integer"},
                "message": {"type": "string"},
                "details": {"type": "array", "items": {"type": "string"}},
            },
        }
    }
    paths: dict[str, Any] = {}
    for i in range(operations):
        if i % OPS_PER_ENUM == 0:
            schemas[f"Status{i // OPS_PER_ENUM}"] = {
                "type": "string",
                "enum": list(STATUS_VALUES),
            }
        schemas[f"Thing{i}Request"] = _request_model(i)
        schemas[f"Thing{i}Response"] = _response_model(i)
        paths[f"/accounts/{{accountId}}/things{i}/{{thingId}}"] = {"put": _operation(i)}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"Synthetic API ({operations} operations)",
            "version": "1.0.0",
            "description": "Generated by bench/synthetic.py for benchmarks.",
        },
        "servers": [{"url": "https://api.example.com/v1"}],
        "security": [{"basicAuth": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"basicAuth": {"type": "http", "scheme": "basic"}},
        },
    }


def write_spec(operations: int, path: Path) -> Path:
    """Writes the spec as indented JSON and returns `path`.

    JSON, not YAML: OpenAPI Generator's YAML parser refuses documents over 3 Mi code points,
    which the 1,000-operation spec already is.
    """
    text = json.dumps(make_spec(operations), indent=2) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("operations", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    write_spec(args.operations, args.output)


if __name__ == "__main__":
    main()
