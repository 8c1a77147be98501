"""Sentence and clause spans: abbreviations, quotes, headings, hard wraps, offsets."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from timeline.sentences import clauses, sentences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def texts(text: str) -> list[str]:
    return [text[a:b] for a, b in sentences(text)]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = (
        "U.S. President George W. Bush met Gen. Smith and Mr. Jones on Sept. 3, 2019 in "
        "Washington, D.C. at 10 a.m. local time. The talks ended early. Dr. Lee left."
    )
    assert texts(text) == [
        "U.S. President George W. Bush met Gen. Smith and Mr. Jones on Sept. 3, 2019 in "
        "Washington, D.C. at 10 a.m. local time.",
        "The talks ended early.",
        "Dr. Lee left.",
    ]


def test_acronym_ends_a_sentence_before_an_opener() -> None:
    text = "The troops returned to the U.S. The deployment had lasted a year."
    assert texts(text) == ["The troops returned to the U.S.", "The deployment had lasted a year."]


def test_quotes_and_attribution() -> None:
    text = (
        "“We will not stop,” she said. “How could we?” he asked. "
        "\"It is over.\" Then they left. ``We have solved them all.'' But no details came."
    )
    assert texts(text) == [
        "“We will not stop,” she said.",
        "“How could we?” he asked.",
        '"It is over."',
        "Then they left.",
        "``We have solved them all.''",
        "But no details came.",
    ]


def test_headings_paragraphs_and_hard_wraps() -> None:
    text = (
        "The MEK’s Other Use\n\n"
        "The group has funnelled money to politicians since 2003, giving\n"
        "one adviser at least $180,000 in one year alone.\n"
        "Another paragraph starts here.\n\n"
        "What this means is that the policy will likely include the group\n\n"
        "Last line."
    )
    assert texts(text) == [
        "The MEK’s Other Use",
        "The group has funnelled money to politicians since 2003, giving\n"
        "one adviser at least $180,000 in one year alone.",
        "Another paragraph starts here.",
        "What this means is that the policy will likely include the group",
        "Last line.",
    ]


def test_list_items_are_units() -> None:
    text = "Timeline of the dispute\n- 2003 first claim\n- 2012 delisting\n"
    assert texts(text) == ["Timeline of the dispute", "- 2003 first claim", "- 2012 delisting"]


def test_seed_offsets_and_no_empty_spans() -> None:
    for path in SEEDS.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        spans = sentences(text)
        assert spans == sorted(spans)
        for (a, b), (c, _) in zip(spans, spans[1:], strict=False):
            assert a < b <= c
            assert text[a:b] == text[a:b].strip()
        joined = "".join(text[a:b] for a, b in spans)
        assert "".join(joined.split()) == "".join(text.split())  # nothing lost


def test_clauses_separate_dated_statements() -> None:
    text = "The ferry was suspended in 2016 and resumed in 2018; fares rose in 2019."
    a, b, c = (text.index(y) for y in ("2016", "2018", "2019"))
    parts = clauses(text, 0, len(text), [(a, a + 4), (b, b + 4), (c, c + 4)])
    assert [text[x:y] for x, y in parts] == [
        "The ferry was suspended in 2016",
        "and resumed in 2018;",
        "fares rose in 2019.",
    ]


def test_clauses_prefer_conjunction_before_new_subject() -> None:
    text = "Bolton promised change by 2019, and Pompeo spoke in the conference on Sept 24."
    a, b = text.index("2019"), text.index("Sept 24")
    parts = clauses(text, 0, len(text), [(a, a + 4), (b, b + 7)])
    assert [text[x:y] for x, y in parts] == [
        "Bolton promised change by 2019,",
        "and Pompeo spoke in the conference on Sept 24.",
    ]


@given(st.text(alphabet="ab .!?\n\"“”'’AZU.S", max_size=200))
def test_spans_are_ordered_stripped_and_in_bounds(text: str) -> None:
    prev = 0
    for a, b in sentences(text):
        assert prev <= a < b <= len(text)
        assert not text[a].isspace() and not text[b - 1].isspace()
        prev = b


def test_headings_are_short_lines_standing_alone() -> None:
    from timeline.sentences import is_heading

    text = (
        "Spending in 2019\n\nThe council spent more in 2019.\n\n## Outlook for 2024\n\n"
        "Timeline\n- 2001: The bridge opened\n\n2015 - Cracks found\n\nA short closing line"
    )
    found = {text[a:b]: is_heading(text, a, b) for a, b in sentences(text)}
    assert found == {
        "Spending in 2019": True,
        "The council spent more in 2019.": False,
        "## Outlook for 2024": True,
        "Timeline": False,  # a list follows on the next line
        "- 2001: The bridge opened": False,
        "2015 - Cracks found": False,
        "A short closing line": True,
    }


def test_text_without_punctuation_is_cut_into_bounded_sentences() -> None:
    from timeline.sentences import MAX_SENTENCE

    text = "officials said the plan failed on May 3 and analysts said more " * 200
    spans = sentences(text)
    assert len(spans) > 1
    assert all(0 < b - a <= MAX_SENTENCE for a, b in spans)
    assert all(text[a] != " " and text[b - 1] != " " for a, b in spans)
    # nothing but the spaces at the cuts is left out
    assert spans[0][0] == 0 and spans[-1][1] == len(text.rstrip())
    assert all(text[b:a2] == " " for (_a, b), (a2, _b) in zip(spans, spans[1:], strict=False))
