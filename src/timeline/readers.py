"""One reader for every document: bytes in, text and metadata out.

Extraction, curation, validation and the dashboard all get a document's text from
here, so the offsets an event carries always count into the same characters:
bytes are decoded once, with no newline translation (a CRLF stays two characters).
Plain text and Markdown are their own text; a web page's text is its main content as
trafilatura finds it and a PDF's is its pages' text, which is why that derived text
is kept beside the events file (see `timeline.roots`).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath

FORMATS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
SUFFIXES = tuple(FORMATS)
DERIVED = frozenset({"html", "pdf"})  # formats whose text is not the file's own characters
_PAGE_BREAK = "\n\n"


class ReadError(Exception):
    """A document that cannot be turned into text, with a specific reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Extracted:
    """A document's text and what its container says about it (all optional)."""

    text: str
    format: str
    title: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None
    published: date | None = None
    published_source: str = "none"
    pages: tuple[int, ...] | None = None  # PDF: offset where each page's text starts


def format_of(name: str, raw: bytes = b"", content_type: str | None = None) -> str:
    """The format from the name's extension, else the HTTP type, else the first bytes."""
    suffix = PurePosixPath(name.split("?", 1)[0].split("#", 1)[0]).suffix.lower()
    if suffix in FORMATS:
        return FORMATS[suffix]
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml"):
        return "html"
    if kind == "application/pdf":
        return "pdf"
    head = raw[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf-"):
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    return "text"


def read_bytes(raw: bytes, name: str, fmt: str | None = None) -> Extracted:
    """Text and metadata of one document's bytes; ReadError says why there is none."""
    fmt = fmt or format_of(name, raw)
    if fmt == "html":
        return read_html(raw)
    if fmt == "pdf":
        return read_pdf(raw)
    return Extracted(text=decode_text(raw), format=fmt)


# --- plain text ---------------------------------------------------------------------------


def decode_text(raw: bytes) -> str:
    """UTF-8 (a leading BOM dropped), exactly as written: no newline translation."""
    if not raw.strip():
        raise ReadError("empty" if not raw else "empty (only whitespace)")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise ReadError(f"binary (NUL byte at offset {nul}), expected UTF-8 text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from None
    if not text.strip():
        raise ReadError("empty (only whitespace)")
    controls = len(re.findall(r"[\x00-\x08\x0e-\x1f\x7f]", text))
    if controls > 0.1 * len(text):
        raise ReadError(f"binary ({controls} control characters in {len(text)}), expected text")
    return text


# --- web pages ----------------------------------------------------------------------------


# Tried in turn until one finds main text: precise and without tables (an infobox or a
# league table is not the story), then more inclusive, then with tables, for old pages
# laid out in tables and for e-mails, whose whole content sits in table cells.
_HTML_PASSES = (
    {"favor_precision": True, "include_tables": False},
    {"favor_recall": True, "include_tables": False},
    {"favor_recall": True, "include_tables": True},
)
_MIN_WORDS = 8  # fewer is a menu or a button label, not a text to extract events from
_TABLE_RULE = re.compile(r"^\|?(?:\s*:?-+:?\s*\|)+\s*$")


def read_html(raw: bytes) -> Extracted:
    """The page's main text (menus, sidebars, comments and teasers left out) and metadata."""
    import trafilatura

    found = None
    paragraphs: list[str] = []
    for options in _HTML_PASSES:
        try:
            found = trafilatura.bare_extraction(
                raw,
                with_metadata=True,
                include_comments=False,
                date_extraction_params={"extensive_search": False, "original_date": True},
                **options,
            )
        except (ValueError, TypeError) as exc:  # markup lxml cannot parse at all
            raise ReadError(f"not a readable web page ({exc})") from None
        paragraphs = _paragraphs((getattr(found, "text", None) or "") if found else "")
        if sum(len(p.split()) for p in paragraphs) >= _MIN_WORDS:
            break
        paragraphs = []
    if not paragraphs:
        raise ReadError("web page with no main text (only navigation or boilerplate)")
    # htmldate's quick search: meta tags, JSON-LD, <time> and itemprop elements. Its
    # extensive search guesses from any date in the page ("reopened in 2009" on a page
    # with no date), so a page without metadata falls back to a dateline in its text.
    published = _iso(getattr(found, "date", None))
    return Extracted(
        text=_PAGE_BREAK.join(paragraphs) + "\n",
        format="html",
        title=_clean(getattr(found, "title", None)),
        author=_clean(getattr(found, "author", None)),
        site=_clean(getattr(found, "sitename", None)),
        url=_clean(getattr(found, "url", None)),
        published=published,
        published_source="html-meta" if published else "none",
    )


def _paragraphs(text: str) -> list[str]:
    """Non-empty lines, table cell bars and rule rows removed."""
    out = []
    for line in text.split("\n"):
        if _TABLE_RULE.match(line):
            continue
        line = line.strip()
        if line.startswith("|") and line.endswith("|"):
            line = " ".join(cell.strip() for cell in line.strip("|").split(" | "))
        if line.strip():
            out.append(line.strip())
    return out


def _iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if isinstance(value, str) else None
    return value or None


# --- PDF ----------------------------------------------------------------------------------


def read_pdf(raw: bytes) -> Extracted:
    """Each page's text layer, pages separated by a blank line; page starts kept."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("encrypted PDF (needs a password)")
        texts = [(page.extract_text() or "").strip("\n") for page in reader.pages]
        meta = reader.metadata or {}
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        if "decrypt" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise ReadError("encrypted PDF (needs a password)") from None
        raise ReadError(f"not a readable PDF ({exc})") from None
    if not any(t.strip() for t in texts):
        raise ReadError("PDF without a text layer (scanned images; needs OCR first)")
    starts: list[int] = []
    parts: list[str] = []
    offset = 0
    for t in texts:
        starts.append(offset)
        parts.append(t)
        offset += len(t) + len(_PAGE_BREAK)
    created = _pdf_date(meta.get("/CreationDate"))
    return Extracted(
        text=_PAGE_BREAK.join(parts) + "\n",
        format="pdf",
        title=_clean(str(meta.get("/Title") or "")),
        author=_clean(str(meta.get("/Author") or "")),
        published=created,
        published_source="pdf-meta" if created else "none",
        pages=tuple(starts),
    )


def _pdf_date(value: object) -> date | None:
    """`D:20210304101500+01'00'` -> 2021-03-04."""
    m = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?", str(value or ""))
    if not m or not m.group(2) or not m.group(3):
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def page_of(pages: list[int] | tuple[int, ...] | None, offset: int) -> int | None:
    """The 1-based page that `offset` falls on, from a document's `pages` starts."""
    if not pages:
        return None
    from bisect import bisect_right

    return max(1, bisect_right(list(pages), offset))


def utc_timestamp(seconds: float) -> str:
    """An ISO 8601 UTC time to the second, for `retrieved`."""
    from datetime import UTC

    return datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
