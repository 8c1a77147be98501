"""Event dating against the SemEval-2015 Task 4 trial timelines (a development figure).

Each gold timeline line is `order<TAB>date<TAB>docid-sentence-token ...`; every gold
mention with a date (not `XXXX-XX-XX`) is looked up in the plain text we build from
the document's tokens. A mention is *covered* when we produced an event in its
sentence; its date is *right* when the interval of the event for the mention
(the one whose title holds the mention's word, else the nearest) contains the gold
date, or lies inside it (equal at the gold's precision). Open
intervals ("since 2003") are counted apart: they contain everything after their start.
Usage:

    python bench/event_timelines.py [--data DIR] [--show N]
"""

from __future__ import annotations

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from timeline.dates import bounds
from timeline.documents import analyse, parse_date
from timeline.events import extract_events
from timeline.schema import Event

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/data/timelines/semeval2015-trial"
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "%", "'s", "n't", "'", "'re", "'ve"}
_NO_SPACE_AFTER = {"(", "[", "$", "£", "€"}


@dataclass
class Sentence:
    start: int
    end: int
    tokens: list[tuple[str, int, int]] = field(default_factory=list)  # text, start, end


@dataclass
class Doc:
    id: str
    dct: date
    text: str
    sentences: dict[int, Sentence]


def _detokenise(tokens: list[str], offset: int) -> tuple[str, list[tuple[str, int, int]]]:
    """Tokens back to readable text ("Apple 's ." -> "Apple's."), keeping each offset."""
    out = ""
    spans = []
    quote_open = False
    for tok in tokens:
        glue = not out or tok in _NO_SPACE_BEFORE or out[-1:] in _NO_SPACE_AFTER
        if tok == '"':
            glue = not out or quote_open
            if not quote_open and out:
                glue = False
        elif out.endswith('"') and quote_open and out[-2:-1] in (" ", ""):
            glue = True
        if tok == '"':
            quote_open = not quote_open
        if not glue:
            out += " "
        spans.append((tok, offset + len(out), offset + len(out) + len(tok)))
        out += tok
    return out, spans


def read_document(path: Path) -> Doc:
    """Title, dateline and sentences of a trial document as plain text with offsets."""
    root = ET.parse(path).getroot()
    doc_id = (root.findtext("DOCID") or path.stem.split("_")[0].split("-")[0]).strip()
    dct_el = root.find("DCT/TIMEX3")
    dct = date.fromisoformat((dct_el.get("value") or "")[:10]) if dct_el is not None else None
    if dct is None:
        raise ValueError(f"{path}: no <DCT> value")
    title = (root.findtext("EXTRAINFO") or "").strip()
    text = f"{title}\n\n" if title else ""
    sentences: dict[int, Sentence] = {}
    body = root.find("TEXT")
    for i, s in enumerate(body.iter("s") if body is not None else []):
        words = "".join(s.itertext()).split()
        sep = "" if i == 0 else ("\n\n" if i == 1 and parse_date(text_of(sentences, text)) else " ")
        text += sep
        chunk, spans = _detokenise(words, len(text))
        sentences[int(s.get("id", i + 1))] = Sentence(len(text), len(text) + len(chunk), spans)
        text += chunk
    return Doc(doc_id, dct, text + "\n", sentences)


def text_of(sentences: dict[int, Sentence], text: str) -> str:
    """The last sentence written so far (the dateline candidate)."""
    if not sentences:
        return ""
    last = sentences[max(sentences)]
    return text[last.start : last.end]


def _gold_interval(value: str) -> tuple[str, str] | None:
    if "X" in value:
        return None
    lo, hi = bounds(value)
    return (lo, hi) if lo and hi else None


def _mention_offset(doc: Doc, sid: int, token: str) -> int | None:
    s = doc.sentences.get(sid)
    if s is None:
        return None
    words = token.split("_")
    toks = [t for t, _, _ in s.tokens]
    for i in range(len(toks) - len(words) + 1):
        if toks[i : i + len(words)] == words:
            return s.tokens[i][1]
    return s.start


def _nearest(events: list[Event], pos: int, token: str) -> Event:
    """The event whose title states the mention ("took" in "He took six months off"),
    else the one whose evidence is closest to it: stand-ins for its clause."""
    words = token.replace("_", " ").lower()
    titled = [e for e in events if re.search(rf"\b{re.escape(words)}\b", e.title.lower())]
    if len(titled) == 1:
        return titled[0]
    events = titled or events

    def distance(e: Event) -> int:
        if e.evidence is None:
            return 10**9
        return max(0, e.evidence.start - pos, pos - e.evidence.end)

    return min(events, key=distance)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--show", type=int, default=0, help="print N wrongly dated mentions")
    args = parser.parse_args()
    gold_dir, docs_dir = args.data / "gold-timelines", args.data / "documents"
    if not gold_dir.is_dir() or not docs_dir.is_dir():
        print(
            f"SemEval-2015 trial data not found under {args.data} (pass --data DIR)",
            file=sys.stderr,
        )
        return 2
    docs: dict[str, Doc] = {}
    for path in sorted(docs_dir.glob("*.tml")):
        d = read_document(path)
        docs[d.id] = d
    events = {
        i: extract_events(analyse(d.text, doc_id=i, path=f"{i}.txt"), published=d.dct)
        for i, d in docs.items()
    }
    counts: Counter[str] = Counter()
    wrong: list[str] = []
    for gold in sorted(gold_dir.glob("*.txt")):
        for line in gold.read_text(encoding="utf-8").splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) < 3:
                continue
            interval = _gold_interval(parts[1])
            for mention in parts[2:]:
                doc_id, sid, token = mention.split("-", 2)
                doc = docs.get(doc_id)
                if doc is None or int(sid) not in doc.sentences:
                    counts["missing"] += 1
                    continue
                counts["mentions"] += 1
                if interval is None:
                    continue
                counts["dated"] += 1
                s = doc.sentences[int(sid)]
                here = [
                    e
                    for e in events[doc_id]
                    if e.sentence and e.sentence.start < s.end and s.start < e.sentence.end
                ]
                if not here:
                    continue
                counts["covered"] += 1
                pos = _mention_offset(doc, int(sid), token) or s.start
                e = _nearest(here, pos, token)
                lo, hi = e.earliest or "0001-01-01", e.latest or "9999-12-31"
                inside = interval[0] <= lo and hi <= interval[1]
                contains = lo <= interval[0] and interval[1] <= hi
                if inside or contains:
                    counts["right"] += 1
                    if e.earliest is None or e.latest is None:
                        counts["right_open"] += 1
                    elif inside:
                        counts["right_exact"] += 1
                elif len(wrong) < args.show:
                    wrong.append(
                        f"{mention:28} gold {parts[1]:10} ours {e.date:22} [{e.evidence.text}]"
                        f"  {doc.text[s.start : s.end][:90]}"
                        if e.evidence
                        else mention
                    )
    dated, covered, right = counts["dated"], counts["covered"], counts["right"]
    print(f"documents: {len(docs)}  events: {sum(len(v) for v in events.values())}")
    print(
        f"gold mentions: {counts['mentions']}  with a date: {dated}  "
        f"(not found: {counts['missing']})"
    )
    print(
        f"coverage:      {covered}/{dated} = {covered / max(dated, 1):.1%} of dated mentions "
        "have an event in their sentence"
    )
    print(
        f"date accuracy: {right}/{covered} = {right / max(covered, 1):.1%} of covered mentions "
        f"(at gold precision or finer: {counts['right_exact']}, "
        f"wider: {right - counts['right_exact'] - counts['right_open']}, "
        f"open interval: {counts['right_open']})"
    )
    print(
        f"overall:       {right}/{dated} = {right / max(dated, 1):.1%} of dated mentions "
        "dated right"
    )
    for w in wrong:
        print("  wrong:", w)
    print()
    print_issue_figures(docs, gold_dir, events)
    return 0


def gold_items(docs: dict[str, Doc], gold_dir: Path) -> set[tuple[str, int, str]]:
    """Every timeline mention with a known date, as (document, sentence, date)."""
    items: set[tuple[str, int, str]] = set()
    for gold in sorted(gold_dir.glob("*.txt")):
        for line in gold.read_text(encoding="utf-8").splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) < 3 or _gold_interval(parts[1]) is None:
                continue
            for mention in parts[2:]:
                doc_id, sid, _ = mention.split("-", 2)
                if doc_id in docs and int(sid) in docs[doc_id].sentences:
                    items.add((doc_id, int(sid), parts[1]))
    return items


def recall_and_precision(
    docs: dict[str, Doc], items: set[tuple[str, int, str]], events: dict[str, list[Event]]
) -> tuple[float, float, int, int]:
    """Dated-event recall and date precision, as issue 11 defines them.

    recall: share of gold items for which an event whose evidence starts in that sentence
    has an interval inside the gold date's interval; precision: of the events whose
    evidence starts in a sentence holding gold dated mentions, the share inside one of
    that sentence's gold dates.
    """
    golds: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for doc_id, sid, value in items:
        golds.setdefault((doc_id, sid), []).append(_gold_interval(value))
    by_sentence: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for doc_id, evs in events.items():
        spans = sorted((s.start, s.end, sid) for sid, s in docs[doc_id].sentences.items())
        for e in evs:
            if e.evidence is None or e.earliest is None or e.latest is None:
                key = None
            else:
                key = next(
                    ((doc_id, sid) for lo, hi, sid in spans if lo <= e.evidence.start < hi), None
                )
            if key is not None and key in golds:
                by_sentence.setdefault(key, []).append((e.earliest, e.latest))
            elif key is None and e.evidence is not None:
                k2 = next(
                    ((doc_id, sid) for lo, hi, sid in spans if lo <= e.evidence.start < hi), None
                )
                if k2 in golds:
                    by_sentence.setdefault(k2, []).append(("", "~"))  # open: never inside

    def inside(ev: tuple[str, str], gold: tuple[str, str]) -> bool:
        return gold[0] <= ev[0] and ev[1] <= gold[1]

    hit = sum(
        1
        for doc_id, sid, value in items
        if any(inside(ev, _gold_interval(value)) for ev in by_sentence.get((doc_id, sid), []))
    )
    judged = [(ev, golds[key]) for key, evs in by_sentence.items() for ev in evs]
    right = sum(1 for ev, gs in judged if any(inside(ev, g) for g in gs))
    return hit / max(len(items), 1), right / max(len(judged), 1), len(items), len(judged)


def publication_day_baseline(docs: dict[str, Doc]) -> dict[str, list[Event]]:
    """Every sentence happened on the publication day: the baseline to beat."""
    out: dict[str, list[Event]] = {}
    for doc_id, d in docs.items():
        day = d.dct.isoformat()
        out[doc_id] = [
            Event(
                id=f"{doc_id}-{sid}", doc=doc_id, date=day, earliest=day, latest=day, title="",
                evidence={"start": s.start, "end": s.end, "text": d.text[s.start : s.end]},
            )
            for sid, s in d.sentences.items()
        ]
    return out


def print_issue_figures(
    docs: dict[str, Doc], gold_dir: Path, events: dict[str, list[Event]]
) -> None:
    items = gold_items(docs, gold_dir)
    print(f"dated gold items (document, sentence, date): {len(items)}")
    print(f"{'system':24} {'recall':>8} {'date precision':>15} {'events judged':>14}")
    for name, evs in (
        ("publication day", publication_day_baseline(docs)),
        ("timeline", events),
    ):
        r, p, _, n = recall_and_precision(docs, items, evs)
        print(f"{name:24} {r:8.1%} {p:15.1%} {n:14}")


if __name__ == "__main__":
    raise SystemExit(main())
