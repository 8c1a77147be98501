"""Missing years and missing publication dates (table-driven: text, expected)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from timeline.documents import analyse
from timeline.events import extract_events
from timeline.events.years import infer_published

YEARS = [
    # a weekday picks the year near the text's own years in which the day fits
    ("On Wednesday, 19 December, the council met. The plan was approved in 2018.",
     "19 December", "2018-12-19"),
    ("On Friday, 19 December, the council met. The plan was approved in 2018.",
     "19 December", "2014-12-19"),
    # a weekday date in the lead, before any year, is the news: not before the years
    # the text tells as background
    ("On Wednesday, Sept 25, the council voted to close the library. It opened in 1962 "
     "and was renovated in 2009.", "Sept 25", "2013-09-25"),
    # the year may come only later in the text
    ("The council met on 19 December. It had been formed in March 2018.",
     "19 December", "2018-12-19"),
    # the nearest written-out year wins
    ("Talks began in 2001. In 2009 the council met on 4 May.", "4 May", "2009-05-04"),
]


@pytest.mark.parametrize(("text", "evidence", "expected"), YEARS)
def test_year_less_dates_take_the_year_the_text_gives(
    text: str, evidence: str, expected: str
) -> None:
    events = extract_events(analyse(text, doc_id="t", path="t.txt"), published=None)
    found = [e for e in events if e.evidence and evidence in e.evidence.text]
    assert found, [(e.evidence.text if e.evidence else None, e.date) for e in events]
    assert found[0].date == expected
    assert found[0].how == "inferred"


PUBLISHED = [
    ("The council met on 3 March 2019. Last February it voted.", date(2019, 3, 3)),
    # a date the text looks ahead to bounds nothing
    ("The bridge will open on 12 May 2030. Work began on 2 June 2019.", date(2019, 6, 2)),
    # a year alone is not a publication day
    ("The bridge opened in 2019.", None),
]


@pytest.mark.parametrize(("text", "expected"), PUBLISHED)
def test_publication_date_inferred_from_the_latest_written_day(
    text: str, expected: date | None
) -> None:
    doc = infer_published(analyse(text, doc_id="t", path="t.txt"))
    assert doc.published == expected
    assert doc.published_source == ("inferred" if expected else "none")


def test_an_inferred_publication_date_resolves_relative_dates_with_less_confidence() -> None:
    text = "The council met on 3 March 2019. Last February it voted on the plan."
    doc = infer_published(analyse(text, doc_id="t", path="t.txt"))
    events = extract_events(doc)
    voted = next(e for e in events if e.evidence and e.evidence.text == "Last February")
    assert voted.date == "2019-02" and voted.how == "relative"
    stated = analyse("---\ndate: 2019-03-03\n---\n" + text, doc_id="t", path="t.txt")
    same = next(e for e in extract_events(stated) if e.evidence.text == "Last February")
    assert voted.confidence < same.confidence


def test_a_document_with_its_own_date_is_left_alone() -> None:
    doc = analyse("---\ndate: 2020-01-01\n---\nThe council met on 3 March 2019.", "t", "t.txt")
    assert infer_published(doc) is doc


def test_a_caption_with_a_date_is_a_statement_not_a_heading() -> None:
    text = "Court jails six\n\nThe defendants at their May 2018 trial\n\nSpending in 2019\n\nEnd."
    events = extract_events(analyse(text, doc_id="t", path="t.txt"), date(2019, 1, 5))
    # the caption is a dated statement; the headline is the day's news; the section
    # heading is neither
    assert [e.evidence.text for e in events if e.evidence] == ["May 2018", "jails"]


def _tagged_days(text: str) -> list[tuple[int, int, str, str, str]]:
    """What `fill_years(tag(text))` gives of each expression: the fields `seen` keeps."""
    from timeline.events.years import fill_years
    from timeline.temporal import tag

    return [(t.start, t.end, t.type, t.value, t.anchoring) for t in fill_years(tag(text), text)]


@pytest.mark.parametrize("seed", sorted((Path(__file__).parents[1] / "seeds").glob("*.txt")),
                         ids=lambda p: p.name)
def test_seen_gives_what_the_tagger_gives_without_models(seed: Path) -> None:
    from timeline.events.years import _filled, seen

    text = seed.read_text(encoding="utf-8")
    text = text + "\n\n" + text.replace("20", "19")  # the year carried across the text
    assert [tuple(t) for t in _filled(seen(text), text)] == _tagged_days(text)


def test_seen_reads_a_duration_that_names_a_day_as_narrative() -> None:
    from timeline.events.years import _filled, seen

    text = "The storm hit on 14 June 2020. Two days later the dam broke. On 19 December it met."
    got = [tuple(t) for t in _filled(seen(text), text)]
    assert got == _tagged_days(text)
    assert any(t[4] == "narrative" for t in got)
