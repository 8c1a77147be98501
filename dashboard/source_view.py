"""The source document with the chosen event's evidence and sentence highlighted.

Text is always passed as component children (React escapes it), never as HTML or
Markdown: a document that contains `<script>` shows those characters, nothing runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dash import html

from timeline.schema import Document, Event

EVIDENCE_ANCHOR = "evidence-anchor"
OTHER_EVENT = "src-event"  # pattern-matching id type of other events' evidence


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # "sentence", "evidence", "date_source", "attribution", "other"
    event_id: str


def marks_for(event: Event, others: list[Event], text_len: int) -> list[Mark]:
    """Spans to highlight, clipped to the text; spans beyond it are dropped."""

    def ok(start: int, end: int) -> bool:
        return 0 <= start < end <= text_len

    marks = []
    if event.sentence and ok(event.sentence.start, event.sentence.end):
        marks.append(Mark(event.sentence.start, event.sentence.end, "sentence", event.id))
    if event.evidence and ok(event.evidence.start, event.evidence.end):
        marks.append(Mark(event.evidence.start, event.evidence.end, "evidence", event.id))
    source = event.date_source
    if source and ok(source.start, source.end):
        marks.append(Mark(source.start, source.end, "date_source", event.id))
    who = event.attribution
    if who and ok(who.start, who.end):
        marks.append(Mark(who.start, who.end, "attribution", event.id))
    for o in others:
        if o.id != event.id and o.evidence and ok(o.evidence.start, o.evidence.end):
            marks.append(Mark(o.evidence.start, o.evidence.end, "other", o.id))
    return marks


def segments(text: str, marks: list[Mark]) -> list[tuple[str, list[Mark]]]:
    """Cut the text at every mark boundary; each piece lists the marks covering it."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a == b:
            continue
        covering = [m for m in marks if m.start <= a and b <= m.end]
        out.append((text[a:b], covering))
    return out


def render_text(text: str, event: Event, others: list[Event]) -> list[Any]:
    """Components for the text; the evidence gets the anchor id so it can be scrolled to."""
    children: list[Any] = []
    anchored = False
    part = 0
    for piece, covering in segments(text, marks_for(event, others, len(text))):
        kinds = {m.kind for m in covering}
        if not covering:
            children.append(piece)
            continue
        in_sentence = "sentence" in kinds
        dated_here = " date-source" if "date_source" in kinds else ""
        dated_here += " attribution" if "attribution" in kinds else ""
        if "evidence" in kinds:
            props: dict[str, Any] = {"className": "evidence" + (" in-sentence" * in_sentence)}
            if not anchored:
                props["id"] = EVIDENCE_ANCHOR
                anchored = True
            children.append(html.Mark(piece, **props))
        elif "other" in kinds:
            other = next(m for m in covering if m.kind == "other")
            part += 1
            children.append(
                html.Span(
                    piece,
                    id={"type": OTHER_EVENT, "event": other.event_id, "part": part},
                    className="other-event" + (" in-sentence" * in_sentence) + dated_here,
                    title="Show this event",
                    n_clicks=0,
                    role="button",
                    tabIndex="0",
                    **{"aria-label": f"Show the event dated {piece}"},
                )
            )
        elif dated_here:
            children.append(
                html.Span(
                    piece,
                    className=("sentence" if in_sentence else "") + dated_here,
                    title="Who says so" if "attribution" in kinds and "date_source" not in kinds
                    else "The event's date is read from here",
                )
            )
        else:
            children.append(html.Span(piece, className="sentence"))
    return children


# Where the publication date was read, in words.
PUBLISHED_FROM = {
    "front-matter": "from the front matter",
    "dateline": "from the dateline",
    "html-meta": "from the page's metadata",
    "pdf-meta": "from the PDF's metadata",
    "curated": "set by hand",
    "inferred": "inferred from the text's latest date",
}


def provenance(doc: Document | None) -> list[Any]:
    """Where the document comes from: its file, site, author, address, when it was
    published (and how that is known) and retrieved. Dash escapes every string; an
    address is a link only when it is http(s)."""
    if doc is None:
        return [html.Span("unknown document", className="doc-path")]
    parts: list[Any] = [html.Span(doc.path, className="doc-path")]
    for key, label in (("site", "site"), ("author", "by"), ("format", "format")):
        value = getattr(doc, key, None)
        if isinstance(value, str) and value and not (key == "format" and value == "text"):
            parts.append(html.Span(f"{label} {value}"))
    if doc.published:
        how = PUBLISHED_FROM.get(doc.published_source, "")
        parts.append(html.Span(f"published {doc.published} {how}".strip()))
    retrieved = getattr(doc, "retrieved", None)
    if isinstance(retrieved, str) and retrieved:
        parts.append(html.Span(f"retrieved {retrieved}"))
    url = getattr(doc, "url", None)
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        parts.append(html.A(url, href=url, target="_blank", rel="noopener noreferrer"))
    return parts


def source_panel(
    event: Event | None, doc: Document | None, text: str | None, others: list[Event]
) -> list[Any]:
    if event is None:
        return [
            html.P(
                "Click an event on the timeline or in the table to read it in its source.",
                className="hint",
            )
        ]
    header = [
        html.H3(doc.title or doc.id if doc else event.doc, className="doc-title"),
        html.Div(provenance(doc), className="doc-meta"),
    ]
    if text is None:
        where = doc.path if doc else event.doc
        return [
            *header,
            html.P(
                f"The source text ({where}) cannot be read here (missing, unreadable, or "
                "outside the folders this page may read: the events file's folder and "
                "--docs), so the evidence cannot be shown. "
                f"The event says: “{event.evidence.text if event.evidence else event.title}”.",
                className="problem",
            ),
        ]
    stale = bool(event.evidence) and text[event.evidence.start : event.evidence.end] != (
        event.evidence.text if event.evidence else ""
    )
    notice = (
        [
            html.P(
                "The document changed since extraction: the highlighted span may no longer "
                "match the evidence text.",
                className="problem",
            )
        ]
        if stale
        else []
    )
    if event.attribution:
        notice.append(
            html.P(
                [
                    "Who says so: ",
                    html.Span(event.attribution.text, className="attribution"),
                    " (underlined in the text).",
                ],
                className="attribution-note",
            )
        )
    if event.date_source:
        notice.append(
            html.P(
                [
                    "No date in this sentence: the date is read from “",
                    html.Span(event.date_source.text, className="date-source"),
                    "”, outlined in the text.",
                ],
                className="date-source-note",
            )
        )
    body = html.Div(render_text(text, event, others), className="doc-text", id="doc-text")
    return [*header, *notice, body]
