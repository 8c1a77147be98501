"""Every dateable happening is an event, dated by the phrase that belongs to it.

Table-driven: (text, publication date, evidence, expected EDTF, expected `how`).
"""

from __future__ import annotations

from datetime import date

import pytest

from timeline.documents import analyse
from timeline.events import extract_events
from timeline.schema import Event

DCT = date(2021, 3, 3)
CASES = [
    # the day's news with no date of its own happened on the publication day
    ("The board approved the merger.", "approved", "2021-03-03", "publication"),
    ("The company has sold its shipping arm.", "sold", "2021-03-03", "publication"),
    # told as already past at an earlier time: before publication, nothing more known
    ("By then the minister had resigned.", "resigned", "../2021-03-03", "publication"),
    # "now" and "currently" are the publication day, not the whole month
    ("The plant is now closed to visitors.", "now", "2021-03-03", "relative"),
    ("The museum currently shows 40 paintings.", "currently", "2021-03-03", "relative"),
    # the story's day carries to the next past-tense sentence of its paragraph
    ("Police raided the offices on Monday. Officers seized files.", "seized",
     "2021-03-01", "narrative"),
    # "two days later" counts from the day the story last named (TimeML keeps the
    # duration "two days"; its phrase dates the happening)
    ("The dam burst on 3 May 2020. Fish died in the river two days later.",
     "two days later", "2020-05-05", "inferred"),
    ("Voting ended on Sunday, 7 March 2021. A recount had begun three days earlier.",
     "three days earlier", "2021-03-04", "inferred"),
    # an irregular simple past with no auxiliary tells a happening ("won" is also a
    # currency in wire news, "struck" reads like a present)
    ("The Labour candidate won the by-election.", "won", "2021-03-03", "publication"),
    ("A storm struck the coast.", "struck", "2021-03-03", "publication"),
    ("The club lost its opening match.", "lost", "2021-03-03", "publication"),
    # ... but a day told in an aside is not the story's day
    ("Smith, born on 4 May 1950, founded the firm. He thanked the staff.", "thanked",
     "2021-03-03", "publication"),
]


def _events(text: str) -> list[Event]:
    return extract_events(analyse(text, doc_id="t", path="t.txt"), published=DCT)


@pytest.mark.parametrize(("text", "evidence", "expected", "how"), CASES)
def test_happenings_are_dated(text: str, evidence: str, expected: str, how: str) -> None:
    events = _events(text)
    found = [e for e in events if e.evidence and e.evidence.text == evidence]
    assert found, [(e.evidence.text if e.evidence else None, e.date) for e in events]
    assert (found[0].date, found[0].how) == (expected, how)


# (text, [(date, title)]): a date inside a relative clause or an apposition belongs to
# its verb; the main clause's happening is dated on its own
SPLIT = [
    ("The plant, built in 1990, closed.",
     [("1990", "The plant was built"), ("2021-03-03", "The plant closed")]),
    ("Talks that started three years ago collapsed.",
     [("2018", "Talks started"), ("2021-03-03", "Talks collapsed")]),
    ("The mayor, who resigned in 2018, has said he will appeal.",
     [("2018", "The mayor resigned"), ("2021-03-03", "The mayor has said he will appeal")]),
    # a relative clause that ends the sentence keeps its date to itself
    ("The council closed the plant that opened in 1990.",
     [("1990", "The plant opened"), ("2021-03-03", "The council closed the plant")]),
    ("Police arrested a man who escaped from prison in 2015.",
     [("2015", "A man escaped from prison"), ("2021-03-03", "Police arrested a man")]),
    ("The minister resigned last week after a scandal that broke in January.",
     [("2021-01", "A scandal broke"),
      ("2021-02-22/2021-02-28", "The minister resigned after a scandal")]),
    # ... and so does one after a comma, which names what it describes
    ("Police questioned the driver, Tom Hale, who fled the scene on Sunday.",
     [("2021-02-28", "Tom Hale fled the scene"),
      ("2021-03-03", "Police questioned the driver, Tom Hale")]),
    ("The court released Danai, 61, who was arrested in 2019.",
     [("2019", "Danai was arrested"), ("2021-03-03", "The court released Danai, 61")]),
    ("Investors sold the bonds of the lender, which collapsed in 2008.",
     [("2008", "The lender collapsed"), ("2021-03-03", "Investors sold the bonds of the lender")]),
    # an age after a name says nothing of the happening
    ("Jorge Pinto, 63, was arrested in April 2019.", [("2019-04", "Jorge Pinto was arrested")]),
    # a phrase that opens the sentence tells its date of the subject after it
    ("Founded in 1998, the company employs 5,000 people.", [("1998", "The company was founded")]),
    ("Elected in 2015, Smith resigned last week.",
     [("2015", "Smith was elected"), ("2021-02-22/2021-02-28", "Smith resigned")]),
    ("Born in 1950, he died last year.", [("1950", "He was born"), ("2020", "He died")]),
    ("Since taking office in 2017, the president has signed 40 bills.",
     [("2017", "The president took office")]),
    ("Speaking on Monday, the minister said talks would resume.",
     [("2021-03-01", "The minister said talks would resume")]),
    # ... but not a clause after a verb, a name or a date: those are not relative clauses
    ("The court heard that between 2012 and 2018 the mayor accepted bribes.",
     [("2012/2018", "The court heard that the mayor accepted bribes")]),
    ("The firm hired 200 workers in February who had lost jobs in 2020.",
     [("2020", "The firm hired 200 workers who had lost jobs"),
      ("2021-02", "The firm hired 200 workers who had lost jobs")]),
    ("Officials told Smith that the plant closed in 2019.",
     [("2019", "Officials told Smith that the plant closed"),
      ("2021-03-03", "Officials told Smith that the plant closed")]),
    # a date in what a source says belongs to what is said; the saying is dated apart
    ("Jobs said that his company sold 13.7 million Macs last year.",
     [("2020", "Jobs said that his company sold 13.7 million Macs"),
      ("2021-03-03", "Jobs said that his company sold 13.7 million Macs")]),
    # ... but a date next to the verb of saying dates the saying
    ("The minister said on Tuesday that fees would rise.",
     [("2021-03-02", "The minister said that fees would rise")]),
]


@pytest.mark.parametrize(("text", "expected"), SPLIT)
def test_a_date_of_a_subordinate_clause_is_not_the_main_clause_date(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert sorted((e.date, e.title) for e in _events(text)) == sorted(expected)


NO_EVENT = [
    "The weather was fine.",  # a state
    "The council would have approved the plan.",  # hypothetical
    "The board may approve the merger.",  # modal
    # a past participle is not a simple past: first in the sentence, before "by"
    "Spent on travel were 13,000 dollars.",
    "The trophy won by the club is on show.",
]


@pytest.mark.parametrize("text", NO_EVENT)
def test_states_and_hypotheticals_are_not_events(text: str) -> None:
    assert _events(text) == []


def test_every_event_has_a_salience_and_dated_news_outranks_an_aside() -> None:
    text = (
        "Rebels seized the airport on 2 March 2021.\n\n"
        "Diplomats said talks had stalled."
    )
    events = _events(text)
    assert all(e.salience is not None and 0 <= e.salience <= 1 for e in events)
    seized = next(e for e in events if e.how == "explicit")
    aside = next(e for e in events if e.how == "publication")
    assert seized.salience > aside.salience


HEADLINES = [
    ("Apple releases iPhone software kit\n\nThe kit was shown to reporters.", "2021-03-03"),
    ("Apple to lower UK iTunes prices\n\nPrices differ across Europe.", "2021-03-03/.."),
]


@pytest.mark.parametrize(("text", "expected"), HEADLINES)
def test_a_headline_is_the_day_s_news(text: str, expected: str) -> None:
    events = _events(text)
    headline = [e for e in events if e.sentence and e.sentence.start == 0]
    assert [(e.date, e.how) for e in headline] == [(expected, "publication")]


def test_a_section_heading_is_not_an_event() -> None:
    text = "The council met on 4 March 2021.\n\nSpending in 2019\n\nThe budget grew."
    assert all("Spending" not in (e.sentence.text if e.sentence else "") for e in _events(text))
