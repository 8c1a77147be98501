"""The timeline figure: marks that tell a day from a range, an open end, a hand edit."""

from __future__ import annotations

import json

import pytest
from dashboard import figures

from test_dashboard_support import fixture_rows, row


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
    assert {"corrected by hand", "year inferred (less certain)", "rejected"} <= names


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
    by_actor = figures.compute_layout(rows, "actor")
    assert "Mayor Ines Kovac" in by_actor.lanes and "Port of Valdren" in by_actor.lanes
    assert "Repairs" not in by_actor.lanes and by_actor.lanes[-1] == figures.NO_ACTOR


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


def test_actor_of_skips_function_words_months_and_numbers() -> None:
    assert figures.actor_of("In May 2018 the Harbour Authority began repairs") == (
        "Harbour Authority"
    )
    assert figures.actor_of("repairs began, 2018") == figures.NO_ACTOR
    assert figures.actor_of("Bank of England raised rates") == "Bank of England"
    assert figures.actor_of("NATO expanded eastwards") == "NATO"


def test_actor_of_tells_names_from_sentence_case() -> None:
    said = "“We ask all nations to isolate the regime,” Trump said on Sept 25."
    assert figures.actor_of("Trump said all nations must isolate the regime", said) == "Trump"
    storm = "The harbour authority said the storm struck on January 9, 2018."
    assert figures.actor_of("Storm struck the harbour", storm) == figures.NO_ACTOR
    assert figures.actor_of("Repairs began while Mayor Kovac watched", "") == "Mayor Kovac"


def test_large_timelines_switch_to_webgl() -> None:
    rows = [row(f"e{i}", doc=f"d{i % 40}") for i in range(figures.SVG_MAX_EVENTS + 1)]
    fig = figures.build_figure(rows)
    assert {t["type"] for t in fig["data"] if t.get("yaxis") != "y2"} == {"scattergl"}
    assert figures.build_figure(rows[:-1])["data"][0]["type"] == "scatter"


def test_range_slider_gets_an_overview_outside_the_main_plot(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(figures, "SVG_MAX_EVENTS", 0)  # WebGL marks are not in the slider
    rows = [row("a"), row("b"), row("c", earliest="2018-05-01", latest="2018-05-31")]
    fig = figures.build_figure(rows)
    (overview,) = [t for t in fig["data"] if t.get("yaxis") == "y2"]
    assert overview["x"][0] == "2018-05-15" and overview["x"][-1] == "2019-03-15"
    assert len(overview["x"]) == 11 and overview["y"][0] == 1 and overview["y"][-1] == 2
    assert sum(overview["y"]) == 3
    lo, hi = fig["layout"]["yaxis2"]["range"]
    assert hi < 0  # never visible in the main plot
    old = [row("a", earliest="1800-01-01", latest="1800-12-31"), row("b")]
    years = next(t for t in figures.build_figure(old)["data"] if t.get("yaxis") == "y2")
    assert len(years["x"]) == 2019 - 1800 + 1 and years["x"][0] == "1800-07-01"
    assert fig["layout"]["xaxis"]["rangeslider"]["yaxis2"]["rangemode"] == "auto"
