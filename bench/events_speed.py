"""Event extraction speed on news text: sentence splitting and whole-document extraction.

Reads the TempEval-3 silver corpus beside the project (streamed from the tarball),
then prints characters/s for `timeline.sentences.sentences` alone and documents/s and
characters/s for `timeline.events.extract_events` (which includes tagging), plus the
number of events per document. Usage:

    python bench/events_speed.py [--corpus PATH] [--docs N] [--repeat N]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from timeline.documents import analyse
from timeline.events import extract_events
from timeline.sentences import sentences
from timeline.timeml import iter_tarball

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/data/corpus/te3-silver-timeml.tar.gz"


def documents(path: Path, limit: int) -> Iterator[tuple[str, str, date | None]]:
    """(name, plain text, DCT) of the first `limit` .tml members, streamed."""
    stream = iter_tarball(path, on_error=lambda _err: None)
    for doc_id, dct, text in itertools.islice(stream, limit):
        yield doc_id, text, dct


def best_of(repeat: int, fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.process_time()  # CPU seconds: one core's throughput, whatever the load
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--docs", type=int, default=500, help="documents to use (default 500)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N timings (default 3)")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (pass --corpus PATH)", file=sys.stderr)
        return 2
    docs = list(documents(args.corpus, args.docs))
    chars = sum(len(t) for _, t, _ in docs)
    prepared = [(analyse(t, doc_id=n, path=n), dct) for n, t, dct in docs]
    extract_events(*prepared[0])  # compile the tagger's rules outside the timing

    split = best_of(args.repeat, lambda: [sentences(t) for _, t, _ in docs])
    counts: list[int] = []
    full = best_of(
        args.repeat, lambda: counts.extend(len(extract_events(d, p)) for d, p in prepared)
    )
    events = sum(counts) // args.repeat
    print(f"documents: {len(docs)}  characters: {chars:,}")
    print(f"sentences: {chars / split:,.0f} characters/s")
    print(f"events:    {len(docs) / full:,.1f} documents/s  {chars / full:,.0f} characters/s"
          " (per CPU second)")
    print(f"events per document: {events / len(docs):.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
