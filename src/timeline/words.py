"""The project's word lists, each kept once as data under `resources/`.

A list is a text file of one word or phrase per line (`#` starts a comment). Every
module that needs a kind of word (verbs of saying, nouns that name a happening) reads
it from here, so adding a word changes every place that uses it.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


@cache
def word_list(name: str) -> frozenset[str]:
    """The words of `resources/<name>.txt`, lower case."""
    path = resources.files("timeline") / "resources" / f"{name}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


@cache
def alternation(*names: str) -> str:
    """The words of the lists as a regex alternation, longest first (for `\\b(?:...)\\b`)."""
    words = set().union(*(word_list(n) for n in names))
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
