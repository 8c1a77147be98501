"""Filter state: what the user narrowed the timeline to, kept in the URL to share a view.

The query string is the source of truth (`?doc=a&doc=b&from=2001&to=2003-06&q=visit
&conf=0.5&rejected=1&inferred=0&all=1&lanes=how&stories=2&event=e12&story=s3`), so a link
reproduces the view.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlencode

from timeline.dates import EDTFError, bounds
from timeline.schema import KEY_SALIENCE  # one threshold, set beside the schema

from .data import Row
from .editing import explain_date

LANE_MODES = ("document", "how", "actor")


@dataclass(frozen=True)
class Filters:
    docs: tuple[str, ...] = ()
    date_from: str = ""  # any EDTF date; its earliest day is the lower bound
    date_to: str = ""  # any EDTF date; its latest day is the upper bound
    text: str = ""
    min_confidence: float = 0.0
    show_rejected: bool = False
    show_inferred: bool = True
    # Events carrying a salience below KEY_SALIENCE are hidden unless this is on.
    all_events: bool = False
    lanes: str = "document"
    # The stories list shows stories told by at least this many documents; 0 hides it.
    min_sources: int = 0
    event: str = ""  # the selected event, so a shared link opens on it
    story: str = ""  # the chosen story of the stories view


def _flag(values: list[str], default: bool) -> bool:
    if not values:
        return default
    return values[-1].strip().lower() in ("1", "true", "yes", "on")


def from_query(search: str | None) -> Filters:
    """Parse `location.search`; unknown or malformed values fall back to defaults."""
    qs = parse_qs((search or "").lstrip("?"), keep_blank_values=False)
    conf = 0.0
    if qs.get("conf"):
        try:
            conf = min(1.0, max(0.0, float(qs["conf"][-1])))
        except ValueError:
            conf = 0.0
    lanes = (qs.get("lanes") or ["document"])[-1]
    stories = (qs.get("stories") or ["0"])[-1]
    return Filters(
        docs=tuple(dict.fromkeys(d for d in qs.get("doc", []) if d)),
        date_from=(qs.get("from") or [""])[-1].strip(),
        date_to=(qs.get("to") or [""])[-1].strip(),
        text=(qs.get("q") or [""])[-1],
        min_confidence=conf,
        show_rejected=_flag(qs.get("rejected", []), False),
        show_inferred=_flag(qs.get("inferred", []), True),
        all_events=_flag(qs.get("all", []), False),
        lanes=lanes if lanes in LANE_MODES else "document",
        min_sources=min_sources_of(stories),
        event=(qs.get("event") or [""])[-1],
        story=(qs.get("story") or [""])[-1],
    )


def to_query(f: Filters) -> str:
    """Only non-default values, so the plain page keeps a plain address."""
    pairs: list[tuple[str, str]] = [("doc", d) for d in f.docs]
    if f.date_from:
        pairs.append(("from", f.date_from))
    if f.date_to:
        pairs.append(("to", f.date_to))
    if f.text:
        pairs.append(("q", f.text))
    if f.min_confidence > 0:
        pairs.append(("conf", f"{f.min_confidence:g}"))
    if f.show_rejected:
        pairs.append(("rejected", "1"))
    if not f.show_inferred:
        pairs.append(("inferred", "0"))
    if f.all_events:
        pairs.append(("all", "1"))
    if f.lanes != "document":
        pairs.append(("lanes", f.lanes))
    if f.min_sources:
        pairs.append(("stories", str(f.min_sources)))
    if f.event:
        pairs.append(("event", f.event))
    if f.story:
        pairs.append(("story", f.story))
    return "?" + urlencode(pairs) if pairs else ""


MAX_SOURCES = 999


def min_sources_of(value: object) -> int:
    """A whole number of sources from 0 to MAX_SOURCES; anything else is 0 (stories hidden)."""
    try:
        n = int(float(str(value).strip()))
    except (TypeError, ValueError, OverflowError):
        return 0
    return min(MAX_SOURCES, max(0, n))


def with_event(f: Filters, event_id: str) -> Filters:
    return replace(f, event=event_id)


@dataclass(frozen=True)
class DateWindow:
    lo: str | None
    hi: str | None
    errors: tuple[str, ...] = ()


def date_window(f: Filters) -> DateWindow:
    """Turn the typed from/to dates into ISO day bounds, with a reason for a bad entry."""
    lo = hi = None
    errors = []
    if f.date_from:
        try:
            lo = bounds(f.date_from)[0]
        except EDTFError:
            errors.append(f"From: {explain_date(f.date_from)}")
    if f.date_to:
        try:
            hi = bounds(f.date_to)[1]
        except EDTFError:
            errors.append(f"To: {explain_date(f.date_to)}")
    return DateWindow(lo, hi, tuple(errors))


def apply(rows: Iterable[Row], f: Filters) -> list[Row]:
    """Rows passing every filter; an event overlapping the date window is kept."""
    window = date_window(f)
    docs = set(f.docs)
    needle = f.text.strip().lower()
    out = []
    for r in rows:
        if r.status == "rejected" and not f.show_rejected:
            continue
        if r.how == "inferred" and not f.show_inferred:
            continue
        if not f.all_events and r.salience is not None and r.salience < KEY_SALIENCE:
            continue
        if docs and r.doc not in docs:
            continue
        if r.confidence < f.min_confidence:
            continue
        if needle and needle not in r.haystack:
            continue
        # Open ends (None) reach to the edge of time, so they overlap any window.
        if window.lo and r.latest is not None and r.latest < window.lo:
            continue
        if window.hi and r.earliest is not None and r.earliest > window.hi:
            continue
        # An unreadable date cannot be placed; keep it only without a window.
        if r.earliest is None and r.latest is None and (window.lo or window.hi):
            continue
        out.append(r)
    return out
