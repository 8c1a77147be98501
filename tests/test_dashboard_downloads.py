"""Downloads of the filtered view: the page's filters -> the ids shown -> the exported rows."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from test_dashboard_support import copy_fixture
from timeline.dashboard import downloads, ids
from timeline.dashboard import filters as flt
from timeline.dashboard.data import EventStore
from timeline.dashboard.layout import build_layout
from timeline.dashboard.views import Services, ViewCache
from timeline.export import FORMATS


@pytest.fixture()
def services(tmp_path: Path) -> Services:
    return Services(EventStore(copy_fixture(tmp_path / "corpus")), ViewCache())


def _csv_ids(content: str) -> list[str]:
    return [r["id"] for r in csv.DictReader(io.StringIO(content))]


CASES = [  # (address of the view, ids the download holds)
    ("?doc=council&from=2019&to=2019-06", {"e9", "e13"}),
    ("?doc=council", {"e9", "e10", "e12", "e13"}),
    ("?doc=council&rejected=1", {"e9", "e10", "e11", "e12", "e13"}),
    ("?doc=harbour&inferred=0&conf=0.8", {"e1", "e2", "e3", "e4"}),
    ("?q=breakwater", None),  # whatever the text search finds, checked against the view
]


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_csv_rows_are_exactly_the_filtered_view(
    services: Services, query: str, expected: set[str] | None
) -> None:
    f = flt.from_query(query)
    snap = services.store.current()
    view = {r.id for r in flt.apply(snap.rows, f)}
    assert downloads.shown_ids(services, snap, f) == view
    if expected is not None:
        assert view == expected
    result = downloads.download(services, f, "csv")
    assert result.export is not None, result.problem
    rows = _csv_ids(result.export.content)
    assert sorted(rows) == sorted(view) and len(rows) == len(set(rows))
    assert result.export.filename.endswith(".csv")


def test_a_rejected_event_shown_is_exported_with_its_status(services: Services) -> None:
    result = downloads.download(services, flt.from_query("?doc=council&rejected=1"), "csv")
    assert result.export is not None
    statuses = {r["id"]: r["status"] for r in csv.DictReader(io.StringIO(result.export.content))}
    assert statuses["e11"] == "rejected"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_holds_the_view(services: Services, fmt: str) -> None:
    f = flt.from_query("?doc=council")
    result = downloads.download(services, f, fmt)
    assert result.export is not None, result.problem
    e = result.export
    assert e.filename.endswith(FORMATS[fmt][0])
    assert e.events + e.left_out == 4
    if fmt == "jsonl":
        assert {json.loads(line)["id"] for line in e.content.splitlines()} == {
            "e9", "e10", "e12", "e13"}  # fmt: skip
    assert f"{e.events} event" in downloads.describe(result)


def test_hand_edit_on_disk_is_in_the_next_download(services: Services) -> None:
    path = services.store.path
    raw = json.loads(path.read_text(encoding="utf-8"))
    next(e for e in raw["events"] if e["id"] == "e9")["title"] = "Edited by hand"
    path.write_text(json.dumps(raw), encoding="utf-8")
    result = downloads.download(services, flt.from_query("?doc=council"), "csv")
    assert result.export is not None
    assert "Edited by hand" in result.export.content


def test_bad_date_filter_or_format_is_a_message_not_a_file(services: Services) -> None:
    bad_date = downloads.download(services, flt.from_query("?from=April"), "csv")
    assert bad_date.export is None and "From/To" in downloads.describe(bad_date)
    bad_fmt = downloads.download(services, flt.Filters(), "pdf")
    assert bad_fmt.export is None and "pdf" in bad_fmt.problem


def test_broken_file_is_a_message(tmp_path: Path) -> None:
    events = tmp_path / "events.json"
    events.write_text('{"version": 1, "events": [', encoding="utf-8")
    services = Services(EventStore(events), ViewCache())
    result = downloads.download(services, flt.Filters(), "csv")
    assert result.export is None and "cannot be read" in result.problem


def _find(node: object, id_: str) -> object | None:
    if getattr(node, "id", None) == id_:
        return node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            found = _find(child, id_)
            if found is not None:
                return found
    return None


def test_a_labelled_button_per_format_and_a_download(services: Services) -> None:
    page = build_layout(services.store)
    assert set(downloads.LABELS) == set(FORMATS)
    for fmt, label in downloads.LABELS.items():
        button = _find(page, ids.EXPORT_PREFIX + fmt)
        assert button is not None and button.children == label
        assert type(button).__name__ == "Button"  # focusable, Enter and Space click it
    assert _find(page, ids.EXPORT_DOWNLOAD) is not None
