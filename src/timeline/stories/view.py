"""What a stories view shows and does, as plain functions over events-file data.

A page draws one mark per story from `story_rows`, lists a story's quotes from
`story_quotes`, and writes merges and splits as the edits `merge_into` and `split_out`
return: the same hand edits a person makes in the file, so the next `extract` keeps them.
"""

from __future__ import annotations

import copy
from typing import Any


def _stories(data: dict[str, Any]) -> list[dict[str, Any]]:
    stories = data.get("stories")
    return [s for s in stories if isinstance(s, dict)] if isinstance(stories, list) else []


def story_rows(data: dict[str, Any], min_sources: int = 1) -> list[dict[str, Any]]:
    """One row per story told by at least `min_sources` documents, in date order."""
    rows = []
    for s in _stories(data):
        sources = s.get("sources") or {}
        documents = sources.get("documents") or []
        if len(documents) < min_sources or not s.get("members"):
            continue  # an emptied story only keeps its events apart
        rows.append({
            "id": s["id"],
            "date": s.get("date"),
            "earliest": s.get("earliest"),
            "latest": s.get("latest"),
            "title": s.get("title", ""),
            "sources": len(documents),
            "speakers": len(sources.get("speakers") or []),
            "members": len(s.get("members") or []),
            "conflict": s.get("conflict"),
            "edited": bool(s.get("edited")),
        })
    rows.sort(key=lambda r: (r["earliest"] or "", r["id"]))
    return rows


def story_quotes(data: dict[str, Any], story_id: str) -> list[dict[str, Any]]:
    """Each member's quote with its document and who says so, for linking to the source."""
    story = next((s for s in _stories(data) if s.get("id") == story_id), None)
    if story is None:
        return []
    events = {e["id"]: e for e in data.get("events", []) if isinstance(e, dict) and "id" in e}
    docs = {d["id"]: d for d in data.get("documents", []) if isinstance(d, dict) and "id" in d}
    quotes = []
    for member in story.get("members") or []:
        e = events.get(member)
        if e is None:
            continue
        doc = docs.get(e.get("doc"), {})
        quotes.append({
            "event": member,
            "doc": e.get("doc"),
            "document_title": doc.get("title"),
            "path": doc.get("path"),
            "date": e.get("date"),
            "evidence": e.get("evidence"),
            "sentence": (e.get("sentence") or {}).get("text"),
            "says": (e.get("attribution") or {}).get("text"),
        })
    quotes.sort(key=lambda q: (q["doc"] or "", (q["evidence"] or {}).get("start", 0)))
    return quotes


def merge_into(data: dict[str, Any], story_id: str, target_id: str) -> dict[str, Any]:
    """A copy of `data` in which story `story_id` is merged into `target_id`."""
    out = copy.deepcopy(data)
    ids = {s.get("id") for s in _stories(out)}
    if story_id == target_id or not {story_id, target_id} <= ids:
        raise ValueError(f"cannot merge story {story_id!r} into {target_id!r}")
    for s in _stories(out):
        if s.get("id") == story_id:
            s["merged_into"] = target_id
    return out


def split_out(data: dict[str, Any], story_id: str, event_id: str) -> dict[str, Any]:
    """A copy of `data` in which event `event_id` no longer belongs to story `story_id`."""
    out = copy.deepcopy(data)
    story = next((s for s in _stories(out) if s.get("id") == story_id), None)
    if story is None or event_id not in (story.get("members") or []):
        raise ValueError(f"event {event_id!r} is not in story {story_id!r}")
    story["members"] = [m for m in story["members"] if m != event_id]
    return out
