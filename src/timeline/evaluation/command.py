"""The `evaluate` command: arguments, and the scores as a table, error lists or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from timeline.evaluation.errors import (
    context,
    error_groups,
    error_records,
    error_summary,
    worst,
)
from timeline.evaluation.runner import SPLITS, Failure, evaluate_files, select
from timeline.evaluation.scoring import Counts, DocResult, total, value_normalised_prf


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help=".tml files or folders of them (searched recursively)",
    )
    parser.add_argument(
        "--split",
        choices=SPLITS,
        default="all",
        help="within each PATH's sorted .tml files: dev = index %% 5 != 0, "
        "heldout = index %% 5 == 0 (default: all)",
    )
    parser.add_argument("--per-doc", action="store_true", help="print a table per document")
    parser.add_argument(
        "--errors",
        action="store_true",
        help="list every error in context, then the most frequent kinds",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def _scores_table(c: Counts) -> list[str]:
    lines = [f"{'':8} {'P':>6} {'R':>6} {'F1':>6}"]
    for kind in ("strict", "relaxed", "value", "type"):
        p, r, f = c.prf(kind)
        lines.append(f"{kind:8} {_pct(p):>6} {_pct(r):>6} {_pct(f):>6}")
    return lines


def _doc_row(r: DocResult) -> dict[str, Any]:
    c = r.counts
    return {
        "doc": r.id,
        "path": r.path,
        "gold": c.gold,
        "system": c.system,
        **{f"{k}_f1": round(c.prf(k)[2], 4) for k in ("strict", "relaxed", "value", "type")},
    }


def _worst_row(r: DocResult) -> dict[str, Any]:
    return {
        **_doc_row(r),
        "missed": [f"{t.text} ({t.value})" for t in r.missed],
        "wrong_values": [
            f"{p.gold.text}: gold {p.gold.value}, system {p.system.value}"
            for p in r.pairs
            if p.gold.value != p.system.value
        ],
    }


def _print_text(
    results: list[DocResult], failures: list[Failure], args: argparse.Namespace
) -> None:
    c = total(results)
    print(
        f"TempEval-3 TIMEX3 scores over {len(results)} documents "
        f"({c.gold} gold, {c.system} system timexes; split {args.split})"
    )
    print("\n".join(_scores_table(c)))
    p, r, f = value_normalised_prf(results)
    print(f"value, notation-normalised (199 = 199X, W8 = W08, T17 = T17:00): "
          f"P {_pct(p).strip()} R {_pct(r).strip()} F1 {_pct(f).strip()}")
    if args.per_doc:
        print()
        width = max([len(r.id) for r in results] + [8])
        print(
            f"{'document':<{width}} {'gold':>5} {'sys':>5} {'strict':>6} {'relax':>6} "
            f"{'value':>6} {'type':>6}"
        )
        for r in results:
            row = _doc_row(r)
            print(
                f"{r.id:<{width}} {row['gold']:>5} {row['system']:>5} "
                + " ".join(
                    f"{_pct(row[k + '_f1']):>6}" for k in ("strict", "relaxed", "value", "type")
                )
            )
    if args.errors:
        _print_errors(results)
    bad = worst(results)
    if bad:
        print("\nworst documents (by value F1, then relaxed F1):")
        for r in bad:
            row = _worst_row(r)
            print(
                f"  {r.id}: value F1 {_pct(row['value_f1']).strip()}, relaxed F1 "
                f"{_pct(row['relaxed_f1']).strip()} ({r.counts.gold} gold, "
                f"{r.counts.system} system)"
            )
            if row["missed"]:
                print(
                    f"    misses: {'; '.join(row['missed'][:8])}"
                    + (f"; ... {len(row['missed']) - 8} more" if len(row["missed"]) > 8 else "")
                )
            if row["wrong_values"]:
                print(f"    wrong values: {'; '.join(row['wrong_values'][:5])}")
    if failures:
        print(f"\n{len(failures)} file(s) could not be scored:", file=sys.stderr)
        for f in failures:
            print(f"  {f}", file=sys.stderr)


def _error_lines(r: DocResult) -> list[tuple[int, str]]:
    """One line per wrong timex: what is wrong (MISS, FALSE, VALUE+TYPE+SPAN) and context."""
    lines = []
    for t in r.missed:
        lines.append((t.start, f"MISS  {t.text!r} gold {t.type} {t.value}", t))
    for t in r.false_alarms:
        lines.append((t.start, f"FALSE {t.text!r} system {t.type} {t.value}", t))
    for p in r.pairs:
        g, s = p.gold, p.system
        kinds = [
            k
            for k, bad in (
                ("VALUE", g.value != s.value),
                ("TYPE", g.type != s.type),
                ("SPAN", not p.strict),
            )
            if bad
        ]
        if kinds:
            what = f"gold {g.type} {g.value}, system {s.type} {s.value}"
            if not p.strict:
                what = f"gold {g.text!r} {g.type} {g.value}, system {s.text!r} {s.type} {s.value}"
            lines.append((g.start, f"{'+'.join(kinds)} {what}", g))
    lines.sort(key=lambda x: x[0])
    return [(at, f"{msg}  | {context(r.text, t.start, t.end)}") for at, msg, t in lines]


def _print_errors(results: list[DocResult]) -> None:
    for r in results:
        lines = _error_lines(r)
        if not lines:
            continue
        print(f"\n== {r.id} ({r.path})")
        for _at, line in lines:
            print(f"  {line}")
    summary = error_summary(results)
    names = {
        "missed": "missed",
        "false_alarm": "false alarms",
        "span": "inexact spans",
        "wrong_value": "wrong values",
        "wrong_type": "wrong types",
    }
    print("\nerrors: " + ", ".join(f"{n} {names[kind]}" for kind, n in summary.items()))
    groups = error_groups(results)
    titles = {
        "missed": "most frequent missed phrases (digits as 9; e.g. phrase, gold type value)",
        "false_alarms": "most frequent false alarms (digits as 9; e.g. phrase, system type value)",
        "wrong_values": "wrong values by pattern (type: gold pattern -> system pattern)",
        "value_causes": "wrong values by cause",
        "wrong_types": "wrong types (gold -> system)",
        "spans": "inexact spans (what the system adds + or leaves out -)",
    }
    for key, title in titles.items():
        rows = groups[key]
        if not rows:
            continue
        print(f"\n{title}:")
        for g in rows:
            if key in ("missed", "false_alarms"):
                print(f"  {g['count']:4}  {g['pattern']!r}  e.g. {g['example']}")
            elif key == "wrong_values":
                print(
                    f"  {g['count']:4}  {g['type']}: {g['gold_pattern']} -> "
                    f"{g['system_pattern']}  e.g. {g['example']}"
                )
            elif key == "value_causes":
                print(f"  {g['count']:4}  {g['cause']}  e.g. {g['example']}")
            elif key == "wrong_types":
                print(f"  {g['count']:4}  {g['gold']} -> {g['system']}  e.g. {g['example']!r}")
            else:
                print(f"  {g['count']:4}  {g['difference']}  e.g. {g['example']}")


def _json_output(
    results: list[DocResult], failures: list[Failure], args: argparse.Namespace
) -> dict[str, Any]:
    c = total(results)
    out: dict[str, Any] = {
        "documents": len(results),
        "split": args.split,
        "counts": dict(
            zip(("gold", "system", "strict", "relaxed", "value", "type"), c.as_tuple(), strict=True)
        ),
        "scores": {k: {m: round(v, 4) for m, v in s.items()} for k, s in c.scores().items()},
        "value_notation_normalised": dict(
            zip(
                ("precision", "recall", "f1"),
                (round(x, 4) for x in value_normalised_prf(results)),
                strict=True,
            )
        ),
        "failures": [{"path": f.path, "line": f.line, "message": f.message} for f in failures],
        "worst": [_worst_row(r) for r in worst(results)],
    }
    if args.per_doc:
        out["per_doc"] = [_doc_row(r) for r in results]
    if args.errors:
        out["errors"] = [e for r in results for e in error_records(r)]
        out["error_summary"] = error_summary(results)
        out["error_groups"] = error_groups(results)
    return out


def run(args: argparse.Namespace) -> int:
    from timeline import timeml

    files: list[Path] = []
    for raw in args.paths:
        p = Path(raw)
        if not p.exists():
            print(f"timeline evaluate: error: {p}: no such file or folder", file=sys.stderr)
            return 2
        found = timeml.find_files(p)
        if not found:
            print(f"timeline evaluate: error: {p}: no .tml files in this folder", file=sys.stderr)
            return 2
        files.extend(select(found, args.split))

    from timeline.temporal import tag  # the tagger's tables load only when scoring runs

    results, failures = evaluate_files(files, tag)
    if args.json:
        json.dump(_json_output(results, failures, args), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        for f in failures:
            print(f"timeline evaluate: {f}", file=sys.stderr)
    else:
        _print_text(results, failures, args)
    return 1 if failures else 0
