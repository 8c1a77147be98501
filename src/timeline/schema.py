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
# How an event's date was chosen: a date written out in its clause; one resolved
# against the publication date ("last month"); the story's current time (a happening
# with no date of its own, told after a dated one, or "the next day"); the publication
# day itself (a happening reported as news, with nothing else to date it); inferred
# from elsewhere in the text (a later mention of a dated happening, a year guessed
# from the nearest explicit year); or set by hand.
How = Literal["explicit", "relative", "narrative", "publication", "inferred", "curated"]
Status = Literal["active", "rejected", "orphaned"]
# Where a document's publication date was read: Markdown front matter, a dateline in
# the text, a web page's metadata (meta tags, JSON-LD, <time>, itemprop: `html-meta`),
# a PDF's creation date (`pdf-meta`), a person, the text's latest written-out day
# (`inferred`), or nowhere.
PublishedSource = Literal[
    "front-matter", "dateline", "html-meta", "pdf-meta", "curated", "inferred", "none"
]
DocumentFormat = Literal["text", "markdown", "html", "pdf"]


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
    # EDTF reading of the phrase (None for sets, unresolved values and durations, except
    # a duration whose phrase names a day: "two days later" after a dated day).
    edtf: str | None = None
    # Wider span including signal words ("since", "from ... to ...", "by").
    phrase: Span | None = None
    # A ceiling on the confidence of what it dates, when the reader is less sure than
    # the English tagger (dates found by dateparser in other languages); None: no ceiling.
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)


class Document(BaseModel):
    """A source document and its provenance.

    `path` is relative to the events file's folder (or a URL, or `-` for stdin);
    `sha256` is the hash of the original bytes. For a web page or PDF the text that
    offsets count into is not the file itself: `text_path` names the extracted text
    kept beside the events file, and `pages` the offset where each PDF page starts.
    """

    model_config = ConfigDict(extra="allow")

    id: str
    path: str
    title: str | None = None
    published: str | None = None
    published_source: PublishedSource = "none"
    sha256: str = ""
    format: DocumentFormat | None = None
    url: str | None = None
    site: str | None = None
    author: str | None = None
    retrieved: str | None = None  # file modification or download time, ISO 8601 UTC
    text_path: str | None = None
    pages: list[int] | None = None


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
    # How much a reader of the whole timeline needs this event, in [0, 1]: a dated,
    # named happening told early scores high, a reported aside dated by publication low.
    # The dashboard shows events at KEY_SALIENCE or above unless asked for all.
    salience: float | None = Field(default=None, ge=0.0, le=1.0)
    status: Status = "active"
    edited: list[str] | None = None  # fields changed by hand


KEY_SALIENCE = 0.5  # events at or above it are the timeline's key events


class StorySources(BaseModel):
    """Who tells a story: distinct documents, and distinct speakers they attribute it to."""

    model_config = ConfigDict(extra="allow")

    documents: list[str] = Field(default_factory=list)
    speakers: list[str] = Field(default_factory=list)


class Story(BaseModel):
    """One happening told by several events: other documents' reports, later mentions.

    `id` is hashed from the members that founded the story and kept while it lives.
    `date` is the most precise date the members support, marked uncertain (`?`) when
    they disagree; `conflict` then gives the spread ("2002 in 2 sources, 2003 in 1").
    People merge stories (`merged_into`, or by moving member ids), split events out
    (`split` records them so that no re-run puts them back) and fix `date` or `title`.
    """

    model_config = ConfigDict(extra="allow")

    id: str
    members: list[str]  # event ids
    date: str | None = None  # EDTF level 1; filled in by the tool when left out
    earliest: str | None = None  # YYYY-MM-DD, derived from `date`
    latest: str | None = None  # YYYY-MM-DD, derived from `date`; None when open-ended
    title: str = ""  # filled in by the tool when left out
    sources: StorySources = Field(default_factory=StorySources)
    conflict: str | None = None
    merged_into: str | None = None  # set by hand: this story's members join that one
    split: list[str] | None = None  # event ids split out by hand, never put back
    edited: list[str] | None = None  # fields changed by hand


class EventsFile(BaseModel):
    model_config = ConfigDict(extra="allow")

    version: int = SCHEMA_VERSION
    documents: list[Document] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    # Optional (older files have none); an empty list is left out of a dump, so that an
    # extraction, which has no stories yet, dumps as before.
    stories: list[Story] = Field(default_factory=list, exclude_if=lambda v: not v)
