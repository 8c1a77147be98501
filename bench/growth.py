"""Extraction time and memory on one large document: growth must be linear.

Builds one news document by concatenating the TempEval-3 silver corpus beside the
project (streamed from the tarball, paragraphs kept), then times reading and
extracting it (`timeline.documents.analyse`, then `timeline.events.windows`, which reads
a document longer than 1,000,000 characters a window at a time, as `extract` does) at
1, 4 and 16 MB, in CPU seconds. Prints CPU s per MB and, between consecutive sizes,
the growth of the cost per MB per doubling of the size: 1.00x is perfectly linear,
and it must stay within 1.3x. With `--rss`, also writes a 50 MB document to a
temporary folder and prints the peak resident memory (target: under 600 MB) of fresh
processes that handle it: the extraction above alone, and the real command
`python -m timeline extract DOC --out events.json` as a first run (no events file yet),
with the cache and with `--no-cache`, and with `--shards DIR` (`--rss-runs` picks).

    python bench/growth.py [--sizes 1 4 16] [--rss] [--rss-mb 50]
                           [--rss-runs extract out no-cache shards] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timeline.timeml import iter_tarball

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/data/corpus/te3-silver-timeml.tar.gz"
MB = 1_000_000


def news_text(corpus: Path, size: int) -> str:
    """`size` characters of news: the corpus's documents one after another, repeated."""
    parts: list[str] = []
    total = 0
    while total < size:
        before = total
        for _doc_id, _dct, text in iter_tarball(corpus, on_error=lambda _err: None):
            parts.append(text.strip() + "\n\n")
            total += len(parts[-1])
            if total >= size:
                break
        if total == before:
            raise SystemExit(f"{corpus}: no documents could be read")
    return "".join(parts)[:size]


def cpu_seconds(text: str) -> tuple[float, int]:
    """CPU time to read and extract `text` as one document, and the events found."""
    from datetime import date

    from timeline.documents import analyse
    from timeline.events.windows import extract_in_windows

    started = time.process_time()
    doc = analyse(text, doc_id="large", path="large.txt")
    found = 0
    for events in extract_in_windows(doc, published=date(2013, 1, 1)):  # as `extract` reads
        found += len(events)
        del events
    return time.process_time() - started, found


def _peak_of(cmd: list[str], cwd: Path) -> int:
    """Peak RSS in MB of the command run to its end in a fresh process (its own, via wait4)."""
    with open(cwd / "stderr.txt", "wb") as err:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        said = (cwd / "stderr.txt").read_text(errors="replace")
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{said}")
    return int(usage.ru_maxrss) // 1024


RUNS = {  # what each --rss-runs name runs on DOC (in a folder of its own)
    "extract": "in-process analyse + extract_events, as timed above",
    "out": "timeline extract DOC --out events.json (first run, cache on)",
    "no-cache": "timeline extract DOC --out events.json --no-cache (first run)",
    "shards": "timeline extract DOC --shards shards/",
}


def _command(run: str, doc: Path, here: str) -> list[str]:
    if run == "extract":
        code = (
            "import sys; from pathlib import Path; sys.path[:0] = sys.argv[2:]; import growth;"
            "growth.cpu_seconds(Path(sys.argv[1]).read_text(encoding='utf-8'))"
        )
        return [sys.executable, "-c", code, str(doc), here]
    cli = [sys.executable, "-m", "timeline", "extract", str(doc), "--quiet", "--jobs", "1"]
    if run == "shards":
        return [*cli, "--shards", "shards"]
    return [*cli, "--out", "events.json"] + (["--no-cache"] if run == "no-cache" else [])


def peak_rss(corpus: Path, megabytes: float, runs: list[str]) -> None:
    """Print the peak RSS of each run on one document of `megabytes` MB."""
    here = str(Path(__file__).resolve().parent)
    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / "large.txt"
        doc.write_text(news_text(corpus, int(megabytes * MB)), encoding="utf-8")
        for run in runs:
            folder = Path(tmp) / run
            folder.mkdir()
            peak = _peak_of(_command(run, doc, here), folder)
            print(f"peak RSS at {megabytes:g} MB, {RUNS[run]}: {peak} MB (target < 600 MB)",
                  flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 4, 16], metavar="MB")
    parser.add_argument("--rss", action="store_true", help="also peak memory at --rss-mb")
    parser.add_argument("--rss-mb", type=float, default=50)
    parser.add_argument("--rss-runs", nargs="+", choices=list(RUNS), default=list(RUNS))
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (pass --corpus PATH)", file=sys.stderr)
        return 2
    cpu_seconds(news_text(args.corpus, 20_000))  # compile the rules outside the timing
    print(f"{'MB':>6} {'events':>8} {'CPU s':>8} {'CPU s/MB':>9} {'growth/doubling':>16}")
    previous: tuple[float, float] | None = None
    worst = 0.0
    for size in args.sizes:
        text = news_text(args.corpus, int(size * MB))
        seconds, events = cpu_seconds(text)
        per_mb = seconds / size
        growth = ""
        if previous is not None:
            doublings = math.log2(size / previous[0])
            factor = (per_mb / previous[1]) ** (1 / doublings)
            worst = max(worst, factor)
            growth = f"{factor:.2f}x"
        print(f"{size:>6g} {events:>8} {seconds:>8.1f} {per_mb:>9.2f} {growth:>16}", flush=True)
        previous = (size, per_mb)
        del text
    if worst:
        verdict = "linear" if worst <= 1.3 else "NOT linear"
        print(f"worst growth of the cost per MB per doubling: {worst:.2f}x ({verdict}, limit 1.3x)")
    if args.rss:
        peak_rss(args.corpus, args.rss_mb, args.rss_runs)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"(this process's peak RSS: {own} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
