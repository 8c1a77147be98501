"""The events file's rows as numpy columns, built once per file version.

A filter change over 100,000 events spent most of its time in Python loops: the filter
pass, the lane of every event, the counts per lane and month. With each row's flags,
bounds (as days), document and anchor month held in arrays, a filter is a few vector
comparisons and the count view a `bincount`. `filters.apply` stays the reference: the
tests check that both give the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from threading import Lock

import numpy as np

from timeline.schema import KEY_SALIENCE

from . import filters as flt
from .data import Row, Snapshot

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _days(values: list[str | None]) -> np.ndarray:
    """ISO days as datetime64[D]; None is NaT."""
    return np.array([v if v is not None else "NaT" for v in values], dtype="datetime64[D]")


@dataclass
class Columns:
    """Arrays parallel to `rows` (same order), and lookups built from them."""

    rows: list[Row]
    earliest: np.ndarray  # datetime64[D], NaT when open
    latest: np.ndarray
    rejected: np.ndarray  # bool
    inferred: np.ndarray
    minor: np.ndarray  # salience known and below KEY_SALIENCE
    anchor: np.ndarray  # datetime64[D]: where the event counts in the count view
    confidence: np.ndarray  # float
    doc: np.ndarray  # int code of the document
    doc_codes: dict[str, int]
    position: dict[str, int]  # event id -> row number
    by_id: dict[str, Row]
    _lanes: dict[str, tuple[np.ndarray, list[str]]] = field(default_factory=dict)
    _date_rank: np.ndarray | None = None
    _lock: Lock = field(default_factory=Lock)

    @property
    def placed(self) -> np.ndarray:
        """Rows with at least one known end (they can be drawn)."""
        return ~(np.isnat(self.earliest) & np.isnat(self.latest))

    def lane_codes(self, mode: str) -> tuple[np.ndarray, list[str]]:
        """Every row's lane as a number, and the lane keys those numbers stand for."""
        from .figures import lane_key

        with self._lock:
            if mode not in self._lanes:
                keys: dict[str, int] = {}
                codes = np.fromiter(
                    (keys.setdefault(lane_key(r, mode), len(keys)) for r in self.rows),
                    dtype=np.int64, count=len(self.rows),
                )  # fmt: skip
                self._lanes[mode] = (codes, list(keys))
            return self._lanes[mode]


def chronological(cols: Columns, found: np.ndarray) -> list[Row]:
    """Rows `found` in the table's date order: a stable sort of the whole file, made
    once, read at these rows (ties keep file order, as `sorted` on them would)."""
    from .table import date_key

    with cols._lock:
        if cols._date_rank is None:
            order = sorted(range(len(cols.rows)), key=lambda i: date_key(cols.rows[i]))
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order))
            cols._date_rank = rank
        rank = cols._date_rank
    rows = cols.rows
    return [rows[i] for i in found[np.argsort(rank[found], kind="stable")].tolist()]


def build(rows: list[Row]) -> Columns | None:
    """The columns of these rows; None when a bound is not a plain ISO day of years
    0001-9999 (the arrays could not compare it as the strings do)."""
    ends = [d for r in rows for d in (r.earliest, r.latest) if d is not None]
    if any(not _ISO_DAY.fullmatch(d) or d.startswith("0000") for d in ends):
        return None
    doc_codes: dict[str, int] = {}
    return Columns(
        rows=rows,
        earliest=_days([r.earliest for r in rows]),
        latest=_days([r.latest for r in rows]),
        rejected=np.array([r.status == "rejected" for r in rows], dtype=bool),
        inferred=np.array([r.how == "inferred" for r in rows], dtype=bool),
        minor=np.array(
            [r.salience is not None and r.salience < KEY_SALIENCE for r in rows], dtype=bool
        ),
        anchor=_days([r.anchor for r in rows]),
        confidence=np.array([r.confidence for r in rows], dtype=float),
        doc=np.array([doc_codes.setdefault(r.doc, len(doc_codes)) for r in rows], dtype=np.int64),
        doc_codes=doc_codes,
        position={r.id: i for i, r in enumerate(rows)},
        by_id={r.id: r for r in rows},
    )


_CACHE: dict[tuple[str, str], Columns | None] = {}
_CACHE_LOCK = Lock()
_BUILD_LOCK = Lock()


def of(snap: Snapshot) -> Columns | None:
    """The columns of this file version, built on first use (two files may share a
    version stamp, so the path is part of the key)."""
    with _BUILD_LOCK:  # two callbacks at once build it once
        with _CACHE_LOCK:
            if (key := (str(snap.path), snap.version)) in _CACHE:
                return _CACHE[key]
        cols = build(snap.rows)
        with _CACHE_LOCK:
            if len(_CACHE) > 2:
                _CACHE.clear()
            _CACHE[key] = cols
    return cols


def _window_mask(cols: Columns, f: flt.Filters) -> np.ndarray | None:
    """Rows meeting the date window (open ends reach forever); None when the window's
    bounds are not plain ISO days (the linear filter decides then)."""
    window = flt.date_window(f)
    n = len(cols.rows)
    keep = np.ones(n, dtype=bool)
    for bound in (window.lo, window.hi):
        if bound is not None and (not _ISO_DAY.fullmatch(bound) or bound.startswith("0000")):
            return None
    if window.lo:
        lo = np.datetime64(window.lo, "D")
        keep &= np.isnat(cols.latest) | (cols.latest >= lo)
    if window.hi:
        hi = np.datetime64(window.hi, "D")
        keep &= np.isnat(cols.earliest) | (cols.earliest <= hi)
    if window.lo or window.hi:
        keep &= cols.placed
    return keep


def select(cols: Columns, f: flt.Filters) -> np.ndarray | None:
    """Row numbers passing every filter, in file order (as `filters.apply` keeps them);
    None when only the linear filter can decide."""
    keep = _window_mask(cols, f)
    if keep is None:
        return None
    if not f.show_rejected:
        keep &= ~cols.rejected
    if not f.show_inferred:
        keep &= ~cols.inferred
    if not f.all_events:
        keep &= ~cols.minor
    if f.docs:
        codes = [cols.doc_codes[d] for d in f.docs if d in cols.doc_codes]
        keep &= np.isin(cols.doc, codes)
    if f.min_confidence:
        keep &= cols.confidence >= f.min_confidence
    found = np.flatnonzero(keep)
    needle = f.text.strip().lower()
    if needle:
        rows = cols.rows
        found = np.array([i for i in found.tolist() if needle in rows[i].haystack], dtype=np.int64)
    return found


class LaneNumbers(Mapping[str, int]):
    """Event id -> lane number for the rows of one view, read from arrays: a count view
    of 100,000 events looks up a handful of them, so no dict of them all is made."""

    def __init__(self, cols: Columns, found: np.ndarray, lane_of_row: np.ndarray) -> None:
        self._cols = cols
        self._found = found
        self._lane = np.full(len(cols.rows), -1, dtype=np.int64)
        self._lane[found] = lane_of_row

    def __getitem__(self, key: str) -> int:
        i = self._cols.position.get(key)
        if i is None or self._lane[i] < 0:
            raise KeyError(key)
        return int(self._lane[i])

    def __iter__(self) -> Iterator[str]:
        rows = self._cols.rows
        return (rows[i].id for i in self._found.tolist())

    def __len__(self) -> int:
        return len(self._found)

    def __contains__(self, key: object) -> bool:
        i = self._cols.position.get(key) if isinstance(key, str) else None
        return i is not None and self._lane[i] >= 0


def months(days: np.ndarray) -> np.ndarray:
    """Month numbers (year * 12 + month - 1) of datetime64[D] days."""
    return days.astype("datetime64[M]").astype(np.int64) + 1970 * 12


def in_window(cols: Columns, found: np.ndarray, window: tuple[str, str]) -> np.ndarray | None:
    """The rows of `found` whose span meets the zoomed x range (`figures.rows_in_window`);
    None when the window is not two plain ISO days."""
    lo, hi = window
    if not all(_ISO_DAY.fullmatch(d) and not d.startswith("0000") for d in window):
        return None
    a, b = cols.earliest[found], cols.latest[found]
    meets = (np.isnat(a) | (a <= np.datetime64(hi, "D"))) & (
        np.isnat(b) | (b >= np.datetime64(lo, "D"))
    )
    return found[meets & cols.placed[found]]
