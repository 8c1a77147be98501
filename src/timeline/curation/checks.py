"""Field-by-field checks of an events file as parsed JSON, with messages a user can act on.

Checks run on the raw dict (not the pydantic model) so that every problem in a file is
reported at once, each naming the event id, the field, the bad value and what is allowed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, get_args

from timeline.dates import EXPECTED, EDTFError, bounds
from timeline.schema import Document, Event, How, PublishedSource, Status
from timeline.stories.checks import story_problems

HOWS = get_args(How)
STATUSES = get_args(Status)
SOURCES = get_args(PublishedSource)
EVENT_FIELDS = frozenset(Event.model_fields)
DOCUMENT_FIELDS = frozenset(Document.model_fields)
TOP_FIELDS = frozenset({"version", "documents", "events", "stories"})
# Fields a user may leave out of an event they add by hand: the tool fills them in.
FILLED_IN = frozenset({"id", "earliest", "latest"})
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID_LINE = re.compile(rb'"id"\s*:\s*"((?:[^"\\]|\\.)*)"')


@dataclass
class Validation:
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Fields of the user's own ("note", "reviewer"), kept as they are: `validate` lists
    # them; they are not warnings, or every run would repeat them.
    own_fields: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def id_lines(data: bytes) -> dict[str, int]:
    """Line of the first `"id": "..."` of each id, so messages can point into the file."""
    lines: dict[str, int] = {}
    line, pos = 1, 0
    for m in _ID_LINE.finditer(data):
        line += data.count(b"\n", pos, m.start())
        pos = m.start()
        key = m.group(1).decode("utf-8", "replace")
        lines.setdefault(key, line)
    return lines


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 80 else text[:77] + "..."


def is_iso_day(value: Any) -> bool:
    return isinstance(value, str) and _is_iso_day_text(value)


@lru_cache(maxsize=1 << 16)
def _is_iso_day_text(value: str) -> bool:
    """Cached: a large file repeats the same few thousand days many times."""
    if not _ISO_DAY.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


_YMD = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?[~?%]?$")


def date_reason(value: Any, exc: Exception) -> str:
    """Why an EDTF date is refused, when that is more specific than "not valid"."""
    if not isinstance(value, str):
        return f" (of type {type(value).__name__}, not a string)"
    m = _YMD.match(value.strip())
    if m:
        month = int(m.group(2))
        if not (1 <= month <= 12 or 21 <= month <= 24):
            return f" (there is no month {m.group(2)}; seasons are 21-24)"
        if m.group(3) and month <= 12:
            return f" ({m.group(1)}-{m.group(2)} has no day {m.group(3)})"
    message = str(exc)
    if "starts after it ends" in message or "open at both ends" in message:
        return " (" + message.split(" ", 1)[1].split(": expected")[0] + ")"
    return ""


# Lists and objects inside one another: an events file needs four levels; fields of a
# user's own may nest further, but not without bound (a deep file would otherwise
# exhaust the parser's or the writer's recursion).
MAX_NESTING = 32
_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def nesting(value: Any, limit: int = MAX_NESTING) -> int:
    """How deep lists and objects nest in `value`, counted up to `limit + 1` (no recursion)."""
    deepest, level = 0, [(value, 0)]
    while level:
        item, depth = level.pop()
        if isinstance(item, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            level.extend((v, depth) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def too_deep(text: str, source: str) -> str:
    """The problem of JSON nested beyond what can be parsed: the line where it goes too deep."""
    depth = 0
    for m in _BRACKETS.finditer(text):
        token = m.group()
        if token in "[{":
            depth += 1
            if depth > MAX_NESTING:
                line = text.count("\n", 0, m.start()) + 1
                return (
                    f"{source}:{line}: lists and objects nested more than {MAX_NESTING} "
                    f"levels deep; expected an events file "
                    '{"version": 1, "documents": [...], "events": [...]} '
                    f"with at most {MAX_NESTING} levels"
                )
        elif token in "]}":
            depth -= 1
    return f"{source}: lists and objects nested too deeply; expected at most {MAX_NESTING} levels"


class _Checker:
    def __init__(
        self,
        source: str,
        lines: dict[str, int] | None,
        text_of: Callable[[str], str | None] | None,
        strict_derived: bool,
    ) -> None:
        self.source = source
        self.lines = lines or {}
        self.text_of = text_of
        self.strict_derived = strict_derived
        self.out = Validation()

    def where(self, kind: str, ident: Any, index: int) -> str:
        if isinstance(ident, str) and ident:
            line = self.lines.get(ident)
            loc = f"{self.source}:{line}" if line else self.source
            return f"{loc}: {kind} {ident}"
        return f"{self.source}: {kind} #{index + 1} (no id)"

    def bad(self, where: str, name: str, value: Any, expected: str) -> None:
        self.out.problems.append(
            f"{where}: field '{name}': value {_show(value)} is not valid; expected {expected}"
        )

    def missing(self, where: str, name: str, expected: str) -> None:
        self.out.problems.append(f"{where}: field '{name}' is missing; expected {expected}")

    def unknown(self, where: str, obj: dict[str, Any], known: frozenset[str]) -> None:
        for k in obj:
            if k in known:
                continue
            if nesting(obj[k]) > MAX_NESTING:
                self.out.problems.append(
                    f"{where}: field '{k}' is nested more than {MAX_NESTING} levels deep; "
                    f"expected at most {MAX_NESTING} levels of lists and objects"
                )
                continue
            near = _near_miss(k, known)
            if near is not None:
                self.out.warnings.append(
                    f"{where}: unknown field '{k}' kept as it is; did you mean '{near}'?"
                )
            else:
                self.out.own_fields.append(f"{where}: field '{k}'")

    # --- documents ------------------------------------------------------------------

    def document(self, i: int, doc: Any) -> str | None:
        if not isinstance(doc, dict):
            self.out.problems.append(
                f"{self.source}: documents[{i}] is {type(doc).__name__}, expected an object"
            )
            return None
        ident = doc.get("id")
        where = self.where("document", ident, i)
        if not isinstance(ident, str) or not ident:
            self.bad(where, "id", ident, "a non-empty string")
        if not isinstance(doc.get("path"), str):
            if "path" in doc:
                self.bad(where, "path", doc["path"], "the document's file path (a string)")
            else:
                self.missing(where, "path", "the document's file path (a string)")
        for name in ("title", "sha256"):
            if doc.get(name) is not None and not isinstance(doc[name], str):
                self.bad(where, name, doc[name], "a string")
        published = doc.get("published")
        if published is not None and not is_iso_day(published):
            self.bad(where, "published", published, "a day YYYY-MM-DD such as 2019-07-15, or null")
        if "published_source" in doc and doc["published_source"] not in SOURCES:
            self.bad(where, "published_source", doc["published_source"], " or ".join(SOURCES))
        self.unknown(where, doc, DOCUMENT_FIELDS | {"edited"})
        return ident if isinstance(ident, str) else None

    # --- events ---------------------------------------------------------------------

    def span(self, where: str, name: str, value: Any) -> bool:
        if (
            type(value) is dict
            and type(value.get("start")) is int
            and type(value.get("end")) is int
            and type(value.get("text")) is str
            and 0 <= value["start"] <= value["end"]
        ):
            return True  # the common case, without building the message
        expected = 'an object {"start": N, "end": N, "text": "..."} with 0 <= start <= end'
        if not isinstance(value, dict):
            self.bad(where, name, value, expected)
            return False
        start, end, text = value.get("start"), value.get("end"), value.get("text")
        if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (start, end)):
            self.bad(where, name, value, expected)
            return False
        if start > end:  # type: ignore[operator]
            self.bad(where, name, value, expected)
            return False
        if not isinstance(text, str):
            self.bad(where, f"{name}.text", text, "the quoted text of the span (a string)")
            return False
        return True

    def span_text(self, where: str, name: str, span: dict[str, Any], doc_text: str) -> None:
        start, end, text = span["start"], span["end"], span["text"]
        found = doc_text[start:end]
        if found != text:
            self.out.problems.append(
                f"{where}: field '{name}': text {_show(text)} does not match the document at "
                f"{start}-{end}, which reads {_show(found)}; expected the exact document text "
                "(run extract to re-anchor it)"
            )

    def event(self, i: int, ev: Any, docs: set[str], seen: dict[str, int]) -> None:
        if not isinstance(ev, dict):
            self.out.problems.append(
                f"{self.source}: events[{i}] is {type(ev).__name__}, expected an object"
            )
            return
        ident = ev.get("id")
        where = self.where("event", ident, i)
        if "id" in ev:
            if not isinstance(ident, str) or not ident:
                self.bad(where, "id", ident, "a non-empty string (or leave it out on a new event)")
            elif ident in seen:
                self.out.problems.append(
                    f"{where}: duplicate id: events #{seen[ident] + 1} and #{i + 1} share it; "
                    "expected each id once (remove the 'id' of a copied event to get a new one)"
                )
            else:
                seen[ident] = i
        doc = ev.get("doc")
        if not isinstance(doc, str):
            if "doc" in ev:
                self.bad(where, "doc", doc, "the id of a document listed in 'documents'")
            else:
                self.missing(where, "doc", "the id of a document listed in 'documents'")
        elif doc not in docs:
            self.bad(where, "doc", doc, "the id of a document listed in 'documents'")
        title = ev.get("title")
        if not isinstance(title, str):
            if "title" in ev:
                self.bad(where, "title", title, "a string")
            else:
                self.missing(where, "title", "a short description of the event (a string)")
        self.dates(where, ev)
        for name in ("evidence", "sentence", "date_source", "attribution"):
            if (
                ev.get(name) is not None
                and self.span(where, name, ev[name])
                and isinstance(doc, str)
                and self.text_of is not None
            ):
                doc_text = self.text_of(doc)
                if doc_text is not None and ev.get("status") != "orphaned":
                    self.span_text(where, name, ev[name], doc_text)
        if "text" in ev and not isinstance(ev["text"], str):
            self.bad(where, "text", ev["text"], "a quotation from the document to locate")
        if "how" in ev and ev["how"] not in HOWS:
            self.bad(where, "how", ev["how"], " or ".join(HOWS))
        if "status" in ev and ev["status"] not in STATUSES:
            self.bad(where, "status", ev["status"], " or ".join(STATUSES))
        for name in ("confidence", "salience"):
            c = ev.get(name, 0.0)
            if name == "salience" and c is None:
                continue
            if isinstance(c, bool) or not isinstance(c, int | float) or not 0.0 <= c <= 1.0:
                self.bad(where, name, c, "a number from 0 to 1")
        if ev.get("timex") is not None and not isinstance(ev["timex"], str):
            self.bad(where, "timex", ev["timex"], "a TIMEX3 value (a string) or null")
        edited = ev.get("edited")
        if edited is not None and (
            not isinstance(edited, list) or not all(isinstance(x, str) for x in edited)
        ):
            self.bad(where, "edited", edited, "a list of field names")
        self.unknown(where, ev, EVENT_FIELDS | {"text"})

    def dates(self, where: str, ev: dict[str, Any]) -> None:
        if "date" not in ev:
            self.missing(where, "date", EXPECTED)
            return
        value = ev["date"]
        try:
            if not isinstance(value, str):
                raise EDTFError(value)
            lo, hi = bounds(value)
        except EDTFError as exc:
            self.out.problems.append(
                f"{where}: field 'date': value {_show(value)} is not a valid date"
                f"{date_reason(value, exc)}; expected {EXPECTED}"
            )
            return
        for name, want in (("earliest", lo), ("latest", hi)):
            if name not in ev:
                continue
            got = ev[name]
            if got is not None and not is_iso_day(got):
                self.bad(where, name, got, "a day YYYY-MM-DD (derived from 'date') or null")
            elif got != want and self.strict_derived:
                self.out.problems.append(
                    f"{where}: field '{name}': value {_show(got)} is inconsistent with date "
                    f"'{value}'; expected {_show(want)} (run extract to recompute it)"
                )
        e, la = ev.get("earliest"), ev.get("latest")
        if is_iso_day(e) and is_iso_day(la) and e > la:
            self.out.problems.append(
                f"{where}: field 'earliest': value '{e}' is after latest '{la}'; "
                "expected earliest <= latest"
            )


def validate_events_data(
    raw: Any,
    *,
    source: str = "events file",
    lines: dict[str, int] | None = None,
    text_of: Callable[[str], str | None] | None = None,
    strict_derived: bool = True,
) -> Validation:
    """Every problem and warning of parsed events-file JSON.

    `text_of(doc_id)` gives a document's text to check evidence spans (None: skip).
    With `strict_derived=False`, stale `earliest`/`latest` after a hand edit of `date`
    are accepted: the next write recomputes them.
    """
    c = _Checker(source, lines, text_of, strict_derived)
    if not isinstance(raw, dict):
        c.out.problems.append(
            f"{source}: the top level is {type(raw).__name__}, expected an object "
            '{"version": 1, "documents": [...], "events": [...]}'
        )
        return c.out
    version = raw.get("version", 1)
    if version != 1 or isinstance(version, bool):
        c.out.problems.append(f"{source}: field 'version': value {_show(version)}; expected 1")
    docs: set[str] = set()
    documents = raw.get("documents", [])
    if not isinstance(documents, list):
        c.out.problems.append(f"{source}: field 'documents' is not a list; expected a list")
        documents = []
    for i, doc in enumerate(documents):
        ident = c.document(i, doc)
        if ident is not None:
            if ident in docs:
                c.out.problems.append(f"{source}: document {ident}: duplicate document id")
            docs.add(ident)
    events = raw.get("events", [])
    if not isinstance(events, list):
        c.out.problems.append(f"{source}: field 'events' is not a list; expected a list")
        events = []
    seen: dict[str, int] = {}
    for i, ev in enumerate(events):
        c.event(i, ev, docs, seen)
    c.out.problems.extend(story_problems(raw.get("stories"), source))
    c.unknown(f"{source}: top level", raw, TOP_FIELDS)
    return c.out


def _near_miss(name: str, known: frozenset[str]) -> str | None:
    """The known field a user most likely meant ("dtae", "Date", "evidance"), if any."""
    lowered = {k.lower(): k for k in known}
    if name.lower() in lowered:
        return lowered[name.lower()]
    close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.75)
    return lowered[close[0]] if close else None
