"""The source view: evidence and sentence highlighted, other events clickable, no markup."""

from __future__ import annotations

import json

from dash import html

from test_dashboard_support import FIXTURE_DIR, fixture_model
from timeline.dashboard import source_view
from timeline.schema import Event, Span


def _flatten(children: list) -> list:
    out = []
    for c in children:
        out.append(c)
        if hasattr(c, "children") and isinstance(c.children, list):
            out += _flatten(c.children)
    return out


def _text_of(children: list) -> str:
    parts = []
    for c in children:
        parts.append(c if isinstance(c, str) else c.children)
    return "".join(parts)


def test_text_is_kept_whole_and_evidence_is_anchored() -> None:
    model = fixture_model()
    events = {e.id: e for e in model.events}
    text = (FIXTURE_DIR / "docs" / "harbour.txt").read_text(encoding="utf-8-sig")
    ev = events["e5"]
    others = [e for e in model.events if e.doc == "harbour"]
    children = source_view.render_text(text, ev, others)
    assert _text_of(children) == text
    anchors = [c for c in children if isinstance(c, html.Mark)]
    assert len(anchors) == 1 and anchors[0].id == source_view.EVIDENCE_ANCHOR
    assert anchors[0].children == "since 2003"
    clickable = [c for c in children if isinstance(getattr(c, "id", None), dict)]
    assert {c.id["event"] for c in clickable} == {e.id for e in others} - {"e5"}
    sentence = "".join(
        c.children
        for c in children
        if not isinstance(c, str)
        and "sentence" in (c.className or "")
        or (not isinstance(c, str) and "in-sentence" in (c.className or ""))
    )
    assert sentence == ev.sentence.text


def test_script_in_a_document_stays_text() -> None:
    model = fixture_model()
    ev = next(e for e in model.events if e.doc == "council")
    text = (FIXTURE_DIR / "docs" / "council.txt").read_text(encoding="utf-8-sig")
    assert "<script>" in text
    panel = source_view.source_panel(ev, model.documents[1], text, [ev])
    dumped = json.dumps([c.to_plotly_json() for c in panel], default=lambda o: o.to_plotly_json())
    assert "<script>" in dumped  # a plain string child, rendered as text by React
    assert "dangerouslySetInnerHTML" not in dumped


def test_overlapping_events_share_text_without_duplicating_it() -> None:
    text = "In May 2018 repairs began."
    ev = Event(id="a", doc="d", date="2018-05", title="t",
               evidence=Span(start=3, end=11, text="May 2018"),
               sentence=Span(start=0, end=len(text), text=text))  # fmt: skip
    same_span = ev.model_copy(update={"id": "b"})
    children = source_view.render_text(text, ev, [ev, same_span])
    assert _text_of(children) == text
    assert [c.children for c in children if isinstance(c, html.Mark)] == ["May 2018"]


def test_spans_outside_the_text_are_ignored() -> None:
    ev = Event(id="a", doc="d", date="2018", title="t",
               evidence=Span(start=50, end=54, text="2018"))  # fmt: skip
    children = source_view.render_text("short text", ev, [])
    assert children == ["short text"]


def test_unreadable_source_is_explained() -> None:
    model = fixture_model()
    ev = model.events[0]
    panel = source_view.source_panel(ev, model.documents[0], None, [])
    problem = [c for c in panel if isinstance(c, html.P)]
    assert problem and "cannot be read" in problem[0].children


def test_changed_document_is_flagged() -> None:
    model = fixture_model()
    ev = model.events[0]
    panel = source_view.source_panel(ev, model.documents[0], "x" * 500, [])
    assert any(isinstance(c, html.P) and "changed" in c.children for c in panel)


def test_the_sentence_a_date_was_read_from_is_outlined() -> None:
    text = "Apple unveiled the phone on June 7. Jobs demoed its gyroscope."
    day = text.index("June 7")
    verb = text.index("demoed")
    event = Event(
        id="ctx",
        doc="d",
        date="2010-06-07",
        title="Jobs demoed its gyroscope",
        evidence=Span(start=verb, end=verb + 6, text="demoed"),
        sentence=Span(start=36, end=len(text), text=text[36:]),
        how="inferred",
        date_source=Span(start=day, end=day + 6, text="June 7"),
    )
    children = source_view.render_text(text, event, [])
    assert _text_of(children) == text
    outlined = [c for c in children if "date-source" in (getattr(c, "className", "") or "")]
    assert [c.children for c in outlined] == ["June 7"]
    panel = source_view.source_panel(event, None, text, [])
    notes = [c for c in _flatten(panel) if getattr(c, "className", "") == "date-source-note"]
    assert notes and "June 7" in json.dumps(notes[0].to_plotly_json(), default=str)


def test_who_says_so_is_underlined_and_named() -> None:
    text = "The bridge closed on May 3, police said."
    who = text.index("police")
    event = Event(
        id="att",
        doc="d",
        date="2019-05-03",
        title="The bridge closed",
        evidence=Span(start=21, end=26, text="May 3"),
        sentence=Span(start=0, end=len(text), text=text),
        attribution=Span(start=who, end=who + 6, text="police"),
    )
    children = source_view.render_text(text, event, [])
    assert _text_of(children) == text
    underlined = [c for c in children if "attribution" in (getattr(c, "className", "") or "")]
    assert [c.children for c in underlined] == ["police"]
    panel = source_view.source_panel(event, None, text, [])
    notes = [c for c in _flatten(panel) if getattr(c, "className", "") == "attribution-note"]
    assert notes and "police" in json.dumps(notes[0].to_plotly_json(), default=str)
