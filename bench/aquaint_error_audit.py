"""Where the tagger's AQUAINT value F1 goes: every value error, read and classified.

`bench/data/aquaint_value_errors.tsv` holds one line per error that costs value F1
(a miss, a false alarm, a wrong value), each put by a reader into one category:
the tagger is wrong, the corpora mark the construction more than one way, the value
needs facts beyond the document's time expressions, the gold leaves out an
expression it marks elsewhere, the gold contradicts the text, or the document is
repeated under another creation date. This script tags AQUAINT again, joins the
errors it finds with that file, and prints:

- the errors per category, and the value F1 the tagger would have if the errors of
  the categories so far in the list went its way;
- errors not yet classified (new since the file was written: read and add them);
- classified errors that are gone (fixed, or changed: remove or re-read them).

Usage: python bench/aquaint_error_audit.py [--data FOLDER] [--list CATEGORY]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from timeline import timeml
from timeline.evaluation import error_records, evaluate_files, total

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parents[0].parent / "shared/data/timeml"
ADJUDICATION = HERE / "data" / "aquaint_value_errors.tsv"
VALUE_KINDS = ("missed", "false_alarm", "wrong_value")
# Order of the cumulative rows: what a better tagger could win first, the corpus last.
CATEGORIES = (
    "system",
    "world-knowledge",
    "convention",
    "gold-omission",
    "gold-error",
    "repeated-document",
)

Key = tuple[str, str, int]


def read_adjudication(path: Path) -> dict[Key, dict[str, str]]:
    rows: dict[Key, dict[str, str]] = {}
    with path.open(encoding="utf-8") as f:
        numbered = [(n, line) for n, line in enumerate(f, start=1) if not line.startswith("#")]
    reader = csv.DictReader((line for _n, line in numbered), delimiter="\t")
    for (n, _line), row in zip(numbered[1:], reader, strict=True):
        if row["category"] not in CATEGORIES:
            raise SystemExit(
                f"{path}:{n}: category {row['category']!r} is not one of "
                f"{', '.join(CATEGORIES)}"
            )
        rows[(row["doc"], row["kind"], int(row["start"]))] = row
    return rows


def _f1(correct: int, system: int, gold: int) -> float:
    return 2 * correct / (system + gold) if system + gold else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT,
                        help="folder holding AQUAINT/ (default: ../shared/data/timeml)")
    parser.add_argument("--list", metavar="CATEGORY", choices=CATEGORIES,
                        help="also list the errors of one category")
    args = parser.parse_args()
    folder = args.data / "AQUAINT"
    if not folder.is_dir():
        print(f"no AQUAINT corpus at {folder}; nothing measured", file=sys.stderr)
        return 2

    from timeline.temporal import tag

    results, _failures = evaluate_files(timeml.find_files(folder), tag)
    counts = total(results)
    errors: dict[Key, dict[str, Any]] = {}
    for r in results:
        for e in error_records(r):
            if e["kind"] in VALUE_KINDS:
                errors[(e["doc"], e["kind"], e["start"])] = e
    judged = read_adjudication(ADJUDICATION)

    by_category: Counter[str] = Counter()
    gains: dict[str, list[int]] = {c: [0, 0] for c in CATEGORIES}  # [correct, system]
    for key, e in errors.items():
        row = judged.get(key)
        if row is None:
            continue
        category = row["category"]
        by_category[category] += 1
        if e["kind"] == "wrong_value":
            gains[category][0] += 1
        elif e["kind"] == "missed":
            gains[category][0] += 1
            gains[category][1] += 1
        else:
            gains[category][1] -= 1

    correct, system, gold = counts.value, counts.system, counts.gold
    print(f"AQUAINT: {len(results)} documents, {gold} gold, {system} system time expressions")
    print(f"value F1 now: {100 * _f1(correct, system, gold):.1f}")
    print(f"value errors: {len(errors)}; classified {sum(by_category.values())}\n")
    print(f"{'category':<20} {'errors':>6}   value F1 if these and those above went right")
    for category in CATEGORIES:
        correct += gains[category][0]
        system += gains[category][1]
        f1 = _f1(correct, system, gold)
        print(f"{category:<20} {by_category[category]:>6}   {100 * f1:5.1f}")

    unjudged = [e for k, e in errors.items() if k not in judged]
    gone = [row for k, row in judged.items() if k not in errors]
    print(f"\nnot yet classified: {len(unjudged)}")
    for e in unjudged:
        print(f"  {e['doc']}\t{e['kind']}\t{e['start']}\t"
              f"gold {e['gold_value']}\tsystem {e['system_value']}\t| {e['context']}")
    print(f"classified but no longer an error: {len(gone)}")
    for row in gone:
        print(f"  {row['doc']}\t{row['kind']}\t{row['start']}\t{row['text']!r}\t{row['category']}")
    if args.list:
        print(f"\n{args.list}:")
        for key, e in errors.items():
            row = judged.get(key)
            if row is not None and row["category"] == args.list:
                print(f"  {e['doc']}\t{e['kind']}\tgold {e['gold_value']}\t"
                      f"system {e['system_value']}\t{row['note']}\t| {e['context']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
