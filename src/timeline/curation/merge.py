"""Three-way merge of a re-extraction with the user's hand-edited events file.

Like a version-control merge: the base is the previous extraction (kept in
`.timeline/` beside the file), "ours" is the user's file, "theirs" the new
extraction. Per event and per field, what the user changed keeps the user's value
and everything else takes the new extraction's value. `merge_data` is the pure core.
"""

from __future__ import annotations

import copy
import enum
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timeline.curation.anchor import find, reanchor, reanchor_selected, selector, sentence_around
from timeline.curation.identity import Counterparts
from timeline.curation.sidestate import SideState
from timeline.curation.store import (
    LoadedFile,
    base_dump,
    load_events_file,
    new_event_id,
    side_state_of,
)
from timeline.curation.texts import DocumentTexts
from timeline.dates import bounds
from timeline.packed import PackedEvents
from timeline.schema import EventsFile

_MISSING = object()
DERIVED = frozenset({"id", "earliest", "latest", "edited"})
SUMMARY_KEYS = (
    "added",
    "updated",
    "kept_as_edited",
    "orphaned",
    "rejected",
    "removed_by_user",
    "dropped",
)

TextOf = Callable[[str], str | None]


@dataclass
class MergeResult:
    data: dict[str, Any]
    summary: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    # The new extraction in `base_dump` form, set by `merge`: the next merge base,
    # handed to `save_events_file` so it is not dumped from the model twice.
    extraction: dict[str, Any] | None = None
    # Ids of that base and of the file as the tool last wrote it, as `merge` read them:
    # `save_events_file(known_ids=...)` then need not parse the base file again.
    known_ids: set[str] | None = None


class _Read(enum.Enum):
    FROM_DISK = "read the events file"


def _user_fields(ref: dict[str, Any] | None, mine: dict[str, Any]) -> list[str]:
    """Fields the user changed by hand: listed in `edited`, or differing from `ref`."""
    if ref is not None and "edited" not in mine and mine == ref:
        return []  # the common case, at C speed: nothing listed, nothing differs
    listed = mine.get("edited")
    fields = [f for f in listed if isinstance(f, str)] if isinstance(listed, list) else []
    if ref is None:
        candidates = [k for k in mine if k not in DERIVED and k != "doc"]
    else:
        candidates = [
            k
            for k in list(mine) + [k for k in ref if k not in mine]
            if k not in DERIVED and mine.get(k, _MISSING) != ref.get(k, _MISSING)
        ]
    for k in candidates:
        if k not in fields:
            fields.append(k)
    # Values the tool itself writes are not hand edits.
    if mine.get("status") == "orphaned" and "status" in fields:
        fields.remove("status")
    if mine.get("how") == "curated" and "how" in fields and ("date" in fields or ref is None):
        fields.remove("how")
    if mine.get("published_source") == "curated" and "published_source" in fields:
        fields.remove("published_source")
    for k in ("sha256", "text"):
        if k in fields:
            fields.remove(k)
    return [f for f in fields if f not in DERIVED]


def _three_way(mine: dict[str, Any], new: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """The user's object, key order kept: edited fields from it, the rest from `new`."""
    if not fields and mine == new:
        return dict(mine)  # equal values, the user's key order: what the loop below builds
    out: dict[str, Any] = {}
    for k, v in mine.items():
        if k in fields or k in DERIVED:
            out[k] = v
        elif k in new:
            out[k] = new[k]
    for k, v in new.items():
        if k not in out and k not in fields:
            out[k] = v
    if "id" in new:
        out["id"] = new["id"]
    return out


def _set(obj: dict[str, Any], key: str, value: Any) -> None:
    obj[key] = value  # existing keys keep their position, new ones are appended


def _finish(ev: dict[str, Any], fields: list[str]) -> None:
    lo, hi = bounds(ev["date"])
    # An equal value is left as the very object read: the writer then knows that the
    # event is unchanged and copies its text instead of encoding it again.
    if ev.get("earliest", _MISSING) != lo:
        _set(ev, "earliest", lo)
    if ev.get("latest", _MISSING) != hi:
        _set(ev, "latest", hi)
    if "date" in fields:
        _set(ev, "how", "curated")
    if fields:
        _set(ev, "edited", fields)
    else:
        ev.pop("edited", None)


class _Anchoring:
    """Checks and moves the spans of events whose quotations came from the user's file."""

    def __init__(self, text_of: TextOf, warnings: list[str]) -> None:
        self.text_of = text_of
        self.warnings = warnings
        self.unreadable: set[str] = set()

    def check(self, ev: dict[str, Any]) -> bool:
        """False when the event's quotation is no longer in its document."""
        doc = ev["doc"]
        text = self.text_of(doc)
        if text is None:
            if doc not in self.unreadable:
                self.unreadable.add(doc)
                self.warnings.append(
                    f"document {doc}: text not available, spans of hand-edited events unchecked"
                )
            return True
        quote = ev.get("text")
        if ev.get("evidence") is None and isinstance(quote, str):
            start = find(text, quote, None)
            if start is None:
                self.warnings.append(
                    f"event {ev['id']}: quoted text {quote[:60]!r} not found in document {doc}"
                )
                return False
            del ev["text"]
            ev["evidence"] = {"start": start, "end": start + len(quote), "text": quote}
            ev["sentence"] = sentence_around(text, start, start + len(quote))
            return True
        evidence = ev.get("evidence")
        if not isinstance(evidence, dict):
            return True
        if selector(ev) is not None:  # the quoted words together with their sentence
            found = reanchor_selected(text, evidence, ev["sentence"])
            if found is None:
                return False
            ev["evidence"], ev["sentence"] = found
        else:
            moved = reanchor(text, evidence)
            if moved is None:
                return False
            ev["evidence"] = moved
            sentence = ev.get("sentence")
            if isinstance(sentence, dict):
                ev["sentence"] = reanchor(text, sentence) or sentence_around(
                    text, moved["start"], moved["end"]
                )
        for name in ("date_source", "attribution"):
            span = ev.get(name)
            if isinstance(span, dict):
                ev[name] = reanchor(text, span)  # None: the quoted span is gone
        return True


def _clear_spans(ev: dict[str, Any]) -> None:
    """A rejected event whose text is gone keeps the rejection, not stale offsets."""
    for name in ("evidence", "sentence", "date_source", "attribution"):
        if ev.get(name) is not None:
            ev[name] = None


def _ids_of(data: dict[str, Any] | None) -> set[str]:
    return set(_by_id(data.get("events"))) if data else set()


def _sans_edited(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k != "edited"} if "edited" in obj else obj


def _by_id(items: Any) -> dict[str, dict[str, Any]]:
    """Events by id; packed events (a long document's) decoded, as a list's would be read."""
    if not isinstance(items, (list, PackedEvents)):
        return {}
    return {x["id"]: x for x in items if isinstance(x, dict) and isinstance(x.get("id"), str)}


def _sort_key(ev: dict[str, Any]) -> tuple[str, str, int]:
    evidence = ev.get("evidence")
    start = evidence.get("start", -1) if isinstance(evidence, dict) else -1
    return (ev.get("earliest") or "", ev.get("doc", ""), start)


def merge_data(
    base: dict[str, Any] | None,
    user: dict[str, Any] | None,
    new: dict[str, Any],
    *,
    removed: set[str] | frozenset[str] = frozenset(),
    written: set[str] | frozenset[str] = frozenset(),
    text_of: TextOf | None = None,
    removed_docs_ok: bool = False,
    share_new: bool = False,
) -> MergeResult:
    """Merge pure data: previous extraction, the user's file and the new extraction.

    `removed` are ids the user deleted in earlier runs, `written` the ids of the file as
    the tool last wrote it (so an event deleted since is recognised as deleted).
    The result never shares objects with `new` unless `share_new` is set, for a caller
    that owns `new` and will not change it: the merge itself only ever replaces the
    top-level values of the events it builds, so nothing reachable from `new` changes.
    """
    if not share_new:
        new = copy.deepcopy(new)
    if user is None:
        return _first_extraction(new)
    m = _EventMerge(base, user, new, removed, written, text_of or (lambda _doc: None))
    docs = _merge_documents(m)
    events = [ev for mine in m.user_events if (ev := m.merge_event(mine)) is not None]
    events += m.new_events_to_add()
    m.note_removed_documents(docs, removed_docs_ok)
    return m.result(docs, events)


def _first_extraction(new: dict[str, Any]) -> MergeResult:
    """No events file yet: the extraction as it is, sorted.

    The events are `new`'s own dicts, not copies (the caller's `new` is copied or shared
    as `merge_data` says): at 300,000 events a copy of each is hundreds of megabytes.
    """
    new_docs = _by_id(new.get("documents"))
    found = new.get("events")
    if isinstance(found, PackedEvents):
        events: Any = _sorted_packed(found)
    else:
        events = sorted(_by_id(found).values(), key=_sort_key)
    summary = dict.fromkeys(SUMMARY_KEYS, 0)
    summary["added"] = len(events)
    docs = [new_docs[k] for k in sorted(new_docs)]
    return MergeResult({"version": 1, "documents": docs, "events": events}, summary, [])


def _sorted_packed(events: PackedEvents) -> PackedEvents:
    """`sorted(_by_id(events).values(), key=_sort_key)` of packed events, still packed
    (their bytes shared, not copied): each is decoded once, for its id and sort key."""
    last: dict[str, int] = {}  # the last event of each id, in order of first sight
    keys = []
    for k, ev in enumerate(events):
        if isinstance(ev, dict) and isinstance(ev.get("id"), str):
            last[ev["id"]] = k
            keys.append(_sort_key(ev))
        else:
            keys.append(None)
    order = sorted(last.values(), key=keys.__getitem__)
    return events.reordered(order)


def _with_ids(events: Any) -> list[dict[str, Any]]:
    """The user's events, copied; one added by hand without an id gets its own."""
    out = []
    for e in events if isinstance(events, list) else []:
        e = dict(e)
        if not e.get("id"):
            e = {"id": new_event_id(e), **e}
        out.append(e)
    return out


class _EventMerge:
    """The state of one merge; one method per decision taken for an event."""

    def __init__(
        self,
        base: dict[str, Any] | None,
        user: dict[str, Any],
        new: dict[str, Any],
        removed: set[str] | frozenset[str],
        written: set[str] | frozenset[str],
        text_of: TextOf,
    ) -> None:
        self.has_base = base is not None
        self.user = user
        self.summary = dict.fromkeys(SUMMARY_KEYS, 0)
        self.warnings: list[str] = []
        if base is None:
            self.warnings.append(
                "no copy of the previous extraction was found beside the events file: every "
                "difference from this extraction was treated as a hand edit and kept"
            )
        self.base_docs = _by_id(base.get("documents")) if base else {}
        self.base_events = _by_id(base.get("events")) if base else {}
        self.new_docs = _by_id(new.get("documents"))
        self.new_events = _by_id(new.get("events"))
        self.user_docs = _by_id(user.get("documents"))
        self.user_events = _with_ids(user.get("events", []))
        user_ids = {e["id"] for e in self.user_events}
        self.deleted = set(removed) | ((set(self.base_events) | set(written)) - user_ids)
        self.unmatched = [e for e in self.new_events.values() if e["id"] not in user_ids]
        self.claimed: set[str] = set()
        self.counterparts = Counterparts(self.unmatched, self.deleted, self.base_events)
        self.text_changed: dict[str, bool] = {}
        self.anchoring = _Anchoring(text_of, self.warnings)
        self.kept_from_removed_docs: Counter[str] = Counter()
        self.dropped_from_removed_docs: Counter[str] = Counter()

    def hand_fields(
        self, mine: dict[str, Any], b: dict[str, Any] | None, n: dict[str, Any] | None
    ) -> list[str]:
        """The fields of `mine` the user set by hand."""
        if b is None and n is None:
            # Added by hand (now or in an earlier run, which recorded its edited fields).
            listed = mine.get("edited")
            if isinstance(listed, list):
                return [f for f in listed if isinstance(f, str) and f not in DERIVED]
            return _user_fields(None, mine)
        return _user_fields(b if self.has_base else n, mine)

    def counterpart(self, mine: dict[str, Any], fields: list[str]) -> dict[str, Any] | None:
        """The new extraction's event for `mine`: same id, or for an edited event whose
        id changed with its sentence, the one quoting the same words."""
        n = self.new_events.get(mine["id"])
        b = self.base_events.get(mine["id"])
        was_anchored = (b or mine).get("status") != "orphaned"
        if n is None and fields and was_anchored and mine.get("doc") in self.new_docs:
            old_date = b.get("date") if b is not None else mine.get("date")
            n = self.counterparts.find(mine, old_date, self.claimed)
        return n

    def merge_event(self, mine: dict[str, Any]) -> dict[str, Any] | None:
        """The event to write for one of the user's events; None drops it."""
        b = self.base_events.get(mine["id"])
        n = self.new_events.get(mine["id"])
        fields = self.hand_fields(mine, b, n)
        n = self.counterpart(mine, fields)
        if n is not None:
            ev = _three_way(mine, n, fields)
            self.claimed.add(n["id"])
            needs_check = "evidence" in fields
        elif not fields and b is not None:
            self.drop(mine)
            return None
        else:
            ev = dict(mine)
            needs_check = (
                not self.has_base or self.text_changed.get(ev["doc"], True) or "evidence" in fields
            )
        needs_check = (
            needs_check
            or (ev.get("evidence") is None and "text" in ev)
            or (n is None and ev.get("status") == "orphaned")  # its text may be back
            or (n is None and "status" in fields)  # e.g. an orphan rejected: is its text there?
        )
        self.set_status(ev, needs_check)
        _finish(ev, fields)
        if fields:
            self.summary["kept_as_edited"] += 1
        if n is not None and _sans_edited(ev) != _sans_edited(mine):
            self.summary["updated"] += 1
        return ev

    def drop(self, mine: dict[str, Any]) -> None:
        """Untouched by the user, and the extractor no longer finds it."""
        self.summary["dropped"] += 1
        if mine.get("doc") not in self.new_docs:
            self.dropped_from_removed_docs[mine.get("doc", "")] += 1

    def set_status(self, ev: dict[str, Any], needs_check: bool) -> None:
        """Orphaned when its quotation is gone (or its document), active when it is back."""
        doc = ev["doc"]
        anchored: bool | None = None  # None: not checked, status left as it is
        if doc not in self.new_docs:
            anchored = False
            self.kept_from_removed_docs[doc] += 1
        elif needs_check:
            anchored = self.anchoring.check(ev)
        if anchored is False and ev.get("status") == "rejected":
            if doc in self.new_docs:
                _clear_spans(ev)  # its text is gone: offsets would point at other text
        elif anchored is False:
            _set(ev, "status", "orphaned")
        elif anchored and ev.get("status") == "orphaned":
            ev["status"] = "active"

    def new_events_to_add(self) -> list[dict[str, Any]]:
        """New extraction events nobody claimed, except those the user deleted."""
        out = []
        for n in self.unmatched:
            if n["id"] in self.claimed:
                continue
            if n["id"] in self.deleted:
                self.summary["removed_by_user"] += 1
                continue
            self.summary["added"] += 1
            out.append(dict(n))
        return out

    def note_removed_documents(self, docs: dict[str, dict[str, Any]], quiet: bool) -> None:
        """Keep the entries of documents left out of the input that still have events."""
        dropped = dict(self.dropped_from_removed_docs)
        for doc_id, count in sorted(self.kept_from_removed_docs.items()):
            docs.setdefault(doc_id, dict(self.user_docs.get(doc_id) or {"id": doc_id, "path": ""}))
            if not quiet:
                self.warnings.append(
                    f"document {doc_id} is no longer in the input: its {count} hand-edited "
                    f"event(s) were kept and flagged orphaned, {dropped.pop(doc_id, 0)} "
                    "other(s) dropped"
                )
        if not quiet:
            for doc_id, n in sorted(dropped.items()):
                self.warnings.append(
                    f"document {doc_id} is no longer in the input: its {n} event(s) were dropped"
                )

    def result(self, docs: dict[str, dict[str, Any]], events: list[dict[str, Any]]) -> MergeResult:
        events.sort(key=_sort_key)
        self.summary["orphaned"] = sum(e.get("status") == "orphaned" for e in events)
        self.summary["rejected"] = sum(e.get("status") == "rejected" for e in events)
        data: dict[str, Any] = dict(self.user)
        data.setdefault("version", 1)
        data["documents"] = [docs[k] for k in sorted(docs)]
        data["events"] = events
        return MergeResult(data, self.summary, self.warnings)


def _merge_documents(m: _EventMerge) -> dict[str, dict[str, Any]]:
    """Documents: per field, hand edits (title, published) win."""
    docs: dict[str, dict[str, Any]] = {}
    for doc_id, n in m.new_docs.items():
        mine = m.user_docs.get(doc_id)
        b = m.base_docs.get(doc_id)
        m.text_changed[doc_id] = b is None or b.get("sha256") != n.get("sha256")
        if mine is None:
            docs[doc_id] = dict(n)
            continue
        fields = _user_fields(b if m.has_base else n, mine)
        out = _three_way(mine, n, fields)
        if "published" in fields:
            _set(out, "published_source", "curated" if out.get("published") else "none")
        if fields:
            _set(out, "edited", fields)
        else:
            out.pop("edited", None)
        docs[doc_id] = out
    return docs


def merge(
    events_path: str | Path,
    new: EventsFile | dict[str, Any],
    *,
    removed_docs_ok: bool = False,
    texts: Mapping[str, str] | None = None,
    loaded: LoadedFile | None | _Read = _Read.FROM_DISK,
) -> MergeResult:
    """Merge `new` into the events file at `events_path` (nothing is written here).

    `new` is the extraction as a model, or already in `base_dump` form (see
    `base_form`); a dict is handed over: the result may share objects with it.
    `texts` maps document ids to their current text; without it the documents are read
    from their paths, and only when a hand-edited span has to be checked. `loaded` is
    the events file as the caller already loaded and checked it (None: there is none),
    so that a large file is not parsed and checked twice; by default it is read here.
    """
    events_path = Path(events_path)
    if isinstance(loaded, _Read):
        loaded = load_events_file(events_path)
    side = side_state_of(loaded) if loaded is not None else SideState()
    base = side.base
    new_raw = base_dump(new) if isinstance(new, EventsFile) else new
    text_of: TextOf = (
        texts.get if texts is not None else DocumentTexts(events_path, new_raw["documents"])
    )
    written = side.written
    result = merge_data(
        base,
        loaded.raw if loaded is not None else None,
        new_raw,
        removed=side.removed,
        written=written,
        text_of=text_of,
        removed_docs_ok=removed_docs_ok,
        share_new=True,  # `new_raw` is this function's own copy, or handed over
    )
    result.extraction = new_raw
    result.known_ids = _ids_of(base) | written
    if loaded is not None:
        result.warnings[:0] = loaded.warnings
    return result
