"""The dashboard's stories view at 10,000 and 100,000 events: server time per step.

Writes a synthetic events file per size (happenings told one to five times by different
documents, one report in twenty a year off, so some stories conflict; a story per
happening told twice or more, described by the stories' own `describe`), then measures
in one process what a page visit and a filter change cost on the server:
  - the stories of a new file version (dumped, hand edits previewed), first time;
  - the rows shown for "at least 2 sources", and with a date window (events filtered);
  - the figure for all of them (counts above 1,500 stories) and zoomed to one year;
  - one story's quotes.
Each size runs in its own process so that its peak RSS is its own.

    python bench/dashboard_stories.py [--sizes 10000 100000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from timeline.dates import bounds

WORDS = ("port", "budget", "council", "dam", "flood", "vote", "strike", "court", "bridge",
         "report", "inquiry", "grant", "storm", "tariff", "merger", "election")  # fmt: skip


def synthetic(n: int, seed: int) -> dict[str, Any]:
    """An events file of `n` events with documents and stories."""
    from timeline.stories import describe, story_id

    rng = random.Random(seed)
    n_docs = max(10, n // 20)
    events: list[dict[str, Any]] = []
    groups: list[list[dict[str, Any]]] = []
    while len(events) < n:
        year, month = rng.randint(1990, 2024), rng.randint(1, 12)
        title = " ".join(rng.sample(WORDS, 3)).capitalize()
        docs = rng.sample(range(n_docs), min(rng.randint(1, 5), n - len(events)))
        group = []
        for d in docs:
            y = year + (1 if rng.random() < 0.05 else 0)
            day = f"{y}-{month:02d}-{rng.randint(1, 28):02d}"
            date = rng.choice([str(y), f"{y}-{month:02d}", day])
            lo, hi = bounds(date)
            sentence = f"{title} in {date}."
            ev = {"id": f"e{len(events):07d}", "doc": f"doc{d:05d}", "date": date,
                  "earliest": lo, "latest": hi, "title": title,
                  "evidence": {"start": 0, "end": len(date), "text": date},
                  "sentence": {"start": 0, "end": len(sentence), "text": sentence},
                  "how": "explicit", "confidence": 0.8, "status": "active"}  # fmt: skip
            events.append(ev)
            group.append(ev)
        groups.append(group)
    stories = [{"id": story_id(e["id"] for e in g), **describe(g)} for g in groups if len(g) > 1]
    documents = [{"id": f"doc{d:05d}", "path": f"docs/doc{d:05d}.txt", "title": f"Doc {d}"}
                 for d in range(n_docs)]  # fmt: skip
    return {"version": 1, "documents": documents, "events": events, "stories": stories}


def _timed(fn: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - started


def measure(n: int, seed: int) -> dict[str, Any]:
    from timeline.dashboard import filters as flt
    from timeline.dashboard import stories, story_figure
    from timeline.dashboard.data import EventStore

    folder = Path(tempfile.mkdtemp())
    path = folder / "events.json"
    path.write_text(json.dumps(synthetic(n, seed)), encoding="utf-8")
    store = EventStore(path)
    snap, load = _timed(store.current)
    out: dict[str, Any] = {"events": n, "stories": len(snap.model.stories), "load_s": load}
    all_2 = flt.from_query("?stories=2")
    _, out["stories_first_s"] = _timed(lambda: stories.story_dicts(snap))
    view, out["rows_s"] = _timed(lambda: stories.story_view(snap, all_2))
    window = flt.from_query("?stories=2&from=2000&to=2004")
    _, out["rows_dates_s"] = _timed(lambda: stories.story_view(snap, window))
    found = story_figure.to_marks(view.rows)[0]
    fig, out["figure_s"] = _timed(lambda: story_figure.build_figure(found))
    out["figure_kb"] = len(json.dumps(fig)) / 1024
    out["figure_kind"] = fig["data"][0]["type"] if fig["data"] else "empty"
    zoom = ("2010-01-01", "2010-12-31")
    fig, out["zoom_s"] = _timed(lambda: story_figure.build_figure(found, window=zoom))
    out["zoom_kind"] = fig["data"][0]["type"] if fig["data"] else "empty"
    chosen = view.rows[len(view.rows) // 2]["id"]
    _, out["quotes_s"] = _timed(lambda: stories.quotes(snap, chosen, view.visible))
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.seed)))
        return 0
    print(f"{'events':>8} {'stories':>8} {'load s':>7} {'stories s':>9} {'rows s':>7} "
          f"{'dates s':>7} {'figure s':>8} {'figure':>16} {'1 year s':>8} {'quotes s':>8} "
          f"{'peak RSS':>9}")  # fmt: skip
    for n in args.sizes:
        done = subprocess.run([sys.executable, __file__, "--one", str(n), "--seed", str(args.seed)],
                              capture_output=True, text=True, check=True)  # fmt: skip
        r = json.loads(done.stdout)
        kind = f"{r['figure_kind']} {r['figure_kb']:.0f} KB"
        print(f"{r['events']:>8} {r['stories']:>8} {r['load_s']:>7.2f} "
              f"{r['stories_first_s']:>9.2f} "
              f"{r['rows_s']:>7.2f} {r['rows_dates_s']:>7.2f} {r['figure_s']:>8.2f} "
              f"{kind:>16} "
              f"{r['zoom_s']:>8.2f} {r['quotes_s']:>8.3f} {r['peak_rss_mb']:>6.0f} MB")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
