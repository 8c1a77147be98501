"""The timeline as counts per lane and time bin, for when there are too many marks to draw.

Without a GPU, Chromium draws WebGL in software and reads the pixels back, which costs
seconds at 20,000 points. A heatmap of a few thousand cells is one small image: the page
stays fast, and zooming or filtering below `figures.DETAIL_MAX_EVENTS` brings back one
mark per event.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import numpy as np

from .data import Row

TOP_LANES = 40  # lanes drawn by name; the rest share one "other lanes" row
MAX_BINS = 160
# Bin widths in months, smallest first: month, quarter, year, 5 years, decade, century.
BIN_MONTHS = (1, 3, 12, 60, 120, 1200)


def _month_index(day: str) -> int:
    return int(day[:4]) * 12 + int(day[5:7]) - 1


def _month_start(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}-01"


def bin_months(first: str, last: str) -> int:
    """The smallest bin width that keeps the strip under `MAX_BINS` columns."""
    span = _month_index(last) - _month_index(first) + 1
    return next((m for m in BIN_MONTHS if span / m <= MAX_BINS), BIN_MONTHS[-1])


# How a cell's hover names its period, from the cell's middle day (d3 date formats).
PERIOD_HOVER = {1: "%{x|%B %Y}", 3: "%{x|%Y} Q%{x|%q}", 12: "%{x|%Y}"}


def period_hover(width: int) -> str:
    return PERIOD_HOVER.get(width, f"the {width // 12} years around " + "%{x|%Y}")


def period_of(day: str, width: int) -> tuple[str, str]:
    """First and last day of the bin of `width` months that holds `day`."""
    first = _month_index(day) // width * width
    end = date.fromisoformat(_month_start(first + width)) - timedelta(days=1)
    return _month_start(first), end.isoformat()


def bin_width(rows: list[Row], window: tuple[str, str] | None = None) -> int:
    """The bin width `density_traces` uses for these rows."""
    if window is None:
        months = [r.anchor_month for r in rows if r.anchor_month is not None]
    else:
        lo, hi = window
        months = [_month_index(min(max(r.anchor, lo), hi)) for r in rows if r.anchor]
    if not months:
        return 1
    return bin_months(_month_start(min(months)), _month_start(max(months)))


def unique_labels(labels: list[str]) -> list[str]:
    """Heatmap rows are categories: two lanes with the same title must stay two rows."""
    seen: Counter[str] = Counter()
    out = []
    for label in labels:
        seen[label] += 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def density_traces(
    rows: list[Row],
    lane_index: dict[str, int],
    labels: list[str],
    window: tuple[str, str] | None = None,
) -> tuple[list[dict[str, Any]], list[str]]:
    """One heatmap (lanes x bins) and the y categories top to bottom.

    With a zoom `window`, an event counts at its anchor moved into the window, so the
    bins cover just the window (finer) and a long span that crosses it is not lost.

    `labels` are the lanes' (escaped, short) names in display order and `lane_index`
    maps an event id to its lane's number in that order. Empty cells are None so they
    stay blank. One pass over the rows with precomputed months: this runs on every
    filter change.
    """
    lanes: list[int] = []
    months: list[int] = []
    if window is None:
        for r in rows:
            lane = lane_index.get(r.id)
            if lane is not None and r.anchor_month is not None:
                lanes.append(lane)
                months.append(r.anchor_month)
    else:
        lo, hi = window
        for r in rows:
            lane = lane_index.get(r.id)
            if lane is not None and r.anchor:
                lanes.append(lane)
                months.append(_month_index(min(max(r.anchor, lo), hi)))
    return heatmap(np.array(lanes, dtype=np.int64), np.array(months, dtype=np.int64), labels)


def heatmap(
    lanes: np.ndarray, months: np.ndarray, labels: list[str]
) -> tuple[list[dict[str, Any]], list[str]]:
    """The heatmap of events at (lane number, month number), one pair per event: the
    busiest `TOP_LANES` lanes by name, the rest in one row, at most `MAX_BINS` columns."""
    if not len(months):
        return [], []
    first, last = int(months.min()), int(months.max())
    width = bin_months(_month_start(first), _month_start(last))
    start = first // width * width
    n_bins = (last - start) // width + 1

    per_lane = np.bincount(lanes, minlength=len(labels)).tolist()
    top = sorted(range(len(labels)), key=lambda k: -per_lane[k])[:TOP_LANES]
    shown = sorted(top)  # keep the display order
    others = len(labels) - len(shown)
    n_rows = len(shown) + (1 if others else 0)
    row_of = np.full(max(len(labels), int(lanes.max()) + 1), len(shown), dtype=np.int64)
    row_of[shown] = np.arange(len(shown))
    cells = row_of[lanes] * n_bins + (months - start) // width
    grid = np.bincount(cells, minlength=n_rows * n_bins).reshape(n_rows, n_bins).tolist()
    names = unique_labels([labels[k] for k in shown])
    if others:
        names.append(f"{others:,} other lanes")
    edges = [_month_start(start + width * b) for b in range(n_bins + 1)]
    unit = {1: "month", 3: "quarter", 12: "year"}.get(width, f"{width // 12} years")
    z = [[c or None for c in line] for line in grid]
    trace = {
        "type": "heatmap",
        "name": f"events per lane and {unit}",
        "x": edges,
        "y": names,
        "z": z,
        "zmin": 0,
        "colorscale": [[0, "#dbe7f5"], [0.35, "#6c9bd2"], [1, "#0b2f66"]],
        "xgap": 1,
        "ygap": 1,
        "hovertemplate": "%{y}<br>" + period_hover(width) + ": %{z:,} events"
        "<br>click to zoom in<extra></extra>",
        "colorbar": {"title": {"text": "events"}, "thickness": 10, "len": 0.6},
        "showlegend": False,
    }
    return [trace], names
