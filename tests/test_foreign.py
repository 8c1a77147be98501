"""Dates in French, German and Spanish documents, found with dateparser and exact spans."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.documents import analyse
from timeline.events import extract_events
from timeline.temporal.foreign import FOREIGN_CONFIDENCE, detect_language, tag_foreign

pytest.importorskip("dateparser")

DCT = date(2019, 6, 15)

LANGUAGES = [
    ("fr", "Le conseil s'est réuni le 3 mars 2019 pour voter le budget de la ville."),
    ("de", "Der Rat der Stadt hat am Dienstag den Haushalt für das Jahr beschlossen."),
    ("es", "El consejo de la ciudad aprobó el presupuesto el 3 de marzo de 2019."),
    ("it", "Il consiglio della città ha approvato il bilancio per il prossimo anno."),
    ("en", "The city council approved the budget on March 3, 2019, officials said."),
    ("en", "3 mars 2019"),  # too short to tell: the English tagger reads it
]


@pytest.mark.parametrize(("language", "text"), LANGUAGES)
def test_language_is_told_from_function_words(language: str, text: str) -> None:
    assert detect_language(text) == language


DATES = [
    # language, text, publication date, expected (phrase, TIMEX3 value, anchoring)
    ("fr", "Le conseil s'est réuni le 3 mars 2019. Hier, le ministre a démissionné.", DCT,
     [("3 mars 2019", "2019-03-03", "absolute"), ("Hier", "2019-06-14", "dct")]),
    ("fr", "Les prix ont augmenté en janvier et le projet sera fini en 2021.", DCT,
     [("janvier", "2019-01", "dct"), ("2021", "2021", "absolute")]),
    ("de", "Der Rat tagte im März 2019. Gestern trat der Minister zurück.", DCT,
     [("März 2019", "2019-03", "absolute"), ("Gestern", "2019-06-14", "dct")]),
    ("es", "El consejo se reunió el 3 de marzo de 2019. Ayer dimitió el ministro.", DCT,
     [("3 de marzo de 2019", "2019-03-03", "absolute"), ("Ayer", "2019-06-14", "dct")]),
    # without a publication date, a relative date has nothing to count from
    ("es", "El consejo se reunió el 3 de marzo de 2019. Ayer dimitió el ministro.", None,
     [("3 de marzo de 2019", "2019-03-03", "absolute")]),
    # a bare number is not a date ("un 5", "am 3")
    ("es", "Los precios subieron un 5 por ciento.", DCT, []),
]


@pytest.mark.parametrize(("language", "text", "dct", "expected"), DATES)
def test_foreign_dates_have_exact_spans_and_values(
    language: str, text: str, dct: date | None, expected: list[tuple[str, str, str]]
) -> None:
    found = tag_foreign(text, dct, language)
    assert [(t.text, t.value, t.anchoring) for t in found] == expected
    for t in found:
        assert text[t.start : t.end] == t.text
        assert t.confidence == FOREIGN_CONFIDENCE and t.edtf


def test_a_french_article_yields_dated_events_with_lower_confidence() -> None:
    text = (
        "Le conseil municipal s'est réuni le 3 mars 2019 pour voter le budget.\n\n"
        "Selon le maire, les travaux commenceront en 2021 dans le centre de la ville.\n"
    )
    events = extract_events(analyse(text, doc_id="fr", path="fr.txt"), published=DCT)
    assert "2019-03-03" in {e.date for e in events}
    for e in events:
        assert e.confidence <= FOREIGN_CONFIDENCE
        assert text[e.evidence.start : e.evidence.end] == e.evidence.text


@given(st.lists(st.sampled_from(
    ["the ", "der ", "le ", "la ", "y ", "und ", "de ", "It's ", "don't ", "Ünd ", "x2 ",
     "_a ", "l'été ", "’s ", "EL ", "\n", ". "]), max_size=60).map("".join))
@settings(max_examples=200, deadline=None)
def test_language_the_same_on_the_ascii_path(text: str) -> None:
    """ASCII text is read lower-cased at once with an ASCII word pattern: the words, and
    so the language, are those the general path finds word by word."""
    from collections import Counter

    from timeline.temporal import foreign

    words = foreign._WORD.findall(text)
    general = Counter(map(str.lower, words))
    if text.isascii():
        assert Counter(foreign._ASCII_WORD.findall(text.lower())) == general
    counts = dict.fromkeys(foreign.stopwords(), 0)
    for w, n in general.items():
        for code in foreign._languages_of().get(w, ()):
            counts[code] += n
    best = max(counts, key=lambda code: (counts[code], code == "en"))
    expected = "en" if len(words) < 8 or counts[best] / len(words) < 0.15 else best
    assert detect_language(text) == expected
