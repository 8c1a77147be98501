"""Marks readable without hovering: labels that never collide, gaps, qualifiers, conflicts."""

from __future__ import annotations

from dataclasses import replace

from test_dashboard_support import row
from timeline.dashboard import figures, marks
from timeline.dashboard.data import mark_conflicts


def _year(i: str, year: int, **kw: object) -> object:
    return row(i, date=str(year), earliest=f"{year}-01-01", latest=f"{year}-12-31", **kw)


def _labels(fig: dict) -> list[str]:
    return [a["text"] for a in fig["layout"].get("annotations", [])]


def _trace(fig: dict, name: str) -> dict | None:
    return next((t for t in fig["data"] if t["name"] == name), None)


def test_labels_fit_or_are_left_out() -> None:
    far = [row("a", title="Quay opened", earliest="2000-01-01", latest="2000-01-01"),
           row("b", title="Quay closed", earliest="2019-01-01", latest="2019-01-01")]  # fmt: skip
    assert _labels(figures.build_figure(far)) == ["Quay opened", "Quay closed"]
    # Two events a day apart in one lane: the second label would cover the first mark's.
    crowded = [*far, row("c", title="Quay reopened", earliest="2000-01-02",
                         latest="2000-01-02")]  # fmt: skip
    shown = _labels(figures.build_figure(crowded))
    assert "Quay closed" in shown and len(shown) < 3


def test_labels_are_short_and_escaped() -> None:
    title = "<b>Board</b> " + "very " * 20 + "long title"
    (label,) = _labels(figures.build_figure([row("a", title=title)]))
    shown = label.replace("&lt;", "<").replace("&gt;", ">")
    assert len(shown) == marks.LABEL_CHARS and shown.endswith("…")
    assert "<b>" not in label and label.startswith("&lt;b&gt;")


def test_consecutive_years_are_drawn_apart() -> None:
    fig = figures.build_figure([_year("a", 2016), _year("b", 2017), _year("c", 2018)])
    bar = next(t for t in fig["data"] if t["name"].endswith("(range)"))
    ends = [x for x in bar["x"] if x]
    assert ends[0] > "2016-01-01" and ends[1] < "2016-12-31" < ends[2]


def test_approximate_and_uncertain_dates_carry_their_sign() -> None:
    rows = [
        row("a", date="2017-06~", earliest="2017-06-01", latest="2017-06-30"),
        row("b", date="2017-06", earliest="2017-06-01", latest="2017-06-30", doc="e"),
        row("c", date="2018?", earliest="2018-01-01", latest="2018-12-31", doc="f"),
    ]
    fig = figures.build_figure(rows)
    assert _trace(fig, "~ qualifier")["x"] == ["2017-06-15"]
    assert len(_trace(fig, "? qualifier")["x"]) == 1
    dashed = [t for t in fig["data"] if t["name"].endswith("approximate")]
    assert dashed and dashed[0]["line"]["dash"] == "dash"
    assert marks.qualifiers("2019%") == "~?" and marks.qualifiers("2019") == ""


def test_disagreeing_sources_are_ringed() -> None:
    rows = mark_conflicts([
        _year("a", 2016, doc="d1", title="The port reopened"),
        _year("b", 2018, doc="d2", title="The port re-opened."),
        _year("c", 2018, doc="d2", title="Unrelated"),
        replace(_year("d", 2016, doc="d3", title="Unrelated"), status="rejected"),
    ])  # fmt: skip
    assert [r.conflict for r in rows] == [False, False, False, False]  # "reopened" != "re opened"
    rows = mark_conflicts([_year("a", 2016, doc="d1", title="The port reopened"),
                           _year("b", 2018, doc="d2", title="the port reopened!"),
                           _year("c", 2016, doc="d3", title="The port reopened")])  # fmt: skip
    assert [r.conflict for r in rows] == [True, True, True]
    ring = _trace(figures.build_figure(rows), "sources disagree")
    assert ring and len(ring["x"]) == 3


def test_the_key_names_every_glyph_drawn() -> None:
    meanings = " ".join(m for _, _, m in figures.KEY)
    for words in ("exact day", "period", "open-ended", "approximate", "uncertain", "inferred",
                  "corrected by hand", "rejected", "another source"):  # fmt: skip
        assert words in meanings


def test_many_lanes_fold_into_one_row_of_others() -> None:
    rows = [row(f"e{i}", doc=f"d{i % 50}", earliest=f"2001-01-{i % 28 + 1:02d}",
                latest=f"2001-01-{i % 28 + 1:02d}") for i in range(120)]  # fmt: skip
    layout = figures.compute_layout(rows, "document")
    assert len(layout.lanes) == figures.MAX_DETAIL_LANES
    assert layout.labels[-1] == f"{50 - figures.MAX_DETAIL_LANES + 1} other lanes"
    assert set(layout.placements) == {r.id for r in rows}  # every event still drawn


def test_count_cells_name_and_bound_their_period() -> None:
    from timeline.dashboard import density

    assert density.period_of("2004-05-17", 3) == ("2004-04-01", "2004-06-30")
    assert density.period_of("2004-05-17", 12) == ("2004-01-01", "2004-12-31")
    assert density.period_of("2004-02-10", 1) == ("2004-02-01", "2004-02-29")
    assert density.period_hover(3) == "%{x|%Y} Q%{x|%q}"
    assert "%{x|%B %Y}" in density.period_hover(1)
    rows = [row("a", earliest="2000-01-01", latest="2000-01-01"),
            row("b", earliest="2019-12-01", latest="2019-12-01")]  # fmt: skip
    assert density.bin_width(rows) == 3  # 20 years in quarters stay under 160 columns
    assert density.bin_width(rows, ("2004-01-01", "2004-12-31")) == 1


def test_presets_end_at_the_latest_event() -> None:
    from timeline.dashboard.callbacks.timeline import window_ending

    lo, hi = window_ending("2019-06-30", 366)
    assert "2018-07-01" < lo < "2018-08-01" and "2019-06-30" < hi < "2019-08-01"
