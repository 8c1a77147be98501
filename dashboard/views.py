"""Filtered rows and their figure layout, computed once per file version, filters and zoom."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from threading import Lock
from typing import Any

import numpy as np

from . import columns, figures
from . import filters as flt
from .count_layout import count_layout
from .data import EventStore, Row, Snapshot


class Kept:
    """A small LRU shared by callbacks: each value is computed once per key, even when two
    callbacks ask for it at the same moment (the second waits and reuses it). Values are
    shared, so callers never change them."""

    def __init__(self, size: int) -> None:
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._size = size
        self._lock = Lock()
        self._computing: dict[Any, Lock] = {}

    def get(self, key: Any, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            key_lock = self._computing.setdefault(key, Lock())
        with key_lock:
            with self._lock:
                if key in self._items:
                    return self._items[key]
            value = compute()
            with self._lock:
                self._items[key] = value
                self._computing.pop(key, None)
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
        return value


class ViewCache:
    """Small LRU of (rows, layout) per (file version, filters, zoom).

    The timeline and the table ask for the same view at the same moment after a filter
    change; one computes it while the other waits, instead of both doing the work.
    """

    def __init__(self, size: int = 16) -> None:
        self._kept = Kept(size)

    def get(
        self, snap: Snapshot, f: flt.Filters, window: tuple[str, str] | None = None
    ) -> tuple[list[Row], figures.TimelineLayout]:
        rows, layout, _found = self.entry(snap, f, window)
        return rows, layout

    def entry(
        self, snap: Snapshot, f: flt.Filters, window: tuple[str, str] | None = None
    ) -> tuple[list[Row], figures.TimelineLayout, np.ndarray | None]:
        """The view's rows, layout and (when the file has columns) row numbers."""
        key = (snap.version, events_only(f), window)
        return self._kept.get(key, lambda: self._compute(snap, f, window))

    def _compute(
        self, snap: Snapshot, f: flt.Filters, window: tuple[str, str] | None
    ) -> tuple[list[Row], figures.TimelineLayout, np.ndarray | None]:
        cols = columns.of(snap)
        found: np.ndarray | None = None
        if window is None:
            found = columns.select(cols, f) if cols is not None else None
            rows = [snap.rows[i] for i in found.tolist()] if found is not None else None
            rows = rows if rows is not None else flt.apply(snap.rows, f)
        else:
            parent_rows, _layout, parent = self.entry(snap, f)
            if cols is not None and parent is not None:
                found = columns.in_window(cols, parent, window)
            if found is not None:
                rows = [snap.rows[i] for i in found.tolist()]
            else:
                rows = figures.rows_in_window(parent_rows, window)
        # Lanes keep the order of the whole file, so a filter never reshuffles them.
        ranks = lane_order(snap, f.lanes)
        layout = None
        if cols is not None and found is not None:
            layout = count_layout(cols, found, f.lanes, ranks, window)
        if layout is None:
            layout = figures.compute_layout(rows, f.lanes, ranks)
        return rows, layout, found


_ORDERS: dict[tuple[str, str, str], dict[str, int]] = {}
_ORDERS_LOCK = Lock()


def lane_order(snap: Snapshot, mode: str) -> dict[str, int]:
    """Rank of every lane of the whole file: filtered views keep it, so lanes never jump."""
    key = (str(snap.path), snap.version, mode)
    with _ORDERS_LOCK:
        if key in _ORDERS:
            return _ORDERS[key]
    order = figures.lane_ranks(snap.rows, mode)
    with _ORDERS_LOCK:
        if len(_ORDERS) > 8:
            _ORDERS.clear()
        _ORDERS[key] = order
    return order


@dataclass
class Services:
    """What every callback module needs: the events file and the view cache."""

    store: EventStore
    views: ViewCache
    read_only: bool = False


def events_only(f: flt.Filters) -> flt.Filters:
    """The filters that decide which events are shown (not the selection, not stories)."""
    return replace(f, event="", min_sources=0, story="")


def revision(f: flt.Filters) -> str:
    """Plotly keeps the user's view state while this stays the same; never empty, so it
    is never read as absent."""
    return "view?" + flt.to_query(events_only(f))


def zoom_window(xview: dict | None, rev: str) -> tuple[str, str] | None:
    """The zoom applies only to the filters it was made under."""
    if not xview or xview.get("rev") != rev or not xview.get("x"):
        return None
    lo, hi = xview["x"]
    return str(lo), str(hi)


def zoomed(
    views: ViewCache, snap: Snapshot, f: flt.Filters, window: tuple[str, str],
    full: figures.TimelineLayout,
) -> tuple[list[Row], figures.TimelineLayout]:
    """The events in view, laid out on their own, with the whole view's x extent so the
    range slider still spans every event."""
    rows, layout = views.get(snap, f, window)
    return rows, replace(
        layout, x_min=full.x_min, x_max=full.x_max,
        fade_left=full.fade_left, fade_right=full.fade_right,
    )  # fmt: skip


def view(
    services: Services, f: flt.Filters, xview: dict | None
) -> tuple[Snapshot, list[Row], figures.TimelineLayout, tuple[str, str] | None]:
    """The rows and layout on screen for these filters and this zoom."""
    snap = services.store.current()
    rows, layout = services.views.get(snap, f)
    window = zoom_window(xview, revision(f))
    if window is not None:
        rows, layout = zoomed(services.views, snap, f, window, layout)
    return snap, rows, layout, window
