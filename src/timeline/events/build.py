"""From a document to its events: one `Doc`, components run in a declared order.

Each component adds one layer to the `Doc` (see `timeline.events.doc`): time
expressions, then statements dated by their own clause, then references back to dated
happenings, then happenings dated by the story or by publication, then who says so,
then salience. A component reads only the layers before it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from timeline.documents import SourceDocument
from timeline.events.attribution import attribute
from timeline.events.calibration import calibrate
from timeline.events.doc import Doc
from timeline.events.happenings import date_happenings
from timeline.events.salience import score_salience
from timeline.events.statements import date_references, date_statements, tag_times
from timeline.learned.predicates import find_predicates
from timeline.schema import Event


def mark_predicates(doc: Doc) -> None:
    """Layer: each sentence's predicates (finite verbs and event nouns), by the learned
    predicate model (`timeline.learned.predicates`)."""
    for sent in doc.sentences:
        sent.predicates = find_predicates(doc.text, sent.start, sent.end)


def attribute_sources(doc: Doc) -> None:
    """Layer: who says so, once per sentence, for each of its events."""
    for sent in doc.sentences:
        if sent.events:
            source = attribute(doc.text, sent.start, sent.end)
            for event in sent.events:
                event.attribution = source


COMPONENTS: tuple[Callable[[Doc], None], ...] = (
    tag_times,
    mark_predicates,
    date_statements,
    date_references,
    date_happenings,
    attribute_sources,
    score_salience,
    calibrate,
)


def extract_events(source: SourceDocument, published: date | None = None) -> list[Event]:
    """Events of one document, sorted by earliest date then position."""
    doc = Doc.read(source, published)
    for component in COMPONENTS:
        component(doc)
    events = doc.events
    events.sort(key=event_order)
    return events


def event_order(ev: Event) -> tuple[str, int, str]:
    """A document's events in order: earliest date, then position, then id."""
    return (ev.earliest or "", ev.evidence.start if ev.evidence else 0, ev.id)


def dict_order(ev: dict[str, Any]) -> tuple[str, int, str]:
    """`event_order` of an event as a dict (`model_dump(mode="json")`)."""
    evidence = ev.get("evidence")
    return (ev.get("earliest") or "", evidence["start"] if evidence else 0, ev["id"])
