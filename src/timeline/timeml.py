"""Reading TimeML (`.tml`) files: document id, creation date, plain text, gold TIMEX3s.

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


@dataclass
class TimeMLDocument:
    id: str
    path: str
    dct: date | None
    text: str
    timexes: list[Timex] = field(default_factory=list)


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

    def end(self, name: str) -> None:
        if name == "TEXT":
            self.in_text = 0
        elif self.in_text:
            if name == "TIMEX3" and self.open_timex is not None:
                self.close_timex()
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
    return TimeMLDocument(id=doc_id, path=path, dct=reader.dct, text=text, timexes=reader.timexes)


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
    with tarfile.open(path, "r|*") as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".tml"):
                continue
            f = tar.extractfile(member)
            if f is None:
                continue
            try:
                doc = parse(f.read(), f"{path}:{member.name}", timexes=False)
            except TimeMLError as exc:
                if on_error is None:
                    raise
                on_error(exc)
                continue
            yield doc.id, doc.dct, doc.text


def read_all(
    paths: Iterable[str | Path],
) -> Iterator[TimeMLDocument | TimeMLError]:
    """Each file's document, or its error, in order; one bad file never stops the rest."""
    for p in paths:
        try:
            yield read(p)
        except TimeMLError as exc:
            yield exc
