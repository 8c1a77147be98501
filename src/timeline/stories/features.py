"""What grouping compares about an event: its words, its speakers, its date interval.

Words come from the title and the sentence of the evidence, lower-cased, without
stopwords and speech verbs (the word lists are data files), and cut to a crude stem
so that "launched", "launches" and "launch" meet. An event whose sentence says
"the claim" or "the election" names a happening mentioned before: that event noun
is kept apart, as is the span its date was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from timeline.dates import EDTFError, bounds

_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['’-](?=[^\W_]))*")
_DEFINITE = re.compile(
    r"\b(?:the|that|this|its|his|her|their)\s+(?:same\s+|very\s+|recent\s+|last\s+)?(\w+)",
    re.I,
)
OPEN_END = "9999-12-31"
OPEN_START = "0001-01-01"


def _word_list(package: str, name: str) -> frozenset[str]:
    text = (resources.files(package) / "resources" / name).read_text(encoding="utf-8")
    return frozenset(
        w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#")
    )


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Stopwords (this package's list) and speech verbs (the attribution list)."""
    return _word_list("timeline.stories", "stopwords.txt") | _word_list(
        "timeline", "speech_verbs.txt"
    )


@lru_cache(maxsize=1)
def event_nouns() -> frozenset[str]:
    """Nouns that name a happening ("claim", "election"), shared with the extractor."""
    return _word_list("timeline", "event_nouns.txt")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude suffix cut: enough for "launched"/"launching"/"launches" to meet."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    # "resignation" meets "resigned", "announcement" meets "announced": a later mention
    # often names the happening with its noun.
    for suffix, keep in (
        ("ations", 6), ("ation", 6), ("ments", 6), ("ment", 6),
        ("ies", 4), ("ing", 5), ("ed", 4), ("es", 5), ("s", 4),
    ):
        if w.endswith(suffix) and len(w) >= keep + len(suffix) - 1:
            w = w[: -len(suffix)]
            break
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # "planned" -> "plann" -> "plan"
    elif len(w) > 4 and w[-1] == "e":
        w = w[:-1]  # "collapse" meets "collapsed" -> "collaps"
    return w


def content_words(text: str) -> list[str]:
    """Stems of the words that can tell one happening from another."""
    return [s for s in map(_content_stem, _WORD.findall(text)) if s is not None]


@lru_cache(maxsize=65536)
def _content_stem(word: str) -> str | None:
    """The stem of a word that can tell happenings apart, None for a stopword: one cached
    look-up per word, as every event's title and sentence is read on each grouping."""
    if len(word) > 1 and word.lower() not in stopwords():
        return stem(word)
    return None


def referring_nouns(text: str) -> frozenset[str]:
    """Event nouns used definitely ("the claim"): the sentence refers back to a happening."""
    nouns = event_nouns()
    return frozenset(
        stem(m.group(1)) for m in _DEFINITE.finditer(text) if m.group(1).lower() in nouns
    )


@dataclass(slots=True)
class Features:
    """One event as grouping sees it."""

    index: int
    id: str
    doc: str
    lo: str  # earliest day, OPEN_START when open
    hi: str  # latest day, OPEN_END when open
    span: int  # days the interval covers, roughly: smaller is more precise
    sentence: tuple[int, int] | None
    words: frozenset[str]
    core: frozenset[str]  # of `words`, those that tell this happening: title and date's words
    speakers: frozenset[str]
    refers: frozenset[str]
    date_from: tuple[int, int] | None  # where an inferred event's date was read


def _span(ev: dict[str, Any], name: str) -> tuple[int, int] | None:
    s = ev.get(name)
    if isinstance(s, dict) and isinstance(s.get("start"), int) and isinstance(s.get("end"), int):
        return s["start"], s["end"]
    return None


def _text(ev: dict[str, Any], name: str) -> str:
    s = ev.get(name)
    return s.get("text", "") if isinstance(s, dict) else ""


def _days(lo: str, hi: str) -> int:
    if lo == OPEN_START or hi == OPEN_END:
        return 10**6
    y1, m1, d1 = int(lo[:4]), int(lo[5:7]), int(lo[8:10])
    y2, m2, d2 = int(hi[:4]), int(hi[5:7]), int(hi[8:10])
    return (y2 - y1) * 366 + (m2 - m1) * 31 + (d2 - d1) + 1


CORE_WINDOW = 4  # words each side of the evidence that belong to its happening


def _near_evidence(ev: dict[str, Any], sentence: str) -> str:
    """The evidence and the few words around it: "its launch in 2003" in a sentence that
    tells several happenings. Empty when the spans do not place it in the sentence."""
    where, span = _span(ev, "evidence"), _span(ev, "sentence")
    if where is None or span is None or not span[0] <= where[0] <= where[1] <= span[1]:
        return _text(ev, "evidence")
    start, end = where[0] - span[0], where[1] - span[0]
    before = sentence[:start].split()[-CORE_WINDOW:]
    after = sentence[end:].split()[:CORE_WINDOW]
    return " ".join([*before, sentence[start:end], *after])


def stated(ev: dict[str, Any]) -> tuple[str, str]:
    """The event's interval as grouping compares it: an interval open at one end ("since
    2004") dates its happening by the end it states, at that end's precision ("2004").
    Happenings of one sentence "since 2004" and "since January" are then told apart."""
    lo = ev.get("earliest") or OPEN_START
    hi = ev.get("latest") or OPEN_END
    date = ev.get("date")
    if (lo == OPEN_START) == (hi == OPEN_END) or not isinstance(date, str) or "/" not in date:
        return lo, hi
    left, _, right = date.partition("/")
    try:
        start, end = bounds(right if lo == OPEN_START else left)
    except EDTFError:
        return lo, hi
    return start or lo, end or hi


def features(index: int, ev: dict[str, Any]) -> Features:
    """The features of an event dict as written in the events file."""
    lo, hi = stated(ev)
    sentence = _text(ev, "sentence") or _text(ev, "evidence")
    title = ev.get("title") or ""
    core = frozenset(content_words(f"{title} {_near_evidence(ev, sentence)}"))
    words = frozenset(content_words(f"{title} {sentence}")) | core
    return Features(
        index=index,
        id=ev["id"],
        doc=ev.get("doc", ""),
        lo=lo,
        hi=hi,
        span=_days(lo, hi),
        sentence=_span(ev, "sentence"),
        words=words,
        core=core,
        speakers=frozenset(content_words(_text(ev, "attribution"))),
        refers=referring_nouns(sentence),
        date_from=_span(ev, "date_source"),
    )
