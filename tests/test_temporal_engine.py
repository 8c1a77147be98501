"""The engine: the trigger scan finds every rule match, and the resource tables load."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.temporal import engine, find, tag
from timeline.temporal.engine import TRIGGER, candidate, whole_pattern

FIXTURE = Path(__file__).parent / "fixtures" / "temporal" / "wire_story.txt"


SENTENCES = [
    "Shares fell on Friday, Oct. 23, 1998, and on 25 September 2017 and 09/25/2018.",
    "In the early 2000s, mid-2015, the '90s and the 19th century, prices rose.",
    "The third quarter of 2017, third-quarter profit, the first half of 2017, last summer.",
    "Yesterday (Wednesday), two years ago, the following day, this morning at 4 p.m. Tuesday.",
    "About three weeks, several months, a five-year plan, a 16-hour shift, 2 1/2 years.",
    "Each year, every week, quarterly, annually, on Fridays, each July, noon Thursday.",
    "Since 2003, from 2003 to 2012, 2009-2010, by 2019, between 1990 and 1995.",
    "Now, currently, recently, the near future, these days, in recent years, coming months.",
    "Nineteen ninety-six, the nineties, year-end, the year-earlier period, the 1988 quarter.",
    "This past weekend, the day before, 0900 GMT, Christmas, Thanksgiving Day 2001.",
]


def _texts() -> list[str]:
    return [FIXTURE.read_text("utf-8"), *SENTENCES]


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:30])
def test_every_rule_match_starts_at_a_trigger(text: str) -> None:
    """Rules are tried only at trigger positions: a rule that can begin elsewhere
    would be silently skipped, so any match position must be a trigger position."""
    missing = []
    for i in range(len(text)):
        if whole_pattern().match(text, i):
            t = TRIGGER.match(text, i)
            if t is None or not candidate(text, t):
                missing.append(text[i : i + 25])
    assert not missing


ODD_TEXTS = [
    "ſeptember 3, 1999 and K 3; ’99, Ｍay 4, ﬁve years ago, İstanbul on 2 March 2001.",
    "\t 12/03/2001 \n every\tMonday, each Tuesday, Q3 2019, 1990s, '90s, 10 a.m. GMT",
]


@pytest.mark.parametrize("compile_after", [1, 10**9], ids=["compiled", "one-by-one"])
@pytest.mark.parametrize("text", [*_texts(), *ODD_TEXTS], ids=lambda t: t[:30])
def test_rules_by_first_character_match_as_all_rules(
    text: str, compile_after: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trying only the rules that can begin with a position's character finds the same
    match (span, rule and groups) as trying all rules, at every position: whether those
    rules are compiled into one pattern or, before that, tried one at a time."""
    monkeypatch.setattr(engine, "COMPILE_AFTER", compile_after)
    monkeypatch.setattr(engine, "_SUBSETS", {})
    monkeypatch.setattr(engine, "_BY_KEY", {})
    for i in range(len(text)):
        full = whole_pattern().match(text, i)
        rules = engine.rules_at(text, i)
        some = rules.match(text, i) if rules is not None else None
        assert (full is None) == (some is None), text[i : i + 25]
        if full is not None and some is not None:
            assert (full.span(), full.lastgroup) == (some.span(), some.lastgroup)
            groups = {k: v for k, v in full.groupdict().items() if v is not None}
            assert groups == {k: v for k, v in some.groupdict().items() if v is not None}


@given(
    st.text(alphabet="0123456789 ,.-/'’aAdDeEfFhHjJmMnNoOqQsStTuUwWyY\n", max_size=40),
    st.sampled_from([1, 10**9]),
)
@settings(max_examples=300, deadline=None)
def test_rules_by_first_character_on_random_text(text: str, compile_after: int) -> None:
    was, engine.COMPILE_AFTER = engine.COMPILE_AFTER, compile_after
    subsets, by_key = engine._SUBSETS, engine._BY_KEY
    engine._SUBSETS, engine._BY_KEY = {}, {}
    try:
        for i in range(len(text)):
            full = whole_pattern().match(text, i)
            rules = engine.rules_at(text, i)
            some = rules.match(text, i) if rules is not None else None
            assert (full and (full.span(), full.lastgroup)) == (
                some and (some.span(), some.lastgroup)
            )
    finally:
        engine.COMPILE_AFTER = was
        engine._SUBSETS, engine._BY_KEY = subsets, by_key


def test_fixture_story() -> None:
    text = FIXTURE.read_text("utf-8")
    found = {t.text: t for t in tag(text, date(2019, 10, 10))}
    assert found["2021"].edtf == "../2021" and found["2021"].phrase is not None
    assert found["2009"].edtf == "2009/2010"
    assert found["the early 1990s"].value == "199"
    assert found["mid-2004"].mod == "MID"
    assert found["Monday, Oct. 7, 2019"].value == "2019-10-07"
    assert found["10:30 a.m. EDT"].value == "2019-10-07T10:30"
    assert found["a year earlier"].value == "2018-Q3"
    assert found["25 September 1792"].value == "1792-09-25"
    assert found["14/07/1989"].value == "1989-07-14"
    assert found["Forty years ago"].value == "1979"
    assert found["the following day"].anchoring == "narrative"
    assert (found["Yesterday"].value, found["Wednesday"].value) == ("2019-10-09", "2019-10-09")
    assert found["each July"].value == "XXXX-07"
    assert found["a year earlier"].phrase is None  # "from" here compares, it opens nothing
    for not_a_date in ("3,000", "1,500", "2,130", "$180,000", "2000", "August", "Sun", "Sat"):
        assert not_a_date not in found, not_a_date
    assert not any(t.text.lower() == "may" for t in found.values())


def test_spans_are_text_sorted_and_disjoint() -> None:
    text = FIXTURE.read_text("utf-8")
    out = find(text, date(2019, 10, 10))
    assert out
    for a, b in zip(out, out[1:], strict=False):
        assert a.end <= b.start
    for f in out:
        assert 0 <= f.start < f.end <= len(text)


_WORD_TEXT = (
    "the last next this early late mid since by from to between and in on 25 2018 1998 "
    "1,500 '90s 1990s Sept. September May may March Friday yesterday today ago years "
    "two several a week weekend quarter third-quarter spring fall of , . ( ) - "
    "10:30 a.m. p.m. 09/25/2018 2018-09-25 every each annually now recently"
)
_WORDS = _WORD_TEXT.split()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), max_size=40),
    st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))),
)
def test_any_word_soup_gives_consistent_spans(words: list[str], dct: date | None) -> None:
    text = " ".join(words)
    out = tag(text, dct)
    for a, b in zip(out, out[1:], strict=False):
        assert a.end <= b.start
    for t in out:
        assert text[t.start : t.end] == t.text
        if t.phrase is not None:
            assert text[t.phrase.start : t.phrase.end] == t.phrase.text


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?:the\s+)?year", "tTyY"),
        (r"\d{4}", "0123456789"),
        (r"(?<=\bfor )the", "tT"),  # a lookbehind consumes nothing
        (r"['’]\d\d", "'"),  # non-ASCII first characters are left to the full pattern
        (r"(?-i:May)|june", "MjJ"),  # scoped flags are honoured
        (r"a*", None),  # may match the empty string: any position
        (r"(?P<x>a)(?P=x)", "aA"),
    ],
)
def test_first_characters_of_a_rule(pattern: str, expected: str | None) -> None:
    from timeline.temporal.prefixes import prefixes

    seqs = prefixes(pattern, re.IGNORECASE, 1)
    assert seqs is not None
    found = None if () in seqs else set().union(*(seq[0] for seq in seqs))
    assert (None if found is None else "".join(sorted(found))) == (
        None if expected is None else "".join(sorted(expected))
    )


@pytest.mark.parametrize(
    ("pattern", "text", "fits"),
    [
        (r"(?:the\s+)?(?:year|week)", "the ye", True),
        (r"(?:the\s+)?(?:year|week)", "THE  W", True),
        (r"(?:the\s+)?(?:year|week)", "the co", False),
        (r"(?:the\s+)?(?:year|week)", "years.", True),  # the match may end before the text
        (r"(?:the\s+)?(?:year|week)", "yeast", False),
        (r"\d{4}s?", "1990s,", True),
        (r"\d{4}s?", "199 ", False),
        (r"a(?P<x>b)(?P=x)c", "abzzzz", True),  # a back-reference: any characters
        (r"x{2,}y", "xxxxxx", True),
        (r"x{2,}y", "xy", False),
    ],
)
def test_prefixes_of_a_rule(pattern: str, text: str, fits: bool) -> None:
    from timeline.temporal.prefixes import fits as fit
    from timeline.temporal.prefixes import prefixes

    seqs = prefixes(pattern, re.IGNORECASE, 6)
    assert seqs is not None and all(len(seq) <= 6 for seq in seqs)
    assert any(fit(seq, text) for seq in seqs) is fits


def test_prefixes_too_many_fall_back_to_shorter(monkeypatch: pytest.MonkeyPatch) -> None:
    from timeline.temporal import prefixes as module

    monkeypatch.setattr(module, "LIMIT", 30)
    seqs = module.prefixes(r"(?:ab|cd|ef|gh|ij|kl|mn){3}", re.IGNORECASE, 4)  # 49 of 3 or 4
    assert seqs is not None and {len(seq) for seq in seqs} == {2}


def _rules_and_prefixes() -> list[tuple[re.Pattern[str], frozenset | None]]:
    from timeline.temporal.prefixes import prefixes

    if not _RULES:
        _RULES.extend(
            (re.compile(part, re.IGNORECASE),
             prefixes(part, re.IGNORECASE, engine.PREFIX_LENGTH))
            for part in engine._PARTS
        )
    return _RULES


_RULES: list[tuple[re.Pattern[str], frozenset | None]] = []


@given(st.text(alphabet="0123456789 ,.-/'’aAdDeEfFhHjJmMnNoOqQsStTuUwWyYrRkK\n", max_size=24))
@settings(max_examples=80, deadline=None)
def test_every_rule_match_fits_its_prefixes(text: str) -> None:
    """Completeness of the sieve, rule by rule: wherever a rule matches, the text there
    (its ASCII part) fits one of the rule's prefix sequences."""
    from timeline.temporal.prefixes import fits

    for rule, seqs in _rules_and_prefixes():
        for i in range(len(text)):
            if seqs is not None and rule.match(text, i):
                key = text[i : i + engine.PREFIX_LENGTH]
                key = key[: next((k for k, c in enumerate(key) if not c.isascii()), len(key))]
                assert any(fits(seq, key) for seq in seqs), (rule.pattern[:40], text[i:])


@given(st.text(alphabet="0123456789 ,.-/'aAdDeEfFhHjJmMnNoOqQsStTuUwWyYrRkKlLiIcC\n$", max_size=60))
@settings(max_examples=200, deadline=None)
def test_lower_cased_scan_finds_the_same_triggers(text: str) -> None:
    """An ASCII text is scanned lower-cased by case-sensitive patterns: the same trigger
    spans, and the same answer about a core word after each."""
    scan, triggers, core = engine.trigger_scan(text)
    assert [m.span() for m in triggers.finditer(scan)] == [m.span() for m in TRIGGER.finditer(text)]
    for t in TRIGGER.finditer(text):
        assert candidate(scan, triggers.match(scan, t.start()), core) == candidate(text, t)
