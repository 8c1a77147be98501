"""Happenings whose sentence names no time: dated by the story or by publication.

News tells a day's events in several sentences and names the day once ("Apple unveiled
the iPhone 4 on Monday. Jobs demoed its gyroscope."), and reports the day's news with
no date at all ("The board approved the merger." in a story of 3 March). A sentence
that names no time but tells a happening is an event: dated by the story's current
time (the last day-dated statement before it in the same paragraph:
`how` "narrative"), else by the publication day (`how` "publication"), or as before
publication ("../2019-07-15") when it is told as already past at an earlier time
("had left"). Each such event quotes its predicate, and `date_source` says where a
narrative date was read.
"""

from __future__ import annotations

import re
from datetime import date

from timeline.dates import bounds
from timeline.events.doc import Dating, Doc, Sentence
from timeline.events.statements import CONFIDENCE, _Anchor
from timeline.events.titles import make_title, subordinate_phrase
from timeline.learned.anchoring import Candidate, best_candidate
from timeline.learned.predicates import Predicate
from timeline.sentences import clause_around

_ONE_DAY = re.compile(r"\d{4}-\d\d-\d\d")
UNANCHORED = 0.8  # how sure the model must be that a happening's date is not in its sentence
_STATES = frozenset({"STATE", "I_STATE"})


def date_happenings(doc: Doc) -> None:
    """Layer: events for sentences that tell a happening but hold no dated statement."""
    last_day: tuple[int, _Anchor] | None = None  # sentence index, day-dated anchor
    for sent in doc.sentences:
        before = last_day  # the story's day as this sentence begins
        for a, *_ in sent.chosen:
            if _tells_a_day(a, doc.dct) and not sent.quoted(a.start) and not subordinate_phrase(
                doc.text, sent.start, sent.end, a.start
            ):  # "Jobs, born on February 24, 1955, ...": an aside, not the story's day
                last_day = (sent.index, a)  # the story's day: a later sentence may share it
        if last_day is not None and any(
            _moves_on(o, last_day[1], doc.dct) for o in sent.anchors if not sent.quoted(o.start)
        ):
            last_day = None  # "... and again last month": the story has moved on
        if sent.headline:
            _date_headline(doc, sent)
            continue
        if sent.chosen:
            _date_unanchored(doc, sent, _story_day(doc, sent, before))
        if sent.events or sent.timed:  # "Forty years ago" with no publication date: no guess
            continue
        _date_undated(doc, sent, last_day)


def _date_headline(doc: Doc, sent: Sentence) -> None:
    """A headline tells the day's news in the present ("Apple releases iPhone SDK") or,
    for what is to come, with "to" ("Apple to lower UK prices"): the publication day, or
    after it."""
    if sent.events or doc.dct is None:
        return
    told = [
        p for p in sent.predicates
        if p.pos != "NOUN" and not p.modal and not p.negated and p.event_class not in _STATES
        and p.tense in ("PAST", "PRESENT", "FUTURE", "INFINITIVE") and not sent.quoted(p.start)
    ]
    p = told[0] if told else _headline_verb(doc.text, sent)
    if p is None:
        return
    day = doc.dct.isoformat()
    edtf = f"{day}/.." if p.tense in ("FUTURE", "INFINITIVE") else day
    conf = CONFIDENCE["publication"] * doc.dct_factor
    title = make_title(doc.text, sent.start, sent.end, [])
    doc.add(sent, Dating(edtf, None, "publication", conf), (p.start, p.end), title)


# Headline grammar: "Apple to lower UK prices" (to + verb: what is to come), "Cisco sues
# Apple", "Apple Inc. doubled profits" (a present or past verb after the capitalised name
# that opens it). Headlines are written unlike the body text the predicate model learned.
_HEADLINE_TO = re.compile(r"(?<=[A-Za-z.])\s+to\s+(?P<verb>[A-Za-z]{3,})\b")
_HEADLINE_PASSIVE = re.compile(
    r"\b(?:is|are|was|were|has\s+been|have\s+been)\s+(?:being\s+)?(?P<verb>[A-Za-z]{3,}ed)\b",
    re.I,
)
_HEADLINE_VERB = re.compile(
    r"^(?:[A-Z][\w.&'’-]*\s+){1,4}(?P<verb>[a-z]{3,}(?:s|ed))\b(?!\s+(?:of|and|or)\b)"
)


def _headline_verb(text: str, sent: Sentence) -> Predicate | None:
    """The verb of a headline the predicate model found none in."""
    line = text[sent.start : sent.end]
    patterns = ((_HEADLINE_PASSIVE, "PRESENT"), (_HEADLINE_VERB, "PRESENT"),
                (_HEADLINE_TO, "INFINITIVE"))
    for pattern, tense in patterns:
        m = pattern.search(line)
        if m:
            start, end = sent.start + m.start("verb"), sent.start + m.end("verb")
            if pattern is _HEADLINE_VERB and m.group("verb").endswith("ed"):
                tense = "PAST"
            return Predicate(start, end, text[start:end], "VERB", "OCCURRENCE", tense, "NONE",
                             False, False, 0.5)
    return None


def _date_undated(doc: Doc, sent: Sentence, last_day: tuple[int, _Anchor] | None) -> None:
    text = doc.text
    predicate = main_happening(sent)
    if predicate is None:
        return

    title = _title(text, sent, predicate, [])
    evidence = (predicate.start, predicate.end)
    story = (
        last_day is not None
        and doc.sentence(last_day[0]).paragraph == sent.paragraph
        and predicate.tense == "PAST"
    )
    if story:
        assert last_day is not None
        doc.add(sent, _narrative(last_day[1]), evidence, title)
        return
    if doc.dct is None:
        return
    day = doc.dct.isoformat()
    edtf = _around(day, predicate)
    conf = CONFIDENCE["before_publication" if edtf != day else "publication"]
    doc.add(sent, Dating(edtf, None, "publication", conf * doc.dct_factor), evidence, title)


def _story_day(doc: Doc, sent: Sentence, last_day: tuple[int, _Anchor] | None) -> _Anchor | None:
    """The story's day for `sent`, when an earlier sentence of its paragraph set one."""
    if last_day is None or doc.sentence(last_day[0]).paragraph != sent.paragraph:
        return None
    return last_day[1]


def _date_unanchored(doc: Doc, sent: Sentence, story: _Anchor | None) -> None:
    """A happening in a sentence whose dates belong to other predicates ("The plant,
    built in 1990, closed": the closing is not 1990): the anchoring model ranks the
    sentence's time expressions and the publication date for each finite happening;
    one for which publication wins is dated by it."""
    if doc.dct is None:
        return
    text = doc.text
    anchors = [a for a, *_ in sent.chosen]
    told = {(e.evidence.start, e.evidence.end) for e in sent.events if e.evidence}
    reported = False
    for p in happenings(sent):
        if reported:
            break  # what a source says will happen is its claim, told with the saying
        reported = p.event_class == "REPORTING"
        if (p.start, p.end) in told or subordinate_phrase(text, sent.start, sent.end, p.start):
            continue
        # a date inside a relative clause or apposition belongs to its verb, not to p; a
        # date in what a source says belongs to what is said, not to the saying
        own = [
            a for a in anchors
            if not subordinate_phrase(text, sent.start, sent.end, a.start)
            and not (reported and _in_complement(text, p, a))
        ]
        if own and (_nearest_to_any(sent, p, own) or not _publication_wins(text, sent, p, own)):
            continue
        remove = [(a.start, a.end) for a in anchors]
        remove += [sp for a in anchors if (sp := _relative_of(text, sent, a.start))]
        title = _title(text, sent, p, remove)
        if story is not None and p.tense == "PAST":
            doc.add(sent, _narrative(story), (p.start, p.end), title)
            continue
        day = doc.dct.isoformat()
        edtf = _around(day, p)
        conf = CONFIDENCE["before_publication" if edtf != day else "publication"]
        doc.add(sent, Dating(edtf, None, "publication", conf * doc.dct_factor), (p.start, p.end),
                title)


_NEXT_TO_SAYING = re.compile(r"\s*(?:[\w'’]+\s+){0,2}?(?:on\s+|late\s+|early\s+)?", re.I)


def _in_complement(text: str, p: Predicate, a: _Anchor) -> bool:
    """Whether the date comes after the verb of saying, in what was said ("said the
    company sold 13.7 million Macs last year"), not next to it ("said on Tuesday")."""
    return a.start > p.end and not _NEXT_TO_SAYING.fullmatch(text, p.end, a.start)


def _relative_of(text: str, sent: Sentence, pos: int) -> tuple[int, int] | None:
    """The span of the relative clause or apposition holding `pos`, with the word or
    comma that opens it, to leave out of the main clause's title."""
    span = subordinate_phrase(text, sent.start, sent.end, pos)
    if span is None:
        return None
    start, end = span
    before = text[sent.start : start].rstrip()
    m = re.search(r",?\s*\b(?:that|who|which)\Z|,\Z", before)
    if m:
        start = sent.start + m.start()
    if text[end : end + 1] == ",":
        end += 1
    return start, end


def _nearest_to_any(sent: Sentence, p: Predicate, anchors: list[_Anchor]) -> bool:
    """Whether p is the verb nearest one of the dates: a date belongs to its nearest verb
    unless the model says otherwise, so the model is asked only about the others."""
    verbs = [q for q in sent.predicates if q.pos != "NOUN"]
    for a in anchors:
        nearest = min(verbs, key=lambda q: max(q.start - a.end, a.start - q.end, 0))
        if nearest is p:
            return True
    return False


def _publication_wins(text: str, sent: Sentence, p: Predicate, anchors: list[_Anchor]) -> bool:
    """Whether the anchoring model is sure that none of the sentence's dates is p's."""
    candidates = [Candidate("timex", a.start, a.end) for a in anchors]
    candidates.append(Candidate("publication"))
    best, probability = best_candidate(
        text, (sent.start, sent.end), p, candidates, sent.predicates
    )
    return candidates[best].kind == "publication" and probability >= UNANCHORED


def _title(text: str, sent: Sentence, p: Predicate, remove: list[tuple[int, int]]) -> str:
    """A title from the clause that tells the happening, else from the sentence."""
    lo, hi = clause_around(text, sent.start, sent.end, p.start)
    return make_title(text, lo, hi, remove, sentence_start=sent.start) or make_title(
        text, sent.start, sent.end, remove
    )


def happenings(sent: Sentence) -> list[Predicate]:
    """The predicates of the sentence that tell a happening: finite verbs, outside
    quotations, not states, not modal or negated."""
    return [
        p
        for p in sent.predicates
        if p.pos in ("VERB", "OTHER")
        and not p.modal
        and not p.negated
        and p.event_class not in _STATES
        and _tells(p)
        and not sent.quoted(p.start)
    ]


def _tells(p: Predicate) -> bool:
    """Past, perfect and future verbs tell happenings; a present tense ("the group
    continues", "is reviled") describes how things are, unless it reports a saying."""
    if p.tense in ("PAST", "FUTURE"):
        return True
    if p.tense == "PRESENT":
        return p.aspect.startswith("PERFECTIVE") or p.event_class == "REPORTING"
    return False


def main_happening(sent: Sentence) -> Predicate | None:
    """The first happening the sentence tells, if any."""
    found = happenings(sent)
    return found[0] if found else None


def _around(day: str, predicate: Predicate) -> str:
    """The publication day, or the open interval before or after it: "had left" is told
    as past by an earlier time, "will be held" as still to come."""
    if predicate.tense == "FUTURE":
        return f"{day}/.."
    if predicate.tense == "PAST" and predicate.aspect.startswith("PERFECTIVE"):
        return f"../{day}"
    return day


def _narrative(a: _Anchor) -> Dating:
    return Dating(a.edtf, a.timex.value, "narrative", CONFIDENCE["context"], (a.start, a.end))


def _tells_a_day(a: _Anchor, dct: date | None) -> bool:
    """A statement dated to one day, not after publication: a day later sentences of
    the story may have happened on."""
    if a.kind != "anchor" or not _ONE_DAY.fullmatch(a.edtf):
        return False
    return dct is None or a.edtf <= dct.isoformat()


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
