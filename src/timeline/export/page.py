"""One self-contained HTML page: a light SVG timeline, every event's quote in its paragraph.

The page has no script, no external style, font or image, and a Content Security
Policy that forbids loading anything, so it opens offline and can be mailed. Every
text that comes from a document or the events file is escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date

from .dates import date_parts
from .model import Item, groups

WIDTH, LANE, TOP, LEFT = 1000, 28, 34, 180
_BLANK_LINE = re.compile(r"(?:\r\n|\n|\r)[ \t]*(?:\r\n|\n|\r)")
_CONTEXT = 600  # characters of paragraph kept on each side of a quote at most

_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#222}
h1{font-size:1.4rem}svg{width:100%;height:auto;border:1px solid #ddd;background:#fafafa}
.lane{font-size:11px;fill:#555}.tick{font-size:10px;fill:#777}.axis{stroke:#bbb}
a circle,a rect{fill:#2a6fb0;fill-opacity:.8}a:hover circle,a:hover rect{fill:#d2691e}
article{border-top:1px solid #eee;padding:.6rem 0}article:target{background:#fff6d6}
time{color:#555;margin-right:.5rem}blockquote{margin:.4rem 0 .4rem 1rem;font-style:italic}
.source{color:#444;font-size:.9rem}.para{font-size:.9rem;color:#333;white-space:pre-wrap}
mark{background:#ffe27a}.meta{color:#666;font-size:.85rem}
"""


def _day(value: str | None) -> int | None:
    return date.fromisoformat(value).toordinal() if value else None


def _label(item: Item) -> str:
    found = date_parts(item.date)
    return found[2] if found else item.date


def paragraph(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(before, quote, after): the quote in its paragraph, cut to a readable length."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    breaks = [m.end() for m in _BLANK_LINE.finditer(text, 0, start)]
    first = max([0, *breaks[-1:]])
    following = _BLANK_LINE.search(text, end)
    last = following.start() if following else len(text)
    first, last = max(first, start - _CONTEXT), min(last, end + _CONTEXT)
    return text[first:start], text[start:end], text[end:last]


def _svg(items: list[Item], lane_of: Callable[[Item], str]) -> str:
    lanes = list(dict.fromkeys(lane_of(i) for i in items))
    days = [d for i in items for d in (_day(i.earliest), _day(i.latest)) if d is not None]
    lo, hi = (min(days), max(days)) if days else (0, 1)
    hi = hi if hi > lo else lo + 1
    height = TOP + LANE * max(1, len(lanes)) + 10

    def x(day: int | None, default: int) -> float:
        at = day if day is not None else default
        return LEFT + (WIDTH - LEFT - 20) * ((at - lo) / (hi - lo))

    out = [f'<svg viewBox="0 0 {WIDTH} {height}" role="img" aria-label="Timeline of events">']
    first_year, last_year = date.fromordinal(lo).year, date.fromordinal(hi).year
    step = max(1, (last_year - first_year) // 8 or 1)
    for year in range(first_year, last_year + 1, step):
        tx = x(date(year, 1, 1).toordinal(), lo) if year > first_year else LEFT
        out.append(f'<line class="axis" x1="{tx:.1f}" y1="20" x2="{tx:.1f}" y2="{height - 6}"/>')
        out.append(f'<text class="tick" x="{tx + 2:.1f}" y="14">{year}</text>')
    for n, name in enumerate(lanes):
        y = TOP + LANE * n + LANE / 2
        out.append(f'<text class="lane" x="4" y="{y + 4:.1f}">{html.escape(name[:30])}</text>')
    for item in items:
        y = TOP + LANE * lanes.index(lane_of(item)) + LANE / 2
        a, b = x(_day(item.earliest), lo), x(_day(item.latest), hi)
        tip = html.escape(f"{_label(item)}: {item.title}")
        shape = (
            f'<rect x="{a:.1f}" y="{y - 5:.1f}" width="{b - a:.1f}" height="10" rx="4"/>'
            if b - a > 8
            else f'<circle cx="{(a + b) / 2:.1f}" cy="{y:.1f}" r="6"/>'
        )
        out.append(
            f'<a href="#ev-{html.escape(item.id, quote=True)}" class="marker">'
            f"<title>{tip}</title>{shape}</a>"
        )
    out.append("</svg>")
    return "\n".join(out)


def _article(item: Item, text_of: Callable[[str], str | None]) -> str:
    eid = html.escape(item.id, quote=True)
    parts = [
        f'<article id="ev-{eid}">',
        f"<h2><time>{html.escape(_label(item))}</time>{html.escape(item.title)}</h2>",
        f'<blockquote class="quote">{html.escape(item.quote)}</blockquote>',
    ]
    source = html.escape(item.source)
    if item.url:
        url = html.escape(item.url, quote=True)
        source += f' &middot; <a href="{url}" rel="noopener noreferrer">{html.escape(item.url)}</a>'
    parts.append(f'<p class="source">{source}</p>')
    span = item.event.get("sentence") or item.event.get("evidence")
    text = text_of(item.doc_id) if isinstance(span, dict) else None
    if text and isinstance(span.get("start"), int) and isinstance(span.get("end"), int):
        before, quote, after = paragraph(text, span["start"], span["end"])
        parts.append(
            '<details><summary>Source paragraph</summary><p class="para">'
            f"{html.escape(before)}<mark>{html.escape(quote)}</mark>{html.escape(after)}"
            "</p></details>"
        )
    meta = f'{html.escape(str(item.event.get("how", "")))}, confidence ' \
        f'{html.escape(str(item.event.get("confidence", "")))}'
    if item.event.get("status") == "rejected":
        meta += ", rejected"
    parts.append(f'<p class="meta">{meta}</p></article>')
    return "\n".join(parts)


def render(
    items: list[Item],
    text_of: Callable[[str], str | None],
    group_by: str = "document",
    title: str = "Timeline",
) -> str:
    """The page; `text_of(doc_id)` gives a document's text for the source paragraphs."""
    lane_of = groups(items, group_by)
    docs = sorted({i.doc_id for i in items})
    body = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<header><h1>{html.escape(title)}</h1>",
        f'<p class="meta">{len(items)} events from {len(docs)} documents</p></header>',
        _svg(items, lane_of),
        "<main>",
        *(_article(i, text_of) for i in items),
        "</main></body></html>",
    ]
    return "\n".join(body) + "\n"
