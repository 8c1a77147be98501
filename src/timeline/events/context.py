"""Dating a sentence that names no time, from the story around it.

News tells a day's events in several sentences and names the day once: "Apple
unveiled the iPhone 4 on Monday. Jobs demoed its gyroscope. He also showed video
calls." The later sentences happened that day too, even after a line of background
("The first iPhone came out in 2007."). A sentence with no time expression whose
predicate is in the past tense takes the day of the last day-dated statement (not
after publication, not inside a quotation) a few sentences before it in the same
paragraph. Such an event is `inferred` with a low confidence, its evidence is the
predicate ("demoed"), and its `date_source` is the span the date was read from, so
a reader sees the guess for what it is. Sentences with nothing dated before them
stay undated: dating them by publication was measured to add no right dates.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

NARRATIVE_REACH = 5  # sentences back to a day-dated statement, within its paragraph


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], frozenset[str]]:
    source = resources.files("timeline") / "resources" / "past_verbs.txt"
    past: set[str] = set()
    not_verbs: set[str] = set()
    target = past
    for line in source.read_text(encoding="utf-8").splitlines():
        word = line.strip().lower()
        if not word or word.startswith("#"):
            continue
        if word == "[not verbs]":
            target = not_verbs
            continue
        target.add(word)
    return frozenset(past), frozenset(not_verbs)


@lru_cache(maxsize=1)
def _predicate() -> re.Pattern[str]:
    past, _ = _words()
    irregular = "|".join(sorted(past, key=len, reverse=True))
    aux = (r"(?:(?:has|have|had|was|were)\s+"
           r"(?:(?:not|also|already|just|since|\w+ly)\s+)?(?:been\s+)?)")
    # Lower case only: a capitalised "-ed" word is a name ("United"), not a verb.
    return re.compile(
        rf"(?<![\w'’-]){aux}?(?P<v>{irregular}|[a-z]{{3,}}ed"
        rf"|(?<=\s)(?<=ha[sd]\s|ave\s)[a-z]{{3,}}(?:en|wn|un|ne))(?![\w'’-])"
    )


_DETERMINER = re.compile(
    r"(?:\b(?:a|an|the|its|his|her|their|our|this|that|these|those|of|and|or)|['’]s)\s+\Z", re.I
)
_MODAL = re.compile(r"\b(?:will|would|could|should|may|might|must|can|to)\s+(?:\w+\s+)?\Z", re.I)


def past_predicate(
    text: str, start: int, end: int, skip: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The first past-tense predicate of `text[start:end]` outside the `skip` ranges
    (quotations), as the span of its main verb; None when there is none."""
    _, not_verbs = _words()
    for m in _predicate().finditer(text, start, end):
        vs, ve = m.span("v")
        if any(a <= vs < b for a, b in skip):
            continue
        word = m.group("v")
        if word in not_verbs:
            continue
        before = text[max(start, m.start() - 40):m.start()]
        if _MODAL.search(before):
            continue  # "would have signed", "to be named": not a past event
        if m.start() == vs and word.endswith("ed") and _DETERMINER.search(before):
            continue  # "the alleged plot", "a divided house": an adjective
        return vs, ve
    return None
