"""The event table: sorted, filtered and paged on the server (AG Grid's infinite model).

Sending 20,000 rows to the browser on every filter change would cost more than the
whole figure, so the grid only ever receives the block of rows it shows. Sort and
column filters arrive as AG Grid's `sortModel` and `filterModel` and are applied here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .data import Row

PAGE_SIZE = 15
_TEXT = {"filter": "agTextColumnFilter"}
COLUMN_DEFS: list[dict[str, Any]] = [
    {"field": "date", "headerName": "date", "width": 120, **_TEXT},
    {"field": "title", "headerName": "event", "flex": 3, "minWidth": 180,
     "wrapText": True, "tooltipField": "title", **_TEXT},
    {"field": "source", "headerName": "who says", "flex": 1, "minWidth": 100, **_TEXT},
    {"field": "document", "headerName": "document", "flex": 2, "minWidth": 120,
     "tooltipField": "document", **_TEXT},
    {"field": "how", "headerName": "how", "width": 100, **_TEXT},
    {"field": "confidence", "headerName": "confidence", "width": 120,
     "filter": "agNumberColumnFilter"},
    {"field": "status", "headerName": "status", "width": 130, **_TEXT},
]  # fmt: skip
_SORT_KEYS: dict[str, Callable[[Row], Any]] = {
    "date": lambda r: (r.earliest or "", r.latest or "9999"),
    "title": lambda r: r.title.lower(),
    "source": lambda r: r.source.lower(),
    "document": lambda r: r.doc_title.lower(),
    "how": lambda r: r.how,
    "confidence": lambda r: r.confidence,
    "status": lambda r: r.status,
}
_VALUE: dict[str, Callable[[Row], Any]] = {
    "date": lambda r: r.date,
    "title": lambda r: r.title,
    "source": lambda r: r.source,
    "document": lambda r: r.doc_title,
    "how": lambda r: r.how,
    "confidence": lambda r: r.confidence,
    "status": lambda r: r.status + (" (edited)" if r.edited else ""),
}
_TEXT_TESTS: dict[str, Callable[[str, str], bool]] = {
    "contains": lambda v, x: x in v,
    "notContains": lambda v, x: x not in v,
    "equals": lambda v, x: v == x,
    "notEqual": lambda v, x: v != x,
    "startsWith": lambda v, x: v.startswith(x),
    "endsWith": lambda v, x: v.endswith(x),
    "blank": lambda v, x: not v,
    "notBlank": lambda v, x: bool(v),
}
_NUMBER_TESTS: dict[str, Callable[[float, float, float], bool]] = {
    "equals": lambda v, x, _: v == x,
    "notEqual": lambda v, x, _: v != x,
    "lessThan": lambda v, x, _: v < x,
    "lessThanOrEqual": lambda v, x, _: v <= x,
    "greaterThan": lambda v, x, _: v > x,
    "greaterThanOrEqual": lambda v, x, _: v >= x,
    "inRange": lambda v, x, y: x <= v <= y,
}


def to_record(r: Row, selected: str | None = None) -> dict[str, Any]:
    return {
        "id": r.id,
        "date": r.date,
        "title": r.title,
        "source": r.source,
        "document": r.doc_title,
        "how": r.how,
        "confidence": round(r.confidence, 2),
        "status": r.status + (" (edited)" if r.edited else ""),
        "selected": r.id == selected,
        "rejected": r.status == "rejected",
    }


def _condition_test(col: str, cond: dict[str, Any]) -> Callable[[Row], bool] | None:
    """One AG Grid filter condition on one column; None when it cannot be read."""
    get = _VALUE.get(col)
    kind = cond.get("type")
    if get is None or not isinstance(kind, str):
        return None
    if cond.get("filterType") == "number":
        number = _NUMBER_TESTS.get(kind)
        lo, hi = cond.get("filter"), cond.get("filterTo")
        if number is None or not isinstance(lo, int | float):
            return None
        hi = hi if isinstance(hi, int | float) else lo
        return lambda r: number(float(get(r)), float(lo), float(hi))
    text = _TEXT_TESTS.get(kind)
    if text is None:
        return None
    needle = str(cond.get("filter") or "").lower()
    return lambda r: text(str(get(r)).lower(), needle)


def _column_test(col: str, model: dict[str, Any]) -> Callable[[Row], bool] | None:
    """A column's filter: one condition, or several joined by AND / OR."""
    if "conditions" not in model:
        return _condition_test(col, model)
    tests = [t for t in (_condition_test(col, c) for c in model["conditions"] or []) if t]
    if not tests:
        return None
    if str(model.get("operator", "AND")).upper() == "OR":
        return lambda r: any(t(r) for t in tests)
    return lambda r: all(t(r) for t in tests)


def filter_rows(rows: list[Row], filter_model: dict[str, Any] | None) -> list[Row]:
    """Apply the grid's column filters; a filter that cannot be read is ignored."""
    tests = [
        t for col, model in (filter_model or {}).items()
        if isinstance(model, dict) and (t := _column_test(col, model))
    ]  # fmt: skip
    if not tests:
        return rows
    return [r for r in rows if all(t(r) for t in tests)]


def date_key(row: Row) -> tuple[str, str]:
    """The table's default order: earliest day, then latest (open ends last)."""
    return _SORT_KEYS["date"](row)  # type: ignore[no-any-return]


def sort_rows(
    rows: list[Row], sort_model: list[dict[str, str]] | None, chronological: bool = False
) -> list[Row]:
    """Chronological by default; otherwise by the clicked columns, last key applied first.
    `chronological` says the rows are already in date order (stably sorted)."""
    out = list(rows) if chronological else sorted(rows, key=_SORT_KEYS["date"])
    for spec in reversed(sort_model or []):
        key = _SORT_KEYS.get(spec.get("colId", ""))
        if key is not None:
            out = sorted(out, key=key, reverse=spec.get("sort") == "desc")
    return out


def index_of(rows: list[Row], event_id: str | None) -> int | None:
    return next((i for i, r in enumerate(rows) if r.id == event_id), None)


def block(
    rows: list[Row], start: int, end: int, selected: str | None = None
) -> list[dict[str, Any]]:
    """The records the grid asked for (rows `start` to `end`, end excluded)."""
    start = max(start or 0, 0)
    end = max(end or start + PAGE_SIZE, start)
    return [to_record(r, selected) for r in rows[start:end]]
