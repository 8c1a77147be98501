"""Server-side paging, sorting and the table's own column filters."""

from __future__ import annotations

from test_dashboard_support import fixture_rows, row
from timeline.dashboard import table


def test_default_order_is_chronological_with_open_starts_first() -> None:
    ids = [r.id for r in table.sort_rows(fixture_rows(), [])]
    assert ids[0] == "e13"  # ../2020-06 has no start
    assert ids.index("e6") < ids.index("e5") < ids.index("e3") < ids.index("e1")


def test_sort_by_clicked_columns() -> None:
    rows = fixture_rows()
    by_conf = table.sort_rows(rows, [{"colId": "confidence", "sort": "desc"}])
    assert [r.confidence for r in by_conf] == sorted((r.confidence for r in rows), reverse=True)
    by_doc_then_date = table.sort_rows(
        rows, [{"colId": "document", "sort": "asc"}, {"colId": "date", "sort": "asc"}]
    )
    assert by_doc_then_date[0].doc == "council" and by_doc_then_date[-1].doc == "harbour"


def _text(kind: str, value: str) -> dict:
    return {"filterType": "text", "type": kind, "filter": value}


def test_column_filters_use_the_grid_filter_model() -> None:
    rows = fixture_rows()
    quay_and_sure = {
        "title": _text("contains", "QUAY"),
        "confidence": {"filterType": "number", "type": "greaterThanOrEqual", "filter": 0.9},
    }
    assert {r.id for r in table.filter_rows(rows, quay_and_sure)} == {"e1", "e9"}
    got = table.filter_rows(rows, {"how": _text("equals", "relative")})
    assert {r.id for r in got} == {"e2", "e7"}
    got = table.filter_rows(rows, {"date": _text("startsWith", "2019-0")})
    assert {r.id for r in got} == {"e1", "e2", "e7", "e9", "e12"}
    either = {"how": {"filterType": "text", "operator": "OR",
                      "conditions": [_text("equals", "relative"), _text("equals", "inferred")]}}
    assert {r.id for r in table.filter_rows(rows, either)} >= {"e2", "e7"}
    assert table.filter_rows(rows, {"nonsense": _text("equals", "1")}) == rows
    assert table.filter_rows(rows, {"title": {"type": "weird"}}) == rows


def test_blocks_cover_all_rows_once() -> None:
    rows = [row(f"e{i}") for i in range(37)]
    seen = []
    for start in range(0, 40, 10):
        seen += [d["id"] for d in table.block(rows, start, start + 10)]
    assert seen == [r.id for r in rows]
    assert table.block([], 30, 45) == []
    assert table.index_of(rows, "e25") == 25 and table.index_of(rows, "zz") is None


def test_selected_and_rejected_rows_are_flagged_for_styling() -> None:
    rows = [row("a"), row("b", status="rejected")]
    recs = table.block(rows, 0, 10, selected="a")
    assert [(r["selected"], r["rejected"]) for r in recs] == [(True, False), (False, True)]


def test_record_marks_hand_edits() -> None:
    rec = table.to_record(fixture_rows()[-1])
    assert rec["status"] == "active (edited)" and rec["date"] == "../2020-06"


def test_who_says_so_is_a_column_and_searchable() -> None:
    from timeline.dashboard.data import build_rows
    from timeline.schema import Document, Event, EventsFile, Span

    text = "The bridge closed on May 3, police said."
    model = EventsFile(
        documents=[Document(id="d", path="d.txt")],
        events=[
            Event(id="a", doc="d", date="2019-05-03", title="The bridge closed",
                  attribution=Span(start=28, end=34, text="police")),
            Event(id="b", doc="d", date="2019-06", title="It reopened"),
        ],
    )
    assert text[28:34] == "police"
    rows = build_rows(model)
    assert [table.to_record(r)["source"] for r in rows] == ["police", ""]
    assert [r.id for r in table.filter_rows(rows, {"source": _text("contains", "pol")})] == ["a"]
    assert "police" in rows[0].haystack and "police" not in rows[1].haystack
    assert any(c["field"] == "source" and c["headerName"] == "who says" for c in table.COLUMN_DEFS)
