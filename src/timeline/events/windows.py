"""A very long document read a window at a time, so its working memory stays bounded.

The components keep layers for every sentence of the `Doc` (time expressions,
predicates, anchors, events as models) until the document is done: tens of bytes per
character of text, gigabytes for a 50 MB document. A document longer than
`WINDOW_CHARS` is read in windows cut at paragraph boundaries instead, each through
all components, with what the next window needs carried over: the sentence and
paragraph numbering (`doc.Reading`), the publication date, and the event ids (one
`Ids` for the whole document, so ids are the ones a whole reading gives). Offsets
stay those of the whole text, so `text[start:end]` is still every event's evidence.

What a window cannot see is what came before it: the story's current date and a year
named in an earlier paragraph are not carried, so an event in a window's first
paragraphs may be dated differently from a reading of the whole document. Documents
up to `WINDOW_CHARS` (nearly all) are read whole, exactly as before.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from datetime import date

from timeline.documents import SourceDocument
from timeline.events.build import COMPONENTS, event_order
from timeline.events.doc import Doc, Ids, Reading
from timeline.schema import Event

WINDOW_CHARS = 1_000_000
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


def windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """`[start, end)` parts of `text` of at least `size` characters each (the last may be
    shorter), each ending where a paragraph ends; the whole text when it has no break."""
    out: list[tuple[int, int]] = []
    lo = 0
    while len(text) - lo > size:
        m = _PARAGRAPH_BREAK.search(text, lo + size)
        if m is None or m.end() >= len(text):
            break
        out.append((lo, m.end()))
        lo = m.end()
    out.append((lo, len(text)))
    return out


def extract_in_windows(
    source: SourceDocument, published: date | None = None, size: int | None = None
) -> Iterator[list[Event]]:
    """The events of `source`, a window's worth at a time (each list sorted as
    `extract_events` sorts; the caller orders all of them by `event_order`), in windows
    of `size` characters (default `WINDOW_CHARS`)."""
    parts = windows(source.text, size or WINDOW_CHARS)
    if len(parts) == 1:
        from timeline import events  # the package's name for it, which a test may replace

        yield events.extract_events(source, published)
        return
    ids, reading = Ids(source.id), Reading()
    for part in parts:
        doc = Doc.read(source, published, window=part, ids=ids, reading=reading)
        for component in COMPONENTS:
            component(doc)
        events = doc.events
        del doc
        # A window's layers hold reference cycles, and `extract` pauses the cyclic
        # collector for its run: without this, every window's layers would stay (20 MB a
        # window, a gigabyte at 50 MB of text) until the run ends.
        gc.collect()
        events.sort(key=event_order)
        yield events
