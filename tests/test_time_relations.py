"""A date that describes a noun after a preposition of time dates the noun, not the clause.

"Two years after the 2016 election, the party lost its majority": the election is 2016,
the losing 2018. Table-driven: (text, [(evidence, EDTF, how)]) with publication 2019-06-10.
"""

from __future__ import annotations

from datetime import date

import pytest

from timeline.documents import analyse
from timeline.events import extract_events
from timeline.events.modifiers import relations
from timeline.schema import Event
from timeline.sentences import measure_start

DCT = date(2019, 6, 10)
CASES = [
    # counted from the noun's date: the clause is moved, the noun keeps its own
    ("Two years after the 2016 election, the party lost its majority.",
     [("Two years after the 2016 election", "2018", "relative"),
      ("the 2016 election", "2016", "explicit")]),
    ("The company was sold a year before the 2008 crash.",
     [("a year before the 2008 crash", "2007", "relative"),
      ("the 2008 crash", "2008", "explicit")]),
    ("The factory closed three months after the March 2015 strike.",
     [("three months after the March 2015 strike", "2015-06", "relative")]),
    # a unit finer than the date: the shifted interval, at day precision
    ("Five days before the 2016 vote, the minister resigned.",
     [("Five days before the 2016 vote", "2015-12-27/2016-12-26", "relative")]),
    # after/since/before with no count: an interval open on the side the word gives
    ("Rents doubled following the 2008 financial crisis.",
     [("following the 2008 financial crisis", "2008/..", "explicit")]),
    ("The group has grown since the 1979 revolution.",
     [("since the 1979 revolution", "1979/..", "explicit"),
      ("the 1979 revolution", "1979", "explicit")]),
    ("Toyota pulled out before the 2006 season.",
     [("before the 2006 season", "../2006", "explicit")]),
    # a possessive name opens the noun phrase; "of" and a name end it
    ("Iraq flouted the sanctions since its August 1990 invasion of Kuwait.",
     [("since its August 1990 invasion of Kuwait", "1990-08/..", "explicit"),
      ("its August 1990 invasion of Kuwait", "1990-08", "explicit")]),
    ("Talks stalled after Canada's January 23 election.",
     [("Canada's January 23 election", "2019-01-23", "relative")]),
    # "in"/"during" place the clause on the date: nothing moves, no second event
    ("The senator won her seat in the 2012 race.", [("2012", "2012", "explicit")]),
    # the date written as an adverbial is the tagger's, unchanged
    ("Prices rose after 2008.", [("after 2008", "2008/..", "explicit")]),
]


def _events(text: str) -> list[Event]:
    return extract_events(analyse(text, doc_id="t", path="t.txt"), published=DCT)


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_a_dated_noun_places_its_clause(text: str, expected: list[tuple[str, str, str]]) -> None:
    events = _events(text)
    found = {e.evidence.text: (e.date, e.how) for e in events if e.evidence}
    for evidence, edtf, how in expected:
        assert found.get(evidence) == (edtf, how), found


def test_in_a_clause_with_its_own_date_the_noun_yields() -> None:
    """ "In March 2017, after the 2016 election, the party split": one statement, dated
    by its own adverbial; the election is still an event of 2016."""
    events = _events("In March 2017, after the 2016 election, the party split.")
    dates = sorted((e.date, e.evidence.text) for e in events if e.evidence)
    assert dates == [("2016", "the 2016 election"), ("2017-03", "March 2017")]


def test_the_dated_noun_is_remembered_for_later_mentions() -> None:
    text = ("Two years after the 2016 election, the party lost its majority.\n\n"
            "Turnout at the election had been low.")
    events = _events(text)
    later = [e for e in events if e.evidence and e.evidence.text == "the election"]
    assert [e.date for e in later] == ["2016"]


def test_titles_leave_the_relative_phrase_out() -> None:
    events = _events("The museum reopened in May, a decade after the 2009 fire destroyed its roof.")
    titles = {e.date: e.title for e in events}
    assert titles["2019-05"] == "The museum reopened"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a span that measured a cut-off "after" clause goes with it, hedge and all
        ("It broke ground on the project in June 2021, months after the state offered "
         "tax breaks to the chipmaker and its suppliers.", "It broke ground on the project"),
        ("Tueni was killed in a massive car bomb blast on Monday just a day after returning "
         "from Paris where he had been staying.", "Tueni was killed in a massive car bomb blast"),
        # ... but not a span that is the clause's own ("for three years")
        ("The couple were married for three years in the 1960s before a bitter divorce "
         "that made headlines.", "The couple were married for three years before a bitter divorce"),
    ],
)
def test_a_cut_after_clause_takes_its_span_along(text: str, title: str) -> None:
    assert [e.title for e in _events(text) if e.evidence and e.evidence.text != "after"][0] \
        == title


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("said on Tuesday, two weeks after the", "two weeks after"),
        ("reopened in May, a decade after the", "a decade after"),
        ("closed 18 months after the", "18 months after"),
        ("said after the", "after"),
    ],
)
def test_a_count_before_after_goes_with_it(text: str, expected: str) -> None:
    pos = text.index("after")
    assert text[measure_start(text, pos, 0) :].startswith(expected)


def test_every_relation_is_after_or_before() -> None:
    assert relations()
    assert set(relations().values()) == {"after", "before"}


@pytest.mark.parametrize(
    ("text", "evidence", "edtf"),
    [
        # a point of comparison never dates the statement: its own date does, else
        # the day's news is the publication day
        ("Sales rose 5 percent compared with a year earlier.", "rose", "2019-06-10"),
        ("Profit slumped 44 percent from a year earlier.", "slumped", "2019-06-10"),
        ("In May, orders fell 3% from April.", "May", "2019-05"),
        ("Compared with the previous month, February orders dropped.", "February", "2019-02"),
        # the amount compared with stands between the phrase and its date
        ("Exports reached 3.1 million tonnes last year, up from 2.4 million in 2016.",
         "last year", "2018"),
        ("Unemployment fell to 4% in March, down from 5.2% in 2017.", "March", "2019-03"),
        # "from" alone starts something; it compares nothing
        ("The airport will shut from Wednesday.", "Wednesday", "2019-06-12"),
        ("Prices fell on 3 May. Volume rose to 4,430 tonnes from 3,025 tonnes a day "
         "earlier.", "rose", "2019-05-03"),
        # "the highest since 2008": a superlative makes "since" a point of comparison
        ("Inflation rose to 5% in March, the highest since 2008.", "March", "2019-03"),
        ("Unemployment fell to its lowest level since 2001 last month.", "last month",
         "2019-05"),
        # ... while "since 2008" alone opens an interval
        ("Prices have risen since 2008.", "since 2008", "2008/.."),
        # after "than" the number counts the statement's own people
        ("More than 40 people died in 2016.", "2016", "2016"),
    ],
)
def test_a_point_of_comparison_dates_nothing(text: str, evidence: str, edtf: str) -> None:
    events = _events(text)
    found = {e.evidence.text: e.date for e in events if e.evidence}
    assert found.get(evidence) == edtf, found
    compared = [e for e in events if e.evidence and e.evidence.text in
                ("a year earlier", "April", "the previous month", "2017", "a day earlier",
                 "since 2001")]
    assert compared == []
    assert all("percent" in e.title for e in events if "percent" in text and "rose" in e.title)


@pytest.mark.parametrize(
    ("text", "evidence", "title"),
    [
        # a date after a noun and its past participle belongs to the participle
        ("Water levels peaked at 5.6 metres, close to the record set in 2000.", "2000",
         "The record was set"),
        ("The union rejected an offer made in February.", "February", "An offer was made"),
        ("The bridge built in 1990 collapsed.", "1990", "The bridge was built"),
        ("Funerals were held for the 16 people killed on Sunday.", "Sunday",
         "The 16 people were killed"),
        # ... not after a subject whose own verb it dates, nor after a verb of saying
        ("The company reported in March that profits fell.", "March",
         "The company reported that profits fell"),
        ("He said the company reported in March a loss.", "March",
         "He said the company reported a loss"),
    ],
)
def test_a_date_after_a_participle_titles_the_participle(
    text: str, evidence: str, title: str
) -> None:
    found = {e.evidence.text: e.title for e in _events(text) if e.evidence}
    assert found.get(evidence) == title, found
