"""The events file as the page sees it: loaded once per change on disk, never per click.

Every callback asks `EventStore.current()`; a `stat` decides whether the file must be
read again, so edits made by hand, by `extract` or by the page itself show up on the
next request without restarting the server.
"""

from __future__ import annotations

import json
import os
import re
import threading
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from timeline.dates import EDTFError, bounds
from timeline.schema import Document, Event, EventsFile

TEXT_ENCODING = "utf-8-sig"


@dataclass(frozen=True)
class Row:
    """One event flattened for the figure and the table (sortable, cheap to filter)."""

    id: str
    doc: str
    doc_title: str
    date: str
    earliest: str | None
    latest: str | None
    title: str
    evidence: str
    sentence: str
    how: str
    confidence: float
    status: str
    edited: bool
    # Lowercased title + sentence + evidence + source, for free-text search.
    haystack: str
    # Who says so: the source the sentence names ("police"), or "".
    source: str = ""
    # How central the event is to its document, in [0, 1], when the extractor says.
    salience: float | None = None
    # Another document gives the same happening (same title) a date that cannot overlap.
    conflict: bool = False
    # Where the event counts in the count view: the middle of a closed range, else its
    # one known end; and that day's month as a number (year * 12 + month - 1).
    anchor: str | None = field(init=False, compare=False, repr=False)
    anchor_month: int | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        day = _anchor_day(self.earliest, self.latest)
        object.__setattr__(self, "anchor", day)
        object.__setattr__(
            self, "anchor_month", int(day[:4]) * 12 + int(day[5:7]) - 1 if day else None
        )


def _anchor_day(earliest: str | None, latest: str | None) -> str | None:
    if earliest and latest:
        if earliest == latest:
            return earliest
        try:
            a, b = date.fromisoformat(earliest), date.fromisoformat(latest)
        except ValueError:
            return earliest
        return (a + (b - a) / 2).isoformat()
    return earliest or latest


@dataclass
class Snapshot:
    """What was on disk at one moment, or why it could not be read."""

    path: Path
    version: str
    model: EventsFile | None = None
    rows: list[Row] = field(default_factory=list)
    by_id: dict[str, Row] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    # Each document's events in file order: the source view underlines them.
    by_doc: dict[str, list[Event]] = field(default_factory=dict)
    error: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def mtime(self) -> float:
        """When the file was last written, from the version stamp (0 when missing)."""
        head = self.version.split("-", 1)[0]
        return int(head) / 1e9 if head.isdigit() else 0.0


def _stat_version(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return "missing"
    return f"{st.st_mtime_ns}-{st.st_size}"


def _read_model(path: Path) -> EventsFile:
    """Read through the curation module when present, so validation rules are shared."""
    try:
        from timeline.curation import load_events_file  # type: ignore[attr-defined]
    except ImportError:
        load_events_file = None
    if load_events_file is not None:
        loaded = load_events_file(path)
        if loaded is None:
            raise FileNotFoundError(str(path))
        return loaded.model
    raw = json.loads(path.read_text(encoding=TEXT_ENCODING))
    return EventsFile.model_validate(raw)


def _describe_validation(path: Path, exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors()[:20]:
        where = ".".join(str(p) for p in err["loc"])
        out.append(f"{path}: {where}: {err['msg']}")
    return out


def _event_bounds(ev: Event) -> tuple[str | None, str | None]:
    """Trust stored bounds; derive them from `date` when a hand edit left them out."""
    if ev.earliest is not None or ev.latest is not None:
        return ev.earliest, ev.latest
    try:
        return bounds(ev.date)
    except EDTFError:
        return None, None


def _salience(ev: Event) -> float | None:
    """Optional: files written before the extractor scored salience have none."""
    value = getattr(ev, "salience", None)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return min(1.0, max(0.0, float(value)))


def build_rows(model: EventsFile) -> list[Row]:
    docs = {d.id: d for d in model.documents}
    rows = []
    for ev in model.events:
        doc = docs.get(ev.doc)
        doc_title = (doc.title if doc and doc.title else None) or ev.doc
        earliest, latest = _event_bounds(ev)
        evidence = ev.evidence.text if ev.evidence else ""
        sentence = ev.sentence.text if ev.sentence else ""
        source = ev.attribution.text if ev.attribution else ""
        rows.append(
            Row(
                id=ev.id,
                doc=ev.doc,
                doc_title=doc_title,
                date=ev.date,
                earliest=earliest,
                latest=latest,
                title=ev.title,
                evidence=evidence,
                sentence=sentence,
                how=ev.how,
                confidence=ev.confidence,
                status=ev.status,
                edited=bool(ev.edited),
                haystack=f"{ev.title}\n{sentence}\n{evidence}\n{source}".lower(),
                source=source,
                salience=_salience(ev),
            )
        )
    return rows


def _title_key(title: str) -> str:
    return " ".join(re.findall(r"\w+", title.lower()))


def mark_conflicts(rows: list[Row]) -> list[Row]:
    """Flag events whose sources disagree: the same title in two or more documents with
    dates that cannot all be true at once (no day common to every reading)."""
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        if r.status != "rejected" and r.earliest and r.latest:
            groups.setdefault(_title_key(r.title), []).append(i)
    out = list(rows)
    for members in groups.values():
        if len({rows[i].doc for i in members}) < 2:
            continue
        latest_start = max(rows[i].earliest or "" for i in members)
        if latest_start > min(rows[i].latest or "" for i in members):
            for i in members:
                out[i] = replace(rows[i], conflict=True)
    return out


def load_snapshot(path: Path) -> Snapshot:
    version = _stat_version(path)
    if version == "missing":
        return Snapshot(
            path,
            version,
            error=f"No events file at {path}.",
            problems=["Create it with: python -m timeline extract"],
        )
    try:
        model = _read_model(path)
    except FileNotFoundError:
        return Snapshot(path, "missing", error=f"No events file at {path}.")
    except json.JSONDecodeError as exc:
        return Snapshot(
            path,
            version,
            error=f"{path} is not valid JSON.",
            problems=[f"{path}, line {exc.lineno}, column {exc.colno}: {exc.msg}"],
        )
    except ValidationError as exc:
        return Snapshot(
            path,
            version,
            error=f"{path} does not match the events file format.",
            problems=_describe_validation(path, exc),
        )
    except Exception as exc:  # curation errors carry a list of problems
        problems = [str(p) for p in getattr(exc, "problems", None) or [str(exc)]]
        return Snapshot(path, version, error=f"{path} could not be read.", problems=problems)
    rows = mark_conflicts(build_rows(model))
    by_doc: dict[str, list[Event]] = {}
    for ev in model.events:
        by_doc.setdefault(ev.doc, []).append(ev)
    return Snapshot(
        path,
        version,
        model=model,
        rows=rows,
        by_id={r.id: r for r in rows},
        documents={d.id: d for d in model.documents},
        events={e.id: e for e in model.events},
        by_doc=by_doc,
    )


class EventStore:
    """Thread-safe cache of the events file, refreshed when its mtime or size changes."""

    def __init__(
        self, path: str | os.PathLike[str], docs: list[str] | None = None
    ) -> None:
        from timeline.roots import default_roots

        self.path = Path(path)
        self.roots = default_roots(self.path, docs)
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._texts: dict[tuple[str, str], str] = {}

    def current(self) -> Snapshot:
        version = _stat_version(self.path)
        with self._lock:
            snap = self._snapshot
            if snap is None or snap.version != version:
                snap = load_snapshot(self.path)
                self._snapshot = snap
                self._texts.clear()
            return snap

    def document_text(self, doc: Document) -> str | None:
        """The document's text, read by the project's one reader (no newline translation,
        so CRLF offsets stay exact) and only inside the allowed folders: the events file's
        folder and the `--docs` folders. None when missing, unreadable or refused."""
        from timeline.roots import OutsideRoots, document_text

        key = (doc.id, doc.path)
        with self._lock:
            if key in self._texts:
                return self._texts[key]
        try:
            text = document_text(doc.model_dump(), self.path, self.roots)
        except OutsideRoots:
            return None  # never read, never shown
        if text is None:
            return None
        with self._lock:
            self._texts[key] = text
        return text
