"""Events: statements of a document anchored in time, each with its evidence span.

One event per anchored statement (a clause, or the sentence when it has one date).
A statement is dated by the time expression that places it, not by every date it
mentions: deadlines and targets ("by 2019") yield to another date of the sentence,
durations and sets never date anything, and vague references ("recently", "now")
date a sentence only when nothing better does, with a low confidence. A sentence
without any time expression is dated when it refers back to a dated happening
("the election" after "the election of Trump in 2016"), or from the story's day a
few sentences before when it tells, in the past tense, what happened next
(`timeline.events.happenings`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from timeline.dates import bounds
from timeline.events.chronology import between_years
from timeline.events.doc import Dating, Doc, Sentence
from timeline.events.modifiers import reframe
from timeline.events.titles import has_verb, make_title, relative_at_end
from timeline.events.years import fill_years
from timeline.schema import Timex
from timeline.sentences import (
    _CLAUSE_CUTS,
    clauses,
    measure_start,
    opens_clause,
    prepositional,
)
from timeline.words import alternation, trie, word_list, word_trie

# How sure the date is, by how it was obtained (see README "How events are chosen").
CONFIDENCE = {
    "day": 0.95,
    "month": 0.92,
    "year": 0.9,
    "period": 0.8,  # decades, parts of a decade, seasons, open intervals
    "relative": 0.8,  # resolved against the publication date
    "narrative": 0.6,  # resolved against the time of earlier text
    "inferred": 0.5,  # year taken from the nearest explicit year
    "target": 0.5,  # a deadline or limit ("by 2019") with nothing better
    "mention": 0.45,  # a later mention of a dated happening
    "context": 0.35,  # no time named: the day of the story a few sentences before
    "publication": 0.4,  # no time named, nothing before it: the publication day
    "before_publication": 0.5,  # "had left", nothing else known: before publication
    "lookback": 0.7,  # "over the past two years": a period up to the publication date
    "vague": 0.3,  # "recently", "now", "in recent years", "the last few months"
    "offset": 0.7,  # counted from a dated noun: "two years after the 2016 election"
}
QUOTED_FACTOR = 0.6  # relative dates inside quotations count from when it was said

_TARGET = re.compile(r"^(?:by|until|till|through|no later than|up to)\b", re.I)
_VAGUE = {"PAST_REF", "PRESENT_REF"}
_QUOTES = re.compile(r"“[^”]*”?|\"[^\"\n]*\"?|``.*?''")
_INNER_QUOTE = re.compile(r"(?<!\w)[‘'][^‘’'\n]{2,}[’'](?!\w)")


@dataclass
class _Anchor:
    timex: Timex
    start: int  # evidence span (the phrase when the tagger widened it)
    end: int
    edtf: str
    kind: str  # "anchor" | "target" | "vague" | "compare" (never dates anything)
    lookback: bool = False  # a period counted back from the publication date
    # "two years after the 2016 election": "offset" when counted from the noun's date,
    # "open" when only after/before it; the noun's own date and phrase in `noun`
    relation: str | None = None
    noun: _Anchor | None = None
    noun_span: tuple[int, int] | None = None  # "the 2016 election"


@lru_cache(maxsize=1)
def event_nouns() -> frozenset[str]:
    return word_list("event_nouns")


@lru_cache(maxsize=2)
def _noun_pattern(ignore_case: bool = True) -> re.Pattern[str]:
    """The event nouns as whole words; without `ignore_case`, for lower-cased text (the
    list is lower case), where matching takes a third of the time."""
    body = rf"\b(?P<noun>{trie(sorted(event_nouns()))})(?:e?s)?\b"
    return re.compile(body, re.I) if ignore_case else re.compile(body)


def _lowered_matches(
    caseless: re.Pattern[str], lower: re.Pattern[str], text: str, lo: int, hi: int
) -> Iterator[tuple[re.Match[str], int]]:
    """`caseless.finditer(text, lo, hi)`, each match with the offset to add to its
    positions. `lower` is the same pattern, case-sensitive, for words written in lower
    case: on ASCII text (where lower case keeps every offset) it runs in the lower-cased
    window, with the character before `lo` for a word boundary there, in a third to a
    half of the time the case-blind pattern takes."""
    head = max(0, lo - 1)
    window = text[head:hi]
    if not window.isascii():
        yield from ((m, 0) for m in caseless.finditer(text, lo, hi))
        return
    yield from ((m, head) for m in lower.finditer(window.lower(), lo - head))


def _event_nouns_in(text: str, lo: int, hi: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, noun in lower case) of each event noun in `text[lo:hi]`."""
    found = _lowered_matches(_noun_pattern(), _noun_pattern(ignore_case=False), text, lo, hi)
    for m, offset in found:
        yield m.start() + offset, m.end() + offset, m.group("noun").lower()


def _speech_in(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The span of the first word of speaking in `text[lo:hi]` (`_SPEECH`), None if none."""
    for m, offset in _lowered_matches(_SPEECH, _SPEECH_LOWER, text, lo, hi):
        return m.start() + offset, m.end() + offset
    return None


@lru_cache(maxsize=1)
def _mention_pattern() -> re.Pattern[str]:
    alternatives = trie(sorted(event_nouns()))  # one test per position, not one per noun
    return re.compile(
        r"\b(?:the|that|this)\s+(?:same\s+|very\s+|recent\s+|last\s+|latest\s+)?"
        rf"(?:[‘'“\"]?)(?P<noun>{alternatives})(?:[’'”\"]?)(?!\w)",
        re.I,
    )


_LOOKBACK = re.compile(r"\b(?:past|last|previous|recent|preceding)\b", re.I)
_DURATION = re.compile(r"^P(\d+|X)(Y|M|W|D|DE|CE)$")
# "the past year", "the last month", "past week": a period counted back from the
# publication date, not the previous calendar unit ("last year" without "the").
_LOOKBACK_POINT = re.compile(
    r"^(?:(?:the\s+)(?:past|last|previous|preceding)|past)\s+"
    r"(?P<unit>year|month|week|day|decade|century)$",
    re.I,
)
_UNIT = {"year": "Y", "month": "M", "week": "W", "day": "D", "decade": "DE", "century": "CE"}
# An uncounted period ("the last few months") as so many units: wide rather than wrong.
_FEW = {"Y": 5, "M": 6, "W": 4, "D": 7, "DE": 2, "CE": 1}


def _lookback_edtf(t: Timex, dct: date | None) -> tuple[str, bool] | None:
    """ "over the past two years" up to the publication date: an interval that ends at
    the publication month (or day, for weeks and days). The flag says whether the
    length was counted ("two years") rather than vague ("few years")."""
    if dct is None:
        return None
    m = _DURATION.match(t.value) if t.type == "DURATION" else None
    if m and _LOOKBACK.search(t.text):
        unit, count = m.group(2), m.group(1)
    elif (p := _LOOKBACK_POINT.match(t.text.strip())) and t.type == "DATE":
        unit, count = _UNIT[p.group("unit").lower()], "1"
    else:
        return None
    counted = count != "X"
    n = int(count) if counted else _FEW[unit]
    if unit in ("DE", "CE"):
        n, unit = n * (10 if unit == "DE" else 100), "Y"
    until = f"{dct.year:04d}-{dct.month:02d}"  # not strftime: year 5 is 0005, not 5
    if unit == "Y":
        if n > 200 or dct.year - n < 1:
            return None
        return f"{dct.year - n:04d}-{dct.month:02d}/{until}", counted
    if unit == "M":
        months = dct.year * 12 + dct.month - 1 - n
        if months < 12:
            return None
        return f"{months // 12:04d}-{months % 12 + 1:02d}/{until}", counted
    days = 7 * n if unit == "W" else n
    if days > 3660:
        return None
    start = date.fromordinal(max(1, dct.toordinal() - days))
    return f"{start.isoformat()}/{dct.isoformat()}", counted


def _classify(t: Timex, dct: date | None) -> _Anchor | None:
    lookback = _lookback_edtf(t, dct)
    if lookback is not None:
        kind = "anchor" if lookback[1] else "vague"
        edtf = _valid(lookback[0], "lookback")
        return _Anchor(t, t.start, t.end, edtf, kind, lookback=True) if edtf else None
    if t.type == "SET" or (t.type == "DURATION" and t.edtf is None):
        return None  # a duration dates something only as "two days later"
    start, end = (t.phrase.start, t.phrase.end) if t.phrase else (t.start, t.end)
    if t.value in _VAGUE:
        edtf = _valid(_vague_edtf(t, dct), "vague")
        return _Anchor(t, t.start, t.end, edtf, "vague") if edtf else None
    if not t.edtf or t.anchoring == "unresolved" or not _valid(t.edtf, "tagger"):
        return None
    phrase = t.phrase.text if t.phrase else t.text
    kind = "target" if t.edtf.startswith("../") and _TARGET.match(phrase) else "anchor"
    return _Anchor(t, start, end, t.edtf, kind)


# Dates that were not valid EDTF, by where they came from: they are dropped here, where
# every event's date is chosen, so an invalid value never reaches the events file.
DROPPED_DATES: Counter[str] = Counter()


def _valid(edtf: str | None, origin: str) -> str | None:
    if edtf is None:
        return None
    try:
        bounds(edtf)
    except ValueError:
        DROPPED_DATES[origin] += 1
        return None
    return edtf


def _vague_edtf(t: Timex, dct: date | None) -> str | None:
    """An honest reading of "now" (the publication day) and of "recently"/"in recent
    years" (a wide period up to it)."""
    if dct is None:
        return None
    if t.value == "PRESENT_REF":  # "now", "currently": when the text was written
        return dct.isoformat()
    back = 5 if re.search(r"years|decades", t.text, re.I) else 1
    if dct.year - back < 1:
        return None
    return f"{dct.year - back:04d}-{dct.month:02d}/{dct.year:04d}-{dct.month:02d}"


def _precision(edtf: str) -> str:
    if "/" in edtf or "X" in edtf or "~" in edtf or re.fullmatch(r"\d{4}-2[1-4]", edtf):
        return "period"
    return {4: "year", 7: "month", 10: "day"}.get(len(edtf), "period")


def _how_and_confidence(a: _Anchor, quoted: bool, dct_factor: float) -> tuple[str, float]:
    anchoring = a.timex.anchoring
    if a.relation == "offset":
        how, conf = "relative", CONFIDENCE["offset"]
    elif a.kind == "vague":
        how, conf = "relative", CONFIDENCE["vague"]
    elif a.lookback:
        how, conf = "relative", CONFIDENCE["lookback"]
    elif anchoring == "dct":
        how, conf = "relative", CONFIDENCE["relative"]
    elif anchoring == "narrative":
        how, conf = "inferred", CONFIDENCE["narrative"]
    elif anchoring == "inferred":
        how, conf = "inferred", CONFIDENCE["inferred"]
    else:
        how, conf = "explicit", CONFIDENCE[_precision(a.edtf)]
    if a.kind == "target":
        conf = min(conf, CONFIDENCE["target"])
    if a.timex.confidence is not None:  # a date read less surely (another language)
        conf = min(conf, a.timex.confidence)
    if how == "relative":
        if quoted:
            conf *= QUOTED_FACTOR
        conf *= dct_factor  # a publication date from a dateline or inferred is less sure
    return how, round(conf, 2)


def _inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in ranges)


_PREMODIFIER = re.compile(r"(?:\b(?:the|a|an|its|his|her|their|our|this|that)|['’]s)\s+$", re.I)
_RANK = {"absolute": 0, "dct": 1, "narrative": 2, "inferred": 3}


def _is_premodifier(text: str, a: _Anchor) -> bool:
    """ "their 2017 level", "the 1979 revolution": the date describes a noun, not the
    clause; "after the 2016 election" places the clause only relative to one."""
    return a.relation is not None or bool(
        _PREMODIFIER.search(text, max(0, a.start - 12), a.start)
        and re.match(r"\s[A-Za-z]", text[a.end : a.end + 2])
    )


def _width(a: _Anchor) -> int:
    lo, hi = bounds(a.edtf)
    return (date.fromisoformat(hi) - date.fromisoformat(lo)).days if lo and hi else 10**6


_SCALES = (1, 7, 31, 92, 366)  # day, week, month, season or quarter, year


def _scale(a: _Anchor) -> int:
    """The precision class of an anchor: March (31 days) is no wider than June (30)."""
    width = _width(a)
    return next((i for i, days in enumerate(_SCALES) if width < days), len(_SCALES))


def _pick(anchors: list[_Anchor], text: str = "") -> _Anchor:
    """The anchor that dates a clause: adverbials before noun modifiers, resolved before
    inferred, narrower before wider, earlier in the text before later."""
    return min(
        anchors,
        key=lambda a: (
            bool(text) and _is_premodifier(text, a),
            _RANK.get(a.timex.anchoring, 4),
            _scale(a),
            a.start,
        ),
    )


def _distinct(text: str, inside: list[_Anchor]) -> list[_Anchor]:
    """Anchors of one clause that date different things: a date within another date of
    the clause ("in 2002, on March 3") refines it; a noun modifier yields to an adverbial."""
    if len(inside) <= 1:
        return inside
    adverbial = [a for a in inside if not _is_premodifier(text, a)]
    pool = adverbial or inside
    out = []
    for a in pool:
        lo, hi = bounds(a.edtf)
        refined = bool(lo and hi) and any(
            o is not a
            and _width(o) < _width(a)
            and (bounds(o.edtf)[0] or "") >= (lo or "")
            and (bounds(o.edtf)[1] or "9999") <= (hi or "9999")
            for o in pool
        )
        if not refined:
            out.append(a)
    return out or [_pick(pool, text)]


def _title_clause(text: str, s: int, e: int, a: _Anchor, others: list[_Anchor]) -> tuple[int, int]:
    """The part of the sentence that states the anchored happening."""
    lo, hi = s, e
    for level, pattern in enumerate(_CLAUSE_CUTS[:4]):
        for m in pattern.finditer(text, s, e):
            cut = m.end()
            if not lo < cut < hi:
                continue
            if (
                level == 2
                and not (  # "X and Y signed", "the Kenyan and Tanzanian capitals"
                    has_verb(text[lo:cut]) and opens_clause(text, cut, _phrase_end(text, cut, hi))
                )
            ):
                continue
            if level == 3:  # "before"/"after" clauses: only to separate another date
                if prepositional(text, cut, hi):  # "said after the game that ..."
                    continue
                cut = measure_start(text, cut, lo)  # with "two weeks" before "after"
                if not lo < cut:
                    continue
                side = (lo, cut) if cut <= a.start else (cut, hi)
                if not any(side[0] <= o.start < side[1] for o in others):
                    continue
            if cut <= a.start and _wordy(text, cut, a, hi):
                lo = cut
            elif cut >= a.end and _wordy(text, lo, a, cut):
                hi = cut  # not "2001: The bridge opened" cut down to its date
    return lo, hi


_LETTER = re.compile(r"[^\W\d_]")


def _wordy(text: str, lo: int, a: _Anchor, hi: int) -> bool:
    """Whether the clause `[lo, hi)` has words besides its date."""
    return bool(_LETTER.search(text, lo, a.start) or _LETTER.search(text, a.end, hi))


def _phrase_end(text: str, start: int, end: int) -> int:
    m = re.compile(r"[,;:]").search(text, start, end)
    return m.start() if m else end


def tag_times(doc: Doc) -> None:
    """Layer: each sentence's time expressions, classified as anchors, targets or vague
    references; a sentence naming a time that could not be resolved is marked."""
    # the tagger compiles its rules on first import
    from timeline.temporal.foreign import tag_any_language

    sents = doc.sentences
    starts = [sp.start for sp in sents]
    # English rules, or dateparser for documents in other languages
    for t in _times(doc, tag_any_language):
        if doc.source.is_excluded(t.start, t.end):
            continue
        i = bisect_right(starts, t.start) - 1
        if i < 0 or t.start >= sents[i].end:
            continue
        a = _classify(t, doc.dct)
        if a is None and t.type in ("DATE", "TIME"):
            sents[i].timed = True
        if a is not None:
            sents[i].anchors.append(_compared(doc.text, a) or _reframed(doc.text, a))


_FROM = "from"  # a comparison with an amount: "rose to 4,430 tonnes from 3,025 tonnes"


@lru_cache(maxsize=1)
def _comparison() -> re.Pattern[str]:
    phrases = sorted(word_list("comparisons"), key=lambda p: (-len(p), p))  # longest first
    words = "|".join(map(_phrase_pattern, phrases))
    # "up from 1.2 million in 2019": the amount compared with stands between the phrase
    # and its date; not after "than", where "more than 40 people died in 2019" counts
    # the people of the statement itself
    # ... and "rose to 4,430 tonnes from 3,025 tonnes a day earlier": "from" with an
    # amount ("from Wednesday" alone starts something)
    measured = "|".join([*(_phrase_pattern(p) for p in phrases if p != "than"), rf"\b{_FROM}"])
    # a number with its currency and scale, and at most one word of unit
    amount = rf"[$€£¥]?\s?\d[\d,.]*\s*(?:(?:{alternation('amount_units')})(?!\w)\s*)?"
    return re.compile(
        rf"(?:(?:{words})\s*|(?:{measured})\s*{amount}(?:[^\W\d_]+\s+)?)"
        r"(?:the\s+same\s+\w+\s+(?:of\s+|in\s+)?|at\s+|in\s+)?"
        r"(?:the\s+)?$",
        re.I,
    )


@lru_cache(maxsize=1)
def _comparison_starts() -> re.Pattern[str]:
    """The characters a `_comparison` match can begin with: each phrase's first, and that
    of "from" (compiled with the same flags, so that case folds alike)."""
    firsts = {p[0] for p in word_list("comparisons")} | {_FROM[0]}
    return re.compile(f"[{''.join(map(re.escape, sorted(firsts)))}]", re.I)


def _comparison_from(text: str, lo: int, end: int) -> re.Match[str] | None:
    """`_comparison().search(text, lo, end)`, trying the pattern only where a phrase can
    begin: at every position it tries all the phrases, at a few it costs a third."""
    pattern = _comparison()
    for start in _comparison_starts().finditer(text, lo, end):
        m = pattern.match(text, start.start(), end)
        if m is not None:
            return m
    return None


@lru_cache(maxsize=1)
def _comparison_cues() -> tuple[str, ...]:
    """A word each comparison phrase holds (its longest), and "from": one of them is in
    the text before any date `_comparison` matches."""
    cues = {max(p.split(), key=len).strip(".") for p in word_list("comparisons")}
    return tuple(sorted(cues | {_FROM}))


def _phrase_pattern(phrase: str) -> str:
    return (r"\b" if phrase[0].isalpha() else "") + r"\s*".join(
        map(re.escape, phrase.split())
    )


@lru_cache(maxsize=1)
def _superlative() -> re.Pattern[str]:
    words = alternation("superlatives")
    return re.compile(
        rf"(?:\b(?:the|its|their|his|her|our)\s+)?\b(?:{words})(?:\s+[\w'’-]+){{0,3}}\s+$", re.I
    )


def _compared(text: str, a: _Anchor) -> _Anchor | None:
    """ "rose 5 percent compared with a year earlier": a point of comparison, not a time
    anything happened (`resources/comparisons.txt`); kept, with its phrase, only so that
    titles leave it out."""
    if text.startswith("since", a.start) or text.startswith("Since", a.start):
        m = _superlative().search(text, max(0, a.start - 60), a.start)
        if m is not None:  # "the highest since 2008": the phrase is the comparison
            return _Anchor(a.timex, m.start(), a.end, a.edtf, "compare")
    lo = max(0, a.start - 80)
    window = text[lo : a.start].lower()
    if not any(cue in window for cue in _comparison_cues()):
        return None  # most dates: none of the phrases' words is near (a search costs more)
    m = _comparison_from(text, lo, a.start)
    if m is None or m.end() != a.start:
        return None
    if _NOT_LATER_THAN.search(text, max(0, m.start() - 12), m.start() + 5):
        return None
    start = m.start()
    if _UNIT_FIRST.match(m.group()):  # "44 percent from a year earlier": keep "percent"
        start = m.start() + m.group().lower().rindex("from" if "from" in m.group().lower()
                                                       else "over")
    return _Anchor(a.timex, start, a.end, a.edtf, "compare")


_UNIT_FIRST = re.compile(r"^(?:%|per\s*cent|percent|points|cents)", re.I)
# "no later than 2019" is a deadline, not a comparison
_NOT_LATER_THAN = re.compile(r"\b(?:later|earlier|sooner)\s+than\b", re.I)


def _reframed(text: str, a: _Anchor) -> _Anchor:
    """ "two years after the 2016 election": the clause's anchor counted from the dated
    noun, which keeps its own date (`timeline.events.modifiers`)."""
    if a.kind != "anchor" or a.lookback:
        return a
    r = reframe(text, a.start, a.end, a.edtf)
    if r is None or not _valid(r.edtf, "relation"):
        return a
    return _Anchor(
        a.timex, r.start, r.end, r.edtf, "anchor",
        relation="offset" if r.offset else "open", noun=a, noun_span=r.noun,
    )


def _times(doc: Doc, tagger: Any) -> list[Timex]:
    """The time expressions of the document, or of its window, at document offsets."""
    if doc.window is None:
        return between_years(fill_years(tagger(doc.text, doc.dct), doc.text), doc.text)
    lo, hi = doc.window
    part = doc.text[lo:hi]
    found = between_years(fill_years(tagger(part, doc.dct), part), part)
    return [_shifted(t, lo) for t in found]


def _shifted(t: Timex, by: int) -> Timex:
    update: dict[str, Any] = {"start": t.start + by, "end": t.end + by}
    if t.phrase is not None:
        update["phrase"] = t.phrase.model_copy(
            update={"start": t.phrase.start + by, "end": t.phrase.end + by}
        )
    return t.model_copy(update=update)


def date_statements(doc: Doc) -> None:
    """Layer: a statement for each clause that its own time expression dates."""
    text = doc.text
    for sent in doc.sentences:
        if sent.headline and not any(p.pos == "VERB" for p in sent.predicates):
            continue  # "Spending in 2019" names a subject, not a happening
        s, e = sent.start, sent.end
        found = sent.anchors
        chosen = [
            (a, c)
            for a, c in _choose(text, s, e, found, _verbs(sent))
            if a.timex.anchoring != "dct" or not _inside(sent.nested, a.start)
        ]
        for a, (cs, ce) in chosen:
            how, conf = _how_and_confidence(a, sent.quoted(a.start), doc.dct_factor)
            others = [o for o in found if o is not a]
            lo, hi = _title_clause(text, cs, ce, a, others)
            remove = [(o.start, o.end) for o in found]
            remove += [r for o in others if (r := relative_at_end(text, s, e, o.start))
                       and not r[0] <= a.start < r[1]]  # fmt: skip
            title = make_title(
                text, lo, hi, remove, sentence_start=s, anchor=(a.start, a.end)
            ) or make_title(text, cs, ce, remove, sentence_start=s)
            # "rose in 2004 and then in 2009": the second date's clause has no words of
            # its own, so it shares the statement's title
            doc.add(sent, Dating(a.edtf, a.timex.value, how, conf), (a.start, a.end), title)
            sent.chosen.append((a, (cs, ce), (lo, hi), how, conf))
        for a in found:
            if a.noun is not None and a.noun_span is not None:
                _date_noun(doc, sent, a.noun, a.noun_span)


_PRONOUN_DET = re.compile(r"^(?:its|his|her|their|our)\s+", re.I)


def _date_noun(doc: Doc, sent: Sentence, a: _Anchor, span: tuple[int, int]) -> None:
    """ "the 2016 election" in "two years after the 2016 election": a happening of its
    own, dated by its modifier and remembered for later mentions ("the election")."""
    how, conf = _how_and_confidence(a, sent.quoted(a.start), doc.dct_factor)
    phrase = _PRONOUN_DET.sub("the ", " ".join(doc.text[span[0] : span[1]].split()))
    title = phrase[:1].upper() + phrase[1:]  # "its 1990 invasion" -> "The 1990 invasion"
    doc.add(sent, Dating(a.edtf, a.timex.value, how, conf), span, title)
    sent.chosen.append((a, span, span, how, conf))


def date_references(doc: Doc) -> None:
    """Layer: a sentence with no date of its own that refers back to a dated happening
    ("the election") or continues a dated statement of speech ("he added")."""
    text = doc.text
    # Carried over from a long document's earlier windows (see `Doc.carried`).
    antecedents: dict[str, tuple[_Anchor, str, float]] = doc.carried.setdefault(
        "antecedents", {}
    )
    last_speech: tuple[int, tuple[_Anchor, str, float]] | None = doc.carried.get("speech")
    for sent in doc.sentences:
        s, e = sent.start, sent.end
        for a, _, (lo, hi), how, conf in sent.chosen:
            if a.kind == "anchor":
                _remember(text, lo, hi, a, how, conf, antecedents)
        speech = None
        if not sent.chosen:
            m = _mention(text, s, e, antecedents)
            if m is None and last_speech is not None and last_speech[0] == sent.index - 1:
                m = _continued_speech(text, s, e, last_speech[1])
            if m is not None:
                mention, (a, _how, conf) = m
                dating = Dating(
                    a.edtf, a.timex.value, "inferred", min(conf, CONFIDENCE["mention"]),
                    (a.start, a.end),
                )
                doc.add(sent, dating, mention, make_title(text, s, e, []))
        elif (verb := _speech_in(text, s, e)) is not None:
            # The date of the saying is the one next to its verb ("said on Tuesday that
            # fees would rise next year" was said on Tuesday).
            a = min((c[0] for c in sent.chosen), key=lambda x: _gap(x, *verb))
            speech = (sent.index, (a, *_how_and_confidence(a, False, doc.dct_factor)))
        last_speech = speech
    doc.carried["speech"] = last_speech


def _verbs(sent: Sentence) -> list[int]:
    """Where the sentence's finite verbs start (the predicate layer's reading; not
    participles or infinitives: "prompting the coup" tells no date of its own)."""
    return [
        p.start for p in sent.predicates
        if p.pos == "VERB" and p.tense in ("PAST", "PRESENT", "FUTURE")
    ]


def _choose(
    text: str, s: int, e: int, found: list[_Anchor], verbs: list[int]
) -> list[tuple[_Anchor, tuple[int, int]]]:
    anchors = sorted((a for a in found if a.kind == "anchor"), key=lambda a: a.start)
    anchors = _dedupe(anchors)
    if anchors:
        groups = _one_per_verb(text, anchors, verbs)
        if len(groups) == 1:
            return [(a, (s, e)) for a in groups[0]]
        heads = [g[0] for g in groups]
        members = {id(g[0]): g for g in groups}
        parts = clauses(text, s, e, [(a.start, members[id(a)][-1].end) for a in heads])
        out = []
        for lo, hi in parts:
            inside = [a for a in heads if lo <= a.start < hi]
            out.extend((m, (lo, hi)) for a in _distinct(text, inside) for m in members[id(a)])
        return out
    for kind in ("target", "vague"):
        rest = [a for a in found if a.kind == kind]
        if rest:
            return [(_pick(rest), (s, e))]
    return []


def _one_per_verb(text: str, anchors: list[_Anchor], verbs: list[int]) -> list[list[_Anchor]]:
    """Dates with no verb between them ("on Monday and Tuesday nights from March 30")
    belong to one statement: keep the one that dates it best, or all of them when they
    are coordinated occasions ("in March and June")."""
    groups: list[list[_Anchor]] = [[anchors[0]]]
    for a in anchors[1:]:
        last = groups[-1][-1].end
        if has_verb(text[last : a.start], min_words=1) or any(last <= v < a.start for v in verbs):
            groups.append([a])
        else:
            groups[-1].append(a)
    return [g if len(g) == 1 or _coordinated(text, g) else [_pick(g, text)] for g in groups]


_COORDINATION = re.compile(r"\s*(?:,\s*)?(?:and|or|as well as)?\s*(?:in|on|again in)?\s*$", re.I)


_AGAIN = re.compile(
    r"\s*,?\s*(?:and|but)\s+(?:again|then|later|once\s+more)\s*(?:in|on)?\s*$", re.I
)


def _coordinated(text: str, group: list[_Anchor]) -> bool:
    """Dates of the same precision joined only by "and"/"or"/commas ("in 2004 and 2009",
    "on Monday and Wednesday"), or any two joined by "and again" / "and then" ("met on
    Jan. 12 and again last month"): separate occasions, not one date refining another."""
    if any(a.lookback or a.kind != "anchor" for a in group):
        return False
    if all(_AGAIN.fullmatch(text[x.end : y.start]) for x, y in zip(group, group[1:], strict=False)):
        return True
    if len({_scale(a) for a in group}) != 1:
        return False
    return all(
        _COORDINATION.fullmatch(text[x.end : y.start]) and _ends_before(x.edtf, y.edtf)
        for x, y in zip(group, group[1:], strict=False)
    )


def _ends_before(x: str, y: str) -> bool:
    """`x` ends before `y` starts; an open end ("since 2003") is never before anything."""
    end, start = bounds(x)[1], bounds(y)[0]
    return end is not None and start is not None and end < start


def _dedupe(anchors: list[_Anchor]) -> list[_Anchor]:
    """One anchor per phrase: "from 2003 to 2012" tags two timexes with one reading."""
    out: list[_Anchor] = []
    for a in anchors:
        if out and out[-1].edtf == a.edtf and a.start < out[-1].end:
            continue
        if out and a.start < out[-1].end:  # nested phrases: keep the wider one
            continue
        out.append(a)
    return out


def _remember(
    text: str,
    lo: int,
    hi: int,
    a: _Anchor,
    how: str,
    conf: float,
    antecedents: dict[str, tuple[_Anchor, str, float]],
) -> None:
    """Note the happening the dated clause names, for later definite mentions."""
    best: tuple[int, str] | None = None
    for start, end, noun in _event_nouns_in(text, lo, hi):
        if start < a.end and a.start < end:  # "March" in "March 2015"
            continue
        distance = min(abs(start - a.end), abs(a.start - end))
        if best is None or distance < best[0]:
            best = (distance, noun)
    if best is not None:
        antecedents[best[1]] = (a, how, conf)


_SPEECH = re.compile(rf"\b(?:{word_trie('speech_verbs', 'speech_nouns')})\b", re.I)
_SPEECH_LOWER = re.compile(_SPEECH.pattern)  # for lower-cased text: the lists are lower case
_CONTINUED = re.compile(
    r"\b(?:(?:he|she|they|we|I)\s+(?:added|continued|went on|said|told\s+\w+|asked|explained"
    r"|noted)|(?:added|continued|said)\s+(?:he|she))\b"
)


def _continued_speech(
    text: str, s: int, e: int, previous: tuple[_Anchor, str, float]
) -> tuple[tuple[int, int], tuple[_Anchor, str, float]] | None:
    """ "“...,” he added." right after a dated statement of speech: the same occasion."""
    m = _CONTINUED.search(text, s, e)
    return (m.span(), previous) if m else None


def _mention(
    text: str, s: int, e: int, antecedents: dict[str, tuple[_Anchor, str, float]]
) -> tuple[tuple[int, int], tuple[_Anchor, str, float]] | None:
    for m in _mention_pattern().finditer(text, s, e):
        noun = m.group("noun").lower()
        if noun in antecedents:
            return m.span(), antecedents[noun]
    return None


def _gap(a: _Anchor, start: int, end: int) -> int:
    """Characters between an anchor and a span (0 when they touch or overlap)."""
    return max(a.start - end, start - a.end, 0)


__all__ = ["CONFIDENCE", "date_references", "date_statements", "event_nouns", "tag_times"]
