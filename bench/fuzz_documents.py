"""Fuzz extraction with generated documents: crashes, invalid EDTF and span mismatches.

Each document is a random mix of news-like sentence templates filled with dates in
many forms (ISO, written out, numeric, quarters, seasons with early/mid/late, decades,
centuries, open intervals, relative days, years 1-9999, huge numbers), plus unicode,
CRLF and CR line ends, blank lines, front matter with odd publication dates and
run-on text. Every document goes through the real reading and extraction
(`timeline.documents.analyse`, `document_record`, `timeline.events.extract_events`),
sometimes with a curated publication date, and every event is checked:

- crashes: any exception while extracting (must be 0);
- invalid EDTF: an event `date` that `timeline.dates.bounds` rejects, or whose
  `earliest`/`latest` are not the ones it implies (must be 0);
- span mismatches: `text[start:end] != span.text` for evidence, sentence,
  date_source and attribution (must be 0).

Deterministic for a given seed and count. Usage:

    python bench/fuzz_documents.py [--count 20000] [--seed 12] [--jobs 2] [--show 5]
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import time
import traceback
from collections import Counter
from datetime import date

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
]
ABBR = ["Jan.", "Feb.", "Mar.", "Apr.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SEASONS = ["spring", "summer", "fall", "autumn", "winter"]
PARTS = ["early", "mid", "late", "the end of", "the beginning of", "the middle of"]
UNITS = ["years", "months", "weeks", "days"]
QUARTERS = ["first", "second", "third", "fourth", "last"]
SOURCES = [
    "police said", "the ministry said", "according to officials", "she said",
    "a spokesman for the company told reporters", "the report found", "he added",
    "Müller told Le Monde", "analysts at Crédit Agricole said",
]
TEMPLATES = [
    "The company has grown {d} and {d2}.",
    "Prices rose {d}, {src}.",
    "The council voted {d} to close the plant.",
    "“We will finish {d},” {src}.",
    "The bridge was built {d} and repaired {d2}.",
    "Sales fell {d} after rising {d2}, {src}.",
    "Officials met {d} and again {d2}.",
    "The law, passed {d}, takes effect {d2}.",
    "Since {d} the town has lost half its people.",
    "{D} the storm hit the coast, {src}.",
    "The trial is expected to end {d}.",
    "He was born {d} and died {d2}.",
    "Unemployment was 5% {d}, compared with 7% {d2}.",
    "The deal closed {d} for {n} dollars.",
    "Revenue in {d} was {n} euros — a record.",
    "Le président a parlé {d}. 東京 {d2}.",
    "The group said it had arrested {n} people {d}.",
    "Construction ran from {d} to {d2}.",
    "By {d} the fund held {n} shares.",
    "It was the {ord} time {d} that the river flooded.",
]


def _year(r: random.Random) -> int:
    pick = r.random()
    if pick < 0.15:
        return r.randint(1, 99)
    if pick < 0.25:
        return r.randint(100, 999)
    if pick < 0.3:
        return r.randint(9900, 9999)
    return r.randint(1900, 2030)


def _date_phrase(r: random.Random) -> str:
    y, m, d = _year(r), r.randint(1, 12), r.randint(1, 31)
    forms = [
        lambda: f"in {y}",
        lambda: f"on {MONTHS[m - 1]} {d}, {y}",
        lambda: f"on {d} {MONTHS[m - 1]} {y}",
        lambda: f"on {y:04d}-{m:02d}-{d:02d}",
        lambda: f"on {m}/{d}/{y % 100:02d}",
        lambda: f"on {ABBR[m % len(ABBR)]} {d}",
        lambda: f"in {MONTHS[m - 1]} {y}",
        lambda: f"in {r.choice(PARTS)} {r.choice(SEASONS)} {y}",
        lambda: f"in {r.choice(PARTS)} {r.choice(SEASONS)} of {y}",
        lambda: f"in the {r.choice(QUARTERS)} quarter of {y}",
        lambda: f"in Q{r.randint(1, 4)} {y}",
        lambda: f"in the {r.choice(QUARTERS)} quarter",
        lambda: f"in the {y // 10 * 10}s",
        lambda: f"in the {r.choice(PARTS)} {y // 10 * 10}s",
        lambda: f"in the '{y % 100 // 10}0s",
        lambda: f"in the {r.randint(1, 21)}th century",
        lambda: f"in the {r.choice(PARTS)} {r.randint(1, 21)}th century",
        lambda: f"since {y}",
        lambda: f"until {MONTHS[m - 1]} {y}",
        lambda: f"between {y} and {y + r.randint(-5, 30)}",
        lambda: f"from {MONTHS[m - 1]} to {MONTHS[(m + 3) % 12]} {y}",
        lambda: f"by {y}",
        lambda: f"before {y}",
        lambda: f"after {r.choice(SEASONS)} {y}",
        lambda: f"last {r.choice(WEEKDAYS)}",
        lambda: f"on {r.choice(WEEKDAYS)}",
        lambda: r.choice(["yesterday", "today", "tomorrow", "last year", "next year",
                          "last month", "this week", "recently", "now", "last fall",
                          "two centuries ago", "in recent years", "over the past decade",
                          "the previous week", "earlier this year", "the year before"]),
        lambda: f"{r.randint(1, 400)} years ago",
        lambda: f"in {r.randint(10**6, 10**30)}",
        lambda: f"in week {r.randint(1, 60)} of {y}",
        lambda: f"at {r.randint(0, 30)}:{r.randint(0, 70):02d} p.m. on {r.choice(WEEKDAYS)}",
        lambda: f"in {MONTHS[m - 1]} {d}{r.choice(['st', 'nd', 'rd', 'th'])}, {y}",
        lambda: f"in the {y}/{(y + 1) % 100:02d} season",
        lambda: f"on the {d}th",
        lambda: f"in {y} BC",
        lambda: f"in {y} AD",
        lambda: f"in FY{y % 100:02d}",
        lambda: f"in H{r.randint(1, 2)} {y}",
        lambda: f"around {y}",
        lambda: f"in the {r.choice(['mid', 'late', 'early'])}-{y // 10 * 10}s",
        lambda: f"on {MONTHS[m - 1]} {r.randint(29, 99)}, {y}",
        lambda: f"on {y}-{r.randint(0, 99):02d}-{r.randint(0, 99):02d}",
        lambda: f"in the year {r.choice([0, 1, 5, 10000, 99999])}",
        lambda: f"in the first quarter of year {r.randint(1, 3)}",
        lambda: f"in Q{r.randint(1, 4)} {r.randint(1, 9)}",
        lambda: f"at {r.randint(0, 99)}:{r.randint(0, 99):02d} GMT+{r.randint(0, 30)}",
        lambda: f"{r.randint(2, 9)} {r.choice(UNITS)} before {MONTHS[m - 1]} {d}",
        lambda: f"the day after {r.choice(WEEKDAYS)}",
        lambda: f"over the past {r.randint(1, 5000)} {r.choice(UNITS)}",
        lambda: f"in the last few {r.choice(['decades', 'centuries', 'years'])}",
        lambda: " ".join((r.choice(["early", "late"]), r.choice(["this", "next", "last"]),
                          r.choice(["year", "month", "decade", "century"]))),
        lambda: f"every {r.choice(WEEKDAYS)} since {MONTHS[m - 1]}",
        lambda: f"on the {r.randint(1, 5)}th {r.choice(WEEKDAYS)} of {MONTHS[m - 1]}",
        lambda: f"{r.choice(['in', 'on', 'at', 'by', 'since'])} {_noise(r, 12)}",
    ]
    return r.choice(forms)()


NOISE = (
    "abc XYZ 0123456789 -/.,:;'\"“”‘’()[]—–…"
    "\u00a0\u200b\u0301\t\r\n\x0b\x0c\x85\u2028\u2029é東京ßÆ🙂"
)


def _noise(r: random.Random, n: int) -> str:
    return "".join(r.choice(NOISE) for _ in range(r.randint(1, n)))


def _number(r: random.Random) -> str:
    return r.choice([
        str(r.randint(0, 10**4)), f"{r.randint(1, 999)},{r.randint(0, 999):03d}",
        str(r.randint(10**15, 10**40)), f"{r.random() * 1e6:.2f}", "1e308", "two million",
    ])


def _sentence(r: random.Random) -> str:
    t = r.choice(TEMPLATES)
    d = _date_phrase(r)
    s = t.format(
        d=d, d2=_date_phrase(r), D=d[0].upper() + d[1:], src=r.choice(SOURCES),
        n=_number(r), ord=r.choice(["first", "second", "10th", "third"]),
    )
    if r.random() < 0.05:
        s = s.upper()
    if r.random() < 0.05:
        s = s.replace(" ", "\u00a0")
    return s


def _front_matter(r: random.Random) -> str:
    y = _year(r)
    value = r.choice([
        f"{y:04d}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
        f"{y:04d}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T10:00:00Z",
        f"{MONTHS[r.randint(0, 11)]} {r.randint(1, 28)}, {y}",
        "not a date", "0000-00-00", f"{y}-13-45",
    ])
    title = r.choice(["Budget talks", "“Quoted” title", "Ünïcödé", ""])
    return f"---\ntitle: {title}\ndate: {value}\n---\n"


def make_document(r: random.Random) -> tuple[str, date | None]:
    """One document's text and, sometimes, a curated publication date."""
    parts: list[str] = []
    if r.random() < 0.3:
        parts.append(_front_matter(r))
    if r.random() < 0.2:
        parts.append(f"# {r.choice(['Headline', 'News', 'Report'])} {_date_phrase(r)}\n\n")
    if r.random() < 0.15:
        parts.append(f"PARIS ({r.choice(['AP', 'Reuters', 'AFP'])}) — ")
    for _ in range(r.randint(1, 12)):
        parts.append(_sentence(r))
        parts.append(r.choice([" ", " ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\n\n\n\n", "  "]))
    if r.random() < 0.05:
        parts.append(_noise(r, 400))
    if r.random() < 0.05:
        parts.append(" and ".join(_date_phrase(r) for _ in range(r.randint(20, 80))) + ".")
    text = "".join(parts)
    if r.random() < 0.1:
        text = "\r\n".join(text.split("\n"))
    if r.random() < 0.05:
        text = "\ufeff" + text
    dct = None
    if r.random() < 0.2:
        dct = date(_year(r), r.randint(1, 12), r.randint(1, 28))
    return text, dct


SPANS = ("evidence", "sentence", "date_source", "attribution")


def check_document(seed: int, index: int) -> tuple[Counter[str], list[str]]:
    """Extract one generated document and count what is wrong with the result."""
    import timeline.events
    from timeline.dates import EDTFError, bounds
    from timeline.documents import analyse, document_record
    from timeline.events import extract_events

    dropped = getattr(timeline.events, "DROPPED_DATES", Counter())  # older code: none
    dropped_before = Counter(dropped)
    r = random.Random(f"{seed}-{index}")
    text, dct = make_document(r)
    counts: Counter[str] = Counter(documents=1)
    found: list[str] = []
    try:
        doc = analyse(text, doc_id=f"fuzz{index}", path=f"fuzz{index}.txt")
        document_record(doc, published=dct) if dct else document_record(doc)
        events = extract_events(doc, published=dct)
    except Exception as exc:
        counts["crashes"] += 1
        where = traceback.extract_tb(exc.__traceback__)[-1]
        found.append(
            f"crash #{index}: {type(exc).__name__}: {exc} "
            f"({where.filename.rsplit('/', 1)[-1]}:{where.lineno}) dct={dct} text={text[:300]!r}"
        )
        return counts, found
    counts["events"] += len(events)
    for origin, n in (dropped - dropped_before).items():
        counts[f"dropped dates ({origin})"] += n
    for e in events:
        try:
            if bounds(e.date) != (e.earliest, e.latest):
                raise EDTFError("earliest/latest disagree with the date")
        except EDTFError as exc:
            counts["invalid EDTF"] += 1
            found.append(f"invalid EDTF #{index}: {e.date!r} ({exc}) from {e.evidence}")
        for name in SPANS:
            span = getattr(e, name)
            if span is not None and text[span.start : span.end] != span.text:
                counts["span mismatches"] += 1
                found.append(f"span mismatch #{index}: {name} {span}")
    return counts, found


def _chunk(task: tuple[int, int, int]) -> tuple[Counter[str], list[str]]:
    seed, lo, hi = task
    total: Counter[str] = Counter()
    found: list[str] = []
    for i in range(lo, hi):
        c, f = check_document(seed, i)
        total.update(c)
        found.extend(f)
    return total, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000, help="documents (default 20000)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--show", type=int, default=5, help="problems to print (default 5)")
    args = parser.parse_args()
    started = time.perf_counter()
    step = 250
    tasks = [(args.seed, lo, min(lo + step, args.count)) for lo in range(0, args.count, step)]
    total: Counter[str] = Counter()
    found: list[str] = []
    if args.jobs > 1:
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            results = list(pool.imap(_chunk, tasks))
    else:
        results = [_chunk(t) for t in tasks]
    for c, f in results:
        total.update(c)
        found.extend(f)
    elapsed = time.perf_counter() - started
    print(f"fuzzed {total['documents']} documents (seed {args.seed}) in {elapsed:.1f}s "
          f"with {args.jobs} job(s)")
    print(f"{'check':<26}{'count':>8}  must be")
    print(f"{'events':<26}{total['events']:>8}  -")
    for name in ("crashes", "invalid EDTF", "span mismatches"):
        print(f"{name:<26}{total[name]:>8}  0")
    for name in sorted(k for k in total if k.startswith("dropped")):
        print(f"{name:<26}{total[name]:>8}  (invalid, kept out of the events file)")
    kinds = Counter(p.split(" #", 1)[0] for p in found)
    for line in found[: args.show]:
        print("  " + line[:600])
    if len(found) > args.show:
        print(f"  ... {len(found) - args.show} more ({dict(kinds)})")
    return 1 if any(total[k] for k in ("crashes", "invalid EDTF", "span mismatches")) else 0


if __name__ == "__main__":
    sys.exit(main())
