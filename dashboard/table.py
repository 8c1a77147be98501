"""The event table: sorted, filtered and paged on the server.

Sending 20,000 rows to the browser on every filter change would cost more than
the whole figure, so the table only ever receives the page it shows.
"""

from __future__ import annotations

import re
from typing import Any

from .data import Row

PAGE_SIZE = 15
COLUMNS: list[dict[str, Any]] = [
    {"name": "date", "id": "date"},
    {"name": "event", "id": "title"},
    {"name": "who says", "id": "source"},
    {"name": "document", "id": "document"},
    {"name": "how", "id": "how"},
    {"name": "confidence", "id": "confidence", "type": "numeric"},
    {"name": "status", "id": "status"},
]
_SORT_KEYS = {
    "date": lambda r: (r.earliest or "", r.latest or "9999"),
    "title": lambda r: r.title.lower(),
    "source": lambda r: r.source.lower(),
    "document": lambda r: r.doc_title.lower(),
    "how": lambda r: r.how,
    "confidence": lambda r: r.confidence,
    "status": lambda r: r.status,
}
_VALUE = {
    "date": lambda r: r.date,
    "title": lambda r: r.title,
    "source": lambda r: r.source,
    "document": lambda r: r.doc_title,
    "how": lambda r: r.how,
    "confidence": lambda r: r.confidence,
    "status": lambda r: r.status,
}
# One clause of DataTable's filter syntax, e.g. `{confidence} >= 0.5` or `{title} icontains x`.
_CLAUSE = re.compile(
    r"^\s*\{(?P<col>[^}]+)\}\s*(?P<case>[is]?)"
    r"(?P<op><=|>=|!=|<|>|=|contains|eq|ne|lt|le|gt|ge|datestartswith)\s+"
    r"(?P<val>.*?)\s*$"
)
_OPS = {
    "eq": "=",
    "ne": "!=",
    "lt": "<",
    "le": "<=",
    "gt": ">",
    "ge": ">=",
}


def to_record(r: Row) -> dict[str, Any]:
    return {
        "id": r.id,
        "date": r.date,
        "title": r.title,
        "source": r.source,
        "document": r.doc_title,
        "how": r.how,
        "confidence": round(r.confidence, 2),
        "status": r.status + (" (edited)" if r.edited else ""),
    }


def _unquote(v: str) -> str:
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'`":
        return v[1:-1].replace("\\" + v[0], v[0])
    return v


def _clause_test(clause: str) -> Any:
    m = _CLAUSE.match(clause)
    if not m or m.group("col") not in _VALUE:
        return None
    get = _VALUE[m.group("col")]
    op = _OPS.get(m.group("op"), m.group("op"))
    raw = _unquote(m.group("val"))
    needle = raw.lower()

    def test(r: Row) -> bool:
        value = get(r)
        if op == "contains":
            return needle in str(value).lower()
        if op == "datestartswith":
            return str(value).startswith(raw)
        if isinstance(value, float):
            try:
                other: Any = float(raw)
            except ValueError:
                return False
        else:
            value, other = str(value).lower(), needle
        return {
            "=": value == other,
            "!=": value != other,
            "<": value < other,
            "<=": value <= other,
            ">": value > other,
            ">=": value >= other,
        }[op]

    return test


def filter_rows(rows: list[Row], query: str | None) -> list[Row]:
    """Apply the table's own column filters (clauses joined by `&&`); bad clauses are ignored."""
    if not query:
        return rows
    tests = [t for t in (_clause_test(c) for c in query.split(" && ")) if t]
    if not tests:
        return rows
    return [r for r in rows if all(t(r) for t in tests)]


def sort_rows(rows: list[Row], sort_by: list[dict[str, str]] | None) -> list[Row]:
    """Chronological by default; otherwise by the clicked columns, last key applied first."""
    out = sorted(rows, key=_SORT_KEYS["date"])
    for spec in reversed(sort_by or []):
        key = _SORT_KEYS.get(spec.get("column_id", ""))
        if key is not None:
            out = sorted(out, key=key, reverse=spec.get("direction") == "desc")
    return out


def page_of(rows: list[Row], event_id: str | None, page_size: int = PAGE_SIZE) -> int | None:
    for i, r in enumerate(rows):
        if r.id == event_id:
            return i // page_size
    return None


def page(
    rows: list[Row], page_current: int, page_size: int = PAGE_SIZE
) -> tuple[list[dict[str, Any]], int]:
    """Records of one page and the page count (at least 1, so the pager stays sane)."""
    count = max(1, -(-len(rows) // page_size))
    current = min(max(page_current or 0, 0), count - 1)
    chunk = rows[current * page_size : (current + 1) * page_size]
    return [to_record(r) for r in chunk], count


def selected_style(event_id: str | None) -> list[dict[str, Any]]:
    base: list[dict[str, Any]] = [
        {
            "if": {"filter_query": '{status} contains "rejected"'},
            "color": "#9aa0a6",
            "textDecoration": "line-through",
        },
    ]
    if event_id:
        safe = event_id.replace('"', '\\"')
        base.append(
            {
                "if": {"filter_query": f'{{id}} = "{safe}"'},
                "backgroundColor": "#fff3c4",
                "fontWeight": 600,
            }
        )
    return base
