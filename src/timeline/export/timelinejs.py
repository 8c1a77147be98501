"""TimelineJS3 JSON: the story-telling timeline many newsrooms embed.

Each event becomes a slide: `start_date`/`end_date` carry only the parts the EDTF
date is precise to (a year stays a year), `display_date` says "about 1998" or
"1990s" where the parts alone would overstate certainty, `text` holds the title as
headline and the quote with its source as HTML (escaped), `group` is the lane and
`unique_id` the event id.
"""

from __future__ import annotations

import html
import re
from typing import Any

from .dates import Parts, date_parts, from_iso
from .model import Item, groups


def _date(parts: Parts) -> dict[str, Any]:
    out: dict[str, Any] = {"year": parts.year}
    if parts.month:
        out["month"] = parts.month
    if parts.day:
        out["day"] = parts.day
    return out


def _dates(item: Item) -> tuple[dict[str, Any], dict[str, Any] | None, str | None]:
    """(start_date, end_date, display_date) at the date's own precision."""
    found = date_parts(item.date)
    if found is None or found[0] is None:
        # A shape without parts (or "until 2019"): the derived days, and the words.
        start_day = item.earliest or item.latest
        if start_day is None:
            raise ValueError(f"event {item.id}: date {item.date!r} has no day to place it")
        start = _date(from_iso(start_day))
        end = _date(from_iso(item.latest)) if item.latest and item.latest != start_day else None
        words = found[2] if found else item.date
        return start, end, words
    start, end, words = found
    exact = start.exact and (end is None or end.exact) and "/" not in item.date
    return _date(start), (_date(end) if end else None), (None if exact else words)


def _slug(value: str) -> str:
    """TimelineJS keys slides by a slug of `unique_id`; keep ids that are slugs already."""
    return re.sub(r"[^a-z0-9_-]+", "-", value.lower()).strip("-") or "event"


def _plain(text: str) -> str:
    """For fields TimelineJS strips markup from: angle brackets shown, not dropped."""
    return text.replace("<", "‹").replace(">", "›")


def _text(item: Item) -> str:
    quote = html.escape(item.quote)
    source = html.escape(item.source)
    link = (
        f' <a href="{html.escape(item.url, quote=True)}">{html.escape(item.url)}</a>'
        if item.url
        else ""
    )
    return f"<blockquote>{quote}</blockquote><p>{source}{link}</p>"


def render(items: list[Item], group_by: str = "document", title: str | None = None) -> dict:
    """The TimelineJS3 data object (serialise with json.dumps)."""
    lane = groups(items, group_by)
    used: set[str] = set()
    events = []
    for item in items:
        start, end, display = _dates(item)
        uid = _slug(item.id)
        while uid in used:  # two ids that slug alike ("E1" and "e1")
            uid += "-x"
        used.add(uid)
        slide: dict[str, Any] = {
            "start_date": start,
            "text": {"headline": html.escape(item.title), "text": _text(item)},
            "group": _plain(lane(item)),
            "unique_id": uid,
        }
        if end is not None and end != start:
            slide["end_date"] = end
        if display:
            slide["display_date"] = _plain(display)
        events.append(slide)
    data: dict[str, Any] = {"scale": "human", "events": events}
    if title:
        data["title"] = {"text": {"headline": html.escape(title), "text": ""}}
    return data
