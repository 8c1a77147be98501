"""Exports: the timeline out of the tool, as TimelineJS, CSV, an HTML page, JSON Lines or
iCalendar, for exactly the events a user chose.

`render` is the one entry point, used by `timeline export` and by any view that offers
downloads of what it shows (pass the shown event ids in `Selection.ids`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .model import Item, Selection, select

FORMATS = {  # name: (file extension, media type)
    "timelinejs": (".json", "application/json"),
    "csv": (".csv", "text/csv"),
    "html": (".html", "text/html"),
    "jsonl": (".jsonl", "application/x-ndjson"),
    "ics": (".ics", "text/calendar"),
}
GROUPS = ("document", "actor")

__all__ = ["FORMATS", "GROUPS", "Export", "Item", "Selection", "render", "select"]


@dataclass(frozen=True)
class Export:
    content: str
    filename: str
    media_type: str
    events: int  # how many events it holds
    left_out: int = 0  # selected but not representable (iCalendar: no exact day)


def render(
    data: dict[str, Any],
    fmt: str,
    selection: Selection | None = None,
    *,
    events_path: Path | None = None,
    docs: Sequence[str | Path] | None = None,
    group_by: str = "document",
    title: str | None = None,
    now: datetime | None = None,
) -> Export:
    """Export the selected events of an events file's data (as loaded from JSON).

    Document texts (for the HTML page's source paragraphs) are read only inside the
    roots of `events_path` and `docs` (see `timeline.roots`). Raises ValueError for
    an unknown format or group and EDTFError for a bad date filter.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if group_by not in GROUPS:
        raise ValueError(f"unknown group {group_by!r}: expected document or actor")
    items = select(data, selection or Selection())
    name = (title or "timeline").strip() or "timeline"
    extension, media = FORMATS[fmt]
    left_out = 0
    if fmt == "timelinejs":
        from . import timelinejs

        content = json.dumps(timelinejs.render(items, group_by, title), ensure_ascii=False,
                             indent=1) + "\n"
    elif fmt == "csv":
        from . import table

        content = table.render(items)
    elif fmt == "jsonl":
        from . import lines

        content = lines.render(items)
    elif fmt == "ics":
        from . import icalendar

        content, left_out = icalendar.render(items, now)
    else:
        from . import page

        content = page.render(items, _texts(data, events_path, docs), group_by, name)
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in name.lower()).strip("-")
    return Export(content, f"{stem or 'timeline'}{extension}", media, len(items) - left_out,
                  left_out)


def _texts(
    data: dict[str, Any], events_path: Path | None, docs: Sequence[str | Path] | None
) -> Callable[[str], str | None]:
    if events_path is None:
        return lambda _doc: None
    from timeline.curation.texts import DocumentTexts
    from timeline.roots import default_roots

    return DocumentTexts(
        events_path, list(data.get("documents", [])), default_roots(events_path, docs)
    )
