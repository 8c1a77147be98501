"""Sentences that name no time, dated from the day the story last named."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.curation.checks import validate_events_data
from timeline.documents import analyse
from timeline.events import CONFIDENCE, extract_events
from timeline.events.calibration import calibrated
from timeline.schema import Event

PUBLISHED = date(2010, 6, 9)


@pytest.mark.parametrize(
    ("sentence", "verb"),
    [
        ("Jobs demoed the new gyroscope.", "demoed"),
        ("The phone was praised by reviewers.", "praised"),
        ("The company has begun talks with carriers.", "begun"),
        ("Police said the fire spread quickly.", "said"),
        ("He would have signed it.", None),  # a modal: nothing happened
        ("It comes in two colours.", None),  # present tense: a description
        ("United Airlines flies there daily.", None),  # a capitalised name, not a verb
        ("Stocks need a lift.", None),
    ],
)
def test_the_happening_of_a_sentence_with_no_date(sentence: str, verb: str | None) -> None:
    events = _events(sentence)
    assert [e.evidence.text for e in events if e.evidence] == ([verb] if verb else [])


def test_an_adjective_in_ed_is_not_the_happening() -> None:
    events = _events("The alleged plot surprised nobody.")
    assert "alleged" not in [e.evidence.text for e in events if e.evidence]


def test_a_verb_inside_a_quotation_is_not_the_event() -> None:
    events = _events("“We won the contract,” the mayor says.")
    assert [e.evidence.text for e in events if e.evidence] == ["says"]  # the saying


def _events(text: str) -> list[Event]:
    return extract_events(analyse(text, doc_id="story", path="story.txt"), published=PUBLISHED)


def _by_evidence(events: list[Event], evidence: str) -> Event:
    found = [e for e in events if e.evidence and e.evidence.text == evidence]
    assert len(found) == 1, [(e.evidence.text if e.evidence else None, e.date) for e in events]
    return found[0]


def test_later_sentences_share_the_story_day() -> None:
    text = (
        "Apple unveiled the iPhone 4 on June 7 at its developers conference. "
        "The first iPhone came out in 2007. "
        "Jobs demoed the phone's new gyroscope. "
        "It has two cameras."
    )
    events = _events(text)
    demo = _by_evidence(events, "demoed")
    assert demo.date == "2010-06-07"
    assert demo.how == "narrative"
    assert demo.confidence == calibrated("narrative", CONFIDENCE["context"])
    assert demo.date_source is not None
    assert text[demo.date_source.start : demo.date_source.end] == demo.date_source.text
    assert "June 7" in demo.date_source.text
    assert demo.sentence is not None and "gyroscope" in demo.sentence.text
    # background with its own date keeps it; a present-tense description gets no event
    assert _by_evidence(events, "2007").date == "2007"
    assert not [e for e in events if e.sentence and "two cameras" in e.sentence.text]


def test_a_paragraph_break_ends_the_story_day() -> None:
    text = (
        "Apple unveiled the iPhone 4 on June 7.\n\n"
        "Critics praised the company's earlier phones."
    )
    events = _events(text)
    praised = _by_evidence(events, "praised")
    assert praised.how == "publication" and praised.date_source is None
    assert [e.date for e in events if e is not praised] == ["2010-06-07"]


def test_the_day_lasts_its_paragraph_but_does_not_reach_forward() -> None:
    far = "Apple unveiled the iPhone 4 on June 7. " + "Sales grew. " * 6 + "Rivals answered."
    assert _by_evidence(_events(far), "answered").how == "narrative"
    apart = "Apple unveiled the iPhone 4 on June 7.\n\nRivals answered."
    assert _by_evidence(_events(apart), "answered").how == "publication"
    ahead = "The phone goes on sale on June 24. Carriers prepared their stores."
    events = _events(ahead)
    assert _by_evidence(events, "prepared").how == "publication"
    assert [e.date for e in events if e.how != "publication"] == ["2010-06-24"]


def test_date_source_is_checked_like_any_span() -> None:
    text = "Apple unveiled the iPhone 4 on June 7. Jobs demoed its gyroscope."
    event = _by_evidence(_events(text), "demoed")
    raw = {
        "version": 1,
        "documents": [{"id": "story", "path": "story.txt", "title": None}],
        "events": [event.model_dump(mode="json", exclude_none=True)],
    }
    assert not validate_events_data(raw, source="events.json", text_of={"story": text}.get).problems
    raw["events"][0]["date_source"]["text"] = "June 8"
    problems = validate_events_data(raw, source="events.json", text_of={"story": text}.get).problems
    assert any("date_source" in p for p in problems), problems


def test_a_later_past_date_ends_the_story_day() -> None:
    text = (
        "The board met on April 12 and again last month. "
        "Inspectors visited the weir."
    )
    assert _by_evidence(_events(text), "visited").how == "publication"


def test_continued_speech_takes_the_day_it_was_said() -> None:
    text = 'The chair said on June 1 that fees would rise next year. "We have no choice," she said.'
    said = _by_evidence(_events(text), "she said")
    assert said.date == "2010-06-01"
    assert said.date_source is not None and said.date_source.text == "June 1"


def test_a_sentence_with_a_time_of_its_own_is_not_given_another() -> None:
    text = "The museum opened on 14 July 1989. Forty years ago, nobody came."
    doc = analyse(text, doc_id="m", path="m.txt")
    events = extract_events(doc, published=None)  # "forty years ago" cannot be resolved
    assert [e.evidence.text for e in events if e.evidence] == ["14 July 1989"]
