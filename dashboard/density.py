"""The timeline as counts per lane and time bin, for when there are too many marks to draw.

Without a GPU, Chromium draws WebGL in software and reads the pixels back, which costs
seconds at 20,000 points. A heatmap of a few thousand cells is one small image: the page
stays fast, and zooming or filtering below `figures.DETAIL_MAX_EVENTS` brings back one
mark per event.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import lru_cache
from typing import Any

from .data import Row

TOP_LANES = 40  # lanes drawn by name; the rest share one "other lanes" row
MAX_BINS = 160
# Bin widths in months, smallest first: month, quarter, year, 5 years, decade, century.
BIN_MONTHS = (1, 3, 12, 60, 120, 1200)


@lru_cache(maxsize=65536)
def anchor_day(r: Row) -> str | None:
    """Where an event counts: the middle of a closed range, else its one known end."""
    if r.earliest and r.latest:
        a, b = date.fromisoformat(r.earliest), date.fromisoformat(r.latest)
        return (a + (b - a) / 2).isoformat()
    return r.earliest or r.latest


def _month_index(day: str) -> int:
    return int(day[:4]) * 12 + int(day[5:7]) - 1


def _month_start(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}-01"


def bin_months(first: str, last: str) -> int:
    """The smallest bin width that keeps the strip under `MAX_BINS` columns."""
    span = _month_index(last) - _month_index(first) + 1
    return next((m for m in BIN_MONTHS if span / m <= MAX_BINS), BIN_MONTHS[-1])


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
    lane_of: dict[str, str],
    lanes: list[str],
    labels: list[str],
    window: tuple[str, str] | None = None,
) -> tuple[list[dict[str, Any]], list[str]]:
    """One heatmap (lanes x bins) and the y categories top to bottom.

    With a zoom `window`, an event counts at its anchor moved into the window, so the
    bins cover just the window (finer) and a long span that crosses it is not lost.

    `lanes` are lane keys in display order and `labels` their (escaped, short) names;
    `lane_of` maps an event id to its lane key. Empty cells are None so they stay blank.
    """
    anchors = {r.id: anchor_day(r) for r in rows if r.id in lane_of}
    if window is not None:
        lo, hi = window
        anchors = {i: min(max(d, lo), hi) if d else d for i, d in anchors.items()}
    days = [d for d in anchors.values() if d]
    if not days:
        return [], []
    first, last = min(days), max(days)
    width = bin_months(first, last)
    start = _month_index(first) // width * width
    n_bins = (_month_index(last) - start) // width + 1

    per_lane = Counter(lane_of[i] for i, d in anchors.items() if d)
    shown = sorted(lanes, key=lambda k: -per_lane[k])[:TOP_LANES]
    shown_set = set(shown)
    shown = [k for k in lanes if k in shown_set]  # keep the display order
    label_of = dict(zip(lanes, labels, strict=True))
    row_index = {k: i for i, k in enumerate(shown)}
    others = len(lanes) - len(shown)
    grid: list[list[int]] = [[0] * n_bins for _ in range(len(shown) + (1 if others else 0))]
    for event_id, day in anchors.items():
        if not day:
            continue
        i = row_index.get(lane_of[event_id], len(shown))
        grid[i][(_month_index(day) - start) // width] += 1
    names = unique_labels([label_of[k] for k in shown])
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
        "hovertemplate": "%{y}<br>%{z:,} events in this " + unit + "<extra></extra>",
        "colorbar": {"title": {"text": "events"}, "thickness": 10, "len": 0.6},
        "showlegend": False,
    }
    return [trace], names
