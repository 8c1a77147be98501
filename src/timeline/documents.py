"""Reading one document: decoded text, publication date, title and clutter regions.

The text is kept exactly as read (only a UTF-8 BOM is dropped) because every
event's evidence is an offset into it. Metadata and web-page clutter are not cut
out; they are listed in `excluded` so that offsets stay valid and nothing is lost.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from timeline.literals import Literal, holds, required
from timeline.schema import Document
from timeline.temporal.lexicon import lexicon
from timeline.temporal.prefixes import prefixes

_DATELINE_WINDOW = 500  # characters from the top where a dateline may stand
_DATELINE_LINES = 8
_TITLE_MAX_WORDS = 20


class DocumentError(Exception):
    """A document that cannot be read as text, with the file and a specific reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True, slots=True)
class SourceDocument:
    id: str
    path: str
    text: str
    sha256: str
    title: str | None
    published: date | None
    published_source: str
    excluded: tuple[tuple[int, int], ...]
    # Provenance from the container (web page or PDF metadata, URL, fetch time):
    # format, author, site, url, retrieved; and for a PDF, where each page starts.
    provenance: tuple[tuple[str, str], ...] = ()
    pages: tuple[int, ...] | None = None

    def is_excluded(self, start: int, end: int | None = None) -> bool:
        """True when [start, end) overlaps a metadata or clutter region."""
        end = start + 1 if end is None else end
        return any(a < end and start < b for a, b in self.excluded)


# --- decoding ---------------------------------------------------------------------------


def _decode(raw: bytes, path: str) -> str:
    """UTF-8 text as the reader decodes it (kept for callers that have only bytes)."""
    from timeline.readers import ReadError, decode_text

    try:
        return decode_text(raw)
    except ReadError as exc:
        raise DocumentError(path, exc.reason) from None


# --- dates in metadata ------------------------------------------------------------------

_MONTHS: dict[str, int] = lexicon()["months"]  # the tagger's month table, names to numbers
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH = rf"(?P<mon>(?i:{_MONTH_NAMES}))\.?"
_WEEKDAY = r"(?i:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
_DATE = (
    rf"(?:(?P<y1>\d{{4}})[-/.](?P<m1>\d{{1,2}})[-/.](?P<d1>\d{{1,2}})"
    rf"|{_WEEKDAY}?(?:{_MONTH}\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon3>(?i:{_MONTH_NAMES}))\.?,?\s+(?P<y3>\d{{4}})))"
)
_TIME_TAIL = r"(?:\s*(?:[|,·•@-]|at)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
_LABEL = (
    r"(?:date|published|posted|updated|last\s+updated)"
    r"(?:\s+by\s+[^\n:|]{1,40}?)?(?:\s+on)?"  # "Posted by admin on March 3, 2019"
)
_DATELINES = [
    # a line that is only a date: "Thursday, December 20, 2018", "March 01, 2008"
    re.compile(rf"^[ \t]*{_DATE}{_TIME_TAIL}[ \t]*$", re.I | re.M),
    # a labelled date: "Published: 12 March 2020", "date 2017-08-08"
    re.compile(rf"^[ \t]*{_LABEL}\s*[:\-–—]?\s*(?:on\s+)?{_DATE}{_TIME_TAIL}[^\n]*$", re.I | re.M),
    # a byline carrying the date: "By Jane Doe | March 3, 2019", "By Jane Doe on 3 March 2019"
    re.compile(
        rf"^[ \t]*(?:By|BY)\s+[^\n]{{1,60}}?(?:\s*[|·•,—–-]\s*|\s+on\s+){_DATE}{_TIME_TAIL}[ \t]*$",
        re.M,
    ),
    # a wire dateline: "WASHINGTON (AP) — Sept. 3, 2019"
    re.compile(
        rf"^[ \t]*[A-Z][A-Z .,'’-]{{1,40}}(?:\s*\([^)\n]{{1,30}}\))?\s*[—–_-]+\s*{_DATE}"
        rf"(?:\s*[—–_-]+\s*|[ \t]*$)",
        re.M,
    ),
]


def _month_number(name: str | None) -> int | None:
    return _MONTHS.get(name.lower().rstrip(".")) if name else None


def _date_from_match(m: re.Match[str]) -> date | None:
    g = m.groupdict()
    try:
        if g.get("y1"):
            return date(int(g["y1"]), int(g["m1"]), int(g["d1"]))
        if g.get("y2"):
            month = _month_number(g["mon"])
            return date(int(g["y2"]), month, int(g["d2"])) if month else None
        if g.get("y3"):
            month = _month_number(g["mon3"])
            return date(int(g["y3"]), month, int(g["d3"])) if month else None
    except ValueError:
        return None
    return None


_DATE_ONLY = re.compile(rf"^\s*{_DATE}\s*$", re.I)


def parse_date(value: str) -> date | None:
    """A calendar day written in one of the usual metadata forms, or None."""
    value = value.strip().strip("\"'")
    if re.match(r"\d{4}-\d{2}-\d{2}[T ]\d", value):  # an ISO timestamp: its day
        value = value[:10]
    m = _DATE_ONLY.match(value)
    return _date_from_match(m) if m else None


# --- front matter -----------------------------------------------------------------------

_FRONT = re.compile(r"\A---[ \t]*\r?\n(?P<body>(?:.*\r?\n)*?)---[ \t]*(?:\r?\n|\Z)")
_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$")


def _front_matter(text: str) -> tuple[dict[str, str], int]:
    """The `key: value` lines of a leading `---` block, and where the block ends."""
    m = _FRONT.match(text)
    if not m:
        return {}, 0
    fields: dict[str, str] = {}
    for line in m.group("body").splitlines():
        km = _KEY.match(line)
        if km:
            value = km.group("value").strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            fields.setdefault(km.group("key").lower(), value)
    return fields, m.end()


# --- clutter table ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClutterRule:
    kind: str
    scope: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def clutter_rules() -> tuple[ClutterRule, ...]:
    """The rules of `resources/clutter.tsv`; a malformed line is an error naming it."""
    source = resources.files("timeline") / "resources" / "clutter.tsv"
    rules = []
    for n, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[1] not in ("line", "paragraph", "rest", "prefix"):
            raise ValueError(
                f"resources/clutter.tsv line {n}: expected "
                "'kind<TAB>line|paragraph|rest|prefix<TAB>regex'"
            )
        try:
            pattern = re.compile(parts[2])
        except re.error as exc:
            raise ValueError(f"resources/clutter.tsv line {n}: bad regex: {exc}") from None
        rules.append(ClutterRule(parts[0], parts[1], pattern))
    return tuple(rules)


@lru_cache(maxsize=1)
def _any_clutter() -> re.Pattern[str] | None:
    """One pattern that matches a whole line when some line rule does: most lines match
    none, and one call in C is cheaper than one per rule (prefix rules are tried apart).
    None when the rules cannot be joined (a group name used twice)."""
    try:
        return re.compile(
            "|".join(f"(?:{r.pattern.pattern})" for r in clutter_rules() if r.scope != "prefix")
        )
    except re.error:
        return None


@lru_cache(maxsize=1)
def _clutter_sieve() -> tuple[frozenset[Literal], re.Pattern[str] | None] | None:
    """The line rules that can begin with almost any character (".*cookies.*": they scan
    the whole line to fail) and whose matches hold one of some literals, by those
    literals; and the other line rules joined. An ASCII line holding none of the
    literals matches a line rule only if it matches one of the others. None: no sieve."""
    literals: set[Literal] = set()
    rest = []
    for rule in clutter_rules():
        if rule.scope == "prefix":
            continue
        found = required(rule.pattern.pattern) if _begins_anywhere(rule.pattern) else None
        if found is None:
            rest.append(rule.pattern.pattern)
        else:
            literals |= found
    try:
        joined = re.compile("|".join(f"(?:{p})" for p in rest)) if rest else None
    except re.error:
        return None
    return frozenset(literals), joined


def _begins_anywhere(pattern: re.Pattern[str]) -> bool:
    """Whether a match can begin with most ASCII characters (or the parser cannot tell)."""
    seqs = prefixes(pattern.pattern, pattern.flags, 1)
    if seqs is None or () in seqs:
        return True
    return len(frozenset().union(*(seq[0] for seq in seqs))) >= 64


def _line_rule_matches(line: str, joined: re.Pattern[str]) -> bool:
    """`joined.fullmatch(line)` (some line rule matches the whole line), most lines
    answered by looking for the rules' literals first."""
    sieve = _clutter_sieve()
    if sieve is not None and line.isascii():
        literals, rest = sieve
        if not holds(line, line.lower(), literals):
            return rest is not None and rest.fullmatch(line) is not None
    return joined.fullmatch(line) is not None


_LINE = re.compile(r"[^\n]*(?:\n|$)")


def _lines(text: str, start: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each line's content without its newline."""
    out = []
    for m in _LINE.finditer(text, start):
        if m.start() == len(text) and not m.group():
            break
        out.append((m.start(), m.end() - (1 if m.group().endswith("\n") else 0)))
    return out


def _stripped(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n\n", 0, pos)
    b = text.find("\n\n", pos)
    return _stripped(text, 0 if a < 0 else a + 2, len(text) if b < 0 else b)


_BIO = re.compile(
    r"\b(?:is|was)\s+(?:a|an|the)\b[^.]{0,120}\b(?:correspondent|reporter|editor|writer|journalist"
    r"|author|columnist|contributor|analyst|fellow|producer)\b",
    re.I,
)


@dataclass
class _Scan:
    excluded: list[tuple[int, int]]
    title: str | None = None
    byline: str | None = None


def _content_lines(text: str, start: int) -> Iterator[tuple[int, int, int, str]]:
    """(index, start, end, text) of each line from `start` that is not blank, stripped of
    surrounding white space (str.strip's is str.isspace's): one slice per line."""
    end = len(text)
    i = 0
    while start <= end:
        stop = text.find("\n", start)
        if stop < 0:
            stop = end
        raw = text[start:stop]
        content = raw.strip()
        if content:
            a = start + len(raw) - len(raw.lstrip())
            yield i, a, a + len(content), content
        start = stop + 1
        i += 1


def _scan_clutter(text: str, body_start: int, scan: _Scan) -> None:
    first_content: int | None = None  # the first line that is not blank
    half = body_start + (len(text) - body_start) // 2
    all_rules = clutter_rules()
    prefix_rules = tuple(r for r in all_rules if r.scope == "prefix")
    joined = _any_clutter()
    for i, a, b, content in _content_lines(text, body_start):
        if first_content is None:
            first_content = i
        line = content[:300]  # a long line can only open with clutter
        near_top = i <= first_content + 3
        rules = all_rules
        if joined is not None and (b - a > 300 or not _line_rule_matches(line, joined)):
            if not near_top:
                continue  # only prefix rules look at long lines, and only near the top
            rules = prefix_rules  # no line rule matches this one
        for rule in rules:
            if rule.scope != "prefix" and b - a > 300:
                continue
            if rule.scope == "prefix":
                if first_content is None or i > first_content + 3 or not (
                    m := rule.pattern.match(line)
                ):
                    continue  # "BRUSSELS (Reuters) - The ...", opening the first paragraph
                scan.excluded.append((a, a + m.end()))
                break
            if not rule.pattern.fullmatch(line):
                continue
            if rule.kind == "breadcrumb":
                if i != first_content:
                    continue
                crumbs = [c.strip() for c in re.split(r"\s+(?:»|›|>|/|\||→)\s+", line)]
                if len(crumbs) >= 2 and crumbs[-1]:
                    scan.title = scan.title or crumbs[-1]
            elif rule.kind == "placeline":
                if first_content is None or i > first_content + 3:
                    continue
            elif rule.kind == "byline":
                if len(line.split()) > 14 or line.endswith((".", "!", "?")):
                    continue
                scan.byline = scan.byline or line.rstrip(",;|")
                _bio_after(text, b, line, scan)
            if rule.scope == "rest" and a >= half:
                scan.excluded.append((a, len(text)))
            elif rule.scope == "paragraph":
                scan.excluded.append(_paragraph(text, a))
            else:
                scan.excluded.append((a, b))
            break


def _bio_after(text: str, byline_end: int, byline: str, scan: _Scan) -> None:
    """The author's bio paragraph right after a closing byline ("Jane Doe is a ...")."""
    m = re.match(r"\s*\n\s*", text[byline_end:])
    if not m:
        return
    start = byline_end + m.end()
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    para = text[start:end]
    name = re.sub(r"^(?:\w+\s+)?[Bb][Yy]\s+", "", byline)
    name = re.split(r",|\s+(?:in|for)\s+|\|", name)[0].strip()
    surname = name.split()[-1] if name.split() else ""
    starts_with_name = bool(surname) and (
        para.startswith(name) or para.startswith(surname) or para[:60].count(surname) > 0
    )
    if starts_with_name and (_BIO.search(para[:300]) or len(para) < 400):
        scan.excluded.append(_stripped(text, start, end))


def _first_heading(text: str, start: int, excluded: list[tuple[int, int]]) -> tuple[int, int]:
    """The first short line without final punctuation that stands alone (a heading)."""
    for m in re.finditer(r"[^\n]+", text[start : start + 2000]):
        a, b = _stripped(text, start + m.start(), start + m.end())
        if a >= b or any(x <= a < y for x, y in excluded):
            continue
        line = text[a:b]
        after = text[b : b + 3]
        if (
            len(line.split()) <= _TITLE_MAX_WORDS
            and not line.endswith((".", "!", "?", ":", ",", ";", "”", '"'))
            and (
                after.startswith(("\n\n", "\r\n\r"))
                or b == len(text)
                or any(x <= _next_line(text, b) < y for x, y in excluded)  # dateline, byline
            )
        ):
            return a, b
        return -1, -1
    return -1, -1


def _next_line(text: str, pos: int) -> int:
    m = re.compile(r"\r?\n[ \t]*").match(text, pos)
    return m.end() if m else pos


def _find_dateline(text: str, start: int) -> tuple[date, tuple[int, int]] | None:
    window_end = min(len(text), start + _DATELINE_WINDOW)
    lines = [ln for ln in _lines(text[:window_end], start) if text[ln[0] : ln[1]].strip()]
    limit = lines[_DATELINE_LINES - 1][1] if len(lines) >= _DATELINE_LINES else window_end
    region = text[:limit]
    best: tuple[int, date, tuple[int, int]] | None = None
    for pattern in _DATELINES:
        for m in pattern.finditer(region, start):
            found = _date_from_match(m)
            if found is None:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), found, _stripped(text, m.start(), m.end()))
            break
    return (best[1], best[2]) if best else None


def load_document(path: Path, display_path: str | None = None) -> SourceDocument:
    """Read and analyse one document file; DocumentError says why it cannot be used."""
    shown = display_path or _display(path)
    try:
        raw = Path(path).read_bytes()
        mtime = os.stat(path).st_mtime
    except FileNotFoundError:
        raise DocumentError(shown, "no such file") from None
    except IsADirectoryError:
        raise DocumentError(shown, "is a directory, expected a document file") from None
    except OSError as exc:
        raise DocumentError(shown, f"cannot be read ({exc.strerror})") from None
    from timeline.readers import utc_timestamp

    return load_bytes(raw, Path(path).stem, shown, retrieved=utc_timestamp(mtime))


def load_bytes(
    raw: bytes,
    doc_id: str,
    display: str,
    fmt: str | None = None,
    url: str | None = None,
    retrieved: str | None = None,
) -> SourceDocument:
    """Read and analyse a document's bytes (a file's, a download's or stdin's)."""
    from timeline.readers import ReadError, read_bytes

    try:
        found = read_bytes(raw, url or display, fmt)
    except ReadError as exc:
        raise DocumentError(display, exc.reason) from None
    doc = analyse(found.text, doc_id=doc_id, path=display, sha256=hashlib.sha256(raw).hexdigest())
    provenance = {
        "format": found.format,
        "author": found.author,
        "site": found.site,
        "url": url or found.url,
        "retrieved": retrieved,
    }
    published, source = doc.published, doc.published_source
    if found.published and (found.published_source == "html-meta" or published is None):
        published, source = found.published, found.published_source
    return replace(
        doc,
        title=found.title or doc.title,
        published=published,
        published_source=source,
        provenance=tuple((k, v) for k, v in provenance.items() if v),
        pages=found.pages,
    )


def analyse(text: str, doc_id: str, path: str, sha256: str = "") -> SourceDocument:
    """Metadata and clutter of already decoded text (also used for text not from a file)."""
    fields, body_start = _front_matter(text)
    scan = _Scan(excluded=[(0, body_start)] if body_start else [])
    scan.title = fields.get("title") or None
    published: date | None = None
    source = "none"
    for key in ("date", "published", "pubdate", "published_at"):
        if fields.get(key):
            published = parse_date(fields[key])
            if published:
                source = "front-matter"
                break
    _scan_clutter(text, body_start, scan)
    dateline = _find_dateline(text, body_start)
    if dateline is not None:
        scan.excluded.append(dateline[1])
        if published is None:
            published, source = dateline[0], "dateline"
    heading = _first_heading(text, body_start, scan.excluded)
    if heading[0] >= 0:  # the headline: metadata, never an event
        scan.title = scan.title or text[heading[0] : heading[1]].lstrip("#").strip()
        scan.excluded.append(heading)
    return SourceDocument(
        id=doc_id,
        path=path,
        text=text,
        sha256=sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=scan.title,
        published=published,
        published_source=source,
        excluded=_merge(scan.excluded),
    )


def _merge(regions: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(r for r in regions if r[1] > r[0]):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return tuple(out)


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return Path(path).as_posix()
    return Path(path).as_posix() if rel.startswith("..") else Path(rel).as_posix()


def document_record(
    doc: SourceDocument, published: date | None = None, published_source: str | None = None
) -> Document:
    """The events-file record of a document; a curated date overrides the one found."""
    when = published or doc.published
    source = published_source or (doc.published_source if published is None else "curated")
    extra = dict(doc.provenance)
    if doc.pages is not None:
        extra["pages"] = list(doc.pages)  # type: ignore[assignment]
    return Document(
        id=doc.id,
        path=doc.path,
        title=doc.title,
        published=when.isoformat() if when else None,
        published_source=source if when else "none",  # type: ignore[arg-type]
        sha256=doc.sha256,
        **extra,
    )
