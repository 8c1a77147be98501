"""What every export starts from: the events a user chose, each with its source.

Exports read the events file as it is on disk (hand edits included) and never
change it. The selection mirrors the dashboard's filters so that an export of a
view and the view itself show the same events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from timeline.dates import EDTFError, bounds


@dataclass(frozen=True)
class Selection:
    """Which events to export: dates overlap [date_from, date_to] (EDTF, either open)."""

    date_from: str | None = None
    date_to: str | None = None
    docs: tuple[str, ...] = ()
    min_confidence: float = 0.0
    include_rejected: bool = False
    ids: frozenset[str] | None = None  # exactly these events (a dashboard view)

    def window(self) -> tuple[str | None, str | None]:
        """ISO day bounds of the date filter; EDTFError names a bad bound."""
        lo = bounds(self.date_from)[0] if self.date_from else None
        hi = bounds(self.date_to)[1] if self.date_to else None
        return lo, hi


@dataclass(frozen=True)
class Item:
    """One exported event with what a reader needs to judge it."""

    event: dict[str, Any]
    doc: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.event["id"])

    @property
    def date(self) -> str:
        return str(self.event.get("date", ""))

    @property
    def earliest(self) -> str | None:
        return self.event.get("earliest")

    @property
    def latest(self) -> str | None:
        return self.event.get("latest")

    @property
    def title(self) -> str:
        return str(self.event.get("title") or "")

    def _span_text(self, name: str) -> str:
        span = self.event.get(name)
        return str(span.get("text") or "") if isinstance(span, dict) else ""

    @property
    def quote(self) -> str:
        """The sentence the event was read from, else its evidence."""
        return self._span_text("sentence") or self._span_text("evidence")

    @property
    def who(self) -> str:
        return self._span_text("attribution")

    @property
    def doc_id(self) -> str:
        return str(self.event.get("doc", ""))

    @property
    def doc_title(self) -> str:
        return str(self.doc.get("title") or self.doc_id)

    @property
    def url(self) -> str:
        url = self.doc.get("url")
        return str(url) if isinstance(url, str) and url.startswith(("http://", "https://")) else ""

    @property
    def source(self) -> str:
        """"Harbour Times, 2021-03-04, says police" in one line."""
        parts = [self.doc_title]
        if self.doc.get("site") and self.doc.get("site") != self.doc_title:
            parts.append(str(self.doc["site"]))
        if self.doc.get("published"):
            parts.append(str(self.doc["published"]))
        line = ", ".join(parts)
        return f"{line}; according to {self.who}" if self.who else line

    @property
    def offset(self) -> int | None:
        for name in ("sentence", "evidence"):
            span = self.event.get(name)
            if isinstance(span, dict) and isinstance(span.get("start"), int):
                return span["start"]
        return None


def _overlaps(event: dict[str, Any], lo: str | None, hi: str | None) -> bool:
    earliest, latest = event.get("earliest"), event.get("latest")
    if earliest is None and latest is None:
        try:
            earliest, latest = bounds(str(event.get("date", "")))
        except EDTFError:
            return lo is None and hi is None
    if lo and latest is not None and latest < lo:
        return False
    return not (hi and earliest is not None and earliest > hi)


def select(data: dict[str, Any], selection: Selection) -> list[Item]:
    """The chosen events in time order (earliest day, then id), each with its document."""
    lo, hi = selection.window()
    docs = {d.get("id"): d for d in data.get("documents", []) if isinstance(d, dict)}
    wanted_docs = set(selection.docs)
    items = []
    for e in data.get("events", []):
        if not isinstance(e, dict) or "id" not in e:
            continue
        if selection.ids is not None and e["id"] not in selection.ids:
            continue
        if e.get("status") == "rejected" and not selection.include_rejected:
            continue
        if wanted_docs and e.get("doc") not in wanted_docs:
            continue
        if float(e.get("confidence", 0.5)) < selection.min_confidence:
            continue
        if not _overlaps(e, lo, hi):
            continue
        items.append(Item(e, docs.get(e.get("doc"), {"id": e.get("doc")})))
    items.sort(key=lambda i: (i.earliest or i.latest or "", i.latest or "9999", i.id))
    return items


def groups(items: Iterable[Item], by: str) -> Callable[[Item], str]:
    """How to label an item's lane: its document's title or who says so."""
    del items
    if by == "actor":
        return lambda i: i.who or "unattributed"
    return lambda i: i.doc_title
