"""`timeline timex FILE [--dct YYYY-MM-DD] [--json]`: the time expressions of one file.

The JSON output (a list of {"start", "end", "text", "type", "value"[, "mod"]}) is a
stable contract used for evaluation; offsets index the file's decoded text
(UTF-8, byte-order mark removed).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="a UTF-8 text file")
    parser.add_argument("--dct", metavar="YYYY-MM-DD",
                        help="publication date that relative expressions resolve against")
    parser.add_argument("--json", action="store_true", help="print a JSON list")


def _fail(message: str) -> int:
    print(f"timeline timex: error: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    dct = None
    if args.dct is not None:
        try:
            dct = date.fromisoformat(args.dct)
        except ValueError:
            return _fail(f"--dct {args.dct!r} is not a date: expected YYYY-MM-DD, e.g. 2018-10-04")
    path: Path = args.file
    from timeline.readers import DERIVED, ReadError, format_of, read_bytes

    fmt = format_of(path.name)
    try:
        raw = path.read_bytes()
        # A web page or PDF: its text as extract reads it; else UTF-8 as written.
        text = read_bytes(raw, path.name, fmt).text if fmt in DERIVED else raw.decode("utf-8-sig")
    except ReadError as exc:
        return _fail(f"{path}: {exc.reason}")
    except FileNotFoundError:
        return _fail(f"{path}: no such file")
    except IsADirectoryError:
        return _fail(f"{path}: is a directory, expected a text file")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return _fail(f"{path}: line {line}: byte {exc.start} is not valid UTF-8 "
                     f"(expected a UTF-8 text file)")
    except OSError as exc:
        return _fail(f"{path}: cannot read: {exc.strerror}")

    from timeline.temporal import tag  # the tables load only when the command runs

    timexes = tag(text, dct)
    if args.json:
        rows = []
        for t in timexes:
            row = {"start": t.start, "end": t.end, "text": t.text, "type": t.type,
                   "value": t.value}
            if t.mod:
                row["mod"] = t.mod
            rows.append(row)
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    if not timexes:
        print("no time expressions found")
        return 0
    width = max(len(t.text) for t in timexes)
    width = min(max(width, 4), 40)
    print(f"{'start':>6} {'end':>6}  {'text':<{width}}  {'type':<8} {'value':<14} {'edtf':<24} how")
    for t in timexes:
        text = t.text.replace("\n", " ")
        text = text if len(text) <= width else text[: width - 1] + "…"
        value = t.value + (f" ({t.mod})" if t.mod else "")
        print(f"{t.start:>6} {t.end:>6}  {text:<{width}}  {t.type:<8} {value:<14} "
              f"{t.edtf or '-':<24} {t.anchoring}")
    return 0
