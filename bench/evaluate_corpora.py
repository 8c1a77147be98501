"""TempEval-3 TIMEX3 scores of the tagger on the TimeML gold corpora, as one table.

Reads ../shared/data/timeml/{TimeBank,AQUAINT} beside the project and prints
corpus x {strict P/R/F1, relaxed P/R/F1, value F1, value F1 notation-normalised,
type F1}. In each corpus every fifth file (sorted index % 5 == 0, the same as
`evaluate --split heldout`) is held out; the other four fifths are the development
set. The headline value F1 compares value strings exactly; "valN" first equates
purely notational variants (decade "199" = "199X", "W8" = "W08", "T17" = "T17:00").
For HeidelTime measured on the same documents, see `bench/compare_heideltime.py`. Usage:

    python bench/evaluate_corpora.py [--data FOLDER]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from timeline import timeml
from timeline.evaluation import (
    DocResult,
    evaluate_files,
    select,
    toolkit_relaxed,
    total,
    value_normalised_prf,
)

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/data/timeml"


def _row(name: str, results: list[DocResult]) -> str:
    c = total(results)
    cells = [f"{name:<34}", f"{len(results):>4}", f"{c.gold:>5}"]
    for kind in ("strict", "relaxed"):
        cells += [f"{100 * x:5.1f}" for x in c.prf(kind)]
    cells += [
        f"{100 * c.prf('value')[2]:5.1f}",
        f"{100 * value_normalised_prf(results)[2]:5.1f}",
        f"{100 * c.prf('type')[2]:5.1f}",
    ]
    return "  ".join(cells)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT,
        help="folder holding TimeBank/ and AQUAINT/ (default: ../shared/data/timeml)",
    )
    args = parser.parse_args()
    timebank, aquaint = args.data / "TimeBank", args.data / "AQUAINT"
    if not timebank.is_dir() or not aquaint.is_dir():
        print(
            f"no TimeML corpora at {args.data} (expected TimeBank/ and AQUAINT/ there, i.e. "
            "shared/data/timeml beside the project); nothing measured",
            file=sys.stderr,
        )
        return 2

    from timeline.temporal import tag

    tb_files = timeml.find_files(timebank)
    aq_files = timeml.find_files(aquaint)
    started = time.perf_counter()
    tb, tb_fail = evaluate_files(tb_files, tag)
    aq, aq_fail = evaluate_files(aq_files, tag)
    elapsed = time.perf_counter() - started
    held_paths = {str(p) for p in select(tb_files, "heldout") + select(aq_files, "heldout")}
    tb_held = [r for r in tb if r.path in held_paths]
    tb_dev = [r for r in tb if r.path not in held_paths]
    aq_held = [r for r in aq if r.path in held_paths]
    aq_dev = [r for r in aq if r.path not in held_paths]

    header = "  ".join(
        [
            f"{'corpus':<34}",
            "docs",
            " gold",
            "str P",
            "str R",
            "strF1",
            "rel P",
            "rel R",
            "relF1",
            "valF1",
            " valN",
            "typF1",
        ]
    )
    print(header)
    print("-" * len(header))
    print(_row("TimeBank (all)", tb))
    print(_row("TimeBank development (4/5)", tb_dev))
    print(_row("TimeBank held out (every 5th)", tb_held))
    print(_row("AQUAINT (all)", aq))
    print(_row("AQUAINT development (4/5)", aq_dev))
    print(_row("AQUAINT held out (every 5th)", aq_held))
    print(_row("held out (both corpora, every 5th)", tb_held + aq_held))
    p, r, f = toolkit_relaxed(tb_held + aq_held)
    print(
        f"\nheld out, relaxed counted per side as the TempEval-3 toolkit does (not one-to-one): "
        f"P {100 * p:.1f} R {100 * r:.1f} F1 {100 * f:.1f}"
    )
    chars = sum(len(r.text) for r in tb + aq)
    print(
        f"{len(tb) + len(aq)} documents, {chars:,} characters tagged and scored in {elapsed:.1f} s"
    )
    failures = tb_fail + aq_fail
    for f in failures:
        print(f"could not score {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
