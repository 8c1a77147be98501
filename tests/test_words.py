"""Word lists as patterns: the prefix-factored form matches exactly what the plain
longest-first alternation matches, on every list and in both case modes."""

from __future__ import annotations

import re

import pytest

from timeline.words import alternation, trie, word_trie

TEXTS = [
    "The press conference, a press  conference, press\tconference; the Press Conferences.",
    "Officials said, saying, says, told, tells; stated that an election and elections, "
    "the elect, a vote, the votes, re-election and the summit's talks.",
    "SAID Said sAid: announced announcements announcing; spokesman spokesmen",
]
LISTS = [("speech_verbs",), ("speech_verbs", "speech_nouns"), ("event_nouns",)]


@pytest.mark.parametrize("names", LISTS)
@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_word_trie_matches_as_the_alternation(names: tuple[str, ...], flags: int) -> None:
    plain = re.compile(rf"\b(?:{alternation(*names)})(?:e?s)?\b", flags)
    factored = re.compile(rf"\b(?:{word_trie(*names)})(?:e?s)?\b", flags)
    for text in TEXTS:
        assert [m.span() for m in plain.finditer(text)] == [
            m.span() for m in factored.finditer(text)
        ]


@pytest.mark.parametrize(
    ("words", "text", "expected"),
    [
        (["march", "marches", "mar"], "marches", "marches"),
        (["talk", "talks"], "talks.", "talks"),
        (["a.b", "a"], "a.b", "a.b"),  # characters are escaped
        (["in", "inn", "inning"], "innings", "inning"),  # the longest that fits
    ],
)
def test_trie_prefers_the_longest_word(words: list[str], text: str, expected: str) -> None:
    m = re.match(trie(words), text)
    assert m is not None and m.group() == expected
