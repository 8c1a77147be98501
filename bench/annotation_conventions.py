"""How the gold corpora annotate the same constructions, and what that caps.

A tagger must pick one convention per construction; it cannot know which corpus a
text comes from. Where TimeBank and AQUAINT annotate the same construction
differently (or one corpus disagrees with itself), whatever a tagger picks is
scored wrong on the other side. This script measures that from the gold files
alone, with no tagger involved:

- per construction (table below), the conventions each corpus uses, with counts;
- gold values that contradict their own text (a weekday whose date is another
  weekday) and documents whose text appears twice under different creation dates;
- the value F1 ceiling per corpus for a tagger that follows, for each construction,
  the convention most used across both corpora, and is right on everything else.

Usage: python bench/annotation_conventions.py [--data FOLDER] [--examples N]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from timeline import timeml
from timeline.schema import Timex

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/data/timeml"
CORPORA = ("TimeBank", "AQUAINT")

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WD = "|".join(WEEKDAYS)
_POD = r"morning|afternoon|evening|night"
_DAY_POD = re.compile(rf"(?:early |late )?(?:{_WD}|today|yesterday|tomorrow)(?:'s)? (?:{_POD})",
                      re.I)
_DAY_ALONE = re.compile(rf"(?:early |late )?(?:{_WD}|today|yesterday|tomorrow)(?:'s)?", re.I)
_POD_AFTER = re.compile(rf"\s+(?:{_POD})\b", re.I)
_TONIGHT = re.compile(r"tonight", re.I)


def _shape(value: str) -> str:
    return re.sub(r"\d", "9", value)


def _day_part(t: Timex, text: str) -> str | None:
    s = text[t.start:t.end]
    if _DAY_POD.fullmatch(s) or _TONIGHT.fullmatch(s):
        if re.search(r"T(MO|AF|EV|NI)$", t.value):
            return "the day and its part (1998-10-23TNI)"
        if re.fullmatch(r"\d{4}-\d\d-\d\d", t.value):
            return "the day only (1998-10-23)"
        return f"other ({_shape(t.value)})"
    if _DAY_ALONE.fullmatch(s) and _POD_AFTER.match(text, t.end):
        return "the day only (1998-10-23)"  # the part of day is left outside the span
    return None


def _decade(t: Timex, text: str) -> str | None:
    if not re.fullmatch(r"(?:the )?(?:early |late |mid-?)?\d{3}0'?s", text[t.start:t.end], re.I):
        return None
    if re.fullmatch(r"\d{3}", t.value):
        return "three digits (199)"
    if re.fullmatch(r"\d{3}X", t.value):
        return "X for the year (199X)"
    return f"other ({t.type} {_shape(t.value)})"


def _year(t: Timex, text: str) -> str | None:
    s = text[t.start:t.end]
    if not re.fullmatch(r"\d{4}", s) or not t.value.startswith(s):
        return None
    rest = t.value[4:]
    if not rest:
        return "the year (1968)"
    if re.fullmatch(r"(?:-XX)+", rest):
        return "X-padded (1968-XX)"
    return "a more precise date known from elsewhere"


def _week(t: Timex, text: str) -> str | None:
    if not re.fullmatch(r"(?:the )?(?:last|this|next|past) week", text[t.start:t.end], re.I):
        return None
    v = t.value
    if t.type == "DURATION" or v.startswith("P"):
        return "a duration (P1W)"
    if re.fullmatch(r"\d{4}-W\d\d", v):
        return "ISO week (1998-W33)"
    if re.fullmatch(r"\d{4}-W\d", v):
        return "ISO week, unpadded (2000-W7)"
    if v.endswith("-WXX"):
        return "an unknown week (1998-WXX)"
    return "a day or month known from elsewhere"


def _weekend(t: Timex, text: str) -> str | None:
    if not re.fullmatch(r"(?:the|this|last|next|over the) weekend", text[t.start:t.end], re.I):
        return None
    if t.value.endswith("-WE"):
        return "the weekend (1998-W33-WE)"
    if t.value.startswith("P"):
        return "a duration (P2D)"
    return "a day known from elsewhere"


def _recent(t: Timex, text: str) -> str | None:
    if not re.fullmatch(r"(?:in )?recent (?:days|weeks|months|years)", text[t.start:t.end], re.I):
        return None
    return "the past (PAST_REF)" if t.value == "PAST_REF" else "a duration (PXM)"


def _ago(t: Timex, text: str) -> str | None:
    s = text[t.start:t.end]
    if not re.fullmatch(r"(?:about |some |more than |nearly |almost )?"
                        r"(?:\w+|\d+) (?:years|decades?) ago", s, re.I):
        return None
    if re.fullmatch(r"\d{4}", t.value):
        return "the year (1949)"
    if re.fullmatch(r"\d{4}(?:-XX)+", t.value):
        return "X-padded (1949-XX)"
    if t.value.startswith("P"):
        return "a duration (P50Y)"
    return f"other ({_shape(t.value)})"


@dataclass(frozen=True)
class Construction:
    name: str
    label: Callable[[Timex, str], str | None]


CONSTRUCTIONS = (
    Construction("weekday or day word + part of day ('Friday night')", _day_part),
    Construction("decade ('the 1990s')", _decade),
    Construction("a year in digits ('1968')", _year),
    Construction("'last/this/next week'", _week),
    Construction("'the weekend'", _weekend),
    Construction("'recent days/weeks/months/years'", _recent),
    Construction("'N years ago'", _ago),
)

# Span edges: is a leading word inside the gold span or left before it?
_DAYISH = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|"
           r"this week|this month|this year)(?: morning| afternoon| evening| night)?")
EDGES = (
    ("'early/earlier/late/later' before a day or 'this week'", r"(?:early|earlier|late|later) ",
     _DAYISH),
    ("'the' before 'the last/past/next N units'", r"the ",
     r"(?:last|past|next|first|previous) (?:\w+ )?(?:days|weeks|months|years|decades)"),
    ("'the' before a decade", r"the ", r"(?:early |late |mid-?)?\d{3}0'?s"),
)

# Words whose annotation is all-or-nothing: how often the gold marks them at all.
WORDS = (
    ("now", re.compile(r"\bnow\b", re.I)),
    ("daily/weekly (adjective or adverb)", re.compile(r"\b(?:daily|weekly)\b", re.I)),
    ("future (without 'the')", re.compile(r"(?<!the )\bfuture\b", re.I)),
    ("currently", re.compile(r"\bcurrently\b", re.I)),
    ("recently", re.compile(r"\brecently\b", re.I)),
)


def _weekday_contradiction(t: Timex, text: str) -> bool:
    named = [w for w in WEEKDAYS if re.search(rf"\b{w}\b", text[t.start:t.end], re.I)]
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)", t.value)
    if len(named) != 1 or not m or re.search(r"\b(?:before|after)\b", text[t.start:t.end], re.I):
        return False
    try:
        d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return True
    return WEEKDAYS[d.weekday()] != named[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT,
                        help="folder holding TimeBank/ and AQUAINT/ "
                             "(default: ../shared/data/timeml)")
    parser.add_argument("--examples", type=int, default=2, help="examples per finding")
    args = parser.parse_args()
    if not all((args.data / c).is_dir() for c in CORPORA):
        print(f"no TimeML corpora at {args.data} (expected TimeBank/ and AQUAINT/); "
              "nothing measured", file=sys.stderr)
        return 2

    docs = {c: [d for d in timeml.read_all(timeml.find_files(args.data / c))
                if not isinstance(d, timeml.TimeMLError)] for c in CORPORA}
    gold = {c: sum(len(d.timexes) for d in docs[c]) for c in CORPORA}
    counts: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    examples: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    contradictions: dict[str, list[str]] = defaultdict(list)
    for corpus in CORPORA:
        for d in docs[corpus]:
            for t in d.timexes:
                if _weekday_contradiction(t, d.text):
                    contradictions[corpus].append(
                        f"{d.id}: '{d.text[t.start:t.end]}' = {t.value} (DCT {d.dct})")
                for c in CONSTRUCTIONS:
                    label = c.label(t, d.text)
                    if label is None:
                        continue
                    counts[c.name][corpus][label] += 1
                    ex = examples[(c.name, corpus, label)]
                    if len(ex) < args.examples:
                        ex.append(f"'{d.text[t.start:t.end + 8].strip()}...' = {t.value}")
                    break

    print(f"gold time expressions: TimeBank {gold['TimeBank']}, AQUAINT {gold['AQUAINT']}\n")
    print("Constructions annotated more than one way (count per corpus):")
    unattainable: Counter[str] = Counter()
    for c in CONSTRUCTIONS:
        per = counts[c.name]
        combined = per["TimeBank"] + per["AQUAINT"]
        if not combined:
            continue
        choice, _ = combined.most_common(1)[0]
        print(f"\n  {c.name}   [a consistent tagger's best choice: {choice}]")
        for label, _n in combined.most_common():
            cells = "  ".join(f"{corpus} {per[corpus][label]:>3}" for corpus in CORPORA)
            print(f"    {cells}   {label}")
            for corpus in CORPORA:
                for e in examples[(c.name, corpus, label)]:
                    print(f"        {corpus}: {e}")
        for corpus in CORPORA:
            unattainable[corpus] += sum(per[corpus].values()) - per[corpus][choice]

    print("\nSpan edges (gold spans that include the word / leave it just before the span):")
    span_lost: Counter[str] = Counter()
    for name, lead, core in EDGES:
        lead_re, core_re = re.compile(lead, re.I), re.compile(core, re.I)
        before = re.compile(f"(?:{lead})\\s*$", re.I)
        inside = {c: 0 for c in CORPORA}
        outside = {c: 0 for c in CORPORA}
        for corpus in CORPORA:
            for d in docs[corpus]:
                for t in d.timexes:
                    s = d.text[t.start:t.end]
                    m = lead_re.match(s)
                    if m and core_re.fullmatch(s[m.end():].strip()):
                        inside[corpus] += 1
                    elif core_re.fullmatch(s) and before.search(
                            d.text[max(0, t.start - 25):t.start]):
                        outside[corpus] += 1
        keep_inside = sum(inside.values()) >= sum(outside.values())
        for corpus in CORPORA:
            span_lost[corpus] += outside[corpus] if keep_inside else inside[corpus]
        cells = "  ".join(f"{c} {inside[c]:>2} / {outside[c]:<2}" for c in CORPORA)
        choice = "inside" if keep_inside else "outside"
        print(f"    {cells}   {name}  [consistent choice: {choice}]")

    print("\nWords the gold marks only some of the time (marked / occurrences):")
    for name, pattern in WORDS:
        cells = []
        for corpus in CORPORA:
            marked = total = 0
            for d in docs[corpus]:
                for m in pattern.finditer(d.text):
                    total += 1
                    marked += any(t.start <= m.start() and m.end() <= t.end for t in d.timexes)
            cells.append(f"{corpus} {marked}/{total}")
        print(f"    {'  '.join(cells)}   {name}")

    print("\nGold dates whose weekday contradicts the weekday written in the text:")
    for corpus in CORPORA:
        print(f"    {corpus}: {len(contradictions[corpus])}")
        for e in contradictions[corpus][: args.examples]:
            print(f"        {e}")

    print("\nDocuments whose text appears twice with different creation dates:")
    seen: dict[str, tuple[str, date | None]] = {}
    twins: Counter[str] = Counter()
    for corpus in CORPORA:
        for d in docs[corpus]:
            key = " ".join(d.text.split())
            if key in seen and seen[key][1] != d.dct:
                twins[corpus] += len(d.timexes)
                print(f"    {corpus}: {d.id} (DCT {d.dct}) repeats {seen[key][0]} "
                      f"(DCT {seen[key][1]}); its {len(d.timexes)} relative values cannot "
                      "both be right")
            seen.setdefault(key, (d.id, d.dct))

    print("\nValue F1 ceiling for a tagger that follows one convention per construction and")
    print("is right on everything else (precision and recall both lose the conflicts):")
    for corpus in CORPORA:
        lost = unattainable[corpus] + len(contradictions[corpus])
        ceiling = 100 * (gold[corpus] - lost) / gold[corpus]
        print(f"    {corpus:<9} {lost:>3} of {gold[corpus]} gold values unreachable "
              f"(conventions {unattainable[corpus]}, self-contradicting "
              f"{len(contradictions[corpus])}) -> value F1 at most {ceiling:.1f}"
              + (f"; {twins[corpus]} more values sit in a document repeated under "
                 "another date" if twins[corpus] else ""))
    print("Strict-span matches lost to the span-edge conventions above, for the same tagger:")
    for corpus in CORPORA:
        ceiling = 100 * (gold[corpus] - span_lost[corpus]) / gold[corpus]
        print(f"    {corpus:<9} {span_lost[corpus]:>3} of {gold[corpus]} gold spans -> "
              f"strict F1 at most {ceiling:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
