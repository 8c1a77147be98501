"""`timeline validate [FILE]`: every problem of an events file, exit 0 valid, 2 invalid."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT = "data/events.json"
EXIT_VALID = 0
EXIT_INVALID = 2


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", nargs="?", default=DEFAULT, metavar="FILE", help=f"events file (default: {DEFAULT})"
    )
    parser.add_argument(
        "--no-spans",
        action="store_true",
        help="do not read the documents to check that evidence spans match their text",
    )
    parser.add_argument(
        "--docs",
        action="append",
        metavar="DIR",
        help="a folder documents may be read from, besides the events file's folder "
        "(repeatable; default: the current folder). Paths outside are refused.",
    )


def run(args: argparse.Namespace) -> int:
    from timeline.curation.checks import id_lines, validate_events_data
    from timeline.curation.errors import CurationError
    from timeline.curation.store import parse_json
    from timeline.curation.texts import DocumentTexts

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        print(f"{path}: no such file (run `timeline extract` to create it)", file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:
        print(f"{path}: cannot be read ({exc.strerror or exc})", file=sys.stderr)
        return EXIT_INVALID
    try:
        raw = parse_json(data, str(path))
    except CurationError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        print(f"{path}: invalid", file=sys.stderr)
        return EXIT_INVALID
    texts = None
    if not args.no_spans and isinstance(raw, dict) and isinstance(raw.get("documents"), list):
        from timeline.roots import default_roots

        texts = DocumentTexts(path, raw["documents"], default_roots(path, args.docs))
    result = validate_events_data(raw, source=str(path), lines=id_lines(data), text_of=texts)
    for doc in sorted(texts.missing) if texts else []:
        result.warnings.append(
            f"{path}: document {doc}: file not found, its spans were not checked"
        )
    for doc, why in sorted(texts.refused.items()) if texts else []:
        result.problems.append(f"{path}: document {doc}: path {why}")
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if result.own_fields:
        shown = "; ".join(result.own_fields[:5])
        more = f" and {len(result.own_fields) - 5} more" if len(result.own_fields) > 5 else ""
        print(f"note: fields of your own, kept as they are: {shown}{more}", file=sys.stderr)
    for p in result.problems:
        print(p, file=sys.stderr)
    if result.problems:
        print(f"{path}: invalid ({len(result.problems)} problem(s))", file=sys.stderr)
        return EXIT_INVALID
    events = raw.get("events", [])
    docs = raw.get("documents", [])
    print(f"{path}: valid ({len(docs)} documents, {len(events)} events)")
    return EXIT_VALID
