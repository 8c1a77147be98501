"""The timeline figure, built as a plain plotly dict from filtered rows.

Plain dicts (not `go.Figure`) because validating thousands of points through plotly's
object layer costs more than drawing them. A day-precise date is a dot; anything coarser
is a bar from its earliest to its latest day, so uncertainty is visible as length; an
open end fades out. Above `DETAIL_MAX_EVENTS` marks the figure is a count heatmap
(`density.py`) instead: WebGL without a GPU costs seconds per redraw.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from . import marks
from .data import Row
from .density import density_traces, heatmap

# Styling per kind of evidence; rejected overrides the kind when shown.
STYLES: dict[str, dict[str, str]] = {
    "explicit": {"color": "#1f5fa8", "symbol": "circle", "dash": "solid"},
    "relative": {"color": "#2a9d8f", "symbol": "circle", "dash": "solid"},
    "narrative": {"color": "#a0522d", "symbol": "circle-open", "dash": "dot"},
    "publication": {"color": "#5f6b7a", "symbol": "square-open", "dash": "dot"},
    "inferred": {"color": "#d9731a", "symbol": "circle-open", "dash": "dot"},
    "curated": {"color": "#7b3fa0", "symbol": "diamond", "dash": "solid"},
    "rejected": {"color": "#9aa0a6", "symbol": "x", "dash": "dot"},
}
LEGEND_NAMES = {
    "explicit": "date written out",
    "relative": "date computed from the publication date",
    "narrative": "the story's day (no date of its own)",
    "publication": "the publication day (nothing else dates it)",
    "inferred": "date inferred from context (less certain)",
    "curated": "corrected by hand",
    "rejected": "rejected",
}
# The legend above the timeline: (glyph, CSS class, meaning), in the README's words.
KEY: tuple[tuple[str, str, str], ...] = (
    ("●", "dot", "exact day"),
    ("▬", "bar", "period (month, year, range): length = uncertainty"),
    ("▬", "fade", "open-ended (“since 2003”)"),
    ("~", "approx", "approximate (dashed)"),
    ("?", "uncertain", "uncertain (dashed)"),
    ("●", "relative", "computed from the publication date"),
    ("○", "narrative", "the story's day"),
    ("□", "publication", "the publication day"),
    ("○", "inferred", "inferred from context"),
    ("◆", "curated", "corrected by hand"),
    ("✕", "rejected", "rejected (when shown)"),
    ("⬡", "conflict", "another source gives another date"),
)
HOW_ORDER = ("explicit", "relative", "narrative", "publication", "inferred", "curated")
# Opacity of the segments an open end fades out in: each step is one more trace, and
# two read as a fade.
FADE_STEPS = (0.55, 0.15)
MAX_SUBROWS = 5
DETAIL_MAX_EVENTS = 1500  # above this, counts instead of marks (SVG stays fast below)
# The range slider draws every mark a second time: only offered while that is cheap.
SLIDER_MAX_EVENTS = 300
LABELLED_LANES = 60
MAX_DETAIL_LANES = 30  # more lanes than this in the detail view: the rest share one row
OTHER_LANES = "\x00other lanes"  # key of that shared row (no real lane can have it)
NO_ACTOR = "(no clear actor)"

def style_key(row: Row) -> str:
    return "rejected" if row.status == "rejected" else row.how


def lane_key(row: Row, mode: str) -> str:
    """The lane of an event: its document, its kind of evidence, or who says so (the
    source its sentence attributes the claim to, as the extractor found it)."""
    if mode == "how":
        return LEGEND_NAMES.get(row.how, row.how)
    if mode == "actor":
        return row.source.strip() or NO_ACTOR
    return row.doc


def lane_ranks(rows: list[Row], mode: str) -> dict[str, int]:
    """Every lane's place top to bottom: by kind of evidence in a fixed order, by actor
    most events first, by document earliest first. Computed over the whole file so a
    filtered view keeps the same order."""
    count: dict[str, int] = {}
    first: dict[str, str] = {}
    labels: dict[str, str] = {}
    for r in rows:
        key = lane_key(r, mode)
        count[key] = count.get(key, 0) + 1
        start = r.earliest or r.latest or "9999"
        if key not in first or start < first[key]:
            first[key] = start
        labels.setdefault(key, r.doc_title if mode == "document" else key)
    if mode == "how":
        order = [LEGEND_NAMES[h] for h in HOW_ORDER if LEGEND_NAMES[h] in count]
        order += sorted(k for k in count if k not in order)
    elif mode == "actor":
        order = sorted(count, key=lambda k: (k == NO_ACTOR, -count[k], k))
    else:
        order = sorted(count, key=lambda k: (first[k], labels[k], k))
    return {k: i for i, k in enumerate(order)}


@dataclass(frozen=True)
class Placement:
    """Where an event sits on the figure: its x extent and its y (lane + sub-row)."""

    x0: str
    x1: str
    y: float
    open_left: bool
    open_right: bool


class _LanePlacements(Mapping[str, Placement]):
    """Placements of a count view, made only when asked for: with thousands of events
    only the selected one is ever looked up, and building them all costs more than the
    rest of a filter change."""

    def __init__(
        self,
        rows: Mapping[str, Row],
        lane_index: Mapping[str, int],
        fade_left: str,
        fade_right: str,
    ) -> None:
        self._rows = rows
        self._lane_index = lane_index
        self._fade = (fade_left, fade_right)

    def __getitem__(self, key: str) -> Placement:
        r = self._rows[key]
        return Placement(
            r.earliest or self._fade[0],
            r.latest or self._fade[1],
            self._lane_index[key],
            r.earliest is None,
            r.latest is None,
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self._lane_index)

    def __len__(self) -> int:
        return len(self._lane_index)

    def __contains__(self, key: object) -> bool:
        return key in self._lane_index


@dataclass
class TimelineLayout:
    lanes: list[str]  # lane keys, top to bottom
    labels: list[str]
    placements: Mapping[str, Placement]
    x_min: str | None
    x_max: str | None
    fade_left: str | None
    fade_right: str | None
    unplaced: int
    lane_index: Mapping[str, int] = field(default_factory=dict)  # event id -> lane number
    # For a count view made from columns: each placed event's lane number and the
    # month it counts in, as arrays (`density.heatmap` takes them as they are).
    counts: tuple[Any, Any] | None = None


def _day(s: str) -> date:
    return date.fromisoformat(s)


def _shift(s: str, days: int) -> str:
    try:
        return (_day(s) + timedelta(days=days)).isoformat()
    except (ValueError, OverflowError):
        return s


def compute_layout(
    rows: list[Row], mode: str, ranks: Mapping[str, int] | None = None
) -> TimelineLayout:
    """Lanes, sub-rows that keep overlapping bars apart, and the x extent.

    `ranks` (from `lane_ranks` over the whole file) fixes the lanes' order."""
    placed = [r for r in rows if r.earliest is not None or r.latest is not None]
    known = [d for r in placed for d in (r.earliest, r.latest) if d is not None]
    if not known:
        return TimelineLayout([], [], {}, None, None, None, None, len(rows))
    x_min, x_max = min(known), max(known)
    fade_left, fade_right = fade_ends(x_min, x_max)

    by_lane: dict[str, list[Row]] = {}
    labels: dict[str, str] = {}
    for r in placed:
        key = lane_key(r, mode)
        by_lane.setdefault(key, []).append(r)
        labels.setdefault(key, r.doc_title if mode == "document" else key)
    ranks = ranks if ranks is not None else lane_ranks(placed, mode)
    order = sorted(by_lane, key=lambda k: (ranks.get(k, len(ranks)), k))

    placements: Mapping[str, Placement]
    lanes_of: dict[str, int] = {}
    if len(placed) <= DETAIL_MAX_EVENTS and len(order) > MAX_DETAIL_LANES:
        order = _fold_small_lanes(order, by_lane, labels)
    if len(placed) > DETAIL_MAX_EVENTS:
        # Drawn as counts: sub-rows would never be seen, so every event sits on its lane.
        for lane_index, key in enumerate(order):
            for r in by_lane[key]:
                lanes_of[r.id] = lane_index
        placements = _LanePlacements({r.id: r for r in placed}, lanes_of, fade_left, fade_right)
    else:
        placements = {}
        for lane_index, key in enumerate(order):
            lane_rows = sorted(by_lane[key], key=lambda r: (r.earliest or x_min, r.latest or x_max))
            ends: list[str] = []  # last x1 per sub-row
            for r in lane_rows:
                x0 = r.earliest or fade_left
                x1 = r.latest or fade_right
                sub = next((i for i, e in enumerate(ends) if e < x0), None)
                if sub is None:
                    if len(ends) < MAX_SUBROWS:
                        ends.append(x1)
                        sub = len(ends) - 1
                    else:
                        sub = min(range(len(ends)), key=lambda i: ends[i])
                        ends[sub] = max(ends[sub], x1)
                else:
                    ends[sub] = x1
                # Sub-rows spread within the lane, first one on the lane's centre line.
                offset = (0, -0.18, 0.18, -0.34, 0.34)[sub]
                placements[r.id] = Placement(
                    x0, x1, lane_index + offset, r.earliest is None, r.latest is None
                )
                lanes_of[r.id] = lane_index
    return TimelineLayout(
        lanes=order,
        labels=[labels[k] for k in order],
        placements=placements,
        x_min=x_min,
        x_max=x_max,
        fade_left=fade_left,
        fade_right=fade_right,
        unplaced=len(rows) - len(placed),
        lane_index=lanes_of,
    )


def fade_ends(x_min: str, x_max: str) -> tuple[str, str]:
    """Where open ends fade out: a tenth of the span (at least 60 days) beyond the data."""
    span_days = max((_day(x_max) - _day(x_min)).days, 30)
    fade = max(span_days // 10, 60)
    return _shift(x_min, -fade), _shift(x_max, fade)


def _fold_small_lanes(
    order: list[str], by_lane: dict[str, list[Row]], labels: dict[str, str]
) -> list[str]:
    """One row per lane stays readable up to `MAX_DETAIL_LANES`: the busiest lanes keep
    their rows (in their usual order), the rest share a last "N other lanes" row."""
    keep = set(sorted(order, key=lambda k: -len(by_lane[k]))[: MAX_DETAIL_LANES - 1])
    rest = [k for k in order if k not in keep]
    by_lane[OTHER_LANES] = [r for k in rest for r in by_lane.pop(k)]
    labels[OTHER_LANES] = f"{len(rest):,} other lanes"
    return [k for k in order if k in keep] + [OTHER_LANES]


def rows_in_window(rows: list[Row], window: tuple[str, str]) -> list[Row]:
    """Events whose span meets the zoomed x range (an open end reaches forever)."""
    lo, hi = window
    return [
        r for r in rows
        if (r.earliest is not None or r.latest is not None)
        and (r.earliest or "") <= hi and (r.latest or "9999-12-31") >= lo
    ]  # fmt: skip


def window_of(relayout: dict[str, Any] | None) -> tuple[str, str] | None | bool:
    """The x range a zoom or pan chose, None when reset, False when x did not change."""
    relayout = relayout or {}
    if relayout.get("xaxis.autorange"):
        return None
    lo, hi = relayout.get("xaxis.range[0]"), relayout.get("xaxis.range[1]")
    if lo is None and isinstance(relayout.get("xaxis.range"), list):
        lo, hi = relayout["xaxis.range"][:2]
    if not (isinstance(lo, str) and isinstance(hi, str)):
        return False
    lo, hi = lo[:10], hi[:10]
    try:
        _day(lo), _day(hi)
    except ValueError:
        return False
    return (lo, hi) if lo <= hi else (hi, lo)


def _esc(s: str) -> str:
    """Plotly reads a few tags (`<a href>`, `<b>`, ...) in every label, hover and
    annotation: text from a document must never be read as markup."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@lru_cache(maxsize=65536)
def hover_text(r: Row) -> str:
    """Title, the date as written, its EDTF reading and the document: kept short because
    it travels with every point."""
    written = f"“{_esc(r.evidence)}” → " if r.evidence else ""
    status = f" <i>{r.status}</i>" if r.status != "active" else ""
    return (
        f"<b>{_esc(_short(r.title, 80))}</b><br>{written}{_esc(r.date)}{status}"
        f"<br>{_esc(_short(r.doc_title, 60))}"
    )


def _midpoint(x0: str, x1: str) -> str:
    a, b = _day(x0), _day(x1)
    return (a + (b - a) / 2).isoformat()


def _short(label: str, n: int = 30) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def build_figure(
    rows: list[Row],
    mode: str = "document",
    selected: str | None = None,
    revision: str = "",
    layout: TimelineLayout | None = None,
    window: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """`layout` may come from a cache; it must have been computed from the same rows.
    `window` is the zoomed x range the rows were chosen for, if any."""
    layout = layout or compute_layout(rows, mode)
    if is_dense(layout):
        return dense_figure(rows, mode, selected, revision, layout, window)
    traces: list[dict[str, Any]] = []
    groups: dict[str, list[Row]] = {k: [] for k in STYLES}
    for r in rows:
        if r.id in layout.placements:
            groups.setdefault(style_key(r), []).append(r)
    lo, hi = window or (layout.fade_left, layout.fade_right)
    day_per_px = marks.days_per_px(lo, hi)
    size = mark_size(len(layout.lanes))
    for key, style in STYLES.items():
        members = groups.get(key) or []
        if members:
            traces += _style_traces(key, style, members, layout, size, day_per_px)
    placed = [r for r in rows if r.id in layout.placements]
    anchors = {r.id: _anchor(layout.placements[r.id]) for r in placed}
    traces += marks.conflict_trace(placed, anchors, size)
    traces += marks.qualifier_traces(placed, anchors)
    fig_layout = figure_layout(layout, mode, revision)
    if len(placed) > SLIDER_MAX_EVENTS:
        hide_slider(fig_layout)
    if lo:
        fig_layout["annotations"] = marks.label_annotations(
            placed, layout.placements, lo, day_per_px, lane_px(layout)
        )
    fig_layout["shapes"] = selection_shapes(layout, selected)
    return {"data": traces, "layout": fig_layout}


def _anchor(p: Placement) -> tuple[str, float]:
    """Where a mark's point sits: the day, a period's middle, an open period's known end."""
    if p.open_right:
        return p.x0, p.y
    if p.open_left:
        return p.x1, p.y
    return (p.x0 if p.x0 == p.x1 else _midpoint(p.x0, p.x1)), p.y


def lane_px(layout: TimelineLayout) -> float:
    return figure_height(len(layout.lanes)) * 0.7 / max(len(layout.lanes), 1)


def is_dense(layout: TimelineLayout) -> bool:
    return len(layout.placements) > DETAIL_MAX_EVENTS


def dense_figure(
    rows: list[Row],
    mode: str,
    selected: str | None,
    revision: str,
    layout: TimelineLayout,
    window: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """Counts per lane and time bin, with a note saying how to get single events back."""
    labels = [_esc(_short(label)) for label in layout.labels]
    if layout.counts is not None:
        traces, names = heatmap(*layout.counts, labels)
    else:
        traces, names = density_traces(rows, layout.lane_index, labels, window)
    fig_layout = figure_layout(layout, mode, revision)
    height = figure_height(len(names))
    fig_layout["height"] = height
    fig_layout["yaxis"] = {
        "type": "category", "autorange": "reversed", "fixedrange": True, "automargin": False,
        "showgrid": False, "title": {"text": ""},
    }  # fmt: skip
    # A margin sized from the labels: automargin would make plotly lay out twice.
    fig_layout["margin"]["l"] = 16 + 7 * max((len(n) for n in names), default=0)
    hide_slider(fig_layout)
    fig_layout["margin"]["t"] = 34
    fig_layout["annotations"] = [
        {"xref": "paper", "yref": "paper", "x": 0, "y": 1, "yanchor": "bottom",
         "xanchor": "left", "showarrow": False, "align": "left",
         "text": f"{len(layout.placements):,} events in {len(layout.lanes):,} {mode} lanes: "
                 f"counts shown. Zoom in or filter to under {DETAIL_MAX_EVENTS:,} events "
                 "to see each one, or click a cell."}
    ]  # fmt: skip
    fig_layout["shapes"] = selection_shapes(layout, selected)
    full = {_esc(_short(label)): label for label in layout.labels}
    fig_layout["meta"] = {"lanes": [full.get(n, n) for n in names]}
    return {"data": traces, "layout": fig_layout}


def hide_slider(fig_layout: dict[str, Any]) -> None:
    """Without the range slider, the date axis needs the room below the plot."""
    fig_layout["xaxis"]["rangeslider"]["visible"] = False
    fig_layout["margin"]["b"] = 44


def figure_height(lanes: int) -> int:
    return min(max(200 + lanes * 34, 340), 640)


def mark_size(lanes: int) -> float:
    """Dot and bar size follow the lane height: with hundreds of lanes, big marks only
    hide each other, and in a software-rendered browser they cost most of the drawing."""
    lane_px = figure_height(lanes) * 0.7 / max(lanes, 1)
    return max(3.0, min(10.0, lane_px * 0.6))


def _style_traces(
    key: str,
    style: dict[str, str],
    members: list[Row],
    layout: TimelineLayout,
    size: float = 10.0,
    day_per_px: float = 1.0,
) -> list[dict[str, Any]]:
    """Dots for days, bars for closed ranges (dashed when approximate or uncertain, cut
    short at both ends so touching periods stay apart), fading segments for open ones."""
    dot_x, dot_y, dot_id, dot_text = [], [], [], []
    bars: dict[str, tuple[list[Any], list[Any]]] = {"solid": ([], []), "dash": ([], [])}
    mid_x, mid_y, mid_id, mid_text = [], [], [], []
    fade_x: list[list[Any]] = [[] for _ in FADE_STEPS]
    fade_y: list[list[Any]] = [[] for _ in FADE_STEPS]
    for r in members:
        p = layout.placements[r.id]
        text = hover_text(r)
        if not p.open_left and not p.open_right and p.x0 == p.x1:
            dot_x.append(p.x0)
            dot_y.append(p.y)
            dot_id.append(r.id)
            dot_text.append(text)
            continue
        if p.open_right:
            # "since 2003": the start is known, the end is not; fade from the start.
            _fade(fade_x, fade_y, p.x0, p.x1, p.y)
            anchor = p.x0
        elif p.open_left:
            _fade(fade_x, fade_y, p.x0, p.x1, p.y, reverse=True)
            anchor = p.x1
        else:
            bar_x, bar_y = bars["dash" if marks.qualifiers(r.date) else "solid"]
            bar_x += [*marks.inset(p.x0, p.x1, day_per_px), None]
            bar_y += [p.y, p.y, None]
            anchor = _midpoint(p.x0, p.x1)
        # Invisible hit target on each bar for hover and click.
        mid_x.append(anchor)
        mid_y.append(p.y)
        mid_id.append(r.id)
        mid_text.append(text)
    name = LEGEND_NAMES[key]
    common = {"legendgroup": key, "hovertemplate": "%{hovertext}<extra></extra>"}
    traces: list[dict[str, Any]] = []
    shown = False
    if dot_x:
        open_symbol = style["symbol"].endswith("open")
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": name,
                "x": dot_x,
                "y": dot_y,
                "customdata": dot_id,
                "hovertext": dot_text,
                "marker": {
                    "size": size,
                    "color": style["color"],
                    "symbol": style["symbol"],
                    "line": {
                        "width": 2 if open_symbol else 0.5,
                        "color": style["color"] if open_symbol else "white",
                    },
                },
                **common,
            }
        )
        shown = True
    for dash, (bar_x, bar_y) in bars.items():
        if not bar_x:
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"{name} (range)" + (", approximate" if dash == "dash" else ""),
                "x": bar_x,
                "y": bar_y,
                "hoverinfo": "skip",
                "legendgroup": key,
                "line": {"color": style["color"], "width": size * 0.8,
                         "dash": style["dash"] if dash == "solid" else "dash"},
                "opacity": 0.6,
                "showlegend": not shown,
            }
        )  # fmt: skip
        shown = True
    for step, opacity in enumerate(FADE_STEPS):
        if fade_x[step]:
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "x": fade_x[step],
                    "y": fade_y[step],
                    "name": f"{name} (open-ended)",
                    "legendgroup": key,
                    "showlegend": not shown and step == 0,
                    "hoverinfo": "skip",
                    "line": {"color": style["color"], "width": size * 0.8},
                    "opacity": opacity,
                }
            )
    if mid_x:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": name,
                "x": mid_x,
                "y": mid_y,
                "customdata": mid_id,
                "hovertext": mid_text,
                "marker": {"size": max(size, 8), "color": "rgba(0,0,0,0)"},
                "showlegend": False,
                **common,
            }
        )
    return traces


def _fade(
    xs: list[list[Any]],
    ys: list[list[Any]],
    start: str | None,
    end: str | None,
    y: float,
    reverse: bool = False,
) -> None:
    """Split an open end into segments of falling opacity (plotly lines have no gradient)."""
    if start is None or end is None:
        return
    a, b = _day(start), _day(end)
    n = len(FADE_STEPS)
    step = (b - a) / n
    for i in range(n):
        seg0 = (a + step * i).isoformat()
        seg1 = (a + step * (i + 1)).isoformat()
        k = n - 1 - i if reverse else i
        xs[k] += [seg0, seg1, None]
        ys[k] += [y, y, None]


def selection_shapes(layout: TimelineLayout, selected: str | None) -> list[dict[str, Any]]:
    """The chosen event as shapes above the marks.

    Shapes, not a trace: changing them is a relayout, so a click does not make plotly
    redraw every mark.
    """
    p = layout.placements.get(selected or "")
    if p is None:
        return []
    red = {"color": "#d62828", "width": 3}
    if is_dense(layout):
        # Rows of the count view are not event rows: mark the event's time span instead.
        x0, x1 = (p.x0, p.x1) if p.x0 != p.x1 else (p.x0, p.x0)
        return [
            {"type": "rect" if x0 != x1 else "line", "xref": "x", "yref": "paper",
             "x0": x0, "x1": x1, "y0": 0, "y1": 1, "line": red, "layer": "above",
             "fillcolor": "rgba(214,40,40,0.08)"}
        ]  # fmt: skip
    if p.x0 == p.x1:
        return [
            {"type": "circle", "xref": "x", "yref": "y", "xsizemode": "pixel",
             "ysizemode": "pixel", "xanchor": p.x0, "yanchor": p.y, "x0": -11, "x1": 11,
             "y0": -11, "y1": 11, "line": red, "layer": "above"}
        ]  # fmt: skip
    return [
        {"type": "rect", "xref": "x", "yref": "y", "x0": p.x0, "x1": p.x1,
         "y0": p.y - 0.14, "y1": p.y + 0.14, "line": red, "layer": "above"}
    ]  # fmt: skip


def _left_margin(labels: list[str]) -> int:
    """Room for the lane names as drawn (cut to 30 characters, about 7 px each), or for
    the axis title when lanes are not named."""
    return 16 + 7 * max((len(_short(label)) for label in labels), default=3)


def figure_layout(layout: TimelineLayout, mode: str, revision: str) -> dict[str, Any]:
    n = len(layout.lanes)
    height = figure_height(n)
    labelled = n <= LABELLED_LANES
    yaxis: dict[str, Any] = {
        "range": [n - 0.5, -0.5] if n else [1, -1],
        "zeroline": False,
        "showgrid": False,
        "fixedrange": True,
        "tickmode": "array",
        "tickvals": list(range(n)) if labelled else [],
        "ticktext": [_esc(_short(label)) for label in layout.labels] if labelled else [],
        "title": {"text": "" if labelled else f"{n:,} {mode} lanes: filter to name them"},
    }
    if labelled and n > 1:
        # Separators between lanes as minor grid lines: shapes are kept for the selection.
        yaxis["minor"] = {"tickmode": "linear", "tick0": 0.5, "dtick": 1, "showgrid": True,
                          "gridcolor": "#eceff3", "ticklen": 0}  # fmt: skip
    xaxis: dict[str, Any] = {
        "type": "date",
        "rangeslider": {"visible": True, "thickness": 0.08},
        "showgrid": True,
        "gridcolor": "#eceff3",
    }
    if layout.fade_left and layout.fade_right:
        xaxis["range"] = [layout.fade_left, layout.fade_right]
        xaxis["rangeslider"]["range"] = [layout.fade_left, layout.fade_right]
        xaxis["autorange"] = False
    return {
        "height": height,
        "margin": {"l": _left_margin(layout.labels if labelled else []), "r": 10, "t": 10,
                   "b": 10},
        "xaxis": xaxis,
        # The margin is sized from the labels: automargin would make plotly lay the
        # figure out twice, which doubles its drawing time.
        "yaxis": {**yaxis, "automargin": False},
        "shapes": [],
        # Whole lane names, shown as a tooltip on the cut ones (`assets/lanes.js`).
        "meta": {"lanes": list(layout.labels) if labelled else []},
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        # The page's own key (`KEY`) explains every glyph, the same words as the README.
        "showlegend": False,
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "uirevision": revision,
        "clickmode": "event",
        "dragmode": "zoom",
    }
