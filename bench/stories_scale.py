"""Grouping time and peak memory at 10,000 and 100,000 synthetic events.

Synthetic happenings (a few distinctive words and a date) are each reported one to
five times by different documents, with some of the words, filler words and the date
at day, month or year precision; one report in twenty gives the neighbouring year.
Each size runs in its own process, so that its peak resident memory is its own.
Printed per size: wall and CPU seconds to build the stories (grouping and describing; on
a busy machine the CPU figure is the one-core cost), peak RSS and how much of it the
synthetic events themselves hold, stories found, and pairwise precision/recall against
the synthetic truth.
Usage:

    python bench/stories_scale.py [--sizes 10000 100000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from itertools import combinations
from typing import Any

from timeline.dates import bounds

SYLLABLES = tuple("kalominerusativobedafeguhijokulamanoperi"[i : i + 2] for i in range(0, 40, 2))


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def synthetic(n: int, seed: int) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """`n` events and the happening each reports."""
    rng = random.Random(seed)
    vocabulary = [_word(rng) for _ in range(max(2000, n // 2))]
    filler = vocabulary[:300]  # frequent words every story uses
    events: list[dict[str, Any]] = []
    truth: dict[str, int] = {}
    happening = 0
    while len(events) < n:
        words = rng.sample(vocabulary, 6)
        year, month, day = rng.randint(1990, 2024), rng.randint(1, 12), rng.randint(1, 28)
        for _ in range(min(rng.randint(1, 5), n - len(events))):
            told = rng.sample(words, rng.randint(3, 5)) + rng.sample(filler, 3)
            rng.shuffle(told)
            text = " ".join(told).capitalize() + "."
            first = text.split()[0]  # the evidence is a whole word, as the extractor's are
            shown_year = year + (1 if rng.random() < 0.05 else 0)
            y = str(shown_year)
            date = rng.choice([y, f"{y}-{month:02d}", f"{y}-{month:02d}-{day:02d}"])
            lo, hi = bounds(date)
            ident = f"e{len(events):07d}"
            start = len(events) * 100
            events.append({
                "id": ident,
                "doc": f"doc{rng.randrange(max(1, n // 8))}",
                "date": date,
                "earliest": lo,
                "latest": hi,
                "title": text[:40].rsplit(" ", 1)[0],  # whole words, as titles are
                "evidence": {"start": start, "end": start + len(first), "text": first},
                "sentence": {"start": start, "end": start + len(text), "text": text},
                "confidence": 0.8,
            })
            truth[ident] = happening
        happening += 1
    return events, truth


def _pairs(groups: list[list[str]]) -> set[tuple[str, str]]:
    return {p for g in groups for p in combinations(sorted(g), 2)}


def measure(n: int, seed: int) -> dict[str, Any]:
    from timeline.stories import build_stories

    events, truth = synthetic(n, seed)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu = time.perf_counter(), time.process_time()
    stories = build_stories(events)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    by_happening: dict[int, list[str]] = {}
    for ident, h in truth.items():
        by_happening.setdefault(h, []).append(ident)
    gold = _pairs(list(by_happening.values()))
    ours = _pairs([s["members"] for s in stories])
    right = len(gold & ours)
    return {
        "events": n,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "events_rss_mb": round(before, 1),
        "stories": len(stories),
        "precision": round(right / max(1, len(ours)), 3),
        "recall": round(right / max(1, len(gold)), 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.seed)))
        return 0
    print(f"{'events':>8} {'seconds':>8} {'CPU s':>7} {'peak RSS':>9} {'of which events':>16} "
          f"{'stories':>8} {'P':>6} {'R':>6}")
    for n in args.sizes:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--seed", str(args.seed)],
            capture_output=True, text=True, check=True,
        )
        r = json.loads(done.stdout)
        print(f"{r['events']:>8} {r['seconds']:>8.2f} {r['cpu_seconds']:>7.2f} "
              f"{r['peak_rss_mb']:>6.0f} MB {r['events_rss_mb']:>13.0f} MB "
              f"{r['stories']:>8} {r['precision']:>6.1%} {r['recall']:>6.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
