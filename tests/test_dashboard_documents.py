"""The dashboard reads documents with the project's reader, inside the allowed folders."""

from __future__ import annotations

import json
from pathlib import Path

from timeline.dashboard.data import EventStore
from timeline.schema import Document


def _events_file(folder: Path, doc_path: str) -> Path:
    events = folder / "events.json"
    events.write_text(json.dumps({
        "version": 1,
        "documents": [{"id": "d", "path": doc_path}],
        "events": [],
    }))  # fmt: skip
    return events


def test_crlf_text_keeps_its_raw_offsets(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_bytes(b"First line.\r\nThe port closed in 1987.\r\n")
    store = EventStore(_events_file(tmp_path, "d.txt"), docs=[str(tmp_path)])
    text = store.document_text(Document(id="d", path="d.txt"))
    assert text is not None and "\r\n" in text
    start = text.index("1987")
    assert text[start : start + 4] == "1987" and start == 32  # counted in raw characters


def test_a_path_outside_the_folders_is_never_read(tmp_path: Path) -> None:
    inside = tmp_path / "project"
    inside.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("do not show")
    store = EventStore(_events_file(inside, "../secret.txt"), docs=[str(inside)])
    assert store.document_text(Document(id="d", path="../secret.txt")) is None
    assert store.document_text(Document(id="d", path=str(secret))) is None
    assert store.document_text(Document(id="d", path="/etc/passwd")) is None


def test_the_source_view_shows_where_a_document_comes_from() -> None:
    from timeline.dashboard.source_view import provenance

    doc = Document(id="d", path="pages/port.html", format="html", site="Harbour News",
                   author="A. Reporter", url="https://example.org/port",
                   published="2019-03-14", published_source="html-meta",
                   retrieved="2019-03-15T08:00:00Z")  # fmt: skip
    shown = [getattr(p, "children", None) for p in provenance(doc)]
    assert "site Harbour News" in shown and "by A. Reporter" in shown
    assert "published 2019-03-14 from the page's metadata" in shown
    link = [p for p in provenance(doc) if getattr(p, "href", None)]
    assert link and link[0].href == "https://example.org/port"
    unsafe = Document(id="d", path="x.html", url="javascript:alert(1)")
    assert not [p for p in provenance(unsafe) if getattr(p, "href", None)]
