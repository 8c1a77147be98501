"""The stories figure: one mark per story, from its earliest to its latest day, on the row
of how many sources tell it (most at the top).

The mark's size and the number inside it are its sources; a conflict (sources giving
dates that exclude each other) is a red diamond instead of a blue circle, named in the
key, the hover and the label. A period is a bar with its mark in the middle. Above
`DETAIL_MAX_STORIES` stories the figure is a count heatmap, as the events timeline's
(`density.py`); zooming or filtering below it brings the marks back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from . import marks
from .density import density_traces
from .figures import Placement, hide_slider

DETAIL_MAX_STORIES = 1500
MANY = 10  # stories told by this many sources or more share the top row
MAX_SUBROWS = 4
LABEL_SHIFT_PX = 16
SUBROW_OFFSETS = (0, -0.22, 0.22, -0.4)
AGREE = {"color": "#1f5fa8", "symbol": "circle"}
CONFLICT = {"color": marks.CONFLICT_COLOR, "symbol": "diamond"}
PENDING_LINE = "#f4a261"  # the outline of a story changed by hand since the last extract
# The key above the figure: (glyph, CSS class, meaning); glyph and words, never colour alone.
KEY: tuple[tuple[str, str, str], ...] = (
    ("●", "story", "a story: size and number = how many sources tell it"),
    ("◆", "story-conflict", "sources disagree on the date (spread in the hover)"),
    ("▬", "story-period", "the story's date is a period"),
    ("◎", "story-pending", "merged or split here: applies at the next extract"),
)


@dataclass(frozen=True)
class StoryMark:
    """A story as the figure needs it; `anchor`/`anchor_month` serve the count view."""

    id: str
    title: str
    date: str
    x0: str
    x1: str
    sources: int
    conflict: str
    hover: str
    pending: bool = False
    anchor: str = field(init=False, compare=False)
    anchor_month: int = field(init=False, compare=False)

    def __post_init__(self) -> None:
        a, b = date.fromisoformat(self.x0), date.fromisoformat(self.x1)
        mid = (a + (b - a) / 2).isoformat()
        object.__setattr__(self, "anchor", mid)
        object.__setattr__(self, "anchor_month", int(mid[:4]) * 12 + int(mid[5:7]) - 1)


def _esc(s: str) -> str:
    return marks._esc(s)  # one escaping rule for every text plotly shows


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def hover(row: dict[str, Any]) -> str:
    """Title, date, sources and the conflict's spread, every document text escaped."""
    lines = [f"<b>{_esc(marks._short(row['title'] or row['id'], 80))}</b>",
             f"{_esc(row['date'] or 'undated')} · told by {_count(row['sources'], 'source')}"]
    if row.get("speakers"):
        lines[-1] += f", {_count(row['speakers'], 'named speaker')}"
    if row.get("conflict"):
        lines.append(f"sources disagree: {_esc(row['conflict'])}")
    if row.get("pending"):
        lines.append(_esc(row["pending"]))
    if row.get("hidden"):
        lines.append(f"{_count(row['hidden'], 'quote')} outside the page's filters")
    return "<br>".join(lines)  # fmt: skip


def to_marks(rows: list[dict[str, Any]]) -> tuple[list[StoryMark], int]:
    """Marks of the rows with a date; and how many have none (they cannot be placed)."""
    out = []
    for r in rows:
        x0 = r.get("earliest") or r.get("latest")
        x1 = r.get("latest") or r.get("earliest")
        if not x0 or not x1:
            continue
        out.append(StoryMark(r["id"], r["title"] or r["id"], r["date"] or "", x0, x1,
                             r["sources"], r.get("conflict") or "", hover(r),
                             bool(r.get("pending"))))  # fmt: skip
    return out, len(rows) - len(out)


def lane_of(sources: int) -> str:
    return f"{MANY}+ sources" if sources >= MANY else _count(sources, "source")


@dataclass
class StoryLayout:
    lanes: list[str]  # top to bottom: most sources first
    placements: dict[str, Placement]
    lane_index: dict[str, int]
    x_min: str | None = None
    x_max: str | None = None


def compute_layout(found: list[StoryMark]) -> StoryLayout:
    """Rows by number of sources; within a row, sub-rows keep overlapping periods apart."""
    if not found:
        return StoryLayout([], {}, {})
    counts = sorted({min(m.sources, MANY) for m in found}, reverse=True)
    lanes = [lane_of(c) for c in counts]
    row_of = {c: i for i, c in enumerate(counts)}
    placements: dict[str, Placement] = {}
    lane_index: dict[str, int] = {}
    ends: dict[int, list[str]] = {}
    dense = len(found) > DETAIL_MAX_STORIES
    for m in sorted(found, key=lambda m: (m.x0, m.x1, m.id)):
        lane = row_of[min(m.sources, MANY)]
        lane_index[m.id] = lane
        sub = 0 if dense else _sub_row(ends.setdefault(lane, []), m.x0, m.x1)
        placements[m.id] = Placement(m.x0, m.x1, lane + SUBROW_OFFSETS[sub], False, False)
    return StoryLayout(lanes, placements, lane_index, min(m.x0 for m in found),
                       max(m.x1 for m in found))  # fmt: skip


def _sub_row(ends: list[str], x0: str, x1: str) -> int:
    """The first sub-row free at `x0` (a new one while there is room, else the
    earliest-ending one), its end moved to `x1`."""
    sub = next((i for i, e in enumerate(ends) if e < x0), None)
    if sub is None and len(ends) < MAX_SUBROWS:
        ends.append(x1)
        return len(ends) - 1
    if sub is None:
        sub = min(range(len(ends)), key=lambda i: ends[i])
    ends[sub] = max(ends[sub], x1)
    return sub


def in_window(found: list[StoryMark], window: tuple[str, str] | None) -> list[StoryMark]:
    if window is None:
        return found
    lo, hi = window
    return [m for m in found if m.x0 <= hi and m.x1 >= lo]


def figure_height(lanes: int) -> int:
    return min(max(160 + lanes * 60, 260), 560)


def mark_size(sources: int) -> float:
    return 10 + 2.5 * min(sources, 8)


def build_figure(
    found: list[StoryMark], selected: str = "", window: tuple[str, str] | None = None,
    revision: str = "stories",
) -> dict[str, Any]:
    """The whole figure; `window` is the zoomed x range, when zoomed."""
    shown = in_window(found, window)
    layout = compute_layout(shown)
    if len(shown) > DETAIL_MAX_STORIES:
        return _dense_figure(shown, layout, window, revision)
    traces: list[dict[str, Any]] = []
    for style, members in (("agree", [m for m in shown if not m.conflict]),
                           ("conflict", [m for m in shown if m.conflict])):  # fmt: skip
        traces += _bars(style, members, layout, window)
        traces += _dots(style, members, layout)
    fig_layout = _fig_layout(layout, window, revision)
    lo, hi = window or _padded(layout)
    if lo and hi:
        lane_px = figure_height(len(layout.lanes)) * 0.7 / max(len(layout.lanes), 1)
        labels = marks.label_annotations(
            shown, layout.placements, lo, marks.days_per_px(lo, hi), lane_px
        )
        for label in labels:  # clear of the widest mark, not only of a small dot
            label["xshift"] = LABEL_SHIFT_PX
        fig_layout["annotations"] = labels
    fig_layout["shapes"] = selection_shapes(layout, selected)
    return {"data": traces, "layout": fig_layout}


def _style(style: str) -> dict[str, str]:
    return CONFLICT if style == "conflict" else AGREE


def _bars(
    style: str, members: list[StoryMark], layout: StoryLayout, window: tuple[str, str] | None
) -> list[dict[str, Any]]:
    lo, hi = window or _padded(layout)
    per_px = marks.days_per_px(lo, hi)
    xs: list[Any] = []
    ys: list[Any] = []
    for m in members:
        if m.x0 != m.x1:
            p = layout.placements[m.id]
            xs += [*marks.inset(m.x0, m.x1, per_px), None]
            ys += [p.y, p.y, None]
    if not xs:
        return []
    return [{"type": "scatter", "mode": "lines", "x": xs, "y": ys, "hoverinfo": "skip",
             "name": f"{style} periods", "showlegend": False, "opacity": 0.45,
             "line": {"color": _style(style)["color"], "width": 8}}]  # fmt: skip


def _dots(style: str, members: list[StoryMark], layout: StoryLayout) -> list[dict[str, Any]]:
    """One marker per story, carrying its id (`customdata`) for clicks and the keyboard."""
    if not members:
        return []
    look = _style(style)
    anchors = [_anchor(layout.placements[m.id]) for m in members]
    return [{
        "type": "scatter", "mode": "markers+text", "name": f"{style} stories",
        "x": [a[0] for a in anchors], "y": [a[1] for a in anchors],
        "customdata": [m.id for m in members], "hovertext": [m.hover for m in members],
        "hovertemplate": "%{hovertext}<extra></extra>",
        "text": [str(m.sources) for m in members], "textposition": "middle center",
        "textfont": {"size": 10, "color": "white"},
        "marker": {
            "symbol": look["symbol"], "color": look["color"],
            "size": [mark_size(m.sources) for m in members],
            "line": {"width": [3 if m.pending else 1 for m in members],
                     "color": [PENDING_LINE if m.pending else "white" for m in members]},
        },
        "showlegend": False,
    }]  # fmt: skip


def _anchor(p: Placement) -> tuple[str, float]:
    if p.x0 == p.x1:
        return p.x0, p.y
    a, b = date.fromisoformat(p.x0), date.fromisoformat(p.x1)
    return (a + (b - a) / 2).isoformat(), p.y


def _padded(layout: StoryLayout) -> tuple[str | None, str | None]:
    """The whole extent with a margin, so the first mark is not on the edge and the last
    one has room for its label."""
    if layout.x_min is None or layout.x_max is None:
        return None, None
    a, b = date.fromisoformat(layout.x_min), date.fromisoformat(layout.x_max)
    pad = max((b - a) / 20, timedelta(days=30))
    try:
        return (a - pad).isoformat(), (b + pad * 4).isoformat()
    except OverflowError:
        return layout.x_min, layout.x_max


def selection_shapes(layout: StoryLayout, selected: str) -> list[dict[str, Any]]:
    p = layout.placements.get(selected or "")
    if p is None:
        return []
    red = {"color": "#d62828", "width": 3}
    x, y = _anchor(p)
    ring = {"type": "circle", "xref": "x", "yref": "y", "xsizemode": "pixel",
            "ysizemode": "pixel", "xanchor": x, "yanchor": y, "x0": -17, "x1": 17,
            "y0": -17, "y1": 17, "line": red, "layer": "above"}  # fmt: skip
    if p.x0 == p.x1:
        return [ring]
    return [ring, {"type": "rect", "xref": "x", "yref": "y", "x0": p.x0, "x1": p.x1,
                   "y0": p.y - 0.12, "y1": p.y + 0.12, "line": red, "layer": "above"}]


def _fig_layout(
    layout: StoryLayout, window: tuple[str, str] | None, revision: str
) -> dict[str, Any]:
    n = len(layout.lanes)
    lo, hi = window or _padded(layout)
    xaxis: dict[str, Any] = {"type": "date", "showgrid": True, "gridcolor": "#eceff3"}
    if lo and hi:
        xaxis.update(range=[lo, hi], autorange=False)
    return {
        "height": figure_height(n),
        "margin": {"l": 10, "r": 10, "t": 10, "b": 40},
        "xaxis": xaxis,
        "yaxis": {"range": [n - 0.5, -0.5] if n else [1, -1], "zeroline": False,
                  "showgrid": False, "fixedrange": True, "tickmode": "array",
                  "tickvals": list(range(n)), "ticktext": list(layout.lanes),
                  "automargin": True,
                  "minor": {"tickmode": "linear", "tick0": 0.5, "dtick": 1, "showgrid": n > 1,
                            "gridcolor": "#eceff3", "ticklen": 0}},
        "shapes": [], "annotations": [], "hovermode": "closest",
        "hoverlabel": {"align": "left"}, "showlegend": False,
        "plot_bgcolor": "white", "paper_bgcolor": "white",
        "uirevision": revision, "clickmode": "event", "dragmode": "zoom",
    }  # fmt: skip


def _dense_figure(
    shown: list[StoryMark], layout: StoryLayout, window: tuple[str, str] | None, revision: str
) -> dict[str, Any]:
    """Stories per row of sources and time bin, with a note on how to see each one."""
    traces, names = density_traces(shown, layout.lane_index, layout.lanes, window)  # type: ignore[arg-type]
    for t in traces:
        t["name"] = "stories per bin"
        t["colorbar"]["title"]["text"] = "stories"
        t["hovertemplate"] = t["hovertemplate"].replace(" events", " stories")
    fig_layout = _fig_layout(layout, window, revision)
    fig_layout["yaxis"] = {"type": "category", "autorange": "reversed", "fixedrange": True,
                           "automargin": True, "showgrid": False}  # fmt: skip
    fig_layout["height"] = figure_height(len(names))
    fig_layout["xaxis"].pop("range", None)
    fig_layout["xaxis"]["autorange"] = True
    fig_layout["xaxis"]["rangeslider"] = {"visible": False}
    hide_slider(fig_layout)
    fig_layout["margin"]["t"] = 34
    fig_layout["annotations"] = [{
        "xref": "paper", "yref": "paper", "x": 0, "y": 1, "yanchor": "bottom",
        "xanchor": "left", "showarrow": False, "align": "left",
        "text": f"{len(shown):,} stories: counts shown. Zoom in, click a cell, or filter to "
                f"under {DETAIL_MAX_STORIES:,} stories to see each one.",
    }]  # fmt: skip
    return {"data": traces, "layout": fig_layout}


