"""CSV for spreadsheets: one row per event, cells a spreadsheet cannot run as formulas."""

from __future__ import annotations

import csv
import io

from .model import Item

COLUMNS = (
    "id", "date", "earliest", "latest", "title", "quote", "document", "url",
    "who_says", "how", "confidence", "status",
)
_FORMULA = ("=", "+", "@", "\t", "\r")


def _cell(value: object) -> str:
    """Text as written, except that a leading formula sign is neutralised with `'`."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA) or (text.startswith("-") and not text[1:2].isdigit()):
        return "'" + text
    return text


def render(items: list[Item]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for i in items:
        writer.writerow([_cell(v) for v in (
            i.id, i.date, i.earliest, i.latest, i.title, i.quote, i.doc_title, i.url, i.who,
            i.event.get("how", ""), i.event.get("confidence", ""), i.event.get("status", "active"),
        )])
    return out.getvalue()
