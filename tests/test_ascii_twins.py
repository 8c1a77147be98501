"""Patterns with a twin for ASCII text (read by table, not the Unicode database) find
exactly what the Unicode pattern finds there, whatever the ASCII characters."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.learned.tokens import TOKEN, TOKEN_ASCII
from timeline.stories.features import _ASCII_WORD, _WORD
from timeline.temporal.engine import _CORE_LOWER, _TRIGGER_LOWER, CORE, TRIGGER

# The tagger's trigger patterns run on lower-cased ASCII text, case-sensitively.
TWINS = [
    (TOKEN, TOKEN_ASCII),
    (_WORD, _ASCII_WORD),
    (re.compile(TRIGGER.pattern), _TRIGGER_LOWER),
    (re.compile(CORE.pattern), _CORE_LOWER),
]
EVERY_ASCII = "".join(map(chr, range(128)))


@pytest.mark.parametrize(
    ("unicode", "ascii"), TWINS, ids=["tokens", "story words", "triggers", "core words"]
)
def test_every_ascii_character_alone_and_around_words(
    unicode: re.Pattern[str], ascii: re.Pattern[str]
) -> None:
    for c in EVERY_ASCII:
        for text in (c, f"ab{c}cd", f"don{c}t 12{c}5 x{c}", f"in{c}may 3{c}2001 a{c}week"):
            assert [m.span() for m in unicode.finditer(text)] == [
                m.span() for m in ascii.finditer(text)
            ], repr(text)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
@settings(max_examples=400, deadline=None)
def test_random_ascii_text(text: str) -> None:
    for unicode, ascii in TWINS:
        assert [m.span() for m in unicode.finditer(text)] == [
            m.span() for m in ascii.finditer(text)
        ]
