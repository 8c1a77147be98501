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
def irregular_verbs() -> tuple[tuple[str, str, str, str], ...]:
    """(base, -ing form, simple past, "state" or "action") of each verb of
    `resources/irregular_verbs.tsv`."""
    path = resources.files("timeline") / "resources" / "irregular_verbs.tsv"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            base, gerund, past, kind = line.split("\t")
            rows.append((base, gerund, past, kind))
    return tuple(rows)


@cache
def alternation(*names: str) -> str:
    """The words of the lists as a regex alternation, longest first (for `\\b(?:...)\\b`)."""
    words = set().union(*(word_list(n) for n in names))
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@cache
def word_trie(*names: str) -> str:
    """The words of the lists as a regex matching exactly what `alternation` matches, but
    with the single words factored by common prefixes (see `trie`). Phrases come first,
    longest first: a single word matching where a phrase does is a prefix of it, so
    shorter, and an alternation tries it later too."""
    words = set().union(*(word_list(n) for n in names))
    phrases = sorted((w for w in words if re.search(r"\s", w)), key=len, reverse=True)
    single = sorted(w for w in words if w and not re.search(r"\s", w))
    parts = [re.escape(w).replace(r"\ ", r"\s+") for w in phrases]
    if single:
        parts.append(trie(single))
    return "|".join(parts)


def trie(words: list[str]) -> str:
    """A regex alternation of single words factored by common prefixes, so a failing
    position costs one character test instead of one per word. Among words that are
    prefixes of one another the longest is tried first, as in a longest-first
    alternation, so both find the same matches."""
    tree: dict[str, dict] = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = []
        optional = "" in node
        for ch in sorted(k for k in node if k):
            alts.append(re.escape(ch) + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if optional else body

    return build(tree)
