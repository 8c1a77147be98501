"""Corrections from the page: errors that name the wrong part, Restore that truly undoes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_dashboard_support import copy_fixture
from timeline.dashboard.callbacks.timeline import filter_messages
from timeline.dashboard.data import EventStore
from timeline.dashboard.editing import apply_change, explain_date, restore_change
from timeline.dashboard.filters import Filters


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("2017-13-45", "2017-13-45: month 13 does not exist; day 45 does not exist"),
        ("2019-00", "month 0 does not exist"),
        ("2019-02-30", "day 30 does not exist in February 2019 (it has 28 days)"),
        ("2020-02-30", "day 30 does not exist in February 2020 (it has 29 days)"),
        ("2019-04-31/2019-05", "day 31 does not exist in April 2019"),
        ("2019-22-05", "a season (22) has no days"),
        ("April 2nd", "expected an EDTF date such as"),
    ],
)
def test_date_errors_name_the_wrong_part(typed: str, says: str) -> None:
    assert says in explain_date(typed)


@pytest.mark.parametrize("good", ["2019-04-02", "2019-04", "2019-21", "2019-06~", "2000/2003"])
def test_valid_dates_have_no_complaint(good: str) -> None:
    assert explain_date(good) == ""


def test_bad_date_is_refused_with_its_reason(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    before = path.read_bytes()
    result = apply_change(path, EventStore(path).current().events["e9"], {"date": "2017-13-45"})
    assert not result.ok and "month 13 does not exist" in result.message
    assert path.read_bytes() == before


def _raw_event(path: Path, event_id: str) -> dict:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return next(e for e in raw["events"] if e["id"] == event_id)


def test_reject_then_restore_is_exactly_the_extracted_event(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    store = EventStore(path)
    original = _raw_event(path, "e9")
    assert apply_change(path, store.current().events["e9"], {"status": "rejected"}).ok
    assert _raw_event(path, "e9")["edited"] == ["status"]
    result = restore_change(path, store.current().events["e9"])
    assert result.ok, result.message
    assert _raw_event(path, "e9") == original


def test_restore_keeps_other_hand_edits(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    store = EventStore(path)
    assert apply_change(path, store.current().events["e9"], {"title": "Money approved"}).ok
    assert apply_change(path, store.current().events["e9"], {"status": "rejected"}).ok
    assert restore_change(path, store.current().events["e9"]).ok
    ev = _raw_event(path, "e9")
    assert (ev["status"], ev["title"], ev["edited"]) == ("active", "Money approved", ["title"])


def test_restore_follows_the_extraction_base(tmp_path: Path) -> None:
    """With a merge base beside the file, `edited` returns to exactly what it holds."""
    path = copy_fixture(tmp_path)
    side = path.parent / ".timeline"
    side.mkdir()
    raw = json.loads(path.read_text(encoding="utf-8"))
    for ev in raw["events"]:
        ev.pop("edited", None)
    (side / f"{path.name}.base.json").write_text(json.dumps(raw), encoding="utf-8")
    store = EventStore(path)
    assert apply_change(path, store.current().events["e1"], {"status": "rejected"}).ok
    assert restore_change(path, store.current().events["e1"]).ok
    ev = _raw_event(path, "e1")
    assert ev["status"] == "active" and "edited" not in ev


def test_two_bad_filters_are_two_messages() -> None:
    (box,) = filter_messages(Filters(date_from="2019-13", date_to="soon"))
    items = [li.children for li in box.children]
    assert len(items) == 2
    assert items[0].startswith("From: 2019-13: month 13 does not exist")
    assert items[1].startswith("To: 'soon' is not a valid date")
    assert filter_messages(Filters(date_from="2019")) == []
