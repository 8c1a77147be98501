"""Loading the events file: reload on change, clear messages for missing or broken files."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from test_dashboard_support import copy_fixture
from timeline.dashboard.app import create_app
from timeline.dashboard.data import EventStore
from timeline.dashboard.editing import apply_change
from timeline.dashboard.filters import Filters
from timeline.dashboard.layout import filters_of_page, problem_box


def test_store_reads_rows_and_document_text(tmp_path: Path) -> None:
    store = EventStore(copy_fixture(tmp_path))
    snap = store.current()
    assert snap.ok and len(snap.rows) == 13
    doc = snap.documents["council"]
    assert "<script>" in (store.document_text(doc) or "")


def test_store_reloads_when_the_file_changes(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    store = EventStore(path)
    first = store.current()
    assert store.current() is first  # unchanged file: no re-read
    raw = json.loads(path.read_text())
    raw["events"][0]["title"] = "Retitled by hand"
    path.write_text(json.dumps(raw))
    os.utime(path, ns=(first_ns := path.stat().st_mtime_ns + 10**9, first_ns))
    assert store.current().by_id["e1"].title == "Retitled by hand"


def test_missing_file_is_explained(tmp_path: Path) -> None:
    snap = EventStore(tmp_path / "nope.json").current()
    assert not snap.ok and "No events file" in (snap.error or "")
    assert "extract" in " ".join(snap.problems)


def test_broken_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_text('{"version": 1,\n "events": [\n  {"id": "a",,}\n]}')
    snap = EventStore(path).current()
    assert not snap.ok
    # Either wording names the line: "line 3, column 14" or "events.json:3:14".
    assert re.search(r"line 3\b|:3:\d", snap.problems[0]) and str(path) in snap.problems[0]


def test_wrong_field_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_text(json.dumps({"events": [{"id": "a", "doc": "d", "date": "2001",
                                            "title": "t", "confidence": 7}]}))  # fmt: skip
    snap = EventStore(path).current()
    assert not snap.ok
    assert any("confidence" in p for p in snap.problems)
    box = problem_box(snap)
    assert box and "confidence" in str(box[1].to_plotly_json())


def test_empty_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_text(json.dumps({"version": 1, "documents": [], "events": []}))
    snap = EventStore(path).current()
    assert snap.ok and "no events yet" in str(problem_box(snap)[0].children)


def test_app_builds_for_missing_file(tmp_path: Path) -> None:
    app = create_app(tmp_path / "absent.json")
    layout = app.layout()
    assert "absent.json" in json.dumps(layout.to_plotly_json(), default=str)


def test_invalid_date_is_refused_before_any_write(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    before = path.read_bytes()
    ev = EventStore(path).current().events["e1"]
    result = apply_change(path, ev, {"date": "Sept 25"})
    assert not result.ok and "EDTF" in result.message
    result = apply_change(path, ev, {"title": "   "})
    assert not result.ok and "title" in result.message
    assert path.read_bytes() == before


def test_first_render_uses_the_shared_address(tmp_path: Path) -> None:
    """The layout request's Referer carries the page's query: the first draw is the view."""
    app = create_app(copy_fixture(tmp_path))
    headers = {"Referer": "http://127.0.0.1:8050/?doc=council&from=2019&event=e9&lanes=how"}
    with app.server.test_request_context("/_dash-layout", headers=headers):
        f = filters_of_page()
        layout = json.dumps(app.layout().to_plotly_json(), default=lambda o: o.to_plotly_json())
    assert f.docs == ("council",) and f.date_from == "2019" and f.event == "e9"
    assert f.lanes == "how"
    assert '"value": "2019"' in layout and '"data": "e9"' in layout
    with app.server.test_request_context("/_dash-layout"):
        assert filters_of_page() == Filters()


def test_edits_are_written_through_curation(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    store = EventStore(path)
    ev = store.current().events["e9"]
    result = apply_change(path, ev, {"date": "2019-04-03", "title": "Extra money approved"})
    assert result.ok and "2019-04-02 → 2019-04-03" in result.message
    row = store.current().by_id["e9"]
    assert (row.date, row.earliest, row.latest) == ("2019-04-03", "2019-04-03", "2019-04-03")
    assert row.title == "Extra money approved" and row.edited
    rejected = apply_change(path, store.current().events["e9"], {"status": "rejected"})
    assert rejected.ok and store.current().by_id["e9"].status == "rejected"
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert {"date", "title", "status"} <= set(
        next(e for e in raw["events"] if e["id"] == "e9")["edited"]
    )


def test_curation_refusals_are_reported(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    ev = EventStore(path).current().events["e9"]
    result = apply_change(path, ev.model_copy(update={"id": "no-such-event"}), {"title": "x"})
    assert not result.ok and "no-such-event" in result.message
