"""Tagging speed on news text: characters per second for `timeline.temporal.tag`.

Reads the TempEval-3 silver corpus beside the project (streamed from the tarball),
tags the <TEXT> of every document with its DCT, and prints chars per CPU second
(one core's throughput, whatever the machine's load). It then times
`dateparser.search.search_dates` on a sample of the same documents (it is slow)
and prints the speed ratio. Usage:

    python bench/tagger_speed.py [--corpus PATH] [--sample-docs N] [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from timeline.timeml import iter_tarball

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/data/corpus/te3-silver-timeml.tar.gz"


def documents(path: Path) -> Iterator[tuple[str, date | None]]:
    """(plain text, DCT) of each .tml member, streamed by the project's own TimeML reader."""
    for _doc_id, dct, text in iter_tarball(path, on_error=lambda _err: None):
        yield text, dct


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument(
        "--sample-docs",
        type=int,
        default=40,
        help="documents given to dateparser for the comparison (default 40)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="best of N timings (default 3)")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(
            f"corpus not found: {args.corpus} (expected ../shared/data/corpus/"
            "te3-silver-timeml.tar.gz beside the project); nothing measured",
            file=sys.stderr,
        )
        return 0

    docs = list(documents(args.corpus))
    chars = sum(len(t) for t, _ in docs)
    from timeline.temporal import tag

    tag("warm up on 25 September 2018", None)
    best = float("inf")
    found = 0
    for _ in range(args.repeat):
        t0 = time.process_time()
        found = sum(len(tag(text, dct)) for text, dct in docs)
        best = min(best, time.process_time() - t0)
    ours = chars / best
    print(f"documents           {len(docs)}")
    print(f"characters          {chars}")
    print(f"time expressions    {found}")
    print(f"tag()               {ours:,.0f} chars/s  ({best:.2f} CPU s, best of {args.repeat})")

    from dateparser.search import search_dates

    sample = docs[: args.sample_docs]
    sample_chars = sum(len(t) for t, _ in sample)
    t0 = time.process_time()
    for text, _dct in sample:
        search_dates(text, languages=["en"])
    theirs = sample_chars / (time.process_time() - t0)
    print(f"search_dates()      {theirs:,.0f} chars/s  ({len(sample)} documents)")
    print(f"speed ratio         {ours / theirs:,.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
