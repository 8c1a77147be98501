"""The stories list: one entry per story (a happening several sources tell), and the
chosen story's quotes, each a button selecting that event so its source text shows.

Rows and quotes come from `timeline.stories.view`, over the stories of the file as it is
on disk; the member events are dumped once per file version, not per click.
"""

from __future__ import annotations

from threading import Lock
from typing import Any

from dash import html

from timeline.stories.view import story_quotes, story_rows

from . import ids
from .data import Snapshot

_CACHE: dict[str, dict[str, Any]] = {}
_CACHE_LOCK = Lock()


def story_data(snap: Snapshot) -> dict[str, Any]:
    """The stories, their member events and the documents, as events-file data."""
    with _CACHE_LOCK:
        if snap.version in _CACHE:
            return _CACHE[snap.version]
    model = snap.model
    if model is None or not model.stories:
        data: dict[str, Any] = {"stories": [], "events": [], "documents": []}
    else:
        members = {m for s in model.stories for m in s.members}
        data = {
            "stories": [s.model_dump(mode="json") for s in model.stories],
            "events": [e.model_dump(mode="json") for e in model.events if e.id in members],
            "documents": [d.model_dump(mode="json") for d in model.documents],
        }
    with _CACHE_LOCK:
        if len(_CACHE) > 4:
            _CACHE.clear()
        _CACHE[snap.version] = data
    return data


def rows(snap: Snapshot, min_sources: int) -> list[dict[str, Any]]:
    return story_rows(story_data(snap), max(1, min_sources))


def quotes(snap: Snapshot, story_id: str) -> list[dict[str, Any]]:
    return story_quotes(story_data(snap), story_id)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def story_mark(row: dict[str, Any], chosen: bool) -> html.Button:
    """A story's entry: date, title, how many sources tell it, and a conflict when they
    disagree on the date."""
    parts: list[Any] = [
        html.Span(row["date"] or "undated", className="story-date"),
        html.Span(row["title"] or row["id"], className="story-title"),
        html.Span(_count(row["sources"], "source"), className="story-sources"),
    ]
    if row["conflict"]:
        parts.append(html.Span(f"sources disagree: {row['conflict']}", className="story-conflict"))
    css = "story-mark" + (" chosen" if chosen else "") + (" conflict" if row["conflict"] else "")
    return html.Button(parts, id={"type": ids.STORY_MARK, "story": row["id"]}, n_clicks=0,
                       className=css, **{"aria-pressed": "true" if chosen else "false"})


def quote_item(q: dict[str, Any], selected_event: str) -> html.Li:
    """One source's quote, with its document and who says so; a click selects the event."""
    says = f"according to {q['says']}" if q["says"] else "no source named"
    quote = q["sentence"] or (q["evidence"] or {}).get("text") or ""
    button = html.Button(
        [html.Span(q["document_title"] or q["doc"] or "", className="quote-doc"),
         html.Span(f"{says}, dated {q['date']}", className="quote-who"),
         html.Q(quote, className="quote-text")],
        id={"type": ids.STORY_QUOTE, "event": q["event"]}, n_clicks=0,
        className="story-quote" + (" chosen" if q["event"] == selected_event else ""),
        title="Show this quote in its source",
    )  # fmt: skip
    return html.Li(button)


def panel(snap: Snapshot, min_sources: int, story_id: str, selected_event: str) -> list[Any]:
    """The list of stories told by at least `min_sources` documents, then the chosen
    story's quotes (empty when the filter is 0: the list is hidden)."""
    if min_sources <= 0 or not snap.ok:
        return []
    found = rows(snap, min_sources)
    heading = html.H2(
        f"Stories told by at least {_count(min_sources, 'source')}: {len(found)}",
        className="stories-heading",
    )
    if not found:
        hint = ("This events file has no stories yet: `timeline extract` groups them."
                if snap.model is not None and not snap.model.stories
                else "No story is told by that many sources; lower the number.")  # fmt: skip
        return [heading, html.P(hint, className="hint")]
    marks = html.Div([story_mark(r, r["id"] == story_id) for r in found], className="story-list",
                     role="group", **{"aria-label": "Stories"})  # fmt: skip
    out: list[Any] = [heading, marks]
    chosen = next((r for r in found if r["id"] == story_id), None)
    if chosen is not None:
        out.append(html.H3(f"Who says so: {chosen['title']}", className="stories-heading"))
        out.append(html.Ol([quote_item(q, selected_event) for q in quotes(snap, story_id)],
                           className="story-quotes"))  # fmt: skip
    return out
