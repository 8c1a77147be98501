"""The events file's exact layout, `json.dumps(indent=2, ensure_ascii=False)`, written fast.

With `indent` set, the standard library falls back to its pure-Python encoder: a
quarter of a second for 12,000 events. Here the C encoder writes all containers of
one depth in a single call, with the separators that give the indented layout
directly; nested containers are replaced by placeholder strings, written the same
way one level down and put back in order. The output is byte-for-byte the standard
one (tested against it on random data); anything unusual (an object reached twice, a
value JSON cannot hold, a string that looks like a placeholder) is left to
`json.dumps` itself, so even its errors stay the same.

Why it is exact: encoded JSON text never holds a raw newline or NUL (both are
escaped inside strings), so ",\\n" followed by indentation only ever separates items,
and NUL can join texts for a single pass of `re`.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Iterator
from typing import Any

from timeline.packed import PackedEvents

INDENT = "  "
_C_ENCODER: Any = json.encoder.c_make_encoder  # None without the C accelerator
_STR: Any = json.encoder.encode_basestring
_CONTAINERS = (dict, list, tuple)
_SCALAR = frozenset({str, int, float, bool, type(None)})  # exact types: no subclass
_HOLE = "\x00"  # the placeholder string; encoded, it reads "\u0000" in quotes
_HOLE_RE = re.compile(r'"\\u0000"')


class _Unusual(Exception):
    """Something only the standard encoder should decide about."""


def _refuse(_obj: Any) -> Any:
    raise _Unusual


class _Writer:
    def __init__(self) -> None:
        self.encoders: list[Any] = []
        self.splitters: list[re.Pattern[str]] = []
        self.seen: set[int] = set()  # a container met twice may be a cycle: let json decide

    def encoder(self, depth: int) -> Any:
        """C encoder writing containers without nested ones, their items at `depth`."""
        while len(self.encoders) <= depth:
            level = INDENT * len(self.encoders)
            sep = ",\n" + level
            encoder = _C_ENCODER(None, _refuse, _STR, None, ": ", sep, False, False, True)
            self.encoders.append(encoder)
            # Between two containers of a list: the only place where a closing bracket,
            # the separator and an opening bracket meet (a flat container's items after
            # a separator are keys, scalars or placeholder strings).
            # (Literal first, so that `re` can search for it fast.)
            between = re.escape(sep) + r"(?=[{\[])(?<=[}\]]" + re.escape(sep) + ")"
            self.splitters.append(re.compile(between))
        return self.encoders[depth]

    def texts(self, items: list[Any], depth: int) -> list[str]:
        """The indented text of each non-empty container in `items`, opened at `depth`."""
        seen = self.seen
        children: list[Any] = []
        flat: list[Any] = []
        for c in items:
            if id(c) in seen:
                raise _Unusual
            seen.add(id(c))
            if isinstance(c, dict):
                if all(map(_SCALAR.__contains__, map(type, c.values()))):
                    flat.append(c)  # the common case, checked without a Python loop
                    continue
                nested = [k for k, v in c.items() if isinstance(v, _CONTAINERS) and v]
                if nested:
                    c = dict(c)  # same key order, nested containers as placeholders
                    for k in nested:
                        children.append(c[k])
                        c[k] = _HOLE
            elif any(isinstance(v, _CONTAINERS) for v in c):
                # In a list even an empty container is a child: "[]" after a separator
                # would look like the start of the next item.
                copy = []
                for v in c:
                    if isinstance(v, _CONTAINERS):
                        children.append(v)
                        v = _HOLE
                    copy.append(v)
                c = copy
            flat.append(c)
        encode = self.encoder(depth + 1)
        text = "".join(encode(flat, 0))[1:-1]
        pieces = self.splitters[depth + 1].split(text) if len(flat) > 1 else [text]
        if len(pieces) != len(flat):
            raise _Unusual
        inner, outer = "\n" + INDENT * (depth + 1), "\n" + INDENT * depth
        out = [t if len(t) == 2 else t[0] + inner + t[1:-1] + outer + t[-1] for t in pieces]
        if not children:
            return out
        nested_texts = self.texts(children, depth + 1)
        literal = _HOLE_RE.split("\x00".join(out))
        if len(literal) != len(children) + 1:  # the data holds a look-alike of a placeholder
            raise _Unusual
        merged: list[str] = [""] * (2 * len(children) + 1)
        merged[0::2] = literal
        merged[1::2] = nested_texts
        return "".join(merged).split("\x00")


def dumps_indented(obj: Any) -> str:
    """Exactly `json.dumps(obj, indent=2, ensure_ascii=False)`, several times faster."""
    if _C_ENCODER is None or not obj or not isinstance(obj, _CONTAINERS):
        return json.dumps(obj, indent=2, ensure_ascii=False)
    try:
        return _Writer().texts([obj], 0)[0]
    except (_Unusual, RecursionError, TypeError, ValueError):
        return json.dumps(obj, indent=2, ensure_ascii=False)


def container_texts(items: list[Any], depth: int) -> list[str]:
    """The indented text of each non-empty container, as it appears opened at `depth`."""
    if not items:
        return []
    if _C_ENCODER is not None:
        try:
            return _Writer().texts(items, depth)
        except (_Unusual, RecursionError, TypeError, ValueError):
            pass
    # Raw newlines only ever separate lines of the layout, so indenting them is exact.
    indent = "\n" + INDENT * depth
    return [json.dumps(c, indent=2, ensure_ascii=False).replace("\n", indent) for c in items]


_EVENTS_OPEN = b'\n  "events": [\n    '
_EVENTS_CLOSE = b"\n  ]"
_BETWEEN_EVENTS = b"\n    },\n    {\n"
_EMPTY_EVENTS = '\n  "events": []'


def dumps_reusing(data: dict[str, Any], previous: bytes, before: dict[str, Any]) -> bytes | None:
    """`dumps(data)` as bytes, copying the text of events unchanged since `previous`.

    `previous` must be exactly the bytes written for `before` (the caller knows it from
    their sha256); an event of `data` whose values are the very objects of the same
    event of `before`, keys in the same order, has the same text. After a one-document
    change almost every event is such, so little is encoded. None when the file's
    shape does not allow it (the caller then encodes everything).
    """
    events, old = data.get("events"), before.get("events")
    if not (isinstance(events, list) and events and isinstance(old, list) and old):
        return None
    if not all(type(e) is dict and e for e in old):
        return None
    start = previous.find(_EVENTS_OPEN)
    end = previous.find(_EVENTS_CLOSE, start + 1)
    if start < 0 or end < 0:
        return None
    parts = previous[start + len(_EVENTS_OPEN) : end].split(_BETWEEN_EVENTS)
    if len(parts) != len(old) or not (
        parts[0].startswith(b"{\n") and parts[-1].endswith(b"\n    }")
    ):
        return None
    parts[0] = parts[0][2:]
    parts[-1] = parts[-1][: -len(b"\n    }")]
    where = {e.get("id"): i for i, e in enumerate(old)}
    texts: list[bytes | None] = []
    fresh: list[dict[str, Any]] = []
    for ev in events:
        i = where.get(ev.get("id")) if type(ev) is dict else None
        u = old[i] if i is not None else None
        if (
            u is not None
            and len(ev) == len(u)
            and all(map(operator.is_, ev.values(), u.values()))
            and list(ev) == list(u)
        ):
            texts.append(b"{\n" + parts[i] + b"\n    }")  # type: ignore[index]
        else:
            texts.append(None)
            fresh.append(ev)
    encoded = iter(t.encode("utf-8") for t in container_texts(fresh, 2))
    body = b",\n    ".join(t if t is not None else next(encoded) for t in texts)
    head = dumps_indented({**data, "events": []})
    if head.count(_EMPTY_EVENTS) != 1:
        return None
    before_events, after_events = head.split(_EMPTY_EVENTS)
    return b"".join(
        (
            before_events.encode("utf-8"),
            _EVENTS_OPEN,
            body,
            _EVENTS_CLOSE,
            after_events.encode("utf-8"),
            b"\n",
        )
    )


CHUNK_EVENTS = 2_000  # events encoded at once when streaming: bounded text in memory


def _events_chunks(events: Any, encode: Any, sep: str) -> Iterator[bytes]:
    """The events' text, a slice at a time: `encode` of a slice joins its items' texts."""
    for i in range(0, len(events), CHUNK_EVENTS):
        yield ((sep if i else "") + encode(events[i : i + CHUNK_EVENTS])).encode("utf-8")


def _unpacked(data: Any) -> Any:
    """`data` with packed events as a list, for the encoders that take only lists."""
    events = data.get("events") if isinstance(data, dict) else None
    return {**data, "events": list(events)} if isinstance(events, PackedEvents) else data


def indented_chunks(data: Any) -> Iterator[bytes]:
    """`dumps_indented(data)` as UTF-8 bytes plus a final newline, in pieces.

    A file of many events is encoded a few thousand events at a time, so its text is
    never held whole (at 300,000 events it is hundreds of megabytes, twice over as
    text and bytes). The bytes are exactly those of the one-piece encoding.
    """
    events = data.get("events") if isinstance(data, dict) else None
    if isinstance(events, PackedEvents) and len(events) <= CHUNK_EVENTS:
        data = _unpacked(data)
        events = data["events"]
    head = ""
    if isinstance(events, PackedEvents) or (
        isinstance(events, list)
        and len(events) > CHUNK_EVENTS
        and all(type(e) is dict and e for e in events)
    ):
        head = dumps_indented({**data, "events": []})
    if head.count(_EMPTY_EVENTS) != 1:
        yield (dumps_indented(_unpacked(data)) + "\n").encode("utf-8")
        return
    before_events, after_events = head.split(_EMPTY_EVENTS)
    yield before_events.encode("utf-8") + _EVENTS_OPEN
    between = ",\n    "
    yield from _events_chunks(
        events,  # type: ignore[arg-type]
        lambda chunk: between.join(container_texts(chunk, 2)),
        between,
    )
    yield _EVENTS_CLOSE + after_events.encode("utf-8") + b"\n"


def _compact(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def compact_chunks(data: Any) -> Iterator[bytes]:
    """`json.dumps(data, ensure_ascii=False, separators=(",", ":"))` as UTF-8 bytes, in
    pieces: a top-level "events" list is encoded a few thousand events at a time."""
    events = data.get("events") if isinstance(data, dict) else None
    if isinstance(events, PackedEvents) and len(events) <= CHUNK_EVENTS:
        data = _unpacked(data)
        events = data["events"]
    if (
        not isinstance(events, (list, PackedEvents))
        or len(events) <= CHUNK_EVENTS
        or not all(isinstance(k, str) for k in data)  # type: ignore[union-attr]
    ):
        yield _compact(_unpacked(data)).encode("utf-8")
        return
    # With string keys, an object's text is its "key":value pieces joined by commas.
    pieces = [None if k == "events" else f"{_compact(k)}:{_compact(v)}" for k, v in data.items()]
    at = pieces.index(None)
    yield ("{" + "".join(f"{p}," for p in pieces[:at]) + '"events":[').encode("utf-8")
    if isinstance(events, PackedEvents):  # already compact JSON: copied, not encoded
        for i in range(0, len(events), CHUNK_EVENTS):
            yield (b"," if i else b"") + b",".join(events.items[i : i + CHUNK_EVENTS])
    else:
        yield from _events_chunks(events, lambda chunk: _compact(chunk)[1:-1], ",")
    yield ("]" + "".join(f",{p}" for p in pieces[at + 1 :]) + "}").encode("utf-8")
