"""Shared helpers for the dashboard tests: the fixture corpus and row builders."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

from timeline.dashboard.data import Row, build_rows
from timeline.schema import EventsFile

FIXTURE_DIR = Path(__file__).parent / "fixtures" / "dashboard"
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def copy_fixture(dest: Path) -> Path:
    """Copy the fixture events file and its documents; return the copied events path."""
    shutil.copytree(FIXTURE_DIR, dest, dirs_exist_ok=True)
    return dest / "events.json"


def fixture_model() -> EventsFile:
    return EventsFile.model_validate(json.loads((FIXTURE_DIR / "events.json").read_text()))


def fixture_rows() -> list[Row]:
    return build_rows(fixture_model())


def row(
    id: str = "e",
    doc: str = "d",
    date: str = "2019-03-14",
    earliest: str | None = "2019-03-14",
    latest: str | None = "2019-03-14",
    title: str = "Something happened",
    how: str = "explicit",
    confidence: float = 0.9,
    status: str = "active",
    sentence: str = "",
    source: str = "",
    salience: float | None = None,
) -> Row:
    return Row(
        id=id,
        doc=doc,
        doc_title=f"Doc {doc}",
        date=date,
        earliest=earliest,
        latest=latest,
        title=title,
        evidence=date,
        sentence=sentence,
        how=how,
        confidence=confidence,
        status=status,
        edited=False,
        haystack=f"{title}\n{sentence}\n{date}\n{source}".lower(),
        source=source,
        salience=salience,
    )


def write_many_events(root: Path, n_events: int, n_docs: int) -> Path:
    """A consistent corpus of `n_events` day-dated events, one per line of each document,
    spread over 2000-2019: enough to switch the timeline to its count view."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    documents, events = [], []
    for d in range(n_docs):
        doc_id = f"doc{d:03d}"
        text = ""
        for k in range(d, n_events, n_docs):
            day = f"{2000 + k % 20}-{k % 12 + 1:02d}-{k % 28 + 1:02d}"
            sentence = f"Council {doc_id} met about item {k} on {day}."
            start = len(text)
            ev_start = start + sentence.index(day)
            events.append({
                "id": f"{doc_id}-e{k}", "doc": doc_id, "date": day, "earliest": day,
                "latest": day, "title": f"Council {doc_id} met about item {k}",
                "evidence": {"start": ev_start, "end": ev_start + len(day), "text": day},
                "sentence": {"start": start, "end": start + len(sentence), "text": sentence},
                "how": "explicit", "confidence": 0.9, "status": "active",
            })  # fmt: skip
            text += sentence + "\n"
        (root / "docs" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        documents.append({"id": doc_id, "path": f"docs/{doc_id}.txt", "title": f"Minutes {d}"})
    path = root / "events.json"
    path.write_text(json.dumps({"version": 1, "documents": documents, "events": events}))
    EventsFile.model_validate(json.loads(path.read_text()))
    return path


def add_stories(events_path: Path) -> Path:
    """Give the fixture two stories: the quay's reopening, told by both documents with dates
    that disagree, and the storm, told by one."""
    raw = json.loads(events_path.read_text(encoding="utf-8"))
    raw["stories"] = [
        {"id": "s-quay", "members": ["e9", "e1"], "date": "2019-03?", "earliest": "2019-03-01",
         "latest": "2019-03-31", "title": "North quay money and reopening",
         "sources": {"documents": ["harbour", "council"], "speakers": []},
         "conflict": "2019-03-14 in 1 source, 2019-04-02 in 1"},
        {"id": "s-storm", "members": ["e3"], "date": "2018-01-09", "earliest": "2018-01-09",
         "latest": "2018-01-09", "title": "Winter storm",
         "sources": {"documents": ["harbour"], "speakers": []}},
    ]  # fmt: skip
    events_path.write_text(json.dumps(raw), encoding="utf-8")
    EventsFile.model_validate(raw)
    return events_path
