"""iCalendar (RFC 5545): each event dated to the day becomes an all-day calendar entry.

Dates vaguer than a day ("1998", "about June 2019") have no honest place in a
calendar and are left out (the command says how many). Text is escaped and lines
are folded at 75 octets, as the RFC requires.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from .dates import day_precise
from .model import Item


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces (never inside a UTF-8 character)."""
    pieces: list[str] = []
    current, size, limit = "", 0, 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += ch
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def render(items: list[Item], now: datetime | None = None) -> tuple[str, int]:
    """The calendar text and how many events were left out for lack of a day."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//timeline//events export//EN",
             "CALSCALE:GREGORIAN"]
    skipped = 0
    for item in items:
        days = day_precise(item.date)
        if days is None:
            skipped += 1
            continue
        first, last = days
        description = f"{item.quote}\n\n{item.source}" + (f"\n{item.url}" if item.url else "")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape(item.id)}@timeline",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{first.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(last + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape(item.title)}",
            f"DESCRIPTION:{escape(description)}",
        ]
        if item.url:
            lines.append(f"URL:{item.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines), skipped
