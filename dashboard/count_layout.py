"""The layout of a count view, made from columns instead of a pass over Row objects.

`figures.compute_layout` gives the same lanes, labels, extent and lane numbers (the
tests compare them); this one does it with array operations, which is what makes a
filter change over 100,000 events cheap. Only used above `figures.DETAIL_MAX_EVENTS`
events, where no event needs a sub-row.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from . import columns as col
from .figures import DETAIL_MAX_EVENTS, TimelineLayout, _LanePlacements, fade_ends


def _day_text(day: np.datetime64) -> str:
    return str(day.astype("datetime64[D]"))


def _extent(cols: col.Columns, placed: np.ndarray) -> tuple[str, str]:
    """Earliest and latest known day of these rows (`compute_layout`'s x_min, x_max)."""
    ends = np.concatenate([cols.earliest[placed], cols.latest[placed]])
    ends = ends[~np.isnat(ends)]
    return _day_text(ends.min()), _day_text(ends.max())


def count_layout(
    cols: col.Columns,
    found: np.ndarray,
    mode: str,
    ranks: Mapping[str, int],
    window: tuple[str, str] | None = None,
) -> TimelineLayout | None:
    """The layout of rows `found` when they are drawn as counts; None when they are few
    enough to be drawn one by one (then `compute_layout` places each)."""
    placed = found[cols.placed[found]]
    if len(placed) <= DETAIL_MAX_EVENTS:
        return None
    x_min, x_max = _extent(cols, placed)
    fade_left, fade_right = fade_ends(x_min, x_max)
    codes, keys = cols.lane_codes(mode)
    lane_codes = codes[placed]
    present, first = np.unique(lane_codes, return_index=True)
    label_of = {
        keys[c]: (cols.rows[placed[i]].doc_title if mode == "document" else keys[c])
        for c, i in zip(present.tolist(), first.tolist(), strict=True)
    }
    order = sorted(label_of, key=lambda k: (ranks.get(k, len(ranks)), k))
    code_of = {k: c for c, k in enumerate(keys)}
    lut = np.full(len(keys), -1, dtype=np.int64)
    lut[[code_of[k] for k in order]] = np.arange(len(order))
    lane_of_row = lut[lane_codes]
    lane_index = col.LaneNumbers(cols, placed, lane_of_row)
    anchor = cols.anchor[placed]
    if window is not None:
        anchor = np.clip(anchor, np.datetime64(window[0], "D"), np.datetime64(window[1], "D"))
    return TimelineLayout(
        lanes=order,
        labels=[label_of[k] for k in order],
        placements=_LanePlacements(cols.by_id, lane_index, fade_left, fade_right),  # type: ignore[arg-type]
        x_min=x_min,
        x_max=x_max,
        fade_left=fade_left,
        fade_right=fade_right,
        unplaced=len(found) - len(placed),
        lane_index=lane_index,
        counts=(lane_of_row, col.months(anchor)),
    )
