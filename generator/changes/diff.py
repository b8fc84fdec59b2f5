"""Two SDK surfaces → what changed for the SDK's users, each change marked breaking or not.

Works on surfaces (see `generator.changes.surface`), never on spec text: reordering a spec or
moving schemas behind `$ref`s changes nothing here unless the generated SDK changes. Types are
compared as type nodes: a retyped value names the classes that came and went, and whether the
change breaks code that sends the value, code that reads it, or both.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from generator.render.escape import json_text, markdown_code_span, one_line
from generator.results import Change, Report

if TYPE_CHECKING:  # the IR and the printer are loaded only when a type changed
    from generator.changes.retyped import Retyped
    from generator.changes.surface import Surface

REPORT_VERSION = 1


def _code(text: object) -> str:
    return markdown_code_span(one_line(str(text)))


def _type(recorded: Any) -> str:
    """A recorded type node as a code span of its value's annotation (the message says whether
    the value is optional)."""
    from generator.changes.surface import type_from_json  # noqa: PLC0415  (start-up time)
    from generator.ir import value_type  # noqa: PLC0415
    from generator.render.printer import annotation  # noqa: PLC0415

    return _code(annotation(value_type(type_from_json(recorded))))


def _retyped(old: Any, new: Any, *, with_none: bool = False) -> Retyped:
    from generator.changes.retyped import retyped  # noqa: PLC0415  (start-up time)

    return retyped(old, new, with_none=with_none)


def _changed(old: Any, new: Any) -> bool:
    from generator.changes.retyped import changed  # noqa: PLC0415  (start-up time)

    return old != new and changed(old, new)


def compare(old: Surface, new: Surface) -> Report:
    changes = [
        *_auth(old["auth"], new["auth"]),
        *_host(old, new),
        *_apis(old["apis"], new["apis"]),
        *_models(old["models"], new["models"]),
        *_enums(old["enums"], new["enums"]),
    ]
    docs = [path for path, o, n in _documented(old, new) if o != n]
    # Owners of a code change (`CallState` for `CallState.identity`) are not docs-only.
    owners = {c.path for c in changes} | {c.path.split(".", 1)[0] for c in changes}
    return Report(
        changes=tuple(sorted(changes, key=lambda c: (not c.breaking, c.path, c.kind))),
        docs_changed=tuple(sorted(p for p in docs if p not in owners)),
    )


def _change(kind: str, breaking: bool, path: str, message: str) -> Change:
    return Change(kind=kind, breaking=breaking, path=path, message=message)


def _auth(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    for name in sorted(old.keys() - new.keys()):
        yield _change("auth-removed", True, name, f"security scheme {_code(name)} was removed")
    for name in sorted(new.keys() - old.keys()):
        kind = new[name]["kind"]
        yield _change("auth-added", False, name, f"security scheme {_code(name)} ({kind}) added")
    for name in sorted(old.keys() & new.keys()):
        if old[name] != new[name]:
            was, now = old[name]["kind"], new[name]["kind"]
            message = f"security scheme {_code(name)} changed from {was} to {now}"
            yield _change("auth-changed", was != now, name, message)


def _host(old: Surface, new: Surface) -> Iterator[Change]:
    if old["default_host"] != new["default_host"]:
        message = f"default host {_code(old['default_host'])} → {_code(new['default_host'])}"
        yield _change("server-changed", False, "Configuration", message)


def _apis(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    for name in sorted(old.keys() - new.keys()):
        yield _change("api-removed", True, name, f"API class {_code(name)} was removed")
    for name in sorted(new.keys() - old.keys()):
        yield _change("api-added", False, name, f"API class {_code(name)} was added")
    for name in sorted(old.keys() & new.keys()):
        yield from _methods(name, old[name], new[name])


def _methods(api: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    removed = {m: old[m] for m in old.keys() - new.keys()}
    added = {m: new[m] for m in new.keys() - old.keys()}
    for was in sorted(removed):
        now = next((m for m in sorted(added) if added[m]["http"] == removed[was]["http"]), None)
        if now is not None:
            message = f"method {_code(was)} was renamed to {_code(now)}"
            yield _change("method-renamed", True, f"{api}.{was}", message)
            yield from _method(f"{api}.{now}", removed[was], added.pop(now))
        else:
            message = f"method {_code(was)} ({removed[was]['http']}) was removed"
            yield _change("method-removed", True, f"{api}.{was}", message)
    for name in sorted(added):
        message = f"method {_code(name)} ({added[name]['http']}) was added"
        yield _change("method-added", False, f"{api}.{name}", message)
    for name in sorted(old.keys() & new.keys()):
        yield from _method(f"{api}.{name}", old[name], new[name])


def _method(path: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    if old["http"] != new["http"]:
        message = f"now sends {_code(new['http'])} instead of {_code(old['http'])}"
        yield _change("endpoint-changed", False, path, message)
    yield from _parameters(path, old["parameters"], new["parameters"])
    yield from _body(path, old["body"], new["body"])
    kept = [n for n in old["positional"] if n in new["positional"]]
    if kept != [n for n in new["positional"] if n in old["positional"]]:
        message = "required arguments are in a different order: " + ", ".join(new["positional"])
        yield _change("arguments-reordered", True, path, message)
    if old["returns"] != new["returns"]:
        change = _retyped(old["returns"], new["returns"], with_none=True)
        message = f"returns {_code(change.now)} instead of {_code(change.was)}" + change.detail(
            sent=False, read=True
        )
        yield _change("return-type-changed", change.breaking(sent=False, read=True), path, message)
    for key, kind, text in (
        ("deprecated", "method-deprecated", "is deprecated"),
        ("paginated", "pagination-added", "can be paged through (_pages, _iter)"),
    ):
        if new[key] and not old[key]:
            yield _change(kind, False, path, text)
    if old["paginated"] and not new["paginated"]:
        yield _change("pagination-removed", True, path, "no longer has _pages and _iter methods")
    for key, kind in (("servers", "servers-changed"), ("security", "security-changed")):
        # Security lists alternatives; a new order only changes which configured one wins.
        if old[key] != new[key] and (key != "security" or set(old[key]) != set(new[key])):
            message = f"{key}: {', '.join(old[key]) or 'none'} → {', '.join(new[key]) or 'none'}"
            yield _change(kind, False, path, message)


def _parameters(path: str, old: list[Any], new: list[Any]) -> Iterator[Change]:
    before = {p["name"]: p for p in old}
    after = {p["name"]: p for p in new}
    for name in sorted(before.keys() - after.keys()):
        yield _change("parameter-removed", True, path, f"parameter {_code(name)} was removed")
    for name in sorted(after.keys() - before.keys()):
        required = after[name]["required"]
        how = "required" if required else "optional"
        message = f"parameter {_code(name)} ({_type(after[name]['type'])}, {how}) was added"
        yield _change("parameter-added", required, path, message)
    for name in sorted(before.keys() & after.keys()):
        was, now = before[name], after[name]
        if _changed(was["type"], now["type"]):
            change = _retyped(was["type"], now["type"])
            message = (
                f"parameter {_code(name)} is {_code(change.now)}, was {_code(change.was)}"
                + change.detail(sent=True, read=False)
            )
            breaking = change.breaking(sent=True, read=False)
            yield _change("parameter-retyped", breaking, path, message)
        if was["required"] != now["required"]:
            how = "required" if now["required"] else "optional"
            message = f"parameter {_code(name)} is now {how}"
            yield _change("parameter-required-changed", now["required"], path, message)
        if (was["wire"], was["in"]) != (now["wire"], now["in"]):
            message = f"parameter {_code(name)} is sent as {now['in']} {_code(now['wire'])}"
            yield _change("parameter-wire-changed", False, path, message)


def _body(path: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> Iterator[Change]:
    if old == new:
        return
    if old is None and new is not None:
        required = new["required"]
        message = f"request body {_code(new['name'])} ({_type(new['type'])}) was added"
        yield _change("body-added", required, path, message)
    elif old is not None and new is None:
        yield _change("body-removed", True, path, f"request body {_code(old['name'])} was removed")
    elif old is not None and new is not None:
        if _changed(old["type"], new["type"]) or old["name"] != new["name"]:
            change = _retyped(old["type"], new["type"])
            message = (
                f"request body is {_code(new['name'])}: {_code(change.now)}, "
                f"was {_code(old['name'])}: {_code(change.was)}"
                + change.detail(sent=True, read=False)
            )
            # A renamed body argument breaks callers passing it by keyword.
            breaking = old["name"] != new["name"] or change.breaking(sent=True, read=False)
            yield _change("body-retyped", breaking, path, message)
        if old["required"] != new["required"]:
            how = "required" if new["required"] else "optional"
            yield _change("body-required-changed", new["required"], path, f"request body is {how}")
        if old["content_type"] != new["content_type"]:
            message = f"request body is sent as {_code(new['content_type'])}"
            yield _change("body-content-type-changed", False, path, message)


def _models(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    for name in sorted(old.keys() - new.keys()):
        yield _change("model-removed", True, name, f"model {_code(name)} was removed")
    for name in sorted(new.keys() - old.keys()):
        yield _change("model-added", False, name, f"model {_code(name)} was added")
    for name in sorted(old.keys() & new.keys()):
        usage = set(old[name]["usage"]) | set(new[name]["usage"])
        yield from _fields(name, old[name]["fields"], new[name]["fields"], usage)


def _fields(
    model: str, old: dict[str, Any], new: dict[str, Any], usage: set[str]
) -> Iterator[Change]:
    sent, read = "request" in usage, "response" in usage
    for name in sorted(old.keys() - new.keys()):
        yield _change("field-removed", True, f"{model}.{name}", f"field {_code(name)} was removed")
    for name in sorted(new.keys() - old.keys()):
        required = new[name]["required"]
        how = "required" if required else "optional"
        message = f"field {_code(name)} ({_type(new[name]['type'])}, {how}) was added"
        yield _change("field-added", required and sent, f"{model}.{name}", message)
    for name in sorted(old.keys() & new.keys()):
        yield from _field(f"{model}.{name}", old[name], new[name], sent=sent, read=read)


def _field(
    path: str, was: dict[str, Any], now: dict[str, Any], *, sent: bool, read: bool
) -> Iterator[Change]:
    name = _code(path.rsplit(".", 1)[1])
    if _changed(was["type"], now["type"]):
        change = _retyped(was["type"], now["type"])
        # A model no operation uses may still be built or read by hand: both directions count.
        both = not (sent or read)
        message = f"field {name} is {_code(change.now)}, was {_code(change.was)}" + change.detail(
            sent=sent or both, read=read or both
        )
        breaking = change.breaking(sent=sent or both, read=read or both)
        yield _change("field-retyped", breaking, path, message)
    if was["required"] != now["required"]:
        # Senders must now set it; readers may now find it missing.
        breaking = sent if now["required"] else read
        how = "required" if now["required"] else "optional"
        yield _change("field-required-changed", breaking, path, f"field {name} is now {how}")
    if was["nullable"] != now["nullable"]:
        breaking = read if now["nullable"] else sent
        how = "now nullable" if now["nullable"] else "no longer nullable"
        yield _change("field-nullable-changed", breaking, path, f"field {name} is {how}")
    if was["wire"] != now["wire"]:
        message = f"field {name} is sent as {_code(now['wire'])}, was {_code(was['wire'])}"
        yield _change("field-wire-changed", False, path, message)


def _enums(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    for name in sorted(old.keys() - new.keys()):
        yield _change("enum-removed", True, name, f"enum {_code(name)} was removed")
    for name in sorted(new.keys() - old.keys()):
        yield _change("enum-added", False, name, f"enum {_code(name)} was added")
    for name in sorted(old.keys() & new.keys()):
        was, now = old[name]["values"], new[name]["values"]
        for value in [v for v in was if v not in now]:
            # Code naming the member stops importing; values the client has never seen still load.
            yield _change("enum-value-removed", True, name, f"value {_code(value)} was removed")
        for value in [v for v in now if v not in was]:
            yield _change("enum-value-added", False, name, f"value {_code(value)} was added")


def _documented(old: Surface, new: Surface) -> Iterator[tuple[str, Any, Any]]:
    """(path, old docs hash, new docs hash) for everything present on both sides."""
    yield "API", old["docs"], new["docs"]
    for api in old["apis"].keys() & new["apis"].keys():
        for method in old["apis"][api].keys() & new["apis"][api].keys():
            docs = (old["apis"][api][method]["docs"], new["apis"][api][method]["docs"])
            yield f"{api}.{method}", *docs
    for kind in ("models", "enums"):
        for name in old[kind].keys() & new[kind].keys():
            yield name, old[kind][name]["docs"], new[kind][name]["docs"]


def to_markdown(report: Report, *, old: str, new: str) -> str:
    """A report for a pull-request comment or a CHANGELOG."""
    lines = [
        "## SDK changes",
        "",
        f"From {_code(old)} to {_code(new)}: **{len(report.breaking)} breaking**, "
        f"{len(report.compatible)} compatible, {len(report.docs_changed)} documentation-only.",
    ]
    for title, changes in (("Breaking", report.breaking), ("Compatible", report.compatible)):
        if changes:
            lines += ["", f"### {title}", ""]
            lines += _bullets(changes)
    if report.docs_changed:
        lines += ["", "### Documentation only", ""]
        lines += [f"- {_code(path)}" for path in report.docs_changed]
    if report.empty:
        lines += ["", "No change to the SDK surface."]
    return "\n".join(lines) + "\n"


GROUP_AT = 4


def _bullets(changes: tuple[Change, ...]) -> list[str]:
    """One bullet per change; the same change in many places becomes one bullet listing them."""
    groups: dict[tuple[str, str], list[str]] = {}
    for change in changes:
        groups.setdefault((change.kind, change.message), []).append(change.path)
    lines = []
    for change in changes:
        paths = groups.pop((change.kind, change.message), None)
        if paths is None:
            continue
        if len(paths) >= GROUP_AT:
            where = ", ".join(_code(p) for p in paths)
            lines.append(f"- {change.message} ({len(paths)} places: {where})")
        else:
            lines += [f"- **{_code(path)}**: {change.message}" for path in paths]
    return lines


def to_json(report: Report, *, old: str, new: str) -> str:
    """The documented JSON form (docs/diff.md): stable keys, sorted changes."""
    document = {
        "version": REPORT_VERSION,
        "old": old,
        "new": new,
        "summary": {
            "breaking": len(report.breaking),
            "compatible": len(report.compatible),
            "docs_only": len(report.docs_changed),
        },
        "changes": [asdict(c) for c in report.changes],
        "docs_changed": list(report.docs_changed),
    }
    return json_text(document, indent=2) + "\n"
