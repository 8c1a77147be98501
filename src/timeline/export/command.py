"""`timeline export`: the events file as TimelineJS, CSV, HTML, JSON Lines or iCalendar."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT = "data/events.json"
EXIT_OK = 0
EXIT_NOTHING = 1  # no event matched the filters (the file is still written)
EXIT_USAGE = 2  # missing or invalid events file, bad filter, unwritable output

EPILOG = """examples:
  timeline export --format html --out timeline.html
  timeline export --events data/events.json --format csv --from 2001 --to 2003-06 --out -
  timeline export --format timelinejs --group actor --min-confidence 0.6 --out tl.json

exit codes: 0 written, 1 no event matched (an empty export is written), 2 bad input"""


def configure(parser: argparse.ArgumentParser) -> None:
    from timeline.export import FORMATS, GROUPS

    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--events", default=DEFAULT, metavar="FILE",
                        help=f"events file to export (default: {DEFAULT})")
    parser.add_argument("--format", required=True, choices=list(FORMATS),
                        help="timelinejs (TimelineJS3 JSON), csv, html (one offline page), "
                        "jsonl (one event per line) or ics (iCalendar, events dated to the day)")
    parser.add_argument("--out", default="-", metavar="FILE",
                        help="where to write; - for standard output (default)")
    parser.add_argument("--include-rejected", action="store_true",
                        help="also export events marked rejected")
    parser.add_argument("--from", dest="date_from", metavar="DATE",
                        help="only events that end on or after this EDTF date (e.g. 2001, 2001-06)")
    parser.add_argument("--to", dest="date_to", metavar="DATE",
                        help="only events that start on or before this EDTF date")
    parser.add_argument("--doc", action="append", default=[], metavar="ID",
                        help="only events of this document id (repeatable)")
    parser.add_argument("--min-confidence", type=float, default=0.0, metavar="X",
                        help="only events with at least this confidence (0 to 1)")
    parser.add_argument("--group", choices=GROUPS, default="document",
                        help="lanes (TimelineJS groups, HTML rows) by document or by who says so")
    parser.add_argument("--title", default=None, help="title of the timeline (HTML, TimelineJS)")
    parser.add_argument("--docs", action="append", metavar="DIR",
                        help="folder documents may be read from for the HTML page's source "
                        "paragraphs, besides the events file's folder (default: current folder)")


def _err(message: str) -> None:
    print(f"timeline export: {message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from timeline.curation import CurationError, load_events_file
    from timeline.dates import EDTFError
    from timeline.export import Selection, render

    if not 0.0 <= args.min_confidence <= 1.0:
        _err(f"--min-confidence must be from 0 to 1, got {args.min_confidence:g}")
        return EXIT_USAGE
    events = Path(args.events)
    try:
        loaded = load_events_file(events)
    except CurationError as exc:
        _err(f"{events} is not a valid events file (see `timeline validate`):")
        for problem in exc.problems[:20]:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_USAGE
    if loaded is None:
        hint = " (the default; run `timeline extract` first)" if args.events == DEFAULT else ""
        _err(f"{events}: no such file{hint}")
        return EXIT_USAGE
    selection = Selection(args.date_from, args.date_to, tuple(args.doc), args.min_confidence,
                          args.include_rejected)
    try:
        result = render(loaded.raw, args.format, selection, events_path=events, docs=args.docs,
                        group_by=args.group, title=args.title)
    except EDTFError as exc:
        _err(f"--from/--to: {exc}")
        return EXIT_USAGE
    try:
        _write(args.out, result.content)
    except OSError as exc:
        _err(f"--out {args.out}: cannot be written ({exc.strerror or exc})")
        return EXIT_USAGE
    where = "standard output" if args.out == "-" else args.out
    note = f" ({result.left_out} without an exact day left out)" if result.left_out else ""
    print(f"exported {result.events} events as {args.format} to {where}{note}", file=sys.stderr)
    return EXIT_OK if result.events else EXIT_NOTHING


def _write(out: str, content: str) -> None:
    if out == "-":
        sys.stdout.write(content)
        sys.stdout.flush()
        return
    import os
    import tempfile

    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(content)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
