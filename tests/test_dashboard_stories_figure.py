"""The stories figure: one mark per story, sized and numbered by its sources, conflicts a
distinct glyph, hover and labels escaped, counts instead of marks when there are many."""

from __future__ import annotations

from typing import Any

import pytest

from timeline.dashboard import story_figure as sf


def story(
    id: str = "s1", date: str = "2019-03-14", earliest: str | None = "2019-03-14",
    latest: str | None = "2019-03-14", title: str = "Quay reopens", sources: int = 2,
    conflict: str | None = None, **extra: Any,
) -> dict[str, Any]:  # fmt: skip
    return {"id": id, "date": date, "earliest": earliest, "latest": latest, "title": title,
            "sources": sources, "speakers": 0, "members": sources, "conflict": conflict,
            "edited": False, **extra}  # fmt: skip


def figure(rows: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    return sf.build_figure(sf.to_marks(rows)[0], **kw)


def _marks(fig: dict[str, Any]) -> dict[str, tuple[dict[str, Any], int]]:
    """Story id -> (its marker trace, its index there)."""
    return {sid: (t, i) for t in fig["data"] if "customdata" in t
            for i, sid in enumerate(t["customdata"])}  # fmt: skip


ROWS = [
    story("agree", sources=3),
    story("split", date="2002?", earliest="2002-01-01", latest="2002-12-31", sources=2,
          conflict="2002 in 2 sources, 2003 in 1", title="Sites revealed"),
    story("alone", date="2010-05-01", earliest="2010-05-01", latest="2010-05-01", sources=1),
]  # fmt: skip


def test_one_mark_per_story_numbered_and_sized_by_its_sources() -> None:
    marks = _marks(figure(ROWS))
    assert set(marks) == {"agree", "split", "alone"}
    sizes = {}
    for sid, (t, i) in marks.items():
        assert t["text"][i] == str(next(r["sources"] for r in ROWS if r["id"] == sid))
        sizes[sid] = t["marker"]["size"][i]
    assert sizes["alone"] < sizes["split"] < sizes["agree"]


def test_a_conflict_is_its_own_glyph_and_colour_and_is_named_in_the_key() -> None:
    marks = _marks(figure(ROWS))
    conflict, agree = marks["split"][0], marks["agree"][0]
    assert conflict["marker"]["symbol"] != agree["marker"]["symbol"]
    assert conflict["marker"]["color"] != agree["marker"]["color"]
    assert any("disagree" in text for _g, _c, text in sf.KEY)


def test_hover_names_date_sources_and_the_spread_of_a_conflict() -> None:
    t, i = _marks(figure(ROWS))["split"]
    assert t["hovertext"][i] == ("<b>Sites revealed</b><br>2002? · told by 2 sources"
                                 "<br>sources disagree: 2002 in 2 sources, 2003 in 1")


def test_rows_are_numbers_of_sources_most_on_top() -> None:
    rows = [*ROWS, story("wide", sources=14)]
    fig = figure(rows)
    assert fig["layout"]["yaxis"]["ticktext"] == ["10+ sources", "3 sources", "2 sources",
                                                  "1 source"]  # fmt: skip
    t, i = _marks(fig)["wide"]
    assert round(t["y"][i]) == 0


def test_a_period_is_a_bar_with_its_mark_in_the_middle() -> None:
    fig = figure(ROWS)
    bars = [t for t in fig["data"] if t["mode"] == "lines"]
    assert len(bars) == 1 and "2002-0" in bars[0]["x"][0] and "2002-12" in bars[0]["x"][1]
    t, i = _marks(fig)["split"]
    assert t["x"][i] == "2002-07-02"


def test_the_chosen_story_is_ringed() -> None:
    assert figure(ROWS)["layout"]["shapes"] == []
    [ring] = figure(ROWS, selected="agree")["layout"]["shapes"]
    assert ring["xanchor"] == "2019-03-14"
    assert len(figure(ROWS, selected="split")["layout"]["shapes"]) == 2  # ring and period


@pytest.mark.parametrize("markup", ["<script>alert(1)</script>", "<a href='x'>a</a>", "a & b"])
def test_document_text_is_never_plotly_markup(markup: str) -> None:
    fig = figure([story("x", title=markup, conflict=f"{markup} in 2 sources")])
    t, i = _marks(fig)["x"]
    shown = t["hovertext"][i] + " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert "<script" not in shown and "<a " not in shown
    assert markup.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in shown


def test_labels_where_they_fit_and_not_over_each_other() -> None:
    apart = [story(f"s{k}", date=f"{2000 + 5 * k}", earliest=f"{2000 + 5 * k}-06-01",
                   latest=f"{2000 + 5 * k}-06-01", title=f"Story {k}") for k in range(3)]
    texts = [a["text"] for a in figure(apart)["layout"]["annotations"]]
    assert texts == ["Story 0", "Story 1", "Story 2"]
    crowded = [story(f"c{k}", title=f"A long story title number {k}") for k in range(40)]
    assert len(figure(crowded)["layout"]["annotations"]) < 40


def test_a_story_without_dates_is_counted_not_drawn() -> None:
    found, undated = sf.to_marks([*ROWS, story("none", date="", earliest=None, latest=None)])
    assert len(found) == 3 and undated == 1


def _many(n: int) -> list[dict[str, Any]]:
    return [story(f"m{k}", date=f"{2000 + k % 20}-{k % 12 + 1:02d}-01",
                  earliest=f"{2000 + k % 20}-{k % 12 + 1:02d}-01",
                  latest=f"{2000 + k % 20}-{k % 12 + 1:02d}-01", sources=1 + k % 4,
                  conflict="x" if k % 7 == 0 else None) for k in range(n)]  # fmt: skip


def test_many_stories_are_counted_per_row_and_period() -> None:
    n = sf.DETAIL_MAX_STORIES + 500
    fig = figure(_many(n))
    [heat] = fig["data"]
    assert heat["type"] == "heatmap"
    assert sum(c or 0 for line in heat["z"] for c in line) == n
    assert heat["y"] == ["4 sources", "3 sources", "2 sources", "1 source"]
    assert "stories: counts shown" in fig["layout"]["annotations"][0]["text"]


def test_zooming_into_many_stories_brings_back_one_mark_each() -> None:
    rows = _many(sf.DETAIL_MAX_STORIES + 500)
    fig = figure(rows, window=("2004-01-01", "2004-12-31"))
    assert fig["data"][0]["type"] == "scatter"
    in_2004 = {r["id"] for r in rows if r["earliest"].startswith("2004")}
    assert set(_marks(fig)) == in_2004
    assert fig["layout"]["xaxis"]["range"] == ["2004-01-01", "2004-12-31"]
