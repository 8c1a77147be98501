"""The dashboard fixture must be a faithful events file: spans really match the text."""

from __future__ import annotations

from test_dashboard_support import FIXTURE_DIR, fixture_model
from timeline.dates import bounds


def test_fixture_spans_match_their_documents() -> None:
    model = fixture_model()
    texts = {d.id: (FIXTURE_DIR / d.path).read_text(encoding="utf-8-sig") for d in model.documents}
    assert model.events
    for ev in model.events:
        text = texts[ev.doc]
        assert ev.evidence is not None and ev.sentence is not None
        assert text[ev.evidence.start : ev.evidence.end] == ev.evidence.text
        assert text[ev.sentence.start : ev.sentence.end] == ev.sentence.text
        assert ev.sentence.start <= ev.evidence.start < ev.evidence.end <= ev.sentence.end
        assert (ev.earliest, ev.latest) == bounds(ev.date)
