"""Downloads of what the page shows: the export formats of `timeline export`, for exactly
the events the filters let through (the same `ViewCache` view the timeline and table draw).

The events file is read again as it is on disk, hand edits and key order included, so a
download holds what `timeline export` would write for the same events.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from timeline.export import FORMATS, Export, Selection, render

from . import filters as flt
from .data import Snapshot
from .views import Services

# Button label of each format, in the order shown.
LABELS: dict[str, str] = {
    "timelinejs": "TimelineJS",
    "csv": "CSV",
    "html": "HTML page",
    "jsonl": "JSON Lines",
    "ics": "iCalendar",
}


@dataclass(frozen=True)
class Download:
    """A file to send, or why there is none."""

    export: Export | None = None
    problem: str = ""


def shown_ids(services: Services, snap: Snapshot, f: flt.Filters) -> frozenset[str]:
    """Ids of the events the page's filters show (the zoom only narrows the drawing)."""
    rows = services.views.get(snap, replace(f, event=""))[0]
    return frozenset(r.id for r in rows)


def download(services: Services, f: flt.Filters, fmt: str) -> Download:
    """The chosen format of the filtered view, or a sentence saying why it cannot be made."""
    from timeline.curation import CurationError, load_events_file

    if fmt not in FORMATS:
        return Download(problem=f"Unknown export format {fmt!r}.")
    snap = services.store.current()
    if not snap.ok:
        return Download(problem="The events file cannot be read, so nothing can be exported.")
    if flt.date_window(f).errors:
        return Download(problem="Fix the From/To dates first: the view they describe is unclear.")
    ids = shown_ids(services, snap, f)
    try:
        loaded = load_events_file(services.store.path)
    except CurationError:
        return Download(problem="The events file changed and cannot be read; try again.")
    if loaded is None:
        return Download(problem="The events file is gone; nothing can be exported.")
    # Rejected events are in the view only when the user asked to see them.
    export = render(loaded.raw, fmt, Selection(ids=ids, include_rejected=True),
                    events_path=services.store.path, docs=_doc_roots(services))
    return Download(export=export)


def _doc_roots(services: Services) -> list[str]:
    """The folders the page may read documents from, for the HTML page's paragraphs."""
    return [str(r) for r in services.store.roots]


def describe(d: Download) -> str:
    """What the status line says after a download."""
    if d.export is None:
        return d.problem
    e = d.export
    note = f"; {e.left_out} without an exact day left out" if e.left_out else ""
    return f"Downloaded {e.filename}: {e.events} event{'s' if e.events != 1 else ''}{note}."
