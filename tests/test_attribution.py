"""Who says so: the source each sentence attributes its claim to."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.curation.checks import validate_events_data
from timeline.documents import analyse
from timeline.events import extract_events
from timeline.events.attribution import attribute

CASES = [
    ("The blast killed 12 people on Friday, police said.", "police"),
    ("Police said the blast killed 12 people on Friday.", "Police"),
    ("Prices fell in March, analysts said.", "analysts"),
    ("But U.S. officials said Monday that the attack was planned.", "U.S. officials"),
    ("In Havana, the government said Friday the boy would return.", "the government"),
    ("The two sides said Tuesday they had agreed.", "The two sides"),
    ("``We search every day,'' said Ann Moss, a spokeswoman for the agency.", "Ann Moss"),
    ("“The plant closed in May,” said the mayor.", "the mayor"),
    ("The firm, which makes chips, said on Monday it would cut jobs.", "The firm"),
    ("Kim Lee, a spokeswoman for the firm, said on Monday it would cut jobs.", "Kim Lee"),
    ("The mayor's deputy, Ana Ruiz, said in May that the bridge would open.", "Ana Ruiz"),
    ("Chief executive Maria Olsen told investors on Tuesday the plant would close.",
     "Chief executive Maria Olsen"),
    ("According to the health ministry, the outbreak began in 2019.", "the health ministry"),
    ("In a statement on Friday, the group claimed responsibility.", "the group"),
    # an adverb or a descriptive phrase between the source and its verb stays out
    ("On Tuesday, Beijing again told Washington to stay clear.", "Beijing"),
    ("Ravi Nathan in his speech delivered Monday said that talks failed.", "Ravi Nathan"),
    ("Officials in Kabul said on Monday the road was open.", "Officials in Kabul"),
    # a title before a name, after a quotation, in either order, and what follows the name
    ("\u201cWe will appeal,\u201d chief executive Paul Otellini said in a statement.",
     "chief executive Paul Otellini"),
    ("\u201cWe will appeal,\u201d said plant manager Tom Hale on Monday.",
     "plant manager Tom Hale"),
    ("\u201cWe will appeal,\u201d said Paul Otellini in a statement.", "Paul Otellini"),
    ("The ruling was expected, said analysts at Credit Suisse.", "analysts at Credit Suisse"),
    # who was told is not who spoke; where it was said is not who said it
    ("\u201cIt is over,\u201d Jaipal Reddy, a party spokesman, told AFP.", "Jaipal Reddy"),
    ("Aidos Sarimov, a spokesman, told AFP after the vote that he regretted it.", "Aidos Sarimov"),
    ("Wu Bangguo, China's top lawmaker, said in Hong Kong that firms were welcome.", "Wu Bangguo"),
    ("\u201cNo,\u201d armed forces spokesman, Colonel Anisur Rahman, told reporters.",
     "Colonel Anisur Rahman"),
    # no source: a passive, an infinitive, adjectives and plain statements
    ("It was said in 1998 that he left.", None),
    ("He refused to say when he left in 2001.", None),
    ("The reported death toll rose on Monday.", None),
    ("An estimated 200,000 soldiers arrived in August.", None),
    ("The bridge opened in 2004.", None),
]


@pytest.mark.parametrize(("sentence", "source"), CASES, ids=[c[0][:40] for c in CASES])
def test_source_of_a_sentence(sentence: str, source: str | None) -> None:
    found = attribute(sentence, 0, len(sentence))
    assert (found.text if found else None) == source
    if found:
        assert sentence[found.start : found.end] == found.text


def test_a_pronoun_is_the_source_named_just_before() -> None:
    text = (
        "Fidel Castro spoke in Havana on Friday. He said the boy would return in March.\n\n"
        "The minister, Ana Ruiz, said on Monday the port would reopen. "
        "Ships waited. She said the port had closed in May."
    )
    castro = attribute(text, text.index("He said"), text.index("March.") + 6)
    assert castro is not None and castro.text == "Fidel Castro" and castro.start == 0
    ruiz = attribute(text, text.index("She said"), len(text))
    assert ruiz is not None and ruiz.text == "Ana Ruiz"
    assert text[ruiz.start : ruiz.end] == "Ana Ruiz"


def test_a_pronoun_does_not_reach_into_another_paragraph_or_a_sentence_opener() -> None:
    text = "Fidel Castro spoke on Friday.\n\nHe said the boy would return in March."
    assert attribute(text, text.index("He said"), len(text)) is None
    text = "Ships waited on Friday. He said the port would open in March."
    assert attribute(text, text.index("He said"), len(text)) is None


def test_events_carry_their_source_and_it_is_checked_like_any_span() -> None:
    text = "The bridge closed on May 3, police said. It reopened in June."
    doc = analyse(text, doc_id="story", path="story.txt")
    events = extract_events(doc, published=date(2019, 7, 1))
    by_date = {e.date: e for e in events}
    closed = by_date["2019-05-03"]
    assert closed.attribution is not None and closed.attribution.text == "police"
    assert by_date["2019-06"].attribution is None
    raw = {
        "version": 1,
        "documents": [{"id": "story", "path": "story.txt", "title": None}],
        "events": [closed.model_dump(mode="json", exclude_none=True)],
    }
    text_of = {"story": text}.get
    assert not validate_events_data(raw, source="events.json", text_of=text_of).problems
    raw["events"][0]["attribution"]["text"] = "the police"
    problems = validate_events_data(raw, source="events.json", text_of=text_of).problems
    assert any("attribution" in p for p in problems), problems
