"""What a mark says without hovering: a short label where it fits, `~`/`?` for approximate
and uncertain dates, a ring where sources disagree, a gap between touching periods.

The server does not know the plot's width in pixels; labels are placed for a nominal
width (`NOMINAL_WIDTH_PX`) and the zoomed range, so zooming in makes room for more.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from .data import Row

NOMINAL_WIDTH_PX = 1000
CHAR_PX = 6.4  # average width of a character at the label font size
LABEL_CHARS = 26
LABEL_GAP_PX = 6
MAX_LABELS = 300  # each is an SVG text node; beyond this, zoom in to read more
MIN_LANE_PX = 16  # below this, labels would cover the next lane
GAP_PX = 2.0  # cut from each end of a period, so 2016, 2017, 2018 read as three bars
CONFLICT_COLOR = "#c62828"
QUALIFIERS = (("~", "approximate"), ("?", "uncertain"))


def qualifiers(edtf: str) -> str:
    """`~` when the date is approximate, `?` when uncertain (`%` is both)."""
    out = ""
    if "~" in edtf or "%" in edtf:
        out += "~"
    if "?" in edtf or "%" in edtf:
        out += "?"
    return out


def _day(s: str) -> date:
    return date.fromisoformat(s)


def days_per_px(lo: str | None, hi: str | None) -> float:
    if not lo or not hi:
        return 1.0
    return max((_day(hi) - _day(lo)).days, 1) / NOMINAL_WIDTH_PX


def inset(x0: str, x1: str, day_per_px: float) -> tuple[str, str]:
    """The period drawn a hair shorter at both ends, never below a third of its length."""
    a, b = _day(x0), _day(x1)
    cut = min(timedelta(days=day_per_px * GAP_PX), (b - a) / 3)
    return (a + cut).isoformat(), (b - cut).isoformat()


def _short(text: str, n: int = LABEL_CHARS) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _extent(p: Any) -> tuple[str, str]:
    """Where a mark really is: an open period's known end, else its whole span."""
    if p.open_right:
        return p.x0, p.x0
    if p.open_left:
        return p.x1, p.x1
    return p.x0, p.x1


def label_annotations(
    rows: Iterable[Row], placements: Any, lo: str, day_per_px: float, lane_px: float
) -> list[dict[str, Any]]:
    """Titles right of their marks, left to right per row of marks, skipping any label
    that would run into the next mark or label."""
    if lane_px < MIN_LANE_PX:
        return []
    start = _day(lo)
    # Stacked sub-rows sit 0.16-0.18 lanes apart: label them only when that is a line.
    centre_only = lane_px * 0.16 < 13
    by_y: dict[float, list[tuple[float, float, str, str]]] = {}
    for r in rows:
        p = placements.get(r.id)
        if p is None or (centre_only and p.y != round(p.y)):
            continue
        x0, x1 = _extent(p)
        a = (_day(x0) - start).days / day_per_px
        b = (_day(x1) - start).days / day_per_px
        by_y.setdefault(p.y, []).append((a, b, x1, _short(r.title)))
    xs, ys, texts = [], [], []
    for y, marks in by_y.items():
        marks.sort()
        taken = float("-inf")
        for i, (_a, b, anchor, text) in enumerate(marks):
            left = b + LABEL_GAP_PX
            right = left + len(text) * CHAR_PX
            nxt = marks[i + 1][0] if i + 1 < len(marks) else NOMINAL_WIDTH_PX
            if left > taken and right < nxt - LABEL_GAP_PX and right <= NOMINAL_WIDTH_PX:
                xs.append(anchor)
                ys.append(y)
                texts.append(_esc(text))
                taken = right
            else:
                taken = max(taken, b)
    # Annotations, not a text trace: the range slider would copy a trace's text.
    return [
        {"x": x, "y": y, "text": t, "xref": "x", "yref": "y", "showarrow": False,
         "xanchor": "left", "xshift": LABEL_GAP_PX, "font": {"size": 11, "color": "#2b3645"},
         "captureevents": False}
        for x, y, t in zip(xs, ys, texts, strict=True)
    ][:MAX_LABELS]  # fmt: skip


def qualifier_traces(rows: Iterable[Row], anchors: dict[str, tuple[str, float]]) -> list[dict]:
    """`~` and `?` above approximate and uncertain marks."""
    found: dict[str, tuple[list[str], list[float]]] = {}
    for r in rows:
        q = qualifiers(r.date)
        if q and r.id in anchors:
            x, y = anchors[r.id]
            xs, ys = found.setdefault(q, ([], []))
            xs.append(x)
            ys.append(y)
    return [
        {"type": "scatter", "mode": "text", "x": xs, "y": ys, "text": [q] * len(xs),
         "textposition": "top center", "textfont": {"size": 14, "color": "#3b4350"},
         "hoverinfo": "skip", "showlegend": False, "name": f"{q} qualifier"}
        for q, (xs, ys) in found.items()
    ]  # fmt: skip


def conflict_trace(
    rows: Iterable[Row], anchors: dict[str, tuple[str, float]], size: float
) -> list[dict[str, Any]]:
    """A red ring around each event whose date another document contradicts."""
    hit = [(anchors[r.id], r.id) for r in rows if r.conflict and r.id in anchors]
    if not hit:
        return []
    return [{
        "type": "scatter", "mode": "markers", "name": "sources disagree",
        "x": [a[0] for a, _ in hit], "y": [a[1] for a, _ in hit],
        "marker": {"symbol": "hexagon-open", "size": size + 9, "color": CONFLICT_COLOR,
                   "line": {"width": 2, "color": CONFLICT_COLOR}},
        "hoverinfo": "skip", "showlegend": False,
    }]  # fmt: skip
