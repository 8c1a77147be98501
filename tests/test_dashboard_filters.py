"""Filter state round-trips through the URL and narrows rows as a user expects."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from test_dashboard_support import fixture_rows, row
from timeline.dashboard import filters as flt


def test_plain_page_has_plain_address() -> None:
    assert flt.to_query(flt.Filters()) == ""
    assert flt.from_query("") == flt.Filters()
    assert flt.from_query(None) == flt.Filters()


def test_query_round_trip_keeps_every_setting() -> None:
    f = flt.Filters(
        docs=("harbour", "council"),
        date_from="2001",
        date_to="2019-06",
        text="north quay & more",
        min_confidence=0.55,
        show_rejected=True,
        show_inferred=False,
        lanes="actor",
        event="e12",
    )
    assert flt.from_query(flt.to_query(f)) == f


@given(
    docs=st.lists(st.text(min_size=1, max_size=8), max_size=3, unique=True),
    text=st.text(max_size=20).filter(lambda s: s == s.strip() or not s.strip()),
    conf=st.sampled_from([0.0, 0.05, 0.5, 1.0]),
    rejected=st.booleans(),
    inferred=st.booleans(),
    lanes=st.sampled_from(flt.LANE_MODES),
)
def test_any_filters_survive_the_url(
    docs: list[str], text: str, conf: float, rejected: bool, inferred: bool, lanes: str
) -> None:
    f = flt.Filters(
        docs=tuple(docs),
        text=text if text.strip() else "",
        min_confidence=conf,
        show_rejected=rejected,
        show_inferred=inferred,
        lanes=lanes,
    )
    assert flt.from_query(flt.to_query(f)) == f


def test_malformed_query_falls_back_to_defaults() -> None:
    f = flt.from_query("?conf=lots&lanes=colour&rejected=maybe")
    assert f.min_confidence == 0.0
    assert f.lanes == "document"
    assert f.show_rejected is False


def test_rejected_and_inferred_toggles() -> None:
    rows = fixture_rows()
    shown = {r.id for r in flt.apply(rows, flt.Filters())}
    assert "e11" not in shown  # rejected in the fixture
    assert "e8" in shown  # inferred
    assert "e11" in {r.id for r in flt.apply(rows, flt.Filters(show_rejected=True))}
    assert "e8" not in {r.id for r in flt.apply(rows, flt.Filters(show_inferred=False))}


def test_document_confidence_and_text_filters() -> None:
    rows = fixture_rows()
    council = flt.apply(rows, flt.Filters(docs=("council",)))
    assert council and all(r.doc == "council" for r in council)
    confident = flt.apply(rows, flt.Filters(min_confidence=0.9))
    assert {r.id for r in confident} == {"e1", "e3", "e9", "e13"}
    # Search reaches into sentences, not only titles, case-insensitively.
    found = flt.apply(rows, flt.Filters(text="DREDGING"))
    assert {r.id for r in found} == {"e4", "e5"}


def test_date_window_keeps_overlapping_and_open_ranges() -> None:
    rows = [
        row("day", earliest="2018-01-09", latest="2018-01-09"),
        row("decade", date="2000/2003", earliest="2000-01-01", latest="2003-12-31"),
        row("since", date="2003/..", earliest="2003-01-01", latest=None),
        row("until", date="../1995", earliest=None, latest="1995-12-31"),
        row("late", earliest="2020-05-01", latest="2020-05-01"),
    ]
    kept = {r.id for r in flt.apply(rows, flt.Filters(date_from="2003", date_to="2019"))}
    assert kept == {"day", "decade", "since"}
    kept = {r.id for r in flt.apply(rows, flt.Filters(date_to="1999"))}
    assert kept == {"until"}


def test_bad_window_date_is_reported_not_applied() -> None:
    f = flt.Filters(date_from="Sept 2019")
    window = flt.date_window(f)
    assert window.lo is None
    assert window.errors and "From:" in window.errors[0] and "EDTF" in window.errors[0]
    assert len(flt.apply([row()], f)) == 1


def test_key_events_by_default_all_on_request() -> None:
    rows = [row("key", salience=0.8), row("minor", salience=0.2), row("unscored")]
    assert [r.id for r in flt.apply(rows, flt.Filters())] == ["key", "unscored"]
    everything = flt.Filters(all_events=True)
    assert [r.id for r in flt.apply(rows, everything)] == ["key", "minor", "unscored"]
    assert flt.to_query(everything) == "?all=1" and flt.from_query("?all=1") == everything


def test_salience_is_read_when_the_extractor_wrote_it() -> None:
    from timeline.dashboard.data import build_rows
    from timeline.schema import Document, Event, EventsFile

    model = EventsFile(
        documents=[Document(id="d", path="d.txt")],
        events=[Event(id="a", doc="d", date="2019", title="A", salience=0.3),
                Event(id="c", doc="d", date="2019", title="C")],
    )  # fmt: skip
    assert [r.salience for r in build_rows(model)] == [0.3, None]
