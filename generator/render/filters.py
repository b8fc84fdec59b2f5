"""The filters templates call: the printer for IR values, the escapers for spec text.

Every filter is listed in docs/templates.md; a test keeps the two in step. Spec text reaches a
generated file only through these.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.ir import Json
from generator.render import layout, printer
from generator.render.escape import (
    docstring,
    json_text,
    markdown_anchors,
    markdown_cell,
    markdown_code_cell,
    markdown_code_span,
    markdown_inline,
    markdown_literal,
    markdown_text,
    one_line,
    python_comment,
    python_literal,
    site_links,
    toml_string,
)
from generator.render.layout import Code


def _docstring(text: str, indent: int = 0, fallback: str = "", closes: bool = False) -> str:
    """Text that can sit between triple quotes; lines after the first indented by `indent`.

    `closes`: the closing quotes follow the text (they may then need a line of their own).
    """
    return docstring(text, indent=" " * indent, fallback=fallback, closes=closes)


def _json_literal(value: Json) -> Code:
    """A JSON document as a Python string literal (the docs' `from_json` examples)."""
    return (python_literal(json_text(value) if value else "{}"),)


def _statement(code: Code, prefix: str, suffix: str = "", depth: int = 0) -> str:
    """`prefix` + code + `suffix` laid out as black would at `depth` (see `layout.statement`)."""
    return layout.statement(prefix, code, suffix, depth)


def _unsplit(text: str, depth: int = 0) -> str:
    """A line the layout never splits: kept when it fits; black lays out the file otherwise."""
    if not layout.fits(text, depth):
        layout.unsure(text)
    return text


FILTERS: dict[str, Callable[..., Any]] = {
    # Python, from IR values (generator.render.printer), as text
    "literal": printer.literal,
    "annotation": printer.annotation,
    "argument_annotation": printer.argument_annotation,
    "signature": printer.signature,
    "import_lines": printer.import_lines,
    "import_from": printer.import_from,
    "parameter_line": printer.parameter_line,
    "plain_parameter_line": printer.plain_parameter_line,
    "field_line": printer.field_line,
    "adapter_line": printer.adapter_line,
    "extra_field_line": printer.extra_field_line,
    "json_literal": _json_literal,
    # Python, from IR values, as code for `statement` to lay out
    "code": printer.code,
    "annotation_code": printer.annotation_code,
    "serialized": printer.serialized,
    "encoded": printer.encoded,
    "path_params": printer.path_params,
    "wire_pair": printer.wire_pair,
    "header_params": printer.header_params,
    "error_adapters": printer.error_adapters,
    "tuple_of": printer.tuple_of,
    "options_call": printer.options_call,
    "forwarded": printer.forwarded,
    "sent": printer.sent,
    "call_arguments": printer.call_arguments,
    "example": printer.example,
    "required_examples": printer.required_examples,
    # Python layout (generator.render.layout)
    "statement": _statement,
    "called": lambda code, name: layout.call(name, [code]),
    "after": lambda code, text: (text, *code),
    "percent": lambda code, operand: (*code, layout.Op(" % "), operand),
    "set_of": printer.set_of,
    "bases": lambda names: layout.Group("(", tuple((layout.Op(n),) for n in names), ")"),
    "api_key_settings": printer.api_key_settings,
    "server_variable": printer.server_variable,
    "arguments": lambda names: layout.Group("(", tuple((n,) for n in names), ")"),
    "unsplit": _unsplit,
    # Python, from spec text
    "docstring": _docstring,
    "comment": python_comment,
    "one_line": one_line,
    "toml_string": toml_string,
    # Markdown, from IR values
    "doc_type": printer.doc_type,
    "doc_link": printer.doc_link,
    "doc_notes": printer.doc_notes,
    # Markdown, from spec text
    "md_text": markdown_text,
    "md_cell": markdown_cell,
    "md_inline": markdown_inline,
    "md_literal": markdown_literal,
    "md_code": markdown_code_span,
    "md_code_cell": markdown_code_cell,
}


def per_api(docs_url: str | None, scheme_names: list[str]) -> dict[str, Callable[..., Any]]:
    """Filters that depend on the API being rendered.

    Descriptions may link into the vendor's site (`/docs/x`): resolved against `docs_url` for
    these pages. `scheme_anchor` is the README anchor of a security scheme ("" for other names).
    """
    anchors = markdown_anchors(scheme_names)
    return {
        "md_text": lambda text: markdown_text(site_links(text, docs_url)),
        "md_inline": lambda text: markdown_inline(site_links(text, docs_url)),
        "md_cell": lambda text: markdown_cell(site_links(text, docs_url)),
        "scheme_anchor": lambda name: anchors.get(name, ""),
    }
