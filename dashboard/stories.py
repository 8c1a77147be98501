"""The stories of the events file as the stories view shows them: filtered like the page,
with hand merges and splits made since the last extract already previewed.

A story merged or split here is written as a hand edit (`story_edits`); its date,
sources and conflict are only recomputed by the next `extract`. Until then the view
folds a merged story into its target and describes a changed story from its members
with the stories' own `describe`, marked "applies at the next extract".
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from threading import Lock
from typing import Any

from timeline.stories.describe import describe, spread
from timeline.stories.view import story_quotes, story_rows

from . import filters as flt
from .data import Row, Snapshot

PENDING = "changed here: applies at the next extract"
_CACHE: dict[str, list[dict[str, Any]]] = {}
_CACHE_LOCK = Lock()


def _member(r: Row) -> dict[str, Any]:
    """An event as `describe` reads it, from the page's flattened row."""
    return {"id": r.id, "doc": r.doc, "date": r.date, "earliest": r.earliest,
            "latest": r.latest, "title": r.title, "confidence": r.confidence,
            "attribution": {"text": r.source} if r.source else None}  # fmt: skip


def _final_target(s: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    seen = {s["id"]}
    target = by_id.get(s.get("merged_into") or "")
    while target is not None and target.get("merged_into") and target["id"] not in seen:
        seen.add(target["id"])
        target = by_id.get(target["merged_into"])
    return None if target is None or target["id"] in seen else target


def _fold_merges(stories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stories with `merged_into` moved into their target, as the next extract will."""
    by_id = {s["id"]: s for s in stories}
    kept = []
    for s in stories:
        target = _final_target(s, by_id) if s.get("merged_into") else None
        if target is None:
            kept.append(s)
            continue
        target["members"] = list(dict.fromkeys([*target["members"], *s["members"]]))
        target["pending"] = PENDING
    return kept


def _preview(s: dict[str, Any], rows: dict[str, Row]) -> None:
    """Date, sources and conflict of the story's members as they are now, when they differ
    from what the last extract wrote (a merge or split made since)."""
    members = [_member(rows[m]) for m in s["members"] if m in rows and rows[m].status != "rejected"]
    if not members:
        return
    docs = {m["doc"] for m in members}
    if not s.get("pending") and docs == set(s["sources"]["documents"]) and (
        spread(members) == s.get("conflict")
    ):
        return
    now = describe(members)
    hand = set(s.get("edited") or ())
    for field, keys in (("date", ("date", "earliest", "latest")), ("title", ("title",))):
        if field not in hand:  # a hand-fixed date or title stays, as the merge keeps it
            s.update({k: now[k] for k in keys})
    s["sources"], s["conflict"], s["pending"] = now["sources"], now["conflict"], PENDING


def story_dicts(snap: Snapshot) -> list[dict[str, Any]]:
    """The file's stories as dicts, pending hand edits previewed; once per file version."""
    with _CACHE_LOCK:
        if snap.version in _CACHE:
            return _CACHE[snap.version]
    model = snap.model
    stories = [s.model_dump(mode="json") for s in model.stories] if model is not None else []
    stories = _fold_merges(stories)
    for s in stories:
        _preview(s, snap.by_id)
    with _CACHE_LOCK:
        if len(_CACHE) > 4:
            _CACHE.clear()
        _CACHE[snap.version] = stories
    return stories


def page_filter(f: flt.Filters) -> flt.Filters | None:
    """The page's filters that choose stories: documents, dates and words. None when none
    is set (every story shows). Key-event, confidence and inferred settings do not apply:
    a story told by many sources is worth showing whatever one event scores."""
    if not (f.docs or f.date_from or f.date_to or f.text.strip()):
        return None
    return replace(flt.Filters(), docs=f.docs, date_from=f.date_from, date_to=f.date_to,
                   text=f.text, all_events=True)  # fmt: skip


@dataclass
class StoryView:
    rows: list[dict[str, Any]]  # shown, in date order
    visible: set[str] | None  # the event ids the page's filters keep; None: all
    partial: int  # shown stories with some of their events outside the filters
    total: int  # stories of the file (merged ones folded)


def visible_events(snap: Snapshot, f: flt.Filters) -> set[str] | None:
    """The ids of the events the page's story filters keep (the rows only: the timeline's
    cached views would also lay out a figure nobody draws)."""
    narrowed = page_filter(f)
    if narrowed is None:
        return None
    return {r.id for r in flt.apply(snap.rows, narrowed)}


_VIEWS: OrderedDict[tuple[Any, ...], StoryView] = OrderedDict()


def story_view(snap: Snapshot, f: flt.Filters) -> StoryView:
    """Stories told by at least `f.min_sources` documents with at least one event the
    page's document, date and word filters keep. The figure and the quotes ask for the
    same view at once: it is kept for the last few file versions and filters."""
    key = (snap.version, page_filter(f), max(1, f.min_sources))
    with _CACHE_LOCK:
        if key in _VIEWS:
            _VIEWS.move_to_end(key)
            return _VIEWS[key]
    view = _story_view(snap, f)
    with _CACHE_LOCK:
        _VIEWS[key] = view
        while len(_VIEWS) > 8:
            _VIEWS.popitem(last=False)
    return view


def _story_view(snap: Snapshot, f: flt.Filters) -> StoryView:
    stories = story_dicts(snap)
    visible = visible_events(snap, f)
    rows = story_rows({"stories": stories}, max(1, f.min_sources))
    by_id = {s["id"]: s for s in stories}
    shown, partial = [], 0
    for r in rows:
        s = by_id[r["id"]]
        members = [m for m in s["members"] if m in snap.by_id]
        kept = members if visible is None else [m for m in members if m in visible]
        if not kept:
            continue
        r["pending"] = s.get("pending", "")
        r["hidden"] = len(members) - len(kept)
        partial += bool(r["hidden"])
        shown.append(r)
    return StoryView(shown, visible, partial, len(stories))


def quotes(snap: Snapshot, story_id: str, visible: set[str] | None) -> tuple[list[dict], int]:
    """The story's quotes the page's filters keep, and how many they hide."""
    story = next((s for s in story_dicts(snap) if s["id"] == story_id), None)
    if story is None:
        return [], 0
    members = [m for m in story["members"] if m in snap.events]
    data = {
        "stories": [story],
        "events": [snap.events[m].model_dump(mode="json") for m in members],
        "documents": [d.model_dump(mode="json") for d in snap.documents.values()
                      if any(snap.events[m].doc == d.id for m in members)],
    }  # fmt: skip
    found = story_quotes(data, story_id)
    kept = [q for q in found if visible is None or q["event"] in visible]
    return kept, len(found) - len(kept)


def preview_merge(snap: Snapshot, story_id: str, target_id: str) -> dict[str, Any] | None:
    """What the merged story would say (date, sources, conflict), before confirming."""
    by_id = {s["id"]: s for s in story_dicts(snap)}
    if story_id not in by_id or target_id not in by_id or story_id == target_id:
        return None
    ids = dict.fromkeys([*by_id[target_id]["members"], *by_id[story_id]["members"]])
    members = [_member(snap.by_id[m]) for m in ids if m in snap.by_id]
    return describe(members) if members else None
