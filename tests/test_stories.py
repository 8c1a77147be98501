"""Grouping events into stories and describing them: table-driven."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from timeline.dates import bounds
from timeline.stories import DEFAULT, build_stories, groups
from timeline.stories.checks import story_problems
from timeline.stories.describe import describe, spread, story_id, summary, uncertain
from timeline.stories.features import content_words, referring_nouns, stem


def ev(ident: str, doc: str, date: str, text: str, start: int = 0, **extra: Any) -> dict:
    lo, hi = bounds(date)
    return {
        "id": ident,
        "doc": doc,
        "date": date,
        "earliest": lo,
        "latest": hi,
        "title": text[:30],
        "sentence": {"start": start, "end": start + len(text), "text": text},
        "evidence": {"start": start, "end": start + 4, "text": text[:4]},
        **extra,
    }


@pytest.mark.parametrize(
    ("words", "same"),
    [
        (("launched", "launching", "launches", "launch"), True),
        (("collapse", "collapsed", "collapses"), True),
        (("planned", "plans", "plan"), True),
        (("Apple's", "apple"), True),
        (("election", "elections"), True),
        (("dam", "damage"), False),
        (("resignation", "resigned", "resigns"), True),
        (("announcement", "announced"), True),
    ],
)
def test_stems_meet(words: tuple[str, ...], same: bool) -> None:
    assert (len({stem(w) for w in words}) == 1) is same


def test_content_words_drop_stopwords_and_speech_verbs() -> None:
    words = content_words("The mayor said on Monday that the bridge would reopen")
    assert words == [stem("mayor"), stem("bridge"), stem("reopen")]


def test_a_definite_event_noun_refers_back() -> None:
    assert referring_nouns("The claim made the group seem credible") == {"claim"}
    assert referring_nouns("A claim was made") == frozenset()


REPORTS = "The Korvel dam collapsed in {}, flooding the valley villages below it."
OTHER = "The Lindon book fair drew a record crowd of readers in {}."


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        # Other documents, overlapping dates, the same words: one story.
        ([ev("a", "x", "2012", REPORTS.format(2012)), ev("b", "y", "2012-05", REPORTS.format(
            "May 2012"))], [["a", "b"]]),
        # The same words, but dates years apart: two happenings.
        ([ev("a", "x", "2012", REPORTS.format(2012)), ev("b", "y", "2016", REPORTS.format(2016))],
         []),
        # A year apart in two documents: one story with a conflict.
        ([ev("a", "x", "2012", REPORTS.format(2012)), ev("b", "y", "2011", REPORTS.format(2011))],
         [["a", "b"]]),
        # A year apart in one document: the document tells two happenings apart.
        ([ev("a", "x", "2012", REPORTS.format(2012)),
          ev("b", "x", "2011", REPORTS.format(2011), start=200)], []),
        # The same date, other words: no story.
        ([ev("a", "x", "2012", REPORTS.format(2012)), ev("b", "y", "2012", OTHER.format(2012))],
         []),
        # A rejected event takes no part.
        ([ev("a", "x", "2012", REPORTS.format(2012)),
          ev("b", "y", "2012", REPORTS.format(2012), status="rejected")], []),
    ],
)
def test_groups(events: list[dict], expected: list[list[str]]) -> None:
    assert groups(events) == expected


NEAR_A = "The Korvel dam collapsed on Monday night, flooding the valley villages below it."
NEAR_B = "Officials said the Korvel dam broke and water reached houses nearby."


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        # A day apart at day precision: one happening told from two days (time zones,
        # "yesterday"), linked at the ordinary threshold; the story shows the spread.
        (("2012-06-09", "2012-06-10"), [["a", "b"]]),
        (("2012-06-09", "2012-06-09"), [["a", "b"]]),
        # Two days apart, or a year apart at year precision: only wording that agrees
        # strongly links them (the conflict threshold, here out of reach).
        (("2012-06-09", "2012-06-11"), []),
        (("2011", "2012"), []),
    ],
)
def test_dates_a_day_apart_link_as_overlapping_ones(
    dates: tuple[str, str], expected: list[list[str]]
) -> None:
    events = [ev("a", "x", dates[0], NEAR_A), ev("b", "y", dates[1], NEAR_B)]
    assert groups(events, replace(DEFAULT, conflict=1.01)) == expected


def test_an_open_interval_is_dated_by_the_end_it_states() -> None:
    both = "Kerrin has fought a rare illness since 2004 and has been on leave since May."
    events = [
        ev("a", "x", "2004/..", both),
        ev("b", "x", "2011-05/..", both),
        ev("c", "y", "2004", "Kerrin fought a rare illness in 2004, friends recalled."),
    ]
    assert groups(events) == [["a", "c"]]


def test_a_possessive_event_noun_refers_back() -> None:
    assert referring_nouns("In his resignation letter he thanked the board") == {
        stem("resigned")
    }
    assert referring_nouns("Since its launch the store sold songs") == {"launch"}


def test_a_later_mention_joins_through_its_event_noun_and_date_source() -> None:
    first = "In 2002 the opposition made a claim that it had found a secret site."
    later = "The claim made the opposition seem a credible source."
    events = [
        ev("a", "x", "2002", first),
        ev("b", "x", "2002", later, start=100,
           date_source={"start": 3, "end": 7, "text": "2002"}, how="inferred"),
        ev("c", "x", "2010", "In 2010 a new road opened to the site of the opposition.", 300),
    ]
    assert groups(events) == [["a", "b"]]


@pytest.mark.parametrize(
    ("dates", "date", "conflict"),
    [
        (["2012", "2012-06-09", "2012-06"], "2012-06-09", None),
        (["2002", "2002", "2003"], "2002?", "2002 in 2 sources, 2003 in 1"),
        (["2012-06-09", "2012-06-10"], "2012-06-09?", "2012-06-09 in 1 source, 2012-06-10 in 1"),
        (["2003/..", "2004"], "2004", None),
        (["2001/2002", "2004"], "2004?", "2001/2002 in 1 source, 2004 in 1"),
        # Overlapping but different dates, neither holding the other: approximate.
        (["2012-06-09/2012-06-12", "2012-06-11/2012-06-20"], "2012-06-09~/2012-06-12~", None),
    ],
)
def test_describe_date_and_conflict(dates: list[str], date: str, conflict: str | None) -> None:
    members = [ev(f"e{i}", f"d{i}", d, REPORTS.format(d)) for i, d in enumerate(dates)]
    story = describe(members)
    assert (story["date"], story["conflict"]) == (date, conflict)
    assert spread(members) == conflict
    assert (story["earliest"], story["latest"]) == bounds(date)


@pytest.mark.parametrize(
    ("value", "marked"),
    [("2002", "2002?"), ("2002-05", "2002-05?"), ("2001/2002", "2001?/2002?"),
     ("2003/..", "2003?/.."), ("2002~", "2002~")],
)
def test_uncertain(value: str, marked: str) -> None:
    assert uncertain(value) == marked


def test_sources_count_documents_and_speakers_once() -> None:
    speaker = {"start": 0, "end": 6, "text": "Police"}
    members = [
        ev("a", "x", "2012", REPORTS.format(2012), attribution=speaker),
        ev("b", "y", "2012", REPORTS.format(2012), attribution={**speaker, "text": "police"}),
        ev("c", "y", "2012", REPORTS.format(2012), start=300),
    ]
    assert describe(members)["sources"] == {"documents": ["x", "y"], "speakers": ["Police"]}


def test_story_ids_come_from_members_and_are_stable() -> None:
    events = [ev("a", "x", "2012", REPORTS.format(2012)), ev("b", "y", "2012", REPORTS.format(
        2012))]
    assert build_stories(events)[0]["id"] == story_id(["b", "a"]) == build_stories(
        list(reversed(events))
    )[0]["id"]


@pytest.mark.parametrize(
    ("story", "problem"),
    [
        ({"members": ["a"]}, "stories[0]: field 'id' is missing"),
        ({"id": "s", "members": "a"}, "story s: field 'members' must be a list of event ids"),
        ({"id": "s", "members": [], "date": "2012-13"}, "story s: field 'date'"),
        ({"id": "s", "members": [], "sources": ["x"]}, "story s: field 'sources' must be"),
        ({"id": "s", "members": [], "merged_into": "t"}, "'t' is not the id of a story"),
        ({"id": "s", "members": [], "split": "a"}, "story s: field 'split' must be a list"),
    ],
)
def test_story_problems_name_story_and_field(story: dict, problem: str) -> None:
    problems = story_problems([story], "events.json")
    assert any(problem in p for p in problems), problems
    assert story_problems(None, "events.json") == []
    assert story_problems([{"id": "s", "members": ["a"], "title": "t"}], "events.json") == []


def test_summary_counts_stories_sources_and_conflicts() -> None:
    stories = [
        {"sources": {"documents": ["x", "y"]}, "conflict": "2002 in 1 source, 2003 in 1"},
        {"sources": {"documents": ["x"]}, "conflict": None},
        {"sources": {"documents": ["x", "y", "z"]}, "conflict": None},
    ]
    assert summary(stories) == (
        "stories: 3 (2 told by two or more documents, 1 with dates in conflict)"
    )


def test_a_title_that_stands_alone_names_the_story() -> None:
    members = [
        ev("a", "x", "2012", "He called it", salience=0.9),
        ev("b", "y", "2012", REPORTS.format(2012), salience=0.4),
    ]
    assert describe(members)["title"] == REPORTS.format(2012)[:30]
