"""The document as the event components see it: read and split once, then layered.

A `Doc` is built once per document. Each component of `timeline.events.build` adds one
layer to it (time expressions, predicates, dated statements, references, happenings,
sources, salience), always as character offsets into `text`, so `text[start:end]` is
the evidence of everything it holds.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from timeline.dates import bounds
from timeline.documents import SourceDocument
from timeline.events.titles import MAX_WORDS
from timeline.events.years import INFERRED_DCT_FACTOR
from timeline.schema import Event
from timeline.sentences import is_heading, sentences

if TYPE_CHECKING:
    from timeline.learned.predicates import Predicate

# How far a publication date may be trusted, by where it was read: relative dates
# counted from it are multiplied by this (metadata and hand-set dates: 1).
DCT_FACTOR = {"dateline": 0.95, "inferred": INFERRED_DCT_FACTOR}
_QUOTES = re.compile(r"“[^”]*”?|\"[^\"\n]*\"?|``.*?''")
_INNER_QUOTE = re.compile(r"(?<!\w)[‘'][^‘’'\n]{2,}[’'](?!\w)")
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(slots=True)
class Dating:
    """What dates one event: the EDTF date, its TIMEX3 value, how it was chosen and how
    sure it is, and where in the text the date was read when that is not the evidence."""

    edtf: str
    value: str | None
    how: str
    confidence: float
    source: tuple[int, int] | None = None


@dataclass(slots=True)
class Sentence:
    """One sentence and the layers the components add to it."""

    index: int
    start: int  # after a dateline or other metadata that opens it
    end: int
    paragraph: int
    quotes: list[tuple[int, int]]
    nested: list[tuple[int, int]]  # quotations within quotations
    headline: bool = False  # the document's title line, told as news of the day
    anchors: list[Any] = field(default_factory=list)  # statements._Anchor, in text order
    timed: bool = False  # names a point in time that could not be resolved
    predicates: list[Predicate] = field(default_factory=list)
    # (anchor, clause, title clause, how, confidence) of each dated statement
    chosen: list[tuple[Any, tuple[int, int], tuple[int, int], str, float]] = field(
        default_factory=list
    )
    events: list[Event] = field(default_factory=list)

    def quoted(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.quotes)




@lru_cache(maxsize=4096)
def _norm(s: str) -> str:
    return " ".join(s.split()).lower()  # as `\s+` to one space and stripped, faster


class Ids:
    """Stable ids: same document text, same ids, whatever else changes around them."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        # keyed by a digest of the text, not the text: a long document's sentences are
        # not held twice
        self.seen: dict[bytes, int] = {}

    def next(self, sentence: str, evidence: str) -> str:
        key = hashlib.sha1(f"{self.doc_id}\x1f{_norm(sentence)}\x1f{_norm(evidence)}".encode())
        digest = key.digest()
        n = self.seen.get(digest, 0)
        self.seen[digest] = n + 1
        key.update(f"\x1f{n}".encode())  # the id hashes the key and its occurrence number
        return key.hexdigest()[:12]


@dataclass(slots=True)
class Reading:
    """Where the reading of a document stands after a window of it (see
    `timeline.events.windows`): the next window's sentences continue its numbering."""

    index: int = 0  # sentences so far
    paragraph: int = 0
    last_end: int = 0
    opened: bool = False  # a sentence was kept: later headings are section headings
    headline: bool = False  # the title line was met
    # what a component remembers from sentence to sentence for the whole document
    # (`statements.date_references`: the dated happenings a later mention refers to)
    carried: dict[str, Any] = field(default_factory=dict)


@dataclass
class Doc:
    source: SourceDocument
    dct: date | None
    # how far relative dates may be trusted, by where the publication date came from
    dct_factor: float
    sentences: list[Sentence]
    ids: Ids
    events: list[Event] = field(default_factory=list)
    window: tuple[int, int] | None = None  # only this part of the text is read
    carried: dict[str, Any] = field(default_factory=dict)  # see `Reading.carried`

    @property
    def text(self) -> str:
        return self.source.text

    def sentence(self, index: int) -> Sentence:
        """The sentence numbered `index` (numbers run on across a document's windows)."""
        return self.sentences[index - self.sentences[0].index]

    @classmethod
    def read(
        cls,
        source: SourceDocument,
        published: date | None = None,
        window: tuple[int, int] | None = None,
        ids: Ids | None = None,
        reading: Reading | None = None,
    ) -> Doc:
        """Split the document once: sentences outside clutter and section headings, their
        paragraphs and quotations; a heading that opens the document is its headline.

        With `window`, only the sentences of `text[window[0]:window[1]]` (which must
        start and end at paragraph boundaries), numbered on from `reading`, with `ids`
        shared with the document's other windows."""
        text = source.text
        reading = reading or Reading()
        spans: list[tuple[int, int, bool]] = []
        for s, e in _sentence_spans(text, window):
            if _fully_excluded(source, s, e):
                if (
                    not reading.headline
                    and source.title
                    and " ".join(text[s:e].split()) == source.title
                ):
                    spans.append((s, e, True))  # the headline, kept out of the body as title
                    reading.headline = True
                continue
            heading = is_heading(text, s, e)
            if heading and (spans or reading.opened or text[s] == "#"):
                continue  # a section heading names what follows; the first line is news
            spans.append((s, e, heading))
        out: list[Sentence] = []
        paragraph, last_end = reading.paragraph, reading.last_end
        for i, (s, e, headline) in enumerate(spans, start=reading.index):
            if _PARAGRAPH.search(text, last_end, s):
                paragraph += 1
            last_end = e
            s = s if headline else _after_excluded(source, s, e)  # a headline is excluded
            quotes = [m.span() for m in _QUOTES.finditer(text, s, e)]
            nested = [
                m.span() for a, b in quotes for m in _INNER_QUOTE.finditer(text, a + 1, b)
            ]
            out.append(Sentence(i, s, e, paragraph, quotes, nested, headline))
        reading.index += len(spans)
        reading.paragraph, reading.last_end = paragraph, last_end
        reading.opened = reading.opened or bool(spans)
        factor = 1.0 if published is not None else DCT_FACTOR.get(source.published_source, 1.0)
        dct = published or source.published
        return cls(
            source, dct, factor, out, ids or Ids(source.id), window=window, carried=reading.carried
        )

    def add(
        self, sentence: Sentence, dating: Dating, evidence: tuple[int, int], title: str
    ) -> Event:
        """Make one event of `sentence`, with `text[evidence]` as its quote."""
        text = self.text
        s, e = sentence.start, sentence.end
        earliest, latest = bounds(dating.edtf)
        quote = text[evidence[0] : evidence[1]]
        said = text[s:e]
        src = dating.source
        # The spans as dicts: validating the event builds them, all in one call.
        spans: dict[str, Any] = {
            "evidence": {"start": evidence[0], "end": evidence[1], "text": quote},
            "sentence": {"start": s, "end": e, "text": said},
            "date_source": None
            if src is None
            else {"start": src[0], "end": src[1], "text": text[src[0] : src[1]]},
        }
        event = Event(
            id=self.ids.next(said, quote),
            doc=self.source.id,
            date=dating.edtf,
            earliest=earliest,
            latest=latest,
            title=title or " ".join(said.split()[:MAX_WORDS]),
            how=dating.how,  # type: ignore[arg-type]
            confidence=round(dating.confidence, 2),
            timex=dating.value,
            **spans,
        )
        sentence.events.append(event)
        self.events.append(event)
        return event


def _sentence_spans(text: str, window: tuple[int, int] | None) -> list[tuple[int, int]]:
    if window is None:
        return sentences(text)
    lo, hi = window
    return [(lo + s, lo + e) for s, e in sentences(text[lo:hi])]


def _fully_excluded(doc: SourceDocument, s: int, e: int) -> bool:
    return any(a <= s and e <= b for a, b in doc.excluded)


def _after_excluded(doc: SourceDocument, s: int, e: int) -> int:
    """Skip a dateline or other metadata that opens the sentence ("WASHINGTON (AP) —"); a
    sentence made only of such lines is left empty (it tells nothing)."""
    text = doc.text
    for a, b in doc.excluded:
        if a <= s < b <= e:
            s = b
            while s < e and (text[s].isspace() or text[s] in "—–-_"):
                s += 1
    return s
