"""Happenings whose sentence names no time: dated by the story or by publication.

News tells a day's events in several sentences and names the day once ("Apple unveiled
the iPhone 4 on Monday. Jobs demoed its gyroscope."), and reports the day's news with
no date at all ("The board approved the merger." in a story of 3 March). A sentence
that names no time but tells a happening is an event: dated by the story's current
time (the last day-dated statement a few sentences before, in the same paragraph:
`how` "narrative"), else by the publication day (`how` "publication"), or as before
publication ("../2019-07-15") when it is told as already past at an earlier time
("had left"). Each such event quotes its predicate, and `date_source` says where a
narrative date was read.
"""

from __future__ import annotations

import re
from datetime import date

from timeline.dates import bounds
from timeline.events.context import NARRATIVE_REACH, past_predicate
from timeline.events.doc import Dating, Doc, Sentence
from timeline.events.statements import CONFIDENCE, _Anchor
from timeline.events.titles import make_title

_ONE_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_PLUPERFECT = re.compile(r"\bhad\s+(?:(?:not|also|already|just|\w+ly)\s+)?(?:been\s+)?\Z", re.I)


def date_happenings(doc: Doc) -> None:
    """Layer: events for sentences that tell a happening but hold no dated statement."""
    last_day: tuple[int, _Anchor] | None = None  # sentence index, day-dated anchor
    for sent in doc.sentences:
        for a, *_ in sent.chosen:
            if _tells_a_day(a, doc.dct) and not sent.quoted(a.start):
                last_day = (sent.index, a)  # the story's day: a later sentence may share it
        if last_day is not None and any(
            _moves_on(o, last_day[1], doc.dct) for o in sent.anchors if not sent.quoted(o.start)
        ):
            last_day = None  # "... and again last month": the story has moved on
        if sent.events or sent.timed:  # "Forty years ago" with no publication date: no guess
            continue
        _date_undated(doc, sent, last_day)


def _date_undated(doc: Doc, sent: Sentence, last_day: tuple[int, _Anchor] | None) -> None:
    text = doc.text
    predicate = past_predicate(text, sent.start, sent.end, sent.quotes)
    if predicate is None:
        return
    title = make_title(text, sent.start, sent.end, [])
    if last_day is not None and sent.index - last_day[0] <= NARRATIVE_REACH:
        a = last_day[1]
        if doc.sentences[last_day[0]].paragraph == sent.paragraph:
            dating = Dating(a.edtf, a.timex.value, "narrative", CONFIDENCE["context"],
                            (a.start, a.end))
            doc.add(sent, dating, predicate, title)
            return
    if doc.dct is None:
        return
    day = doc.dct.isoformat()
    if _PLUPERFECT.search(text, max(sent.start, predicate[0] - 30), predicate[0]):
        conf = CONFIDENCE["before_publication"] * doc.dct_factor
        dating = Dating(f"../{day}", None, "publication", conf)
    else:
        dating = Dating(day, None, "publication", CONFIDENCE["publication"] * doc.dct_factor)
    doc.add(sent, dating, predicate, title)


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
