"""Events: statements of a document anchored in time, each with its evidence span.

One event per anchored statement (a clause, or the sentence when it has one date).
A statement is dated by the time expression that places it, not by every date it
mentions: deadlines and targets ("by 2019") yield to another date of the sentence,
durations and sets never date anything, and vague references ("recently", "now")
date a sentence only when nothing better does, with a low confidence. A sentence
without any time expression is dated when it refers back to a dated happening
("the election" after "the election of Trump in 2016"), or from the story's day a
few sentences before when it tells, in the past tense, what happened next
(`timeline.context_dates`).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from timeline.attribution import attribute
from timeline.context_dates import NARRATIVE_REACH, past_predicate
from timeline.dates import bounds
from timeline.documents import SourceDocument
from timeline.schema import Event, Span, Timex
from timeline.sentences import (
    _CLAUSE_CUTS,
    clauses,
    is_heading,
    opens_clause,
    prepositional,
    sentences,
)
from timeline.titles import MAX_WORDS, has_verb, make_title

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
    "lookback": 0.7,  # "over the past two years": a period up to the publication date
    "vague": 0.3,  # "recently", "now", "in recent years", "the last few months"
}
QUOTED_FACTOR = 0.6  # relative dates inside quotations count from when it was said
DATELINE_FACTOR = 0.95  # a publication date read from a dateline, not from metadata

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
    kind: str  # "anchor" | "target" | "vague"
    lookback: bool = False  # a period counted back from the publication date


@lru_cache(maxsize=1)
def event_nouns() -> frozenset[str]:
    source = resources.files("timeline") / "resources" / "event_nouns.txt"
    words = source.read_text(encoding="utf-8").split("\n")
    return frozenset(w.strip().lower() for w in words if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def _noun_pattern() -> re.Pattern[str]:
    alternatives = "|".join(sorted(event_nouns(), key=len, reverse=True))
    return re.compile(rf"\b(?P<noun>{alternatives})(?:e?s)?\b", re.I)


@lru_cache(maxsize=1)
def _mention_pattern() -> re.Pattern[str]:
    alternatives = "|".join(sorted(event_nouns(), key=len, reverse=True))
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
    if t.type in ("DURATION", "SET"):
        return None
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
    """An honest, wide reading of "recently"/"in recent years"/"now" around the DCT."""
    if dct is None:
        return None
    if t.value == "PRESENT_REF":
        return f"{dct.year:04d}-{dct.month:02d}~"
    back = 5 if re.search(r"years|decades", t.text, re.I) else 1
    if dct.year - back < 1:
        return None
    return f"{dct.year - back:04d}-{dct.month:02d}/{dct.year:04d}-{dct.month:02d}"


def _precision(edtf: str) -> str:
    if "/" in edtf or "X" in edtf or "~" in edtf or re.fullmatch(r"\d{4}-2[1-4]", edtf):
        return "period"
    return {4: "year", 7: "month", 10: "day"}.get(len(edtf), "period")


def _how_and_confidence(a: _Anchor, quoted: bool, dateline: bool) -> tuple[str, float]:
    anchoring = a.timex.anchoring
    if a.kind == "vague":
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
        if dateline:
            conf *= DATELINE_FACTOR
    return how, round(conf, 2)


def _quoted_ranges(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTES.finditer(text, start, end)]


def _reported_speech(text: str, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quotations inside quotations (“... ‘This morning I ...’ ...”): their "today" is
    neither the publication date nor the quoted speaker's, so they cannot be resolved."""
    inner = []
    for a, b in quotes:
        inner.extend(m.span() for m in _INNER_QUOTE.finditer(text, a + 1, b))
    return inner


def _inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in ranges)


@lru_cache(maxsize=4096)
def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


class _Ids:
    """Stable ids: same document text, same ids, whatever else changes around them."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        # keyed by a digest of the text, not the text: a long document's sentences are
        # not held twice
        self.seen: dict[bytes, int] = {}

    def next(self, sentence: str, evidence: str) -> str:
        key = f"{self.doc_id}\x1f{_norm(sentence)}\x1f{_norm(evidence)}"
        digest = hashlib.sha1(key.encode()).digest()
        n = self.seen.get(digest, 0)
        self.seen[digest] = n + 1
        return hashlib.sha1(f"{key}\x1f{n}".encode()).hexdigest()[:12]


_PREMODIFIER = re.compile(r"(?:\b(?:the|a|an|its|his|her|their|our|this|that)|['’]s)\s+$", re.I)
_RANK = {"absolute": 0, "dct": 1, "narrative": 2, "inferred": 3}


def _is_premodifier(text: str, a: _Anchor) -> bool:
    """ "their 2017 level", "the 1979 revolution": the date describes a noun, not the clause."""
    return bool(
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
                side = (lo, cut) if cut <= a.start else (cut, hi)
                if not any(side[0] <= o.start < side[1] for o in others):
                    continue
                if prepositional(text, cut, hi):  # "said after the game that ..."
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


def extract_events(doc: SourceDocument, published: date | None = None) -> list[Event]:
    """Events of one document, sorted by earliest date then position."""
    # the tagger compiles its rules on first import
    from timeline.temporal.foreign import tag_any_language

    text = doc.text
    dct = published or doc.published
    dateline = published is None and doc.published_source == "dateline"
    spans = [
        sp for sp in sentences(text) if not _fully_excluded(doc, *sp) and not is_heading(text, *sp)
    ]
    starts = [sp[0] for sp in spans]
    by_sentence: dict[int, list[_Anchor]] = {}
    timed: set[int] = set()  # sentences naming a point in time that could not be resolved
    for t in tag_any_language(text, dct):  # English rules, or dateparser for others
        if doc.is_excluded(t.start, t.end):
            continue
        i = bisect_right(starts, t.start) - 1
        if i < 0 or t.start >= spans[i][1]:
            continue
        a = _classify(t, dct)
        if a is None and t.type in ("DATE", "TIME"):
            timed.add(i)
        if a is not None:
            by_sentence.setdefault(i, []).append(a)

    ids = _Ids(doc.id)
    events: list[Event] = []
    antecedents: dict[str, tuple[_Anchor, str, float]] = {}
    last_speech: tuple[int, tuple[_Anchor, str, float]] | None = None
    last_day: tuple[int, _Anchor] | None = None  # sentence index, day-dated anchor
    for i, (s, e) in enumerate(spans):
        s = _after_excluded(doc, s, e)
        found = by_sentence.pop(i, [])  # freed as it goes: memory stays flat on long texts
        chosen = _choose(text, s, e, found)
        quotes = _quoted_ranges(text, s, e)
        nested = _reported_speech(text, quotes)
        chosen = [
            (a, c) for a, c in chosen if a.timex.anchoring != "dct" or not _inside(nested, a.start)
        ]
        for a, (cs, ce) in chosen:
            how, conf = _how_and_confidence(a, _inside(quotes, a.start), dateline)
            others = [o for o in found if o is not a]
            lo, hi = _title_clause(text, cs, ce, a, others)
            remove = [(o.start, o.end) for o in found]
            events.append(
                _event(
                    doc,
                    ids,
                    a.edtf,
                    a.timex.value,
                    a.start,
                    a.end,
                    s,
                    e,
                    how,
                    conf,
                    make_title(text, lo, hi, remove, sentence_start=s, anchor=(a.start, a.end))
                    # "rose in 2004 and then in 2009": the second date's clause has no words
                    # of its own, so it shares the statement's title
                    or make_title(text, cs, ce, remove, sentence_start=s),
                )
            )
            if a.kind == "anchor":
                _remember(text, lo, hi, a, how, conf, antecedents)
            if _tells_a_day(a, dct) and not _inside(quotes, a.start):
                last_day = (i, a)  # the story's day: a later sentence may share it
        if last_day is not None and any(
            _moves_on(o, last_day[1], dct) for o in found if not _inside(quotes, o.start)
        ):
            last_day = None  # "... and again last month": the story has moved on
        speech = None
        if not chosen:
            m = _mention(text, s, e, antecedents)
            if m is None and last_speech is not None and last_speech[0] == i - 1:
                m = _continued_speech(text, s, e, last_speech[1])
            if m is not None:
                mention, (a, how, conf) = m
                events.append(
                    _event(
                        doc,
                        ids,
                        a.edtf,
                        a.timex.value,
                        mention[0],
                        mention[1],
                        s,
                        e,
                        "inferred",
                        min(conf, CONFIDENCE["mention"]),
                        make_title(text, s, e, []),
                        source=(a.start, a.end),
                    )
                )
            elif i not in timed:  # "Forty years ago" with no publication date: not a guess
                inherited = _from_context(doc, spans, i, quotes, last_day, dct)
                if inherited is not None:
                    edtf, value, (vs, ve), conf, source = inherited
                    events.append(
                        _event(doc, ids, edtf, value, vs, ve, s, e, "inferred", conf,
                               make_title(text, s, e, []), source=source)
                    )
        elif (verb := _SPEECH.search(text, s, e)) is not None:
            # The date of the saying is the one next to its verb ("said on Tuesday that
            # fees would rise next year" was said on Tuesday).
            a, _ = min(chosen, key=lambda c: _gap(c[0], verb.start(), verb.end()))
            speech = (i, (a, *_how_and_confidence(a, False, dateline)))
        last_speech = speech
    events.sort(key=lambda ev: (ev.earliest or "", ev.evidence.start if ev.evidence else 0, ev.id))
    return events


def _choose(
    text: str, s: int, e: int, found: list[_Anchor]
) -> list[tuple[_Anchor, tuple[int, int]]]:
    anchors = sorted((a for a in found if a.kind == "anchor"), key=lambda a: a.start)
    anchors = _dedupe(anchors)
    if anchors:
        groups = _one_per_verb(text, anchors)
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


def _one_per_verb(text: str, anchors: list[_Anchor]) -> list[list[_Anchor]]:
    """Dates with no verb between them ("on Monday and Tuesday nights from March 30")
    belong to one statement: keep the one that dates it best, or all of them when they
    are coordinated occasions ("in March and June")."""
    groups: list[list[_Anchor]] = [[anchors[0]]]
    for a in anchors[1:]:
        if has_verb(text[groups[-1][-1].end : a.start], min_words=1):
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
    for m in _noun_pattern().finditer(text, lo, hi):
        if m.start() < a.end and a.start < m.end():  # "March" in "March 2015"
            continue
        distance = min(abs(m.start() - a.end), abs(a.start - m.end()))
        if best is None or distance < best[0]:
            best = (distance, m.group("noun").lower())
    if best is not None:
        antecedents[best[1]] = (a, how, conf)


_SPEECH = re.compile(
    r"\b(?:said|says|told|added|declared|announced|asked|speech|address|remarks|statement"
    r"|interview|press conference)\b",
    re.I,
)
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


_ONE_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def _gap(a: _Anchor, start: int, end: int) -> int:
    """Characters between an anchor and a span (0 when they touch or overlap)."""
    return max(a.start - end, start - a.end, 0)


def _tells_a_day(a: _Anchor, dct: date | None) -> bool:
    """A statement dated to one day, not after publication: a day later sentences of
    the story may have happened on."""
    if a.kind != "anchor" or not _ONE_DAY.fullmatch(a.edtf):
        return False
    return dct is None or a.edtf <= dct.isoformat()


_PARAGRAPH = re.compile(r"\n\s*\n")


def _moves_on(a: _Anchor, day: _Anchor, dct: date | None) -> bool:
    """A past statement later than the story's day and not much wider than a month
    ("... and again last month"): the narrative has moved forward, so the day no longer
    carries over. Background further back ("The first iPhone came out in 2007") and
    plans ("will ship in July") leave the day in place."""
    if a.kind != "anchor" or not a.edtf[:4].isdigit():
        return False
    try:
        lo, hi = bounds(a.edtf)
    except ValueError:
        return False
    if lo is None or hi is None or (dct is not None and hi > dct.isoformat()):
        return False
    return lo > day.edtf and (date.fromisoformat(hi) - date.fromisoformat(lo)).days <= 31


def _from_context(
    doc: SourceDocument,
    spans: list[tuple[int, int]],
    i: int,
    quotes: list[tuple[int, int]],
    last_day: tuple[int, _Anchor] | None,
    dct: date | None,
) -> tuple[str, str, tuple[int, int], float, tuple[int, int] | None] | None:
    """(EDTF, TIMEX3 value, predicate span, confidence, date source) for sentence `i`,
    which names no time, from the story around it (see `timeline.context_dates`)."""
    s, e = spans[i]
    predicate = past_predicate(doc.text, s, e, quotes)
    if predicate is None:
        return None
    if last_day is not None and i - last_day[0] <= NARRATIVE_REACH:
        a = last_day[1]
        if not _PARAGRAPH.search(doc.text, a.end, s):
            return a.edtf, a.timex.value, predicate, CONFIDENCE["context"], (a.start, a.end)
    return None


def _event(
    doc: SourceDocument,
    ids: _Ids,
    edtf: str,
    value: str,
    ev_start: int,
    ev_end: int,
    s: int,
    e: int,
    how: str,
    conf: float,
    title: str,
    source: tuple[int, int] | None = None,
) -> Event:
    text = doc.text
    earliest, latest = bounds(edtf)
    evidence = text[ev_start:ev_end]
    sentence = text[s:e]
    return Event(
        id=ids.next(sentence, evidence),
        doc=doc.id,
        date=edtf,
        earliest=earliest,
        latest=latest,
        title=title or " ".join(sentence.split()[:MAX_WORDS]),
        evidence=Span(start=ev_start, end=ev_end, text=evidence),
        sentence=Span(start=s, end=e, text=sentence),
        how=how,  # type: ignore[arg-type]
        confidence=conf,
        timex=value,
        date_source=Span(start=source[0], end=source[1], text=text[source[0]:source[1]])
        if source is not None
        else None,
        attribution=attribute(text, s, e),
    )


def _fully_excluded(doc: SourceDocument, s: int, e: int) -> bool:
    return any(a <= s and e <= b for a, b in doc.excluded)


def _after_excluded(doc: SourceDocument, s: int, e: int) -> int:
    """Skip a dateline or other metadata that opens the sentence ("WASHINGTON (AP) —")."""
    for a, b in doc.excluded:
        if a <= s < b < e:
            s = b
            while (
                s < e
                and (text_char := doc.text[s])
                and (text_char.isspace() or text_char in "—–-_")
            ):
                s += 1
    return s


__all__ = ["CONFIDENCE", "extract_events", "event_nouns"]
