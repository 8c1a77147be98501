"""The one schema shared by tagger, extractor, curation, CLI and dashboard.

Every extracted thing carries `start`/`end` offsets into the document's decoded
text, so `text[start:end]` is always its evidence. Models that people edit by hand
(`Document`, `Event`, `EventsFile`) keep unknown fields (`extra="allow"`) so that
nothing a user wrote is dropped on a round trip.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
# How a time expression got its value: written out in full, computed from the
# publication date, from the narrative time of earlier text, a year inferred
# from the nearest explicit year, or not resolvable at all.
Anchoring = Literal["absolute", "dct", "narrative", "inferred", "unresolved"]
How = Literal["explicit", "relative", "inferred", "curated"]
Status = Literal["active", "rejected", "orphaned"]
PublishedSource = Literal["front-matter", "dateline", "curated", "none"]


class Span(BaseModel):
    """A `[start, end)` character range of a document and the text it covers."""

    model_config = ConfigDict(extra="allow")

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Timex(BaseModel):
    """One time expression, in TimeML/TIMEX3 terms, plus what a timeline needs.

    `start`/`end`/`text`/`type`/`value`/`mod` follow TIMEX3 (so the tagger can be
    scored against TimeML gold). `phrase` and `edtf` carry the reading of the
    wider phrase around it: "since 2003" has timex "2003" but phrase
    "since 2003" and edtf "2003/..".
    """

    start: int
    end: int
    text: str
    type: TimexType
    value: str
    mod: str | None = None
    anchoring: Anchoring = "absolute"
    # EDTF reading of the phrase (None for durations, sets, unresolved values).
    edtf: str | None = None
    # Wider span including signal words ("since", "from ... to ...", "by").
    phrase: Span | None = None
    # A ceiling on the confidence of what it dates, when the reader is less sure than
    # the English tagger (dates found by dateparser in other languages); None: no ceiling.
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)


class Document(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    path: str
    title: str | None = None
    published: str | None = None
    published_source: PublishedSource = "none"
    sha256: str = ""


class Event(BaseModel):
    """A statement in a document anchored in time."""

    model_config = ConfigDict(extra="allow")

    id: str
    doc: str
    date: str  # EDTF level 1
    earliest: str | None = None  # YYYY-MM-DD, derived from `date`
    latest: str | None = None  # YYYY-MM-DD, derived from `date`; None when open-ended
    title: str
    evidence: Span | None = None
    sentence: Span | None = None
    how: How = "explicit"
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    timex: str | None = None  # TIMEX3 value of the evidence expression
    # Where the date was read when the evidence does not hold it (an inferred event:
    # "the summit" dated by an earlier "summit in May"); None when it does.
    date_source: Span | None = None
    # Who says so: the source the sentence attributes its claim to ("police", "Rudy
    # Giuliani"), as written; in an earlier sentence when the sentence says "he said".
    attribution: Span | None = None
    status: Status = "active"
    edited: list[str] | None = None  # fields changed by hand


class EventsFile(BaseModel):
    model_config = ConfigDict(extra="allow")

    version: int = SCHEMA_VERSION
    documents: list[Document] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
