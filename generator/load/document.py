"""Read a spec file, and every file its `$ref`s reach, into plain JSON-like data.

Refs are checked up front but never inlined (specs may be recursive); `Document.resolve` follows
them on demand. Line numbers cost nothing on the happy path: `Document.locate` re-parses a file for
its line index only when an error needs one.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn
from urllib.parse import unquote, urljoin, urlsplit

import yaml

from generator.diagnostics import (
    Diagnostic,
    GeneratorError,
    Level,
    pointer,
    unescape_pointer_token,
)

Token = str | int

# ---------------------------------------------------------------------------------------------
# YAML and JSON parsing

if TYPE_CHECKING:
    from yaml import SafeLoader as _YamlBase
else:  # libyaml's C parser when PyYAML was built with it: several times faster
    _YamlBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_JSON_START = re.compile(r"\s*[{\[]")


_WORDS: dict[str, Any] = {
    **dict.fromkeys(["true", "True", "TRUE"], True),
    **dict.fromkeys(["false", "False", "FALSE"], False),
    **dict.fromkeys(["null", "Null", "NULL", "~", ""], None),
}
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?\Z")
_TAGGED: dict[str, Callable[[str], Any]] = {
    "!": str,
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": lambda text: {"true": True, "false": False}[text.lower()],
    "tag:yaml.org,2002:null": lambda text: None,
}
_CONTAINER_TAGS = (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_NO_KEY: Any = object()
_MERGE: Any = object()


class _Frame:
    """A mapping or sequence being filled, and the key waiting for its value."""

    __slots__ = ("container", "key", "key_line", "merges", "node")

    def __init__(self, node: Any, container: dict[str, Any] | list[Any]) -> None:
        self.node = node
        self.container = container
        self.key: Any = _NO_KEY
        self.key_line = 0
        self.merges: list[dict[str, Any]] = []


class _Builder:
    """Builds plain data (or, with `lines`, a line index) straight from libyaml's events.

    Skipping PyYAML's node graph and constructor makes large specs load about five times
    faster. Plain scalars resolve like JSON values (YAML 1.2 style): PyYAML's YAML 1.1 rules
    would turn `2024-01-01` into a date, `NO` into False and `18:00` into 1080, none of which a
    JSON spec can hold. Mapping keys are kept as written, so `200:` gives `"200"`.

    In line-index mode every node becomes `(line, children)`: 0-based line of the node (of its
    key, inside a mapping), children a dict, a list or None.
    """

    def __init__(self, text: str, *, lines: bool = False) -> None:
        self.text = text
        self.lines = lines
        self.stack: list[_Frame] = []
        self.anchors: dict[str, Any] = {}
        self.anchored_text: dict[str, str] = {}  # scalar anchors, usable as mapping keys
        self.root: Any = None
        self.documents = 0

    def build(self) -> Any:
        parser = _YamlBase(self.text)
        next_event: Callable[[], Any] = parser.get_event  # dispatched on its exact type below
        try:
            while True:
                event = next_event()
                kind = type(event)
                if kind is yaml.ScalarEvent:
                    self._add(self._scalar(event), event)
                elif kind is yaml.MappingStartEvent:
                    self._open({}, event)
                elif kind is yaml.SequenceStartEvent:
                    self._open([], event)
                elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    self._close()
                elif kind is yaml.AliasEvent:
                    self._add(self._alias(event), event)
                elif kind is yaml.DocumentStartEvent:
                    self._start_document(event)
                elif kind is yaml.StreamEndEvent:
                    return self.root
        finally:
            parser.dispose()

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        if self.lines:
            value: Any = (_line(event), None)
        elif event.implicit[0]:
            text = event.value
            value = _WORDS.get(text, text)
            if value is text:
                number = _NUMBER.match(text)
                if number is not None:
                    value = float(text) if number[1] or number[2] else int(text)
        elif event.tag is None:
            value = event.value
        else:
            value = self._tagged(event)
        if event.anchor is not None:
            self.anchors[event.anchor] = value
            self.anchored_text[event.anchor] = event.value
        return value

    def _tagged(self, event: yaml.ScalarEvent) -> Any:
        convert = _TAGGED.get(event.tag or "")
        if convert is None:
            _fail(f"unsupported tag {event.tag!r} (a spec holds JSON values only)", event)
        try:
            return convert(event.value)
        except (ValueError, KeyError):
            _fail(f"{event.value!r} is not a valid {event.tag}", event)

    def _alias(self, event: yaml.AliasEvent) -> Any:
        if event.anchor not in self.anchors:
            _fail(f"found undefined alias {event.anchor!r}", event)
        return self.anchors[event.anchor]

    def _open(self, container: dict[str, Any] | list[Any], event: yaml.NodeEvent) -> None:
        if self.stack and self.stack[-1].key is _NO_KEY and type(self.stack[-1].container) is dict:
            _fail("mapping keys must be scalars", event)
        if getattr(event, "tag", None) not in _CONTAINER_TAGS:
            _fail(f"unsupported tag {getattr(event, 'tag', '')!r}", event)
        node = (_line(event), container) if self.lines else container
        if event.anchor is not None:
            self.anchors[event.anchor] = node
            self.anchored_text.pop(event.anchor, None)
        self.stack.append(_Frame(node, container))

    def _close(self) -> None:
        frame = self.stack.pop()
        if frame.merges:
            assert isinstance(frame.container, dict)
            _apply_merges(frame.container, frame.merges)
        self._add(frame.node, None)

    def _add(self, value: Any, event: yaml.Event | None) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        container = frame.container
        if type(container) is list:
            container.append(value)
        elif frame.key is _NO_KEY:
            assert event is not None  # containers cannot be keys: `_open` refuses them
            frame.key = self._key(event)
            if self.lines:
                frame.key_line = _line(event)
        else:
            if frame.key is _MERGE:
                frame.merges.extend(self._merge_sources(value, event))
            else:
                assert isinstance(container, dict)
                container[frame.key] = (frame.key_line, value[1]) if self.lines else value
            frame.key = _NO_KEY

    def _key(self, event: yaml.Event) -> Any:
        if isinstance(event, yaml.ScalarEvent):
            return _MERGE if event.value == "<<" and event.implicit[0] else event.value
        text = self.anchored_text.get(getattr(event, "anchor", None) or "")
        if text is None:
            _fail("mapping keys must be scalars", event)
        return text

    def _merge_sources(self, value: Any, event: yaml.Event | None) -> list[dict[str, Any]]:
        """`<<: *base` or `<<: [*a, *b]`: the mappings whose keys fill in missing ones."""
        data = value[1] if self.lines else value
        items = data if isinstance(data, list) else [value]
        sources = [item[1] if self.lines else item for item in items]
        if not all(isinstance(source, dict) for source in sources):
            _fail("`<<` must merge a mapping or a list of mappings", event)
        return sources

    def _start_document(self, event: yaml.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            _fail("expected a single document, found another one", event)


def _apply_merges(mapping: dict[str, Any], sources: list[dict[str, Any]]) -> None:
    """Merged keys come first; explicit keys win, and among merges the first one wins."""
    explicit = dict(mapping)
    mapping.clear()
    for source in sources:
        for key, value in source.items():
            mapping.setdefault(key, value)
    mapping.update(explicit)


def _line(event: yaml.Event) -> int:
    return event.start_mark.line if event.start_mark is not None else 0


def _fail(problem: str, event: yaml.Event | None) -> NoReturn:
    mark: Any = event.start_mark if event is not None else None
    raise yaml.constructor.ConstructorError(None, None, problem, mark)


class _FileError(Exception):
    """A file could not be read or parsed; carries the located diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _error(message: str, uri: str, line: int | None = None, at: str | None = None) -> Diagnostic:
    return Diagnostic(
        level=Level.ERROR, message=message, file=display_path(uri), line=line, pointer=at
    )


def _parse(text: str, uri: str) -> Any:
    """JSON takes the fast path; anything else (or JSON-looking YAML) goes through YAML."""
    is_json_file = uri.lower().endswith(".json")
    if is_json_file or _JSON_START.match(text):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            if is_json_file:
                message = f"invalid JSON: {exc.msg} (column {exc.colno})"
                raise _FileError(_error(message, uri, exc.lineno)) from None
    return _parse_yaml(text, uri)


def _parse_yaml(text: str, uri: str) -> Any:
    try:
        return _Builder(text).build()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = f"invalid YAML: {exc.problem or exc.context}"
        if exc.context and exc.problem and exc.context_mark is not None:
            message += f" ({exc.context} on line {exc.context_mark.line + 1})"
        line = mark.line + 1 if mark is not None else None
        raise _FileError(_error(message, uri, line)) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        message = f"invalid YAML: {exc.reason} (character {exc.character!r})"
        raise _FileError(_error(message, uri, line)) from None
    except yaml.YAMLError as exc:
        raise _FileError(_error(f"invalid YAML: {exc}", uri)) from None


def _read_text(uri: str) -> str:
    try:
        data = uri_to_path(uri).read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise _FileError(_error(f"cannot read {display_path(uri)}: {reason}", uri)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"not UTF-8 text: byte {data[exc.start]:#04x} at offset {exc.start}"
        raise _FileError(_error(message, uri, line)) from None


# ---------------------------------------------------------------------------------------------
# URIs, pointers and refs


def file_uri(path: Path | str) -> str:
    """The canonical URI of a local file: absolute, symlinks resolved, percent-encoded."""
    return Path(path).resolve().as_uri()


def uri_to_path(uri: str) -> Path:
    return Path(_url2pathname(urlsplit(uri).path))


def display_path(uri: str) -> str:
    """How a file is named in messages: relative to the working directory when inside it."""
    path = uri_to_path(uri)
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def split_pointer(fragment: str) -> tuple[str, ...]:
    """`#/a/~1b` → `('a', '/b')`; the leading `#` is optional."""
    body = fragment.removeprefix("#")
    if not body:
        return ()
    if not body.startswith("/"):
        raise ValueError(f"{fragment!r} is not a JSON pointer")
    return tuple(unescape_pointer_token(t) for t in body[1:].split("/"))


def ref_of(node: Any) -> str | None:
    """The target of a Reference Object; a `$ref` key holding a mapping is a property name."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            return ref
    return None


_MISSING: Any = object()


def _child(node: Any, token: Token) -> Any:
    if isinstance(node, dict):
        return node.get(str(token), _MISSING)
    if isinstance(node, list):
        text = str(token)
        if text.isdigit() and (text == "0" or not text.startswith("0")):
            index = int(text)
            if index < len(node):
                return node[index]
    return _MISSING


class _RefError(Exception):
    """A `$ref` that cannot be followed; the message says why."""


class _Spot(NamedTuple):
    uri: str
    tokens: tuple[str, ...]
    node: Any


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolved:
    """Where a `$ref` finally lands: `pointer` is `#` for a whole file."""

    uri: str
    pointer: str
    node: Any


class _Resolver:
    """Follows refs over files supplied by `fetch` (loaded eagerly or on demand)."""

    def __init__(self, fetch: Callable[[str], Any]) -> None:
        self.fetch = fetch
        self._targets: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}

    def target(self, ref: str, base_uri: str) -> tuple[str, tuple[str, ...]]:
        """The file URI and pointer tokens a ref names, without reading anything."""
        key = (ref, base_uri)
        found = self._targets.get(key)
        if found is None:
            found = self._targets[key] = _parse_ref(ref, base_uri)
        return found

    def resolve(self, ref: str, base_uri: str, chain: tuple[str, ...] = ()) -> _Spot:
        """Follow `ref` and any ref it lands on; `chain` holds the refs already on the way."""
        uri, tokens = self.target(ref, base_uri)
        here = uri + pointer(*tokens)
        if here in chain:
            loop = " -> ".join(_short_ref(c) for c in (*chain, here))
            raise _RefError(f"$ref cycle that never reaches a value: {loop}")
        spot = _Spot(uri, (), self.fetch(uri))
        for token in tokens:
            spot = self.step(spot, token, (*chain, here))
        onward = ref_of(spot.node)
        if onward is None:
            return spot
        return self.resolve(onward, spot.uri, (*chain, here))

    def step(self, spot: _Spot, token: Token, chain: tuple[str, ...] = ()) -> _Spot:
        """One pointer step, through a `$ref` when the key is not literally there."""
        child = _child(spot.node, token)
        if child is _MISSING:
            ref = ref_of(spot.node)
            if ref is not None:
                spot = self.resolve(ref, spot.uri, chain)
                child = _child(spot.node, token)
        if child is _MISSING:
            where = pointer(*spot.tokens)
            raise _RefError(f"no {str(token)!r} under {where} in {display_path(spot.uri)}")
        return _Spot(spot.uri, (*spot.tokens, str(token)), child)


def _parse_ref(ref: str, base_uri: str) -> tuple[str, tuple[str, ...]]:
    location, _, fragment = ref.partition("#")
    uri = base_uri
    if location:
        joined = urljoin(base_uri, location)
        scheme = urlsplit(joined).scheme
        if scheme in ("http", "https"):
            raise _RefError(f"remote $ref {ref!r} is not supported: only local files")
        if scheme != "file":
            raise _RefError(f"$ref {ref!r} is not supported: only local files")
        uri = file_uri(uri_to_path(joined))
    try:
        return uri, split_pointer(unquote(fragment))
    except ValueError:
        message = f"$ref {ref!r}: only JSON pointer fragments (#/...) are supported"
        raise _RefError(message) from None


def _short_ref(location: str) -> str:
    uri, _, fragment = location.partition("#")
    return f"{uri_to_path(uri).name}#{fragment}"


# ---------------------------------------------------------------------------------------------
# The document


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """The entry file plus every file reached through `$ref`, all parsed, none inlined.

    `files` maps file URI to parsed content; `sources` keeps each file's text so that
    `locate` can find lines without reading the disk again.
    """

    root_uri: str
    files: Mapping[str, Any] = field(repr=False)
    sources: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    _resolver: _Resolver = field(init=False, repr=False, compare=False)
    _line_indexes: dict[str, Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_resolver", _Resolver(self._loaded))

    @property
    def root(self) -> Any:
        return self.files[self.root_uri]

    def resolve(self, ref: str, base_uri: str) -> Resolved:
        """Follow `ref` (written in the file `base_uri`), through ref chains, to a real node."""
        try:
            spot = self._resolver.resolve(ref, base_uri)
        except (_RefError, _FileError) as exc:
            problem = _error(str(exc), base_uri)
            raise GeneratorError(f"cannot resolve $ref {ref!r}", [problem]) from None
        return Resolved(uri=spot.uri, pointer=pointer(*spot.tokens), node=spot.node)

    def trace(self, path: Iterable[Token]) -> Resolved:
        """Where a path from the root really leads, as a ref-following reader sees it.

        Validators report paths such as `paths/~1pets/get/responses/200/content/.../type` that
        run through `$ref`s; this maps them back to the node's file and pointer, stopping at
        the deepest node it can reach.
        """
        spot = _Spot(self.root_uri, (), self.root)
        for token in path:
            try:
                spot = self._resolver.step(spot, token)
            except (_RefError, _FileError):
                break
        return Resolved(uri=spot.uri, pointer=pointer(*spot.tokens), node=spot.node)

    def locate(self, uri: str, pointer: str) -> int | None:
        """1-based line of the node at `pointer` (`#/...`) in file `uri`, or None if unknown."""
        if uri not in self._line_indexes:
            self._line_indexes[uri] = _line_index(self.sources.get(uri), uri)
        index = self._line_indexes[uri]
        try:
            return _line_of(index, split_pointer(pointer)) if index is not None else None
        except ValueError:
            return None

    def _loaded(self, uri: str) -> Any:
        try:
            return self.files[uri]
        except KeyError:
            raise _FileError(_error(f"{display_path(uri)} was not loaded", uri)) from None


def _line_index(text: str | None, uri: str) -> Any:
    """The file's `(line, children)` tree; JSON parses too, as it is (nearly) YAML."""
    try:
        source = text if text is not None else _read_text(uri)
        return _Builder(source, lines=True).build()
    except (_FileError, yaml.YAMLError):
        return None


def _line_of(index: Any, tokens: Iterable[str]) -> int | None:
    line, children = index
    for token in tokens:
        child = _child(children, token)
        if child is _MISSING:
            return None
        line, children = child
    return int(line) + 1


# ---------------------------------------------------------------------------------------------
# Loading


class _Loader:
    """Reads files on first use and checks every `$ref` in every file it reads."""

    def __init__(self, root_uri: str) -> None:
        self.files: dict[str, Any] = {}
        self.sources: dict[str, str] = {}
        self.order: list[str] = []  # files in the order first read; grows while refs are checked
        self.resolver = _Resolver(self.fetch)
        self.locator = Document(root_uri=root_uri, files=self.files, sources=self.sources)
        self._checked: dict[tuple[str, str], _Problem | None] = {}

    def fetch(self, uri: str) -> Any:
        if uri not in self.files:
            text = _read_text(uri)
            self.files[uri] = _parse(text, uri)
            self.sources[uri] = text
            self.order.append(uri)
        return self.files[uri]

    def check_refs(self) -> list[Diagnostic]:
        """Every ref in every file (including files found on the way) must reach a node."""
        diagnostics: list[Diagnostic] = []
        for uri in self.order:  # grows while we iterate: checking a ref may read a new file
            for trail, ref in _refs_in(self.files[uri]):
                problem = self._check(ref, uri)
                if problem is not None:
                    at = pointer(*_tokens(trail))
                    line = self.locator.locate(uri, at + "/$ref")  # the `$ref:` line itself
                    diagnostics.append(_error(problem.message, uri, line, at))
                    diagnostics.extend(problem.related)
        return diagnostics

    def _check(self, ref: str, uri: str) -> _Problem | None:
        key = (ref, uri)
        if key not in self._checked:
            self._checked[key] = self._problem(ref, uri)
        return self._checked[key]

    def _problem(self, ref: str, uri: str) -> _Problem | None:
        try:
            self.resolver.resolve(ref, uri)
        except _RefError as exc:
            return _Problem(f"broken $ref {ref!r}: {exc}", ())
        except _FileError as exc:
            # A syntax error in the target also gets its own diagnostic, at its own line.
            related = (exc.diagnostic,) if exc.diagnostic.line is not None else ()
            return _Problem(f"broken $ref {ref!r}: {exc.diagnostic.message}", related)
        return None


class _Problem(NamedTuple):
    message: str
    related: tuple[Diagnostic, ...]


_Trail = tuple["_Trail", str] | None


def _refs_in(root: Any) -> Iterator[tuple[_Trail, str]]:
    """Every Reference Object in a file, with a cheap back-linked trail to rebuild its pointer."""
    if not isinstance(root, dict | list):
        return
    stack: list[tuple[Any, _Trail]] = [(root, None)]
    seen: set[int] = set()
    while stack:
        node, trail = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                yield trail, ref
            items: Iterable[tuple[Any, Any]] = node.items()
        else:
            items = enumerate(node)
        for key, value in items:
            if isinstance(value, dict | list) and id(value) not in seen:
                seen.add(id(value))
                stack.append((value, (trail, str(key))))


def _tokens(trail: _Trail) -> tuple[str, ...]:
    tokens: list[str] = []
    while trail is not None:
        trail, token = trail
        tokens.append(token)
    return tuple(reversed(tokens))


def load(path: Path) -> Document:
    """Read the spec at `path` and every file it references; raise GeneratorError if broken."""
    root_uri = file_uri(path)
    loader = _Loader(root_uri)
    try:
        root = loader.fetch(root_uri)
    except _FileError as exc:
        raise GeneratorError(f"cannot load {path}", [exc.diagnostic]) from None
    if not isinstance(root, dict):
        kind = "an empty file" if root is None else f"a {type(root).__name__}"
        message = f"the top level must be a mapping (an OpenAPI object), found {kind}"
        raise GeneratorError(f"cannot load {path}", [_error(message, root_uri, 1, "#")])
    problems = loader.check_refs()
    if problems:
        raise GeneratorError(f"cannot load {path}: broken $ref", _in_order(problems))
    return Document(root_uri=root_uri, files=loader.files, sources=loader.sources)


def _in_order(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Unique, by file then line: the order a person fixes them in."""
    unique = dict.fromkeys(diagnostics)
    return sorted(unique, key=lambda d: (d.file or "", d.line or 0, d.pointer or ""))


def _url2pathname(path: str) -> str:
    """`urllib.request.url2pathname`, without the ~25 ms of http.client and email it imports."""
    if os.name == "nt":
        from nturl2path import url2pathname  # noqa: PLC0415

        return url2pathname(path)
    return unquote(path)
