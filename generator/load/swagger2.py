"""Swagger 2.0 → OpenAPI 3.0, so that one builder and one set of templates serve both.

Runs between validation (which checks the document as written) and the build. The result is a
new `Document` over converted copies of the files: `definitions` become `components/schemas`,
`body` and `formData` parameters become `requestBody`, response `schema`s go under `content`
(one entry per `produces` type), `collectionFormat` becomes `style`/`explode`, `x-nullable`
becomes `nullable`, `type: file` becomes binary. Parameter and response `$ref`s are inlined;
schema `$ref`s stay refs, rewritten where they pointed into `definitions`.
"""

from __future__ import annotations

import copy
from typing import Any

from generator.diagnostics import GeneratorError
from generator.load.document import Document, split_pointer

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# collectionFormat → (style, explode) for query parameters; path and header ones are `simple`.
_COLLECTION_FORMATS = {
    "csv": ("form", False),
    "multi": ("form", True),
    "ssv": ("spaceDelimited", False),
    "pipes": ("pipeDelimited", False),
    "tsv": ("form", False),
}
# Keywords a 2.0 non-body parameter holds that belong in its 3.0 `schema`.
_SCHEMA_KEYWORDS = (
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
)
_FLOWS = {
    "implicit": "implicit",
    "password": "password",
    "application": "clientCredentials",
    "accessCode": "authorizationCode",
}


def is_swagger2(root: Any) -> bool:
    return isinstance(root, dict) and str(root.get("swagger")) == "2.0"


def upgrade(document: Document) -> Document:
    """`document` itself when it is OpenAPI 3.x, else its OpenAPI 3.0 translation."""
    if not is_swagger2(document.root):
        return document
    return _Converter(document).convert()


def original_pointer(pointer: str) -> str:
    """Where a converted schema sits in the 2.0 document, for messages."""
    prefix = "#/components/schemas/"
    return "#/definitions/" + pointer[len(prefix) :] if pointer.startswith(prefix) else pointer


class _Converter:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.files = {uri: copy.deepcopy(data) for uri, data in document.files.items()}
        self.root_uri = document.root_uri
        self.done: set[int] = set()  # schemas (by identity) already converted

    def convert(self) -> Document:
        old = self.document.root
        root: dict[str, Any] = {"openapi": "3.0.3"}
        for key, value in old.items():
            if key in ("info", "tags", "security", "externalDocs") or key.startswith("x-"):
                root[key] = copy.deepcopy(value)
        servers = _servers(old)
        if servers:
            root["servers"] = servers
        components: dict[str, Any] = {}
        definitions = self.files[self.root_uri].get("definitions")
        if isinstance(definitions, dict):
            for schema in definitions.values():
                self.schema(schema, self.root_uri)
            components["schemas"] = definitions
        schemes = old.get("securityDefinitions")
        if isinstance(schemes, dict):
            components["securitySchemes"] = {
                name: _security_scheme(scheme) for name, scheme in schemes.items()
            }
        if components:
            root["components"] = components
        paths = old.get("paths")
        if isinstance(paths, dict):
            root["paths"] = {path: self.path_item(item, old) for path, item in paths.items()}
        files = dict(self.files)
        files[self.root_uri] = root
        return Document(root_uri=self.root_uri, files=files, sources=self.document.sources)

    # --- paths ----------------------------------------------------------------------------

    def path_item(self, item: Any, root: dict[str, Any]) -> Any:
        uri, item = self.resolved(item, self.root_uri)
        if not isinstance(item, dict):
            return item
        listed = item.get("parameters")
        shared = [self.resolved(p, uri) for p in listed] if isinstance(listed, list) else []
        result: dict[str, Any] = {}
        for method in _METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                result[method] = self.operation(operation, shared, uri, root)
        return result

    def operation(
        self, op: dict[str, Any], shared: list[tuple[str, Any]], uri: str, root: dict[str, Any]
    ) -> dict[str, Any]:
        result = {
            k: copy.deepcopy(v) for k, v in op.items() if k not in ("parameters", "responses")
        }
        for key in ("consumes", "produces", "schemes"):
            result.pop(key, None)
        consumes = _media_types(op.get("consumes", root.get("consumes")))
        produces = _media_types(op.get("produces", root.get("produces")))
        by_key: dict[tuple[str, str], tuple[str, Any]] = {}
        listed = op.get("parameters")
        own = [self.resolved(p, uri) for p in listed] if isinstance(listed, list) else []
        for found in [*shared, *own]:
            if isinstance(found[1], dict):
                by_key[(str(found[1].get("name")), str(found[1].get("in")))] = found
        parameters, body, form = [], None, []
        for where, parameter in by_key.values():
            location = parameter.get("in")
            if location == "body":
                body = (where, parameter)
            elif location == "formData":
                form.append((where, parameter))
            else:
                parameters.append(self.parameter(parameter, where))
        if parameters:
            result["parameters"] = parameters
        if body is not None:
            result["requestBody"] = self.body(body, consumes)
        elif form:
            result["requestBody"] = self.form(form, consumes)
        responses = op.get("responses")
        if isinstance(responses, dict):
            result["responses"] = {
                str(status): self.response(response, uri, produces)
                for status, response in responses.items()
            }
        return result

    def parameter(self, parameter: dict[str, Any], uri: str) -> dict[str, Any]:
        result = {
            k: copy.deepcopy(v)
            for k, v in parameter.items()
            if k not in _SCHEMA_KEYWORDS and k not in ("collectionFormat", "allowEmptyValue")
        }
        schema = self.schema(_schema_of(parameter), uri)
        result["schema"] = schema
        if parameter.get("x-nullable") is True:
            schema["nullable"] = True
        if schema.get("type") == "array":
            collection = str(parameter.get("collectionFormat") or "csv")
            style, explode = _COLLECTION_FORMATS.get(collection, ("form", False))
            if parameter.get("in") in ("query", "formData"):
                result["style"], result["explode"] = style, explode
            else:
                result["explode"] = explode
        return result

    def body(self, found: tuple[str, dict[str, Any]], consumes: list[str]) -> dict[str, Any]:
        uri, parameter = found
        schema = self.schema(copy.deepcopy(parameter.get("schema") or {}), uri)
        media = consumes or ["application/json"]
        result: dict[str, Any] = {"content": {m: {"schema": schema} for m in media}}
        if parameter.get("required"):
            result["required"] = True
        if parameter.get("description"):
            result["description"] = parameter["description"]
        return result

    def form(self, fields: list[tuple[str, dict[str, Any]]], consumes: list[str]) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: list[str] = []
        for uri, parameter in fields:
            name = str(parameter.get("name"))
            schema = self.schema(_schema_of(parameter), uri)
            if parameter.get("description"):
                schema["description"] = parameter["description"]
            properties[name] = schema
            if parameter.get("required"):
                required.append(name)
        schema = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        files = any(p.get("type") == "file" for _, p in fields)
        media = "multipart/form-data"
        if not files and "multipart/form-data" not in consumes:
            media = "application/x-www-form-urlencoded"
        return {"content": {media: {"schema": schema}}, "required": bool(required)}

    def response(self, response: Any, uri: str, produces: list[str]) -> Any:
        uri, response = self.resolved(response, uri)
        if not isinstance(response, dict):
            return response
        result: dict[str, Any] = {"description": str(response.get("description") or "")}
        schema = response.get("schema")
        if isinstance(schema, dict):
            schema = self.schema(copy.deepcopy(schema), uri)
            examples = response.get("examples")
            media: dict[str, Any] = {}
            for media_type in produces or ["application/json"]:
                media[media_type] = {"schema": schema}
                if isinstance(examples, dict) and media_type in examples:
                    media[media_type]["example"] = examples[media_type]
            result["content"] = media
        headers = response.get("headers")
        if isinstance(headers, dict):
            result["headers"] = {
                name: {"description": str(h.get("description") or ""), "schema": _schema_of(h)}
                for name, h in headers.items()
                if isinstance(h, dict)
            }
        return result

    # --- schemas --------------------------------------------------------------------------

    def schema(self, schema: Any, uri: str) -> Any:
        """`schema` converted in place (it is a copy), with every schema it reaches."""
        if not isinstance(schema, dict) or id(schema) in self.done:
            return schema
        self.done.add(id(schema))
        ref = schema.get("$ref")
        if isinstance(ref, str):
            schema["$ref"] = self.schema_ref(ref, uri)
            return schema
        if schema.pop("x-nullable", None) is True:
            schema["nullable"] = True
        if schema.get("type") == "file":
            schema["type"], schema["format"] = "string", "binary"
        if isinstance(schema.get("discriminator"), str):
            schema["discriminator"] = {"propertyName": schema["discriminator"]}
        if isinstance(schema.get("items"), list):  # not 2.0, but found in the wild
            schema["items"] = {"anyOf": schema["items"]}
        for key in ("items", "additionalProperties", "not"):
            self.schema(schema.get(key), uri)
        for key in ("allOf", "oneOf", "anyOf"):
            parts = schema.get(key)
            for part in parts if isinstance(parts, list) else ():
                self.schema(part, uri)
        properties = schema.get("properties")
        for part in properties.values() if isinstance(properties, dict) else ():
            self.schema(part, uri)
        return schema

    def schema_ref(self, ref: str, uri: str) -> str:
        """The ref, pointing at the converted schema; the target is converted too."""
        try:
            target = self.document.resolve(ref, uri)
        except GeneratorError:
            return ref  # load reported it; the build will as well
        node = self.node(target.uri, target.pointer)
        if node is not None:
            self.schema(node, target.uri)
        if target.uri == self.root_uri and target.pointer.startswith("#/definitions/"):
            location = ref.partition("#")[0]
            return location + "#/components/schemas/" + target.pointer[len("#/definitions/") :]
        return ref

    def node(self, uri: str, pointer: str) -> Any:
        node: Any = self.files.get(uri)
        for token in split_pointer(pointer):
            if isinstance(node, dict):
                node = node.get(token)
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return None
        return node

    def resolved(self, node: Any, uri: str) -> tuple[str, Any]:
        """A parameter, response or path item, with its `$ref` followed (to the copy)."""
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str):
            return uri, node
        try:
            target = self.document.resolve(ref, uri)
        except GeneratorError:
            return uri, {}
        return target.uri, self.node(target.uri, target.pointer)


def _schema_of(parameter: dict[str, Any]) -> dict[str, Any]:
    return {k: copy.deepcopy(v) for k, v in parameter.items() if k in _SCHEMA_KEYWORDS}


def _media_types(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _servers(root: dict[str, Any]) -> list[dict[str, str]]:
    host = root.get("host")
    base_path = str(root.get("basePath") or "")
    schemes = [str(s) for s in root.get("schemes") or []]
    if not host:
        return [{"url": base_path}] if base_path else []
    scheme = "https" if "https" in schemes or not schemes else schemes[0]
    return [{"url": f"{scheme}://{host}{base_path}"}]


def _security_scheme(scheme: Any) -> Any:
    if not isinstance(scheme, dict):
        return scheme
    kind = scheme.get("type")
    described = {"description": scheme["description"]} if "description" in scheme else {}
    if kind == "basic":
        return {"type": "http", "scheme": "basic", **described}
    if kind == "apiKey":
        return {"type": "apiKey", "name": scheme.get("name"), "in": scheme.get("in"), **described}
    if kind == "oauth2":
        flow: dict[str, Any] = {"scopes": scheme.get("scopes") or {}}
        for key in ("authorizationUrl", "tokenUrl"):
            if key in scheme:
                flow[key] = scheme[key]
        name = _FLOWS.get(str(scheme.get("flow")), "implicit")
        return {"type": "oauth2", "flows": {name: flow}, **described}
    return scheme
