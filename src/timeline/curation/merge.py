"""Three-way merge of a re-extraction with the user's hand-edited events file.

Like a version-control merge: the base is the previous extraction (kept in
`.timeline/` beside the file), "ours" is the user's file, "theirs" the new
extraction. Per event and per field, what the user changed keeps the user's value
and everything else takes the new extraction's value. `merge_data` is the pure core.
"""

from __future__ import annotations

import copy
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timeline.curation.anchor import find, reanchor, sentence_around
from timeline.curation.sidecar import base_path
from timeline.curation.store import (
    LoadedFile,
    base_dump,
    load_events_file,
    new_event_id,
    read_json_file,
    removed_ids,
    written_ids,
)
from timeline.curation.texts import DocumentTexts
from timeline.dates import bounds
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


def _ids_of(data: dict[str, Any] | None) -> set[str]:
    return set(_by_id(data.get("events"))) if data else set()


def _sans_edited(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k != "edited"} if "edited" in obj else obj


def _by_id(items: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(items, list):
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
    summary = dict.fromkeys(SUMMARY_KEYS, 0)
    warnings: list[str] = []
    text_of = text_of or (lambda _doc: None)
    if not share_new:
        new = copy.deepcopy(new)
    new_docs = _by_id(new.get("documents"))
    new_events = _by_id(new.get("events"))
    if user is None:
        events = sorted((dict(e) for e in new_events.values()), key=_sort_key)
        summary["added"] = len(events)
        docs = [new_docs[k] for k in sorted(new_docs)]
        return MergeResult({"version": 1, "documents": docs, "events": events}, summary, warnings)

    if base is None:
        warnings.append(
            "no copy of the previous extraction was found beside the events file: every "
            "difference from this extraction was treated as a hand edit and kept"
        )
    base_docs = _by_id(base.get("documents")) if base else {}
    base_events = _by_id(base.get("events")) if base else {}
    user_docs = _by_id(user.get("documents"))
    user_events: list[dict[str, Any]] = []
    for e in user.get("events", []):
        e = dict(e)
        if not e.get("id"):
            e = {"id": new_event_id(e), **e}
        user_events.append(e)
    user_ids = {e["id"] for e in user_events}
    deleted = set(removed) | ((set(base_events) | set(written)) - user_ids)

    # Documents: per field, hand edits (title, published) win.
    docs: dict[str, dict[str, Any]] = {}
    text_changed: dict[str, bool] = {}
    for doc_id, n in new_docs.items():
        mine = user_docs.get(doc_id)
        b = base_docs.get(doc_id)
        text_changed[doc_id] = b is None or b.get("sha256") != n.get("sha256")
        if mine is None:
            docs[doc_id] = dict(n)
            continue
        fields = _user_fields(b if base is not None else n, mine)
        out = _three_way(mine, n, fields)
        if "published" in fields:
            _set(out, "published_source", "curated" if out.get("published") else "none")
        if fields:
            _set(out, "edited", fields)
        else:
            out.pop("edited", None)
        docs[doc_id] = out

    anchoring = _Anchoring(text_of, warnings)
    out_events: list[dict[str, Any]] = []
    claimed: set[str] = set()
    kept_from_removed_docs: dict[str, int] = {}
    dropped_from_removed_docs: dict[str, int] = {}
    unmatched = [e for e in new_events.values() if e["id"] not in user_ids]
    for mine in user_events:
        eid = mine["id"]
        b = base_events.get(eid)
        n = new_events.get(eid)
        if b is None and n is None:
            # Added by hand (now or in an earlier run, which recorded its edited fields).
            listed = mine.get("edited")
            fields = (
                [f for f in listed if isinstance(f, str) and f not in DERIVED]
                if isinstance(listed, list)
                else _user_fields(None, mine)
            )
        else:
            fields = _user_fields(b if base is not None else n, mine)
        if n is None and fields and mine.get("doc") in new_docs:
            n = _match(mine, unmatched, claimed)
        if n is not None:
            ev = _three_way(mine, n, fields)
            claimed.add(n["id"])
            needs_check = "evidence" in fields
        else:
            if not fields and b is not None:
                summary["dropped"] += 1  # untouched, and the extractor no longer finds it
                if mine.get("doc") not in new_docs:
                    doc = mine.get("doc", "")
                    dropped_from_removed_docs[doc] = dropped_from_removed_docs.get(doc, 0) + 1
                continue
            ev = dict(mine)
            needs_check = base is None or text_changed.get(ev["doc"], True) or "evidence" in fields
        needs_check = (
            needs_check
            or (ev.get("evidence") is None and "text" in ev)
            or (n is None and ev.get("status") == "orphaned")  # its text may be back
        )
        doc = ev["doc"]
        anchored: bool | None = None  # None: not checked, status left as it is
        if doc not in new_docs:
            anchored = False
            kept_from_removed_docs[doc] = kept_from_removed_docs.get(doc, 0) + 1
        elif needs_check:
            anchored = anchoring.check(ev)
        if anchored is False and ev.get("status") != "rejected":
            _set(ev, "status", "orphaned")
        elif anchored and ev.get("status") == "orphaned":
            ev["status"] = "active"
        _finish(ev, fields)
        if fields:
            summary["kept_as_edited"] += 1
        if n is not None and _sans_edited(ev) != _sans_edited(mine):
            summary["updated"] += 1
        out_events.append(ev)

    for n in unmatched:
        if n["id"] in claimed:
            continue
        if n["id"] in deleted:
            summary["removed_by_user"] += 1
            continue
        summary["added"] += 1
        out_events.append(dict(n))

    for doc_id, count in sorted(kept_from_removed_docs.items()):
        docs.setdefault(doc_id, dict(user_docs.get(doc_id) or {"id": doc_id, "path": ""}))
        if not removed_docs_ok:
            dropped = dropped_from_removed_docs.pop(doc_id, 0)
            warnings.append(
                f"document {doc_id} is no longer in the input: its {count} hand-edited "
                f"event(s) were kept and flagged orphaned, {dropped} other(s) dropped"
            )
    if not removed_docs_ok:
        for doc_id, dropped in sorted(dropped_from_removed_docs.items()):
            warnings.append(
                f"document {doc_id} is no longer in the input: its {dropped} event(s) were dropped"
            )

    out_events.sort(key=_sort_key)
    summary["orphaned"] = sum(e.get("status") == "orphaned" for e in out_events)
    summary["rejected"] = sum(e.get("status") == "rejected" for e in out_events)
    data: dict[str, Any] = {}
    for k, v in user.items():
        data[k] = v
    data.setdefault("version", 1)
    data["documents"] = [docs[k] for k in sorted(docs)]
    data["events"] = out_events
    return MergeResult(data, summary, warnings)


def _match(
    mine: dict[str, Any], candidates: list[dict[str, Any]], claimed: set[str]
) -> dict[str, Any] | None:
    """The new event quoting the same words in the same document, nearest the old place.

    Ids come from the sentence text, so editing a sentence in the source changes the
    id of its event; the hand edits follow the quotation.
    """
    evidence = mine.get("evidence")
    if not isinstance(evidence, dict) or not evidence.get("text"):
        return None
    quote, at = evidence["text"], evidence.get("start", 0)
    best: dict[str, Any] | None = None
    for n in candidates:
        ne = n.get("evidence")
        if (
            n["id"] in claimed
            or n.get("doc") != mine.get("doc")
            or not isinstance(ne, dict)
            or ne.get("text") != quote
        ):
            continue
        if best is None or abs(ne["start"] - at) < abs(best["evidence"]["start"] - at):
            best = n
    return best


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
    base = read_json_file(base_path(events_path)) if loaded is not None else None
    if base is not None and not isinstance(base, dict):
        base = None
    new_raw = base_dump(new) if isinstance(new, EventsFile) else new
    text_of: TextOf = (
        texts.get if texts is not None else DocumentTexts(events_path, new_raw["documents"])
    )
    written = written_ids(events_path)
    result = merge_data(
        base,
        loaded.raw if loaded is not None else None,
        new_raw,
        removed=removed_ids(events_path),
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
