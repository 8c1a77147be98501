"""Events: which statements are dated, how, with what confidence, and exact offsets."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from timeline.dates import bounds
from timeline.documents import DocumentError, SourceDocument, analyse, load_document
from timeline.events import CONFIDENCE, extract_events
from timeline.events.calibration import calibrated
from timeline.schema import Event

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "tests" / "fixtures" / "docs"
SEED_MEK = ROOT / "seeds" / "000_9fd6412607c5b32c.txt"
SEED_ALBANIA = ROOT / "seeds" / "002_409d3182db9b4c86.txt"
SEEDS = [(SEED_MEK, date(2019, 7, 15)), (SEED_ALBANIA, date(2018, 10, 1))]
TIMEBANK = ROOT.parent / "shared" / "data" / "timeml" / "TimeBank"


def check_invariants(doc: SourceDocument, events: list[Event]) -> None:
    """Offsets, bounds, ids, order and exclusions that hold for every event."""
    assert len({e.id for e in events}) == len(events)
    keys = [(e.earliest or "", e.evidence.start) for e in events if e.evidence]
    assert keys == sorted(keys)
    for e in events:
        assert e.evidence is not None and e.sentence is not None
        assert doc.text[e.evidence.start : e.evidence.end] == e.evidence.text
        assert doc.text[e.sentence.start : e.sentence.end] == e.sentence.text
        assert e.sentence.start <= e.evidence.start < e.evidence.end <= e.sentence.end
        headline = " ".join(e.sentence.text.split()) == doc.title
        assert headline or not doc.is_excluded(e.evidence.start, e.evidence.end)
        assert (e.earliest, e.latest) == bounds(e.date)
        assert 0.0 <= e.confidence <= 1.0
        assert e.doc == doc.id and e.title and len(e.title.split()) <= 12
        assert e.how in ("explicit", "relative", "narrative", "publication", "inferred")


def seed(path: Path, published: date) -> tuple[SourceDocument, list[Event]]:
    doc = load_document(path)
    events = extract_events(doc, published)
    check_invariants(doc, events)
    return doc, events


def find(events: list[Event], evidence: str) -> list[Event]:
    return [e for e in events if e.evidence and e.evidence.text == evidence]


def one(events: list[Event], evidence: str) -> Event:
    found = find(events, evidence)
    assert len(found) == 1, [(e.date, e.evidence.text if e.evidence else "") for e in events]
    return found[0]


def text_doc(text: str, doc_id: str = "t") -> SourceDocument:
    return analyse(text, doc_id=doc_id, path=f"{doc_id}.txt")


# --- the seeds: acceptance ----------------------------------------------------------------


def test_seed_mek_events() -> None:
    doc, events = seed(SEED_MEK, date(2019, 7, 15))
    assert one(events, "1979").date == "1979"
    delisting = one(events, "2012")
    assert delisting.how == "explicit" and delisting.confidence >= 0.85
    assert "removed from the US terror list" in delisting.title
    assert one(events, "2016").date == "2016"
    assert one(events, "2017").date == "2017"
    weekend = one(events, "the weekend")
    assert (weekend.date, weekend.how) == ("2019-07-13/2019-07-14", "relative")
    assert "gathering" in weekend.title
    last_month = one(events, "Last month")
    assert (last_month.date, last_month.how, last_month.timex) == ("2019-06", "relative", "2019-06")
    election = one(events, "the election")  # "in the run-up to the election": inferred 2016
    assert (election.date, election.how) == ("2016", "inferred")
    assert election.confidence < delisting.confidence


def test_seed_albania_events() -> None:
    doc, events = seed(SEED_ALBANIA, date(2018, 10, 1))
    speech = one(events, "Sept 25")
    assert (speech.date, speech.how) == ("2018-09-25", "relative")
    assert speech.title.startswith("Trump said")
    assert one(events, "the early 2000s").date == "2000/2003"
    assert one(events, "2002").date == "2002"
    assert one(events, "2015").date == "2015"
    since = one(events, "since 2003")
    assert (since.date, since.latest) == ("2003/..", None)
    conference = one(events, "the same conference")
    assert (conference.date, conference.how) == ("2018-09-24", "inferred")


def test_deadline_is_not_the_date_of_its_statement() -> None:
    doc, events = seed(SEED_ALBANIA, date(2018, 10, 1))
    bolton = [e for e in events if e.sentence and "John Bolton promised" in e.sentence.text]
    assert [(e.date, e.evidence.text if e.evidence else None) for e in bolton] == [
        ("2018-09-24", "Sept 24")
    ]
    assert not any("2019" in e.date for e in events)


def test_no_event_from_clutter_and_one_from_the_headline() -> None:
    for path, published in SEEDS:
        doc, events = seed(path, published)
        assert doc.title is not None
        for e in events:
            assert "»" not in e.sentence.text  # type: ignore[union-attr]
            assert not e.sentence.text.startswith("By ")  # type: ignore[union-attr]
        headline = [e for e in events if e.sentence and e.sentence.text == doc.title]
        assert len(headline) == 1 and headline[0].how == "publication"
    doc = load_document(DOCS / "clutter.txt")
    events = extract_events(doc)
    check_invariants(doc, events)
    assert sorted(e.date for e in events) == ["1994", "2012"]  # not the bio, cookie or footer


def test_same_input_same_output_and_stable_ids() -> None:
    doc = load_document(SEED_MEK)
    first = extract_events(doc, date(2019, 7, 15))
    again = extract_events(load_document(SEED_MEK), date(2019, 7, 15))
    assert [e.model_dump() for e in first] == [e.model_dump() for e in again]
    # Text added before a statement shifts offsets but not the ids of unchanged statements.
    shifted = text_doc("A new opening paragraph was added.\n\n" + doc.text, doc_id=doc.id)
    moved = extract_events(shifted, date(2019, 7, 15))
    # (a paragraph above the breadcrumb leaves the document without a title, so without
    # a headline event)
    body = {e.id for e in first if e.sentence and e.sentence.text != doc.title}
    assert body and body <= {e.id for e in moved}


def test_repeated_sentences_get_distinct_ids() -> None:
    text = "Prices rose in 2010.\n\nPrices rose in 2010.\n"
    events = extract_events(text_doc(text))
    assert len(events) == 2 and events[0].id != events[1].id


# --- statements in text the tagger never saw --------------------------------------------


def test_own_news_story_with_front_matter() -> None:
    doc = load_document(DOCS / "trial.md")
    events = extract_events(doc)
    check_invariants(doc, events)
    assert one(events, "Thursday").date == "2021-03-11"  # published Friday 2021-03-12
    assert one(events, "the late 1990s").date == "1997/1999"
    assert one(events, "June 4").date == "2021-06-04"
    resigned = one(events, "2018")
    assert resigned.title == "The mayor resigned"
    assert one(events, "January").how == "relative"


def test_two_dated_statements_in_one_sentence() -> None:
    doc = load_document(DOCS / "bom.txt")
    events = extract_events(doc)
    check_invariants(doc, events)
    assert [(e.date, e.title) for e in events] == [
        ("2016", "The ferry service was suspended"),
        ("2018", "The ferry service resumed"),
    ]


def test_dateline_publication_date_resolves_relative_dates() -> None:
    doc = load_document(DOCS / "wire.txt")
    events = extract_events(doc)
    check_invariants(doc, events)
    tuesday = one(events, "Tuesday")
    assert tuesday.date == "2019-09-03" and tuesday.how == "relative"
    assert tuesday.sentence and tuesday.sentence.text.startswith("The Senate returned")
    # a dateline is weaker than metadata
    assert tuesday.confidence < calibrated("relative", CONFIDENCE["relative"])
    assert one(events, "early August").date == "2019-08-01/2019-08-10"


def test_curated_publication_date_overrides() -> None:
    doc = load_document(DOCS / "wire.txt")
    tuesday = one(extract_events(doc, published=date(2019, 9, 12)), "Tuesday")
    assert tuesday.date == "2019-09-10"
    assert tuesday.confidence == calibrated("relative", CONFIDENCE["relative"])


def test_without_publication_date_relative_dates_make_no_event() -> None:
    text = "Officials said on Friday that the bridge would close. Last month, it rained."
    assert extract_events(text_doc(text)) == []


def test_day_month_without_year_takes_nearest_year_inferred() -> None:
    text = "The plant opened in 2004 after years of delay. It was shut on Sept 25 by regulators."
    events = extract_events(text_doc(text))
    shut = one(events, "Sept 25")
    assert (shut.date, shut.how) == ("2004-09-25", "inferred")
    assert shut.confidence < one(events, "2004").confidence


def test_durations_and_sets_do_not_make_events() -> None:
    text = "The talks lasted for two years. The council meets each year. It rained for hours."
    assert extract_events(text_doc(text)) == []


def test_vague_reference_only_when_nothing_better() -> None:
    text = "Officials recently admitted the flaw.\n\nThe flaw was recently traced to a 2011 patch."
    events = extract_events(text_doc(text), published=date(2020, 5, 1))
    vague = [e for e in events if e.evidence and e.evidence.text == "recently"]
    assert len(vague) == 1 and vague[0].confidence <= calibrated("relative", CONFIDENCE["vague"])
    assert vague[0].earliest == "2019-05-01" and vague[0].latest == "2020-05-31"
    vague_confidence = calibrated("relative", CONFIDENCE["vague"])
    assert [e.date for e in events if e.confidence > vague_confidence] == ["2011"]


def test_target_alone_is_an_open_interval_with_lower_confidence() -> None:
    text = "The company had hired 500 workers by 2010."
    (event,) = extract_events(text_doc(text))
    assert event.date == "../2010" and event.earliest is None
    assert event.confidence <= calibrated(event.how, CONFIDENCE["target"])


def test_relative_date_inside_a_quotation_is_less_certain() -> None:
    text = "“We met the minister yesterday,” the envoy told reporters on Tuesday."
    events = extract_events(text_doc(text), published=date(2022, 3, 10))
    assert one(events, "Tuesday").confidence == calibrated("relative", CONFIDENCE["relative"])
    quoted = find(events, "yesterday")
    assert all(e.confidence < calibrated("relative", CONFIDENCE["relative"]) for e in quoted)


def test_later_mention_of_a_dated_happening() -> None:
    text = (
        "Leaders met at a summit in Geneva in March 2015.\n\n"
        "Diplomats later said the summit had achieved little.\n\n"
        "Nobody mentioned a meeting."
    )
    events = extract_events(text_doc(text))
    mention = one(events, "the summit")
    assert (mention.date, mention.how) == ("2015-03", "inferred")
    assert mention.confidence == calibrated("inferred", CONFIDENCE["mention"])
    assert len(events) == 2


def test_every_fixture_keeps_offsets() -> None:
    for path in sorted(DOCS.iterdir()):
        try:
            doc = load_document(path)
        except DocumentError:
            continue
        check_invariants(doc, extract_events(doc))


_PIECES = [
    "The council met",
    " in 2012",
    " on Sept 25",
    " last month",
    " by 2019",
    " and voted",
    ", he said.",
    ". ",
    "\n\n",
    "“We agreed,” she added.",
    " the summit",
    " recently",
    " for two years",
    "By Jane Doe in Paris,\n",
    "Home » News » Item\n",
    "U.S. Gen. Smith",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25), st.booleans())
# a sentence made of a breadcrumb line and an excluded line after it tells nothing
@example(["The council met"] * 3 + ["Home » News » Item\n", "The council met"], True)
def test_invariants_hold_on_arbitrary_text(pieces: list[str], with_dct: bool) -> None:
    text = "".join(pieces)
    if not text.strip():
        return
    doc = text_doc(text)
    events = extract_events(doc, date(2020, 2, 29) if with_dct else None)
    check_invariants(doc, events)
    assert [e.model_dump() for e in events] == [
        e.model_dump() for e in extract_events(doc, date(2020, 2, 29) if with_dct else None)
    ]


# --- TimeBank texts, when the shared corpora are beside the project ---------------------


@pytest.mark.corpus
@pytest.mark.skipif(not TIMEBANK.is_dir(), reason="shared TimeBank corpus not present")
def test_timebank_documents_give_valid_events() -> None:
    files = sorted(TIMEBANK.glob("*.tml"))[::20]
    total = 0
    for path in files:
        raw = path.read_text(encoding="utf-8")
        m = re.search(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", raw, re.S)
        body = raw.split("<TEXT>", 1)[1].split("</TEXT>", 1)[0]
        text = re.sub(r"<[^>]+>", "", body)
        doc = text_doc(text, doc_id=path.stem)
        events = extract_events(doc, date.fromisoformat(m.group(1)) if m else None)
        check_invariants(doc, events)
        total += len(events)
    assert total > len(files)  # news texts are full of dated statements


def test_titles_drop_the_date_and_keep_who_did_what() -> None:
    text = (
        "Friday's talks were choreographed to avoid tensions.\n\n"
        "The mayor, who resigned in 2018, has said he will appeal.\n\n"
        "“We will not give up,” the minister said on Sept 25, 2019."
    )
    titles = {(e.date, e.title) for e in extract_events(text_doc(text), date(2019, 10, 4))}
    assert titles == {
        ("2019-10-04", "Talks were choreographed to avoid tensions"),
        ("2018", "The mayor resigned"),
        # the date of the relative clause is not the date of the saying
        ("2019-10-04", "The mayor has said he will appeal"),
        ("2019-09-25", "The minister said"),
    }


def test_speech_continued_in_the_next_sentence_takes_its_date() -> None:
    doc, events = seed(SEED_ALBANIA, date(2018, 10, 1))
    added = one(events, "he added")
    assert (added.date, added.how) == ("2018-09-25", "inferred")
    assert added.confidence <= calibrated("inferred", CONFIDENCE["mention"])
    text = "The minister spoke on Monday.\n\nThe weather was fine.\n\n“No,” she added."
    events = extract_events(text_doc(text), date(2020, 1, 8))
    # not adjacent: the remark is dated by publication, not by Monday; a state is no event
    assert [(e.evidence.text, e.how) for e in events if e.evidence] == [
        ("Monday", "relative"), ("added", "publication")]


def test_noun_phrase_coordination_is_not_a_clause() -> None:
    text = (
        "Bombs exploded outside the embassies in the Kenyan and Tanzanian capitals Friday.\n\n"
        "Then came another sister, Georgina, in 1983, followed by Manuel and Lazaro in 1984."
    )
    events = extract_events(text_doc(text), date(1998, 8, 7))
    assert one(events, "Friday").title.startswith("Bombs exploded outside the embassies")
    assert one(events, "1983").sentence == one(events, "1984").sentence
    assert "Lazaro" in one(events, "1984").title and "Manuel" in one(events, "1984").title


def test_relative_date_in_a_quotation_within_a_quotation_is_not_resolved() -> None:
    text = "“You had to say: ‘Yesterday I saw a film,’ or worse,” he recalled in 2019."
    events = extract_events(text_doc(text), date(2020, 6, 1))
    assert [e.evidence.text for e in events if e.evidence] == ["2019"]


def test_lookback_duration_alone_is_a_period_up_to_publication() -> None:
    text = "Dozens of men have fled the compound over the past two years."
    (event,) = extract_events(text_doc(text), date(2019, 7, 15))
    assert (event.date, event.how, event.timex) == ("2017-07/2019-07", "relative", "P2Y")
    assert event.confidence == calibrated("relative", CONFIDENCE["lookback"])
    assert extract_events(text_doc(text)) == []  # no publication date: nothing to count from
    with_date = "Last month, officials said men had fled over the past two years."
    events = extract_events(text_doc(with_date), date(2019, 7, 15))
    assert [e.date for e in events] == ["2019-06"]


# (text, publication date, evidence, expected date, expected how)
LOOKBACKS = [
    (
        "Protests have broken out over the past year.",
        date(2018, 10, 1),
        "the past year",
        "2017-10/2018-10",
        "relative",
    ),
    (
        "The league's attendance fell during the last year.",
        date(2021, 3, 15),
        "the last year",
        "2020-03/2021-03",
        "relative",
    ),
    (
        "In the last six months the firm hired 40 engineers.",
        date(2018, 10, 1),
        "the last six months",
        "2018-04/2018-10",
        "relative",
    ),
    (
        "Over the past decade, reported burglaries fell by a third.",
        date(2015, 1, 20),
        "the past decade",
        "2005-01/2015-01",
        "relative",
    ),
    (
        "The striker has scored in each of his games for the past 3 weeks.",
        date(2022, 5, 4),
        "the past 3 weeks",
        "2022-04-13/2022-05-04",
        "relative",
    ),
    (
        "Shares have slid in the last few months.",
        date(2020, 2, 10),
        "the last few months",
        "2019-08/2020-02",
        "relative",
    ),
    (
        "The court heard the case in the previous two years.",
        date(2011, 12, 31),
        "the previous two years",
        "2009-12/2011-12",
        "relative",
    ),
    # the previous calendar unit, not a period counted back
    (
        "Last year the council approved the budget.",
        date(2018, 10, 1),
        "Last year",
        "2017",
        "relative",
    ),
]


def test_lookback_and_a_dated_statement_in_one_sentence() -> None:
    text = "The firm's revenue grew over the past year, its chief executive said on Tuesday."
    events = extract_events(text_doc(text), date(2018, 10, 4))
    assert [(e.date, e.title) for e in events] == [
        ("2017-10/2018-10", "The firm's revenue grew"),
        ("2018-10-02", "Its chief executive said"),
    ]


def test_fronted_date_is_not_a_clause_of_its_own() -> None:
    text = "Last month, the regulator said the bank had misled clients in 2016."
    events = extract_events(text_doc(text), date(2019, 7, 15))
    titles = {e.date: e.title for e in events}
    assert titles["2019-06"].startswith("The regulator said")
    assert titles["2016"].startswith("The regulator said")


# (text, publication date, evidence, expected title): texts the rules were not written on
TITLES = [
    (  # a long reported statement drops "that", and is not cut inside "weeks of talks"
        "The union's chief negotiator, Maria Lopez, said on Friday that members had voted "
        "to accept the offer after weeks of talks.",
        date(2024, 3, 5),
        "Friday",
        "Maria Lopez said members had voted to accept the offer",
    ),
    (  # a name in apposition says who
        "The union's chief negotiator, Maria Lopez, said on Friday that members had voted "
        "to accept the offer.",
        date(2024, 3, 5),
        "Friday",
        "Maria Lopez said that members had voted to accept the offer",
    ),

    (
        "The minister promised new elections by 2025 before resigning from the cabinet on March 2.",
        date(2024, 3, 5),
        "March 2",
        "The minister resigned from the cabinet",
    ),
    (
        "Jobs, born in San Francisco on February 24, 1955, has built the most valuable company.",
        date(2011, 8, 25),
        "February 24, 1955",
        "Jobs was born in San Francisco",
    ),
    (
        "Coach Erik Larsson, appointed in the summer of 2022, said the team had improved.",
        date(2023, 1, 16),
        "the summer of 2022",
        "Coach Erik Larsson was appointed",
    ),
    (
        "Chief executive Maria Olsen, who joined the company in 2015, will step down.",
        date(2023, 3, 14),
        "2015",
        "Maria Olsen joined the company",
    ),
    (
        "The observatory, which saw first light in 2023, has catalogued millions of objects "
        "over the past six months.",
        date(2024, 2, 9),
        "the past six months",
        "The observatory has catalogued millions of objects",
    ),
    (
        "In 2014 the agency quietly moved its regional offices from the old harbour district "
        "to a new site near the airport.",
        date(2020, 1, 1),
        "2014",
        "The agency quietly moved its regional offices from the old harbour district",
    ),
    (
        "Now, the fact that the two rivals share a board in 2021, combined with the merger "
        "talks, worries investors.",
        date(2021, 6, 1),
        "2021",
        "The fact that the two rivals share a board worries investors",
    ),
]


TITLES += [
    (
        "For the fiscal year ended Jan. 31, the retailer reported sales of $59.5 million.",
        date(1989, 11, 2),
        "Jan. 31",
        "The retailer reported sales of $59.5 million",
    ),
    (
        "Or, as the mayor put it in 2004, the city was broke.",
        date(2010, 1, 1),
        "2004",
        "The city was broke",
    ),
    # a wire placeline opening the story is not part of its first title
    (
        "BRUSSELS (Reuters) - The Commission fined a chipmaker 1 billion euros on Wednesday.",
        date(2009, 5, 13),
        "Wednesday",
        "The Commission fined a chipmaker 1 billion euros",
    ),
    # a quotation's inverted speaker opens the title
    (
        "\u201cWe lost everything,\u201d said plant manager Tom Hale on Monday.",
        date(2023, 3, 15),
        "Monday",
        "Plant manager Tom Hale said",
    ),
    (
        "\u201cIt is over,\u201d said the spokesman on Friday.",
        date(2023, 3, 15),
        "Friday",
        "The spokesman said",
    ),
    # a count before "after" goes with the clause it opens, not with the title
    (
        "Its owner said on Tuesday, two weeks after the company finished the repairs it"
        " began in 2021.",
        date(2023, 3, 15),
        "Tuesday",
        "Its owner said",
    ),
]


def test_coordinated_dates_are_separate_occasions() -> None:
    text = (
        "She toured Asia in March and June to promote the album.\n\n"
        "Floods hit the valley in 1998, 2004 and 2011, and the dam failed in 2012.\n\n"
        "The council met on Monday and Wednesday nights from March 30."
    )
    events = extract_events(text_doc(text), date(2011, 8, 25))
    assert [(e.date, e.title) for e in events if e.date < "2011-03-30"] == [
        ("1998", "Floods hit the valley"),
        ("2004", "Floods hit the valley"),
        ("2011", "Floods hit the valley"),
        ("2011-03", "She toured Asia to promote the album"),
    ]
    assert [e.date for e in events if "toured" in e.title] == ["2011-03", "2011-06"]
    assert len([e for e in events if "council" in e.title.lower()]) == 1  # not coordinated


@pytest.mark.parametrize(("text", "published", "evidence", "title"), TITLES)
def test_titles_are_who_did_what_cut_at_phrase_boundaries(
    text: str, published: date, evidence: str, title: str
) -> None:
    assert one(extract_events(text_doc(text), published), evidence).title == title


def test_after_a_noun_phrase_is_not_a_separate_clause() -> None:
    text = "Coach Erik Larsson, hired in 2022, said after the game that the team had improved."
    events = extract_events(text_doc(text), date(2023, 1, 16))
    assert not any(e.title.lower().startswith("after") for e in events)


def test_headings_inside_a_document_make_no_event() -> None:
    text = (
        "City Council Budget Review\n\n"
        "The council met on Monday to review the budget.\n\n"
        "Spending in 2019\n\n"
        "The council spent $4 million on roads in 2019, officials said.\n\n"
        "## What happens next in 2024\n\n"
        "Timeline\n"
        "- 2001: The bridge opened to traffic\n"
        "- March 2020: The bridge closed for repairs\n\n"
        "2015 - Inspectors found cracks in the deck\n\n"
        "Repairs are due to finish in June.\n"
    )
    doc = text_doc(text)
    events = extract_events(doc, date(2023, 5, 3))
    check_invariants(doc, events)
    assert [(e.date, e.title) for e in events] == [
        ("2001", "The bridge opened to traffic"),
        ("2015", "Inspectors found cracks in the deck"),
        ("2019", "The council spent $4 million on roads, officials said"),
        ("2020-03", "The bridge closed for repairs"),
        ("2023-05-01", "The council met to review the budget"),
        ("2023-06", "Repairs are due to finish"),
    ]


# (text, publication date, evidence, expected date, expected how)
NARRATIVE = [
    (
        "The trial opened on May 10, 2021. That day, protesters gathered outside the court.",
        date(2021, 6, 3),
        "That day",
        "2021-05-10",
        "inferred",
    ),
    (
        "The storm made landfall on Sept. 4, 2019. The next day, power was restored.",
        date(2019, 9, 20),
        "The next day",
        "2019-09-05",
        "inferred",
    ),
    (
        "Voters went to the polls on 3 March 2022. Results came in the same day.",
        date(2022, 3, 10),
        "the same day",
        "2022-03-03",
        "inferred",
    ),
]


# Periods counted back end at publication; "that day", "the next day" take the story's.
@pytest.mark.parametrize(
    ("text", "published", "evidence", "expected", "how"), LOOKBACKS + NARRATIVE
)
def test_relative_dates_resolve(
    text: str, published: date, evidence: str, expected: str, how: str
) -> None:
    event = one(extract_events(text_doc(text), published), evidence)
    assert (event.date, event.how) == (expected, how)


def test_dates_joined_by_and_again_are_separate_occasions() -> None:
    events = extract_events(
        text_doc("The board met on Jan. 12 and again last month."), date(2021, 3, 15)
    )
    assert [(e.date, e.title) for e in events] == [
        ("2021-01-12", "The board met"),
        ("2021-02", "The board met"),
    ]


def test_a_long_reported_statement_keeps_what_was_said() -> None:
    text = (
        "The chief executive, Tim Cook, told investors on Friday that sales of the new phone "
        "had doubled across every region where it was launched."
    )
    title = one(extract_events(text_doc(text), date(2024, 3, 5)), "Friday").title
    assert title.startswith("Tim Cook told investors sales of the new phone"), title
