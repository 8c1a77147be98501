"""How often an event's date is right, by `how` and by confidence, on TimeML gold.

Gold dates come from the TLINKs of TimeBank and AQUAINT (`../shared/data/timeml`): an
event linked to a time expression (or to the document creation time) by IS_INCLUDED,
SIMULTANEOUS, DURING, BEGINS, ENDS or IDENTITY (or the time INCLUDES the event)
happened inside that time's interval. As in `bench/event_timelines.py`, an extracted
event whose evidence starts in a sentence holding gold dated events is right when its
interval lies inside one of them (an open interval never does); events in other
sentences are not judged.

Prints accuracy per `how` and a reliability table (mean confidence against observed
accuracy per confidence bin) for the development files (index % 5 != 0) and the held-out
files (index % 5 == 0). `--write` fits the per-`how` calibration on the development files
and writes `src/timeline/resources/calibration.tsv`, which extraction applies; run it
with the shipped table emptied first (`--raw`) so the fit sees the rules' own values.

    python bench/event_reliability.py [--data DIR] [--write] [--raw]
"""

from __future__ import annotations

import argparse
import sys
from bisect import bisect_right
from collections import defaultdict
from pathlib import Path

from timeline import timeml
from timeline.dates import bounds
from timeline.documents import analyse
from timeline.evaluation.runner import select
from timeline.events import calibration, extract_events
from timeline.sentences import sentences

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/data/timeml"
INSIDE = {"IS_INCLUDED", "SIMULTANEOUS", "DURING", "BEGINS", "ENDS", "IDENTITY"}
BINS = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
Judged = tuple[str, float, bool]  # how, confidence, right


def gold_dates(doc: timeml.TimeMLDocument) -> dict[int, list[tuple[str, str]]]:
    """Per sentence index: the intervals its gold events happened in."""
    times: dict[str, tuple[str, str]] = {}
    for tid, t in zip(doc.timex_ids, doc.timexes, strict=False):
        try:
            lo, hi = bounds(t.value) if t.type in ("DATE", "TIME") else (None, None)
        except ValueError:
            continue
        if lo and hi:
            times[tid] = (lo, hi)
    if doc.dct is not None and doc.dct_tid:
        times[doc.dct_tid] = (doc.dct.isoformat(), doc.dct.isoformat())
    start_of = {e.eid: e.start for e in doc.events}
    eid_of = {i.eiid: i.eid for i in doc.instances}
    spans = sentences(doc.text)
    starts = [s for s, _ in spans]
    out: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for link in doc.tlinks:
        pair = _event_time(link)
        if pair is None:
            continue
        eiid, tid = pair
        eid = eid_of.get(eiid)
        if eid not in start_of or tid not in times:
            continue
        out[bisect_right(starts, start_of[eid]) - 1].append(times[tid])
    return out


def _event_time(link: timeml.GoldTLink) -> tuple[str, str] | None:
    if link.source[0] == "event" and link.target[0] == "time" and link.relation in INSIDE:
        return link.source[1], link.target[1]
    if link.source[0] == "time" and link.target[0] == "event" and link.relation == "INCLUDES":
        return link.target[1], link.source[1]
    return None


def judge(path: Path) -> list[Judged]:
    doc = timeml.read(path)
    if doc.dct is None:
        return []
    golds = gold_dates(doc)
    starts = [s for s, _ in sentences(doc.text)]
    source = analyse(doc.text, doc_id=doc.id, path=path.name)
    out = []
    for e in extract_events(source, published=doc.dct):
        i = bisect_right(starts, e.evidence.start) - 1 if e.evidence else -1
        if i not in golds:
            continue
        ours = (e.earliest or "0000-00-00", e.latest or "9999-99-99")
        right = any(_consistent(ours, gold) for gold in golds[i])
        out.append((e.how, e.confidence, right))
    return out


def _consistent(ours: tuple[str, str], gold: tuple[str, str]) -> bool:
    """The event's date says the truth at the coarser of the two precisions: one interval
    lies inside the other ("2019" for a gold day in 2019, or a day inside a gold year)."""
    inside = gold[0] <= ours[0] and ours[1] <= gold[1]
    contains = ours[0] <= gold[0] and gold[1] <= ours[1]
    return inside or contains


def report(name: str, judged: list[Judged]) -> None:
    print(f"\n{name}: {len(judged)} events judged, "
          f"{sum(r for *_, r in judged) / max(len(judged), 1):.1%} right")
    print(f"  {'how':12} {'events':>7} {'right':>7} {'mean conf':>10}")
    by_how: dict[str, list[Judged]] = defaultdict(list)
    for j in judged:
        by_how[j[0]].append(j)
    for how, rows in sorted(by_how.items()):
        right = sum(r for *_, r in rows) / len(rows)
        mean = sum(c for _, c, _ in rows) / len(rows)
        print(f"  {how:12} {len(rows):7} {right:7.1%} {mean:10.2f}")
    print(f"  {'confidence':12} {'events':>7} {'right':>7} {'mean conf':>10}")
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        rows = [j for j in judged if lo <= j[1] < hi]
        if rows:
            right = sum(r for *_, r in rows) / len(rows)
            mean = sum(c for _, c, _ in rows) / len(rows)
            print(f"  {lo:.1f}-{min(hi, 1.0):.1f}{'':4} {len(rows):7} {right:7.1%} {mean:10.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--write", action="store_true", help="fit and write the calibration")
    parser.add_argument("--raw", action="store_true", help="measure without the calibration")
    args = parser.parse_args()
    files = sorted(args.data.glob("*/*.tml"))
    if not files:
        print(f"no TimeML files under {args.data} (pass --data DIR)", file=sys.stderr)
        return 2
    if args.raw:
        calibration.disable()
    dev = [j for f in select(files, "dev") for j in judge(f)]
    held = [j for f in select(files, "heldout") for j in judge(f)]
    report("development files", dev)
    report("held-out files", held)
    if args.write:
        table = calibration.fit(dev)
        path = calibration.write(table)
        print(f"\nwrote {path.name}: " + ", ".join(f"{h} x{f:.2f}" for h, (f, _) in table.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
