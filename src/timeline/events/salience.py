"""Salience: which events a reader of the whole timeline needs first.

An event's salience in [0, 1] adds up the weights of its traits (how it was dated, how
precise, whether the story leads with it, whether it names who, whether it is a
source's claim); the weights are data in `resources/salience.tsv`. The dashboard shows
events at `schema.KEY_SALIENCE` or above by default.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from timeline.events.doc import Doc
from timeline.events.statements import event_nouns
from timeline.schema import Event

LEAD_SENTENCES = 3
_NAME = re.compile(r"(?<=\s)[A-Z][a-z]+")


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    source = resources.files("timeline") / "resources" / "salience.tsv"
    out: dict[str, float] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            trait, weight, *_ = line.split("\t")
            out[trait] = float(weight)
    return out


def traits(event: Event, sentence_index: int) -> list[str]:
    """The traits of `event` that salience weighs."""
    out = ["base", f"how:{event.how}"]
    if event.earliest and event.earliest == event.latest:
        out.append("precision:day")
    elif event.earliest and event.latest and event.earliest[:7] == event.latest[:7]:
        out.append("precision:month")
    if event.latest is None or event.earliest is None:
        out.append("open")
    if sentence_index < LEAD_SENTENCES:
        out.append("lead")
    if _NAME.search(event.title):
        out.append("named")
    words = set(re.findall(r"[a-z]+", event.title.lower()))
    if words & event_nouns():
        out.append("event-noun")
    if event.attribution is not None:
        out.append("reported")
    return out


def salience(event: Event, sentence_index: int) -> float:
    w = weights()
    total = sum(w.get(t, 0.0) for t in traits(event, sentence_index))
    return round(min(1.0, max(0.0, total)), 2)


def score_salience(doc: Doc) -> None:
    """Layer: the salience of every event."""
    for sent in doc.sentences:
        for event in sent.events:
            event.salience = salience(event, sent.index)
