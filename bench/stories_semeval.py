"""Stories against the SemEval-2015 Task 4 trial timelines: same happening, pair by pair.

Each gold timeline line groups the mentions of one event across documents. The
extracted events whose evidence starts in a sentence holding gold mentions are
scored: a pair of them should share a story when their sentences' gold mentions
share a gold timeline line. Printed: pairwise precision, recall and F1 of "same
story", beside two baselines: every event its own story, and events with the same
date (the same EDTF value; and, stricter, the same single day) as one story.
The grouping's settings are its defaults, fixed before this data was looked at.
Usage:

    python bench/stories_semeval.py [--data DIR] [--show N]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from itertools import combinations
from pathlib import Path
from typing import Any

from event_timelines import DEFAULT, Doc, read_document
from timeline.documents import analyse
from timeline.events import extract_events
from timeline.stories import DEFAULT as DEFAULT_SETTINGS
from timeline.stories import groups

Pair = tuple[str, str]


def gold_lines(gold_dir: Path, half: int | None = None) -> dict[tuple[str, int], set[str]]:
    """(document, sentence) -> the gold timeline lines its mentions belong to; with
    `half` (1 or 2), only the timelines (topics) at odd or even places in name order."""
    lines: dict[tuple[str, int], set[str]] = defaultdict(set)
    for k, gold in enumerate(sorted(gold_dir.glob("*.txt"))):
        if half is not None and k % 2 != half - 1:
            continue
        for n, line in enumerate(gold.read_text(encoding="utf-8").splitlines()[1:], start=2):
            for mention in line.split("\t")[2:]:
                doc_id, sid, _token = mention.split("-", 2)
                lines[(doc_id, int(sid))].add(f"{gold.stem}:{n}")
    return lines


def sentence_of(doc: Doc, offset: int) -> int | None:
    for sid, s in doc.sentences.items():
        if s.start <= offset < max(s.end, s.start + 1):
            return sid
    return None


def scored_events(
    docs: dict[str, Doc], events: list[dict[str, Any]], lines: dict[tuple[str, int], set[str]]
) -> dict[str, set[str]]:
    """Event id -> gold lines of its sentence, for events in sentences with gold mentions."""
    out = {}
    for e in events:
        evidence = e.get("evidence")
        if not evidence:
            continue
        sid = sentence_of(docs[e["doc"]], evidence["start"])
        if sid is not None and (e["doc"], sid) in lines:
            out[e["id"]] = lines[(e["doc"], sid)]
    return out


def pairs_by(key: Callable[[dict[str, Any]], Any], events: list[dict[str, Any]]) -> set[Pair]:
    """Pairs of events with the same non-None key."""
    groups_of: dict[Any, list[str]] = defaultdict(list)
    for e in events:
        k = key(e)
        if k is not None:
            groups_of[k].append(e["id"])
    return {tuple(sorted(p)) for ids in groups_of.values() for p in combinations(ids, 2)}


def prf(predicted: set[Pair], gold: set[Pair]) -> tuple[float | None, float, float]:
    right = len(predicted & gold)
    p = right / len(predicted) if predicted else None
    r = right / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p and r else 0.0
    return p, r, f


def show(name: str, scores: tuple[float | None, float, float], predicted: int) -> None:
    p, r, f = scores
    shown = "  n/a " if p is None else f"{p:6.1%}"
    print(f"{name:34} P {shown}  R {r:6.1%}  F1 {f:6.1%}  ({predicted} pairs)")


def _kinds(gold: set[Pair], by_id: dict[str, dict[str, Any]]) -> dict[str, set[Pair]]:
    """Gold pairs by where their events are and whether their dates can agree."""
    out: dict[str, set[Pair]] = defaultdict(set)
    for a, b in gold:
        ea, eb = by_id[a], by_id[b]
        if ea["doc"] != eb["doc"]:
            where = "other documents"
        elif ea.get("sentence") == eb.get("sentence"):
            where = "one sentence"
        else:
            where = "one document"
        lo = max(ea["earliest"] or "", eb["earliest"] or "")
        hi = min(ea["latest"] or "9999", eb["latest"] or "9999")
        out[f"{where}, dates {'overlap' if lo <= hi else 'exclude each other'}"].add((a, b))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--show", type=int, default=0, help="print N wrong pairs of each kind")
    parser.add_argument("--link", type=float, default=None,
                        help="link threshold instead of the default (a sensitivity check only)")
    parser.add_argument("--half", type=int, choices=(1, 2), default=None,
                        help="score only the topics (gold timelines) at odd (1) or even (2) "
                        "places in name order: tune on one half, report the other")
    args = parser.parse_args()
    gold_dir, docs_dir = args.data / "gold-timelines", args.data / "documents"
    if not gold_dir.is_dir() or not docs_dir.is_dir():
        print(f"SemEval-2015 trial data not found under {args.data} (pass --data DIR)",
              file=sys.stderr)
        return 2
    docs = {d.id: d for d in (read_document(p) for p in sorted(docs_dir.glob("*.tml")))}
    events: list[dict[str, Any]] = []
    for doc_id, d in docs.items():
        found = extract_events(analyse(d.text, doc_id=doc_id, path=f"{doc_id}.txt"),
                               published=d.dct)
        events.extend(e.model_dump(mode="json") for e in found)
    lines = gold_lines(gold_dir, args.half)
    scored = scored_events(docs, events, lines)
    ids = sorted(scored)
    gold = {(a, b) for a, b in combinations(ids, 2) if scored[a] & scored[b]}
    settings = DEFAULT_SETTINGS if args.link is None else replace(DEFAULT_SETTINGS, link=args.link)
    story_of = {m: n for n, members in enumerate(groups(events, settings)) for m in members}
    ours = {(a, b) for a, b in combinations(ids, 2) if a in story_of
            and story_of.get(a) == story_of.get(b)}
    inside = [e for e in events if e["id"] in scored]
    same_date = pairs_by(lambda e: e["date"], inside)
    same_day = pairs_by(lambda e: e["date"] if e["earliest"] == e["latest"] else None, inside)
    if args.half:
        topics = sorted(p.stem for p in gold_dir.glob("*.txt"))[args.half - 1 :: 2]
        print(f"half {args.half}: topics {', '.join(topics)}")
    print(f"documents: {len(docs)}  events: {len(events)}  scored events: {len(ids)}  "
          f"gold same-happening pairs: {len(gold)}")
    show("all singletons", prf(set(), gold), 0)
    show("same day = same story", prf(same_day, gold), len(same_day))
    show("same date (EDTF value) = same story", prf(same_date, gold), len(same_date))
    show("stories", prf(ours, gold), len(ours))
    by_id = {e["id"]: e for e in events}
    print("gold pairs by kind (found by stories / all):")
    for kind, members in sorted(_kinds(gold, by_id).items()):
        print(f"  {kind:44} {len(members & ours):3} / {len(members)}")
    for label, wrong in (("false link", ours - gold), ("missed", gold - ours)):
        for a, b in sorted(wrong)[: args.show]:
            print(f"  {label}: [{by_id[a]['date']}] {by_id[a]['title']!r}  ~  "
                  f"[{by_id[b]['date']}] {by_id[b]['title']!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
