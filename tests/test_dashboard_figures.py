"""The timeline figure: marks that tell a day from a range, an open end, a hand edit."""

from __future__ import annotations

import json
from dataclasses import replace

from test_dashboard_support import fixture_rows, row
from timeline.dashboard import density, figures


def _traces(fig: dict, name_part: str) -> list[dict]:
    return [t for t in fig["data"] if name_part in t.get("name", "")]


def _ids(trace: dict) -> set[str]:
    return {c for c in trace.get("customdata", []) if c}


def test_day_is_a_dot_and_range_is_a_bar() -> None:
    rows = [
        row("day"),
        row("month", date="2018-05", earliest="2018-05-01", latest="2018-05-31"),
    ]
    fig = figures.build_figure(rows)
    dots = [t for t in fig["data"] if t.get("mode") == "markers" and "day" in _ids(t)]
    assert dots and dots[0]["marker"]["color"] != "rgba(0,0,0,0)"
    bars = [t for t in fig["data"] if t.get("mode") == "lines" and "(range)" in t["name"]]
    assert bars and bars[0]["x"] == ["2018-05-01", "2018-05-31", None]
    # The bar's hover and click go through a transparent target at its middle.
    targets = [t for t in fig["data"] if "month" in _ids(t)]
    assert targets[0]["marker"]["color"] == "rgba(0,0,0,0)"
    assert targets[0]["x"] == ["2018-05-16"]
    assert all(t["type"] == "scatter" for t in fig["data"])  # small: SVG


def test_open_range_fades_out_to_the_right() -> None:
    rows = [row("since", date="2003/..", earliest="2003-01-01", latest=None), row("day")]
    fig = figures.build_figure(rows)
    fades = _traces(fig, "open-ended")
    assert len(fades) == len(figures.FADE_STEPS)
    opacities = [t["opacity"] for t in fades]
    assert opacities == sorted(opacities, reverse=True)
    starts = [t["x"][0] for t in fades]
    assert starts[0] == "2003-01-01" and starts == sorted(starts)
    # The fade reaches past the last known date, so the bar visibly has no end.
    assert fades[-1]["x"][1] > "2019-03-14"


def test_open_start_fades_out_to_the_left() -> None:
    fig = figures.build_figure([row("until", date="../1995", earliest=None, latest="1995-12-31")])
    fades = _traces(fig, "open-ended")
    strongest = max(fades, key=lambda t: t["opacity"])
    assert strongest["x"][1] == "1995-12-31"


def test_curated_inferred_and_rejected_look_different() -> None:
    rows = [
        row("a", how="explicit"),
        row("b", how="inferred"),
        row("c", how="curated"),
        row("d", status="rejected"),
    ]
    fig = figures.build_figure(rows)
    styles = {}
    for t in fig["data"]:
        for eid in _ids(t):
            styles[eid] = (t["marker"]["symbol"], t["marker"]["color"])
    assert len(set(styles.values())) == 4
    names = {t["name"] for t in fig["data"] if t.get("showlegend", True)}
    assert {"corrected by hand", "date inferred from context (less certain)", "rejected"} <= names


def test_hover_shows_text_as_written_and_never_markup() -> None:
    r = row("x", title="Board meets <script>alert(1)</script>")
    text = figures.hover_text(r)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "“2019-03-14” → 2019-03-14" in text and "Doc d" in text


def test_lanes_by_document_kind_and_actor() -> None:
    rows = fixture_rows()
    by_doc = figures.compute_layout(rows, "document")
    assert sorted(by_doc.lanes) == ["council", "harbour"]
    by_how = figures.compute_layout(rows, "how")
    assert by_how.lanes[0] == figures.LEGEND_NAMES["explicit"]
    said = [
        row("a", source="police"), row("b", source="police"), row("c", source="Mayor Kovac"),
        row("d"),
    ]  # fmt: skip
    by_actor = figures.compute_layout(said, "actor")
    # Who says so comes from the events' attribution; most events first, no source last.
    assert by_actor.lanes == ["police", "Mayor Kovac", figures.NO_ACTOR]


def test_overlapping_events_in_a_lane_do_not_share_a_row() -> None:
    rows = [
        row("a", date="2000/2003", earliest="2000-01-01", latest="2003-12-31"),
        row("b", date="2001", earliest="2001-01-01", latest="2001-12-31"),
        row("c", date="2010", earliest="2010-01-01", latest="2010-12-31"),
    ]
    p = figures.compute_layout(rows, "document").placements
    assert p["a"].y != p["b"].y
    assert p["c"].y == p["a"].y  # no overlap: back on the lane's centre line


def test_initial_view_fits_all_events() -> None:
    rows = [
        row("old", date="1979", earliest="1979-01-01", latest="1979-12-31"),
        row("new", earliest="2019-03-14", latest="2019-03-14"),
    ]
    xr = figures.build_figure(rows)["layout"]["xaxis"]["range"]
    assert xr[0] < "1979-01-01" and xr[1] > "2019-03-14"


def test_selection_trace_marks_the_chosen_event() -> None:
    rows = fixture_rows()
    fig = figures.build_figure(rows, selected="e4")
    (box,) = fig["layout"]["shapes"]
    assert box["type"] == "rect" and (box["x0"], box["x1"]) == ("2018-05-01", "2018-05-31")
    (ring,) = figures.build_figure(rows, selected="e3")["layout"]["shapes"]
    assert ring["type"] == "circle" and ring["xanchor"] == "2018-01-09"
    assert figures.build_figure(rows, selected="nope")["layout"]["shapes"] == []


def test_figure_is_plain_json() -> None:
    json.dumps(figures.build_figure(fixture_rows()))


def test_empty_rows_give_an_empty_but_valid_figure() -> None:
    fig = figures.build_figure([])
    assert fig["data"] == [] and fig["layout"]["shapes"] == []
    json.dumps(fig)


def test_lane_order_is_kept_when_a_filter_hides_lanes() -> None:
    rows = [
        row("a", doc="x", earliest="2001-01-01", latest="2001-01-01"),
        row("b", doc="y", earliest="2002-01-01", latest="2002-01-01"),
        row("c", doc="z", earliest="2003-01-01", latest="2003-01-01"),
    ]
    ranks = figures.lane_ranks(rows, "document")
    # Without "x", "y" would become the earliest lane; with the file's ranks it stays second.
    later = [row("c2", doc="z", earliest="2000-01-01", latest="2000-01-01"), rows[1]]
    assert figures.compute_layout(later, "document", ranks).lanes == ["y", "z"]
    assert figures.compute_layout(later, "document").lanes == ["z", "y"]


def _many(n: int, lanes: int) -> list:
    out = []
    for i in range(n):
        year = 1990 + i % 30
        out.append(row(f"e{i}", doc=f"d{i % lanes}", earliest=f"{year}-03-01",
                        latest=f"{year}-03-01"))  # fmt: skip
    return out


def test_large_timelines_become_counts_per_lane_and_bin() -> None:
    rows = _many(figures.DETAIL_MAX_EVENTS + 1, lanes=density.TOP_LANES + 10)
    fig = figures.build_figure(rows)
    (heat,) = fig["data"]
    assert heat["type"] == "heatmap"
    # Every event is counted once; lanes beyond the top ones share the last row.
    assert sum(c or 0 for line in heat["z"] for c in line) == len(rows)
    assert len(heat["y"]) == density.TOP_LANES + 1 and heat["y"][-1] == "10 other lanes"
    assert len(heat["x"]) == len(heat["z"][0]) + 1  # bin edges
    assert len(heat["x"]) - 1 <= density.MAX_BINS
    assert "Zoom in or filter" in fig["layout"]["annotations"][0]["text"]
    assert len(json.dumps(fig)) < 60_000  # no per-event payload
    small = figures.build_figure(rows[:-1])
    assert {t["type"] for t in small["data"]} == {"scatter"}


def test_count_view_escapes_lane_names_and_keeps_same_named_lanes_apart() -> None:
    rows = [replace(r, doc_title="<b>Same</b>") for r in _many(figures.DETAIL_MAX_EVENTS + 1, 2)]
    heat = figures.build_figure(rows)["data"][0]
    assert heat["y"] == ["&lt;b&gt;Same&lt;/b&gt;", "&lt;b&gt;Same&lt;/b&gt; (2)"]


def test_count_view_marks_selection_as_a_time_span() -> None:
    rows = _many(figures.DETAIL_MAX_EVENTS + 1, lanes=5)
    (mark,) = figures.build_figure(rows, selected="e1")["layout"]["shapes"]
    assert mark["yref"] == "paper" and mark["x0"] == "1991-03-01"


def test_bin_width_grows_with_the_span() -> None:
    assert density.bin_months("2018-01-01", "2019-12-31") == 1
    assert density.bin_months("1990-01-01", "2024-12-31") == 3
    assert density.bin_months("1800-01-01", "2020-12-31") == 60
    assert density.bin_months("1000-01-01", "2020-12-31") == 120


def test_zoom_window_from_relayout() -> None:
    assert figures.window_of({"xaxis.range[0]": "2003-02-01 10:00", "xaxis.range[1]": "2004"
                              "-01-01"}) == ("2003-02-01", "2004-01-01")  # fmt: skip
    assert figures.window_of({"xaxis.autorange": True}) is None
    assert figures.window_of({"autosize": True}) is False
    assert figures.window_of({"xaxis.range": ["2010-01-01", "2001-01-01"]}) == (
        "2001-01-01", "2010-01-01")  # fmt: skip
    rows = [
        row("in", earliest="2003-05-01", latest="2003-05-01"),
        row("out", earliest="1999-05-01", latest="1999-05-01"),
        row("since", earliest="1990-01-01", latest=None),
        row("span", earliest="2002-01-01", latest="2003-12-31"),
    ]
    kept = {r.id for r in figures.rows_in_window(rows, ("2003-01-01", "2003-12-31"))}
    assert kept == {"in", "since", "span"}


def test_zoomed_counts_use_finer_bins_inside_the_window() -> None:
    rows = _many(figures.DETAIL_MAX_EVENTS + 1, lanes=5)
    rows.append(row("since", earliest="1980-01-01", latest=None))
    window = ("2000-01-01", "2003-12-31")
    heat = figures.build_figure(rows, window=window)["data"][0]
    assert heat["x"][0] >= "2000-01-01" and heat["x"][-1] <= "2004-01-01"
    assert len(heat["x"]) - 1 == 48  # monthly over four years
    # Every event still counts once, the ones outside at the window's edges.
    assert sum(c or 0 for line in heat["z"] for c in line) == len(rows)


def test_range_slider_only_while_its_second_drawing_is_cheap() -> None:
    few = [row(f"e{i}", date=f"2001-01-{i % 28 + 1:02d}", earliest=f"2001-01-{i % 28 + 1:02d}",
               latest=f"2001-01-{i % 28 + 1:02d}") for i in range(figures.SLIDER_MAX_EVENTS)]
    many = few + [row("one-more")]
    assert figures.build_figure(few)["layout"]["xaxis"]["rangeslider"]["visible"] is True
    fig = figures.build_figure(many)
    assert fig["layout"]["xaxis"]["rangeslider"]["visible"] is False
    assert fig["layout"]["margin"]["b"] > 10  # the date axis keeps its room below the plot
