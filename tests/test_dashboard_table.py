"""Server-side paging, sorting and the table's own column filters."""

from __future__ import annotations

from dashboard import table

from test_dashboard_support import fixture_rows, row


def test_default_order_is_chronological_with_open_starts_first() -> None:
    ids = [r.id for r in table.sort_rows(fixture_rows(), [])]
    assert ids[0] == "e13"  # ../2020-06 has no start
    assert ids.index("e6") < ids.index("e5") < ids.index("e3") < ids.index("e1")


def test_sort_by_clicked_columns() -> None:
    rows = fixture_rows()
    by_conf = table.sort_rows(rows, [{"column_id": "confidence", "direction": "desc"}])
    assert [r.confidence for r in by_conf] == sorted((r.confidence for r in rows), reverse=True)
    by_doc_then_date = table.sort_rows(
        rows,
        [{"column_id": "document", "direction": "asc"}, {"column_id": "date", "direction": "asc"}],
    )
    assert by_doc_then_date[0].doc == "council" and by_doc_then_date[-1].doc == "harbour"


def test_column_filters_use_the_table_syntax() -> None:
    rows = fixture_rows()
    got = table.filter_rows(rows, "{title} icontains quay && {confidence} >= 0.9")
    assert {r.id for r in got} == {"e1", "e9"}
    got = table.filter_rows(rows, '{how} s= "relative"')
    assert {r.id for r in got} == {"e2", "e7"}
    got = table.filter_rows(rows, "{date} datestartswith 2019-0")
    assert {r.id for r in got} == {"e1", "e2", "e7", "e9", "e12"}
    assert table.filter_rows(rows, "{nonsense} = 1") == rows


def test_pages_cover_all_rows_once() -> None:
    rows = [row(f"e{i}") for i in range(37)]
    seen = []
    data, count = table.page(rows, 0, 10)
    assert count == 4
    for p in range(count):
        data, _ = table.page(rows, p, 10)
        seen += [d["id"] for d in data]
    assert seen == [r.id for r in rows]
    assert table.page([], 3)[0] == [] and table.page([], 3)[1] == 1
    assert table.page_of(rows, "e25", 10) == 2 and table.page_of(rows, "zz") is None


def test_selected_row_is_highlighted_and_quotes_are_safe() -> None:
    style = table.selected_style('odd"id')
    assert any('{id} = "odd\\"id"' in s["if"].get("filter_query", "") for s in style)
    assert len(table.selected_style(None)) == 1


def test_record_marks_hand_edits() -> None:
    rec = table.to_record(fixture_rows()[-1])
    assert rec["status"] == "active (edited)" and rec["date"] == "../2020-06"


def test_who_says_so_is_a_column_and_searchable() -> None:
    from dashboard.data import build_rows

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
    assert [r.id for r in table.filter_rows(rows, "{source} icontains pol")] == ["a"]
    assert "police" in rows[0].haystack and "police" not in rows[1].haystack
    assert {"name": "who says", "id": "source"} in table.COLUMNS
