"""Reading TimeML (`.tml`) files: document id, creation date, plain text, gold TIMEX3s,
and the gold EVENTs, MAKEINSTANCEs, SIGNALs and TLINKs the learned models train on.

The plain text is what a tagger sees: the content of `<TEXT>` with every tag removed
and XML entities decoded. Gold timexes get `start`/`end` offsets into that text, so
system and gold can be compared character by character.

expat is used directly (not a tree) because it reports line numbers, which an error
message needs, and because it streams: the 3.9M-character silver corpus reads in
about a second.
"""

from __future__ import annotations

import re
import tarfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from xml.parsers import expat

from timeline.schema import Timex

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
_DCT_VALUE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})")


class TimeMLError(ValueError):
    """A TimeML file that cannot be read, with the file and line to look at."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """An EVENT tag: its span in the plain text and its TimeML class."""

    eid: str
    start: int
    end: int
    event_class: str


@dataclass(frozen=True, slots=True)
class GoldInstance:
    """A MAKEINSTANCE: the grammatical reading of one event (TLINKs point at these)."""

    eiid: str
    eid: str
    tense: str
    aspect: str
    pos: str
    polarity: str
    modality: str | None


@dataclass(frozen=True, slots=True)
class GoldSignal:
    sid: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GoldTLink:
    """A TLINK read as `source relation target`; each side is ("event", eiid) or ("time", tid)."""

    lid: str
    relation: str
    source: tuple[str, str]
    target: tuple[str, str]
    signal: str | None = None


@dataclass
class TimeMLDocument:
    id: str
    path: str
    dct: date | None
    text: str
    timexes: list[Timex] = field(default_factory=list)
    # The annotation layers beyond TIMEX3 (empty when the file has none).
    timex_ids: list[str] = field(default_factory=list)  # tid of each of `timexes`, in order
    dct_tid: str | None = None
    events: list[GoldEvent] = field(default_factory=list)
    instances: list[GoldInstance] = field(default_factory=list)
    signals: list[GoldSignal] = field(default_factory=list)
    tlinks: list[GoldTLink] = field(default_factory=list)


def _parse_dct(value: str | None, path: str, line: int) -> date:
    m = _DCT_VALUE.match(value or "")
    if not m:
        raise TimeMLError(
            path, line, f"DCT value {value!r} is not a date: expected YYYY-MM-DD or YYYYMMDD"
        )
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise TimeMLError(path, line, f"DCT value {value!r} is not a valid date: {exc}") from exc


class _Reader:
    """expat callbacks that collect the plain text of `<TEXT>` and its TIMEX3s."""

    def __init__(self, path: str, with_timexes: bool) -> None:
        self.path = path
        self.with_timexes = with_timexes
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.data
        self.pieces: list[str] = []
        self.length = 0
        self.in_text = 0  # depth inside <TEXT>
        self.seen_text = False
        self.in_docid = False
        self.docid: list[str] = []
        self.in_dct = False
        self.dct: date | None = None
        self.open_timex: tuple[int, dict[str, str], int] | None = None  # start, attrs, line
        self.timexes: list[Timex] = []
        self.timex_ids: list[str] = []
        self.dct_tid: str | None = None
        self.open_event: tuple[int, dict[str, str]] | None = None
        self.open_signal: tuple[int, dict[str, str]] | None = None
        self.events: list[GoldEvent] = []
        self.instances: list[GoldInstance] = []
        self.signals: list[GoldSignal] = []
        self.tlinks: list[GoldTLink] = []

    def fail(self, message: str) -> TimeMLError:
        return TimeMLError(self.path, self.parser.CurrentLineNumber, message)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "TEXT":
            if self.seen_text:
                raise self.fail("a second <TEXT> element: expected exactly one")
            self.in_text += 1
            self.seen_text = True
        elif self.in_text:
            if name == "TIMEX3":
                if self.open_timex is not None:
                    raise self.fail(
                        f"<TIMEX3> inside the <TIMEX3> opened on line {self.open_timex[2]}: "
                        "expected </TIMEX3> first (TIMEX3s may not nest)"
                    )
                self.open_timex = (self.length, attrs, self.parser.CurrentLineNumber)
                if self.dct is None and attrs.get("functionInDocument") == "CREATION_TIME":
                    # a dateline inside the body: still the creation time
                    self.dct = _parse_dct(attrs.get("value"), self.path, self.open_timex[2])
                    self.dct_tid = attrs.get("tid")
            elif name == "EVENT":
                self.open_event = (self.length, attrs)
            elif name == "SIGNAL":
                self.open_signal = (self.length, attrs)
        elif name == "DOCID":
            self.in_docid = True
        elif name == "DCT":
            self.in_dct = True
        elif (
            name == "TIMEX3"
            and self.dct is None
            and (self.in_dct or attrs.get("functionInDocument") == "CREATION_TIME")
        ):
            self.dct = _parse_dct(attrs.get("value"), self.path, self.parser.CurrentLineNumber)
            self.dct_tid = attrs.get("tid")
        elif name == "MAKEINSTANCE" and self.with_timexes:
            self.instances.append(_instance(attrs))
        elif name == "TLINK" and self.with_timexes:
            link = _tlink(attrs)
            if link is not None:
                self.tlinks.append(link)

    def end(self, name: str) -> None:
        if name == "TEXT":
            self.in_text = 0
        elif self.in_text:
            if name == "TIMEX3" and self.open_timex is not None:
                self.close_timex()
            elif name == "EVENT" and self.open_event is not None:
                start, attrs = self.open_event
                self.open_event = None
                if self.with_timexes and self.length > start:
                    cls = attrs.get("class", "OCCURRENCE")
                    self.events.append(GoldEvent(attrs.get("eid", ""), start, self.length, cls))
            elif name == "SIGNAL" and self.open_signal is not None:
                start, attrs = self.open_signal
                self.open_signal = None
                if self.with_timexes and self.length > start:
                    self.signals.append(GoldSignal(attrs.get("sid", ""), start, self.length))
        elif name == "DOCID":
            self.in_docid = False
        elif name == "DCT":
            self.in_dct = False

    def data(self, chunk: str) -> None:
        if self.in_text:
            self.pieces.append(chunk)
            self.length += len(chunk)
        elif self.in_docid:
            self.docid.append(chunk)

    def close_timex(self) -> None:
        assert self.open_timex is not None
        start, attrs, line = self.open_timex
        self.open_timex = None
        end = self.length
        if end == start or not self.with_timexes:
            return  # an empty (non-consuming) TIMEX3 has no text to find
        kind = attrs.get("type")
        if kind not in TIMEX_TYPES:
            raise TimeMLError(
                self.path, line, f"TIMEX3 type {kind!r}: expected one of {', '.join(TIMEX_TYPES)}"
            )
        value = attrs.get("value")
        if value is None:
            raise TimeMLError(self.path, line, "TIMEX3 without a value attribute")
        self.timexes.append(
            Timex(
                start=start,
                end=end,
                text="",  # filled in once the whole text is known
                type=kind,
                value=value,
                mod=attrs.get("mod") or None,
            )
        )
        self.timex_ids.append(attrs.get("tid", ""))


def _instance(attrs: dict[str, str]) -> GoldInstance:
    return GoldInstance(
        eiid=attrs.get("eiid", ""),
        eid=attrs.get("eventID", ""),
        tense=attrs.get("tense", "NONE"),
        aspect=attrs.get("aspect", "NONE"),
        pos=attrs.get("pos", "OTHER"),
        polarity=attrs.get("polarity", "POS"),
        modality=attrs.get("modality") or None,
    )


def _tlink(attrs: dict[str, str]) -> GoldTLink | None:
    """A TLINK's two ends; None when one is missing (a link to a subordinate TLINK etc.)."""
    if "eventInstanceID" in attrs:
        source = ("event", attrs["eventInstanceID"])
    elif "timeID" in attrs:
        source = ("time", attrs["timeID"])
    else:
        return None
    if "relatedToEventInstance" in attrs:
        target = ("event", attrs["relatedToEventInstance"])
    elif "relatedToTime" in attrs:
        target = ("time", attrs["relatedToTime"])
    else:
        return None
    relation = attrs.get("relType", "")
    return GoldTLink(attrs.get("lid", ""), relation, source, target, attrs.get("signalID"))


def parse(data: bytes | str, path: str = "<string>", timexes: bool = True) -> TimeMLDocument:
    """Read one TimeML document from its bytes (or text); raise TimeMLError if malformed."""
    reader = _Reader(path, timexes)
    try:
        if isinstance(data, str):
            data = data.encode("utf-8")
        reader.parser.Parse(data, True)
    except expat.ExpatError as exc:
        reason = expat.errors.messages[exc.code]
        raise TimeMLError(
            path, exc.lineno, f"not well-formed XML: {reason} (column {exc.offset + 1})"
        ) from exc
    if not reader.seen_text:
        raise TimeMLError(path, None, "no <TEXT> element: expected the document body in <TEXT>")
    text = "".join(reader.pieces)
    for t in reader.timexes:
        t.text = text[t.start : t.end]
    doc_id = "".join(reader.docid).strip() or Path(path).stem
    return TimeMLDocument(
        id=doc_id,
        path=path,
        dct=reader.dct,
        text=text,
        timexes=reader.timexes,
        timex_ids=reader.timex_ids,
        dct_tid=reader.dct_tid,
        events=reader.events,
        instances=reader.instances,
        signals=reader.signals,
        tlinks=reader.tlinks,
    )


def read(path: str | Path) -> TimeMLDocument:
    """Read a `.tml` file; a missing or unreadable file is a TimeMLError too."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise TimeMLError(str(path), None, f"cannot read: {exc.strerror or exc}") from exc
    return parse(data, str(path))


def find_files(path: str | Path) -> list[Path]:
    """`.tml` files under a folder (recursively, sorted by relative path), or the file itself."""
    p = Path(path)
    if p.is_dir():
        return sorted(
            (f for f in p.rglob("*.tml") if f.is_file()), key=lambda f: f.relative_to(p).as_posix()
        )
    return [p]


def iter_tarball(
    path: str | Path, on_error: Callable[[TimeMLError], None] | None = None
) -> Iterator[tuple[str, date | None, str]]:
    """(doc id, DCT, plain text) of each `.tml` member of a tar archive, one at a time.

    The archive is read as a stream (never extracted, one member in memory at a
    time). A malformed member raises TimeMLError, or is passed to `on_error` and
    skipped when that is given.
    """
    for doc in _parsed_members(path, on_error, timexes=False):
        yield doc.id, doc.dct, doc.text


def iter_tarball_documents(
    path: str | Path, on_error: Callable[[TimeMLError], None] | None = None
) -> Iterator[TimeMLDocument]:
    """Each `.tml` member of a tar archive as a full document (all annotation layers),
    read as a stream; a malformed member raises, or goes to `on_error` and is skipped."""
    yield from _parsed_members(path, on_error, timexes=True)


def _parsed_members(
    path: str | Path, on_error: Callable[[TimeMLError], None] | None, *, timexes: bool
) -> Iterator[TimeMLDocument]:
    """The `.tml` members of a tar archive parsed one at a time, streamed."""
    with tarfile.open(path, "r|*") as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".tml"):
                continue
            f = tar.extractfile(member)
            if f is None:
                continue
            try:
                doc = parse(f.read(), f"{path}:{member.name}", timexes=timexes)
            except TimeMLError as exc:
                if on_error is None:
                    raise
                on_error(exc)
                continue
            yield doc


def read_all(
    paths: Iterable[str | Path],
) -> Iterator[TimeMLDocument | TimeMLError]:
    """Each file's document, or its error, in order; one bad file never stops the rest."""
    for p in paths:
        try:
            yield read(p)
        except TimeMLError as exc:
            yield exc
