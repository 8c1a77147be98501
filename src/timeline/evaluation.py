"""`timeline evaluate PATH...`: TempEval-3 entity scores of the tagger against TimeML gold.

Metrics follow the TempEval-3 definitions for TIMEX3, micro-averaged over all
documents. Spans are compared on characters after trimming surrounding spaces and
punctuation. *strict*: the trimmed spans are identical. *relaxed*: they overlap;
the pairing is one-to-one (each gold and each system timex used at most once),
chosen to maximise matches, then exact matches, then overlap. *value* / *type*: a
relaxed match whose attribute equals gold's; precision is over system timexes,
recall over gold timexes.

The scoring functions are pure (text, gold, system in; counts and pairs out) so
tests and benches use them without the command line.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from timeline.schema import Timex

Tagger = Callable[[str, date | None], list[Timex]]
SPLITS = ("all", "dev", "heldout")
CONTEXT = 40  # characters shown on each side of an error
_EXHAUSTIVE_LIMIT = 20_000  # pairings tried per overlapping cluster before going greedy


# --------------------------------------------------------------------------- scoring


def _is_trimmable(c: str) -> bool:
    return c.isspace() or unicodedata.category(c).startswith("P")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding spaces and punctuation ("Friday," == "Friday").

    A span that is nothing but punctuation is kept as it is.
    """
    s, e = max(start, 0), min(end, len(text))
    while s < e and _is_trimmable(text[s]):
        s += 1
    while e > s and _is_trimmable(text[e - 1]):
        e -= 1
    return (s, e) if s < e else (start, end)


@dataclass
class Counts:
    """Numerators and denominators of the four TempEval-3 TIMEX3 scores."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))

    def as_tuple(self) -> tuple[int, int, int, int, int, int]:
        return (self.gold, self.system, self.strict, self.relaxed, self.value, self.type)

    def prf(self, kind: str) -> tuple[float, float, float]:
        """(precision, recall, F1) as fractions for strict, relaxed, value or type."""
        return prf(getattr(self, kind), self.system, self.gold)

    def scores(self) -> dict[str, dict[str, float]]:
        return {
            kind: dict(zip(("precision", "recall", "f1"), self.prf(kind), strict=True))
            for kind in ("strict", "relaxed", "value", "type")
        }


def prf(correct: int, system: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1; an empty denominator scores 1.0 when nothing was due.

    A document with no gold and no system timexes is perfect, not undefined; with
    gold but no system output, precision is 0 (nothing found), not 1.
    """
    if system == 0 and gold == 0:
        return 1.0, 1.0, 1.0
    p = correct / system if system else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class Pair:
    gold: Timex
    system: Timex
    strict: bool


@dataclass
class DocResult:
    """One document's scores and the evidence behind them."""

    id: str
    path: str
    text: str
    counts: Counts
    pairs: list[Pair] = field(default_factory=list)
    missed: list[Timex] = field(default_factory=list)
    false_alarms: list[Timex] = field(default_factory=list)


def _cluster_pairs(
    golds: list[int],
    edges: dict[int, list[tuple[int, tuple[int, int, int]]]],
) -> list[tuple[int, int]]:
    """Best one-to-one pairing in one cluster of overlapping spans.

    Exhaustive (clusters are tiny in practice: a gold span overlaps one or two
    system spans); greedy by weight when a cluster is too large to enumerate.
    """
    budget = [_EXHAUSTIVE_LIMIT]
    best: list[Any] = [(-1, -1, -1, -1), []]

    def search(i: int, used: frozenset[int], score: tuple[int, int, int, int], chosen: list):
        budget[0] -= 1
        if budget[0] < 0:
            raise OverflowError
        if i == len(golds):
            if score > best[0]:
                best[0], best[1] = score, list(chosen)
            return
        g = golds[i]
        for s, (exact, overlap, same) in edges.get(g, []):
            if s in used:
                continue
            chosen.append((g, s))
            w = (score[0] + 1, score[1] + exact, score[2] + overlap, score[3] + same)
            search(i + 1, used | {s}, w, chosen)
            chosen.pop()
        search(i + 1, used, score, chosen)

    try:
        search(0, frozenset(), (0, 0, 0, 0), [])
        return best[1]
    except OverflowError:
        ranked = sorted(
            ((w, g, s) for g in golds for s, w in edges.get(g, [])),
            key=lambda x: x[0],
            reverse=True,
        )
        taken_g: set[int] = set()
        taken_s: set[int] = set()
        out = []
        for _w, g, s in ranked:
            if g not in taken_g and s not in taken_s:
                taken_g.add(g)
                taken_s.add(s)
                out.append((g, s))
        return out


def match(text: str, gold: Sequence[Timex], system: Sequence[Timex]) -> list[tuple[int, int]]:
    """One-to-one relaxed pairing as (gold index, system index), sorted by gold index."""
    gspans = [trim(text, t.start, t.end) for t in gold]
    sspans = [trim(text, t.start, t.end) for t in system]
    order = sorted(range(len(sspans)), key=lambda j: sspans[j])
    edges: dict[int, list[tuple[int, tuple[int, int, int]]]] = {}
    parent = list(range(len(gold) + len(system)))  # union-find over gold + system nodes

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, (gs, ge) in enumerate(gspans):
        for j in order:
            ss, se = sspans[j]
            if ss >= ge:
                break
            overlap = min(ge, se) - max(gs, ss)
            if overlap <= 0:
                continue
            same = int(gold[i].value == system[j].value)
            edges.setdefault(i, []).append((j, (int((gs, ge) == (ss, se)), overlap, same)))
            parent[root(i)] = root(len(gold) + j)
    clusters: dict[int, list[int]] = {}
    for i in edges:
        clusters.setdefault(root(i), []).append(i)
    pairs: list[tuple[int, int]] = []
    for golds in clusters.values():
        pairs.extend(_cluster_pairs(sorted(golds), edges))
    return sorted(pairs)


def score_document(
    text: str,
    gold: Sequence[Timex],
    system: Sequence[Timex],
    doc_id: str = "",
    path: str = "",
) -> DocResult:
    """TempEval-3 counts of one document plus its pairs, misses and false alarms."""
    gold = sorted(gold, key=lambda t: (t.start, t.end))
    system = sorted(system, key=lambda t: (t.start, t.end))
    pairs = match(text, gold, system)
    paired_g = {g for g, _ in pairs}
    paired_s = {s for _, s in pairs}
    # Strict is counted on its own (a multiset of identical spans), as the toolkit does;
    # the pairing prefers exact matches, so the two always agree.
    gold_spans = Counter(trim(text, t.start, t.end) for t in gold)
    sys_spans = Counter(trim(text, t.start, t.end) for t in system)
    strict = sum((gold_spans & sys_spans).values())
    result = DocResult(
        id=doc_id,
        path=path,
        text=text,
        counts=Counts(
            gold=len(gold),
            system=len(system),
            strict=strict,
            relaxed=len(pairs),
            value=sum(gold[g].value == system[s].value for g, s in pairs),
            type=sum(gold[g].type == system[s].type for g, s in pairs),
        ),
    )
    for g, s in pairs:
        exact = trim(text, gold[g].start, gold[g].end) == trim(text, system[s].start, system[s].end)
        result.pairs.append(Pair(gold[g], system[s], exact))
    result.missed = [t for i, t in enumerate(gold) if i not in paired_g]
    result.false_alarms = [t for j, t in enumerate(system) if j not in paired_s]
    return result


def total(results: Iterable[DocResult]) -> Counts:
    out = Counts()
    for r in results:
        out = out + r.counts
    return out


# --------------------------------------------------------------------------- errors


def context(text: str, start: int, end: int, width: int = CONTEXT) -> str:
    """The text around a span on one line, the span itself in [[ ]]."""
    left = text[max(0, start - width) : start]
    right = text[end : end + width]

    def flat(s: str) -> str:
        return re.sub(r"\s+", " ", s)

    return f"{flat(left)}[[{flat(text[start:end])}]]{flat(right)}"


def _shape(value: str) -> str:
    """A value's pattern: digits become 9 ("1998-08-07" -> "9999-99-99")."""
    return re.sub(r"\d", "9", value)


def _phrase(t: Timex, text: str) -> str:
    s, e = trim(text, t.start, t.end)
    return re.sub(r"\s+", " ", text[s:e]).lower()


def _edge_difference(text: str, gold: Timex, system: Timex) -> str:
    """How a relaxed-only match differs: words the system adds (+) or leaves out (-)."""
    gs, ge = trim(text, gold.start, gold.end)
    ss, se = trim(text, system.start, system.end)
    parts = []
    if ss < gs:
        parts.append(f"+'{text[ss:gs].strip().lower()}' before")
    elif ss > gs:
        parts.append(f"-'{text[gs:ss].strip().lower()}' before")
    if se > ge:
        parts.append(f"+'{text[ge:se].strip().lower()}' after")
    elif se < ge:
        parts.append(f"-'{text[se:ge].strip().lower()}' after")
    return ", ".join(parts) or "same"


def error_records(r: DocResult) -> list[dict[str, Any]]:
    """Every miss, false alarm, wrong value, wrong type and inexact span of a document."""
    out: list[dict[str, Any]] = []

    def record(kind: str, anchor: Timex, gold: Timex | None, system: Timex | None) -> None:
        out.append(
            {
                "doc": r.id,
                "kind": kind,
                "start": anchor.start,
                "end": anchor.end,
                "gold_text": gold.text if gold else None,
                "system_text": system.text if system else None,
                "gold_type": gold.type if gold else None,
                "system_type": system.type if system else None,
                "gold_value": gold.value if gold else None,
                "system_value": system.value if system else None,
                "context": context(r.text, anchor.start, anchor.end),
            }
        )

    for t in r.missed:
        record("missed", t, t, None)
    for t in r.false_alarms:
        record("false_alarm", t, None, t)
    for p in r.pairs:
        if p.gold.value != p.system.value:
            record("wrong_value", p.gold, p.gold, p.system)
        if p.gold.type != p.system.type:
            record("wrong_type", p.gold, p.gold, p.system)
        if not p.strict:
            record("span", p.gold, p.gold, p.system)
    out.sort(key=lambda e: e["start"])
    return out


def error_groups(results: Sequence[DocResult], top: int = 20) -> dict[str, list[dict[str, Any]]]:
    """The most frequent kinds of error over all documents, each with an example."""
    missed: Counter[str] = Counter()
    false: Counter[str] = Counter()
    values: Counter[tuple[str, str, str]] = Counter()
    spans: Counter[str] = Counter()
    types: Counter[tuple[str, str]] = Counter()
    examples: dict[Any, str] = {}
    for r in results:
        for t in r.missed:
            key = _phrase(t, r.text)
            missed[key] += 1
            examples.setdefault(("m", key), f"{t.type} {t.value}")
        for t in r.false_alarms:
            key = _phrase(t, r.text)
            false[key] += 1
            examples.setdefault(("f", key), f"{t.type} {t.value}")
        for p in r.pairs:
            if p.gold.value != p.system.value:
                vkey = (p.gold.type, _shape(p.gold.value), _shape(p.system.value))
                values[vkey] += 1
                examples.setdefault(
                    ("v", vkey),
                    f"{_phrase(p.gold, r.text)!r}: gold {p.gold.value}, system {p.system.value}",
                )
            if p.gold.type != p.system.type:
                types[(p.gold.type, p.system.type)] += 1
                examples.setdefault(("t", p.gold.type, p.system.type), _phrase(p.gold, r.text))
            if not p.strict:
                skey = _edge_difference(r.text, p.gold, p.system)
                spans[skey] += 1
                examples.setdefault(("s", skey), f"gold {p.gold.text!r}, system {p.system.text!r}")
    return {
        "missed": [
            {"phrase": k, "count": n, "gold": examples[("m", k)]}
            for k, n in missed.most_common(top)
        ],
        "false_alarms": [
            {"phrase": k, "count": n, "system": examples[("f", k)]}
            for k, n in false.most_common(top)
        ],
        "wrong_values": [
            {
                "type": k[0],
                "gold_pattern": k[1],
                "system_pattern": k[2],
                "count": n,
                "example": examples[("v", k)],
            }
            for k, n in values.most_common(top)
        ],
        "wrong_types": [
            {"gold": k[0], "system": k[1], "count": n, "example": examples[("t", *k)]}
            for k, n in types.most_common(top)
        ],
        "spans": [
            {"difference": k, "count": n, "example": examples[("s", k)]}
            for k, n in spans.most_common(top)
        ],
    }


def worst(results: Sequence[DocResult], n: int = 10) -> list[DocResult]:
    """The n documents with the lowest value F1 (then relaxed F1) that had anything to find."""
    scored = [r for r in results if r.counts.gold or r.counts.system]
    scored.sort(key=lambda r: (r.counts.prf("value")[2], r.counts.prf("relaxed")[2], r.id))
    return scored[:n]


# --------------------------------------------------------------------------- running


@dataclass
class Failure:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: {self.message}"
            if self.line
            else (f"{self.path}: {self.message}")
        )


def select(files: Sequence[Path], split: str) -> list[Path]:
    """dev = sorted index % 5 != 0, heldout = index % 5 == 0, all = everything."""
    if split == "all":
        return list(files)
    heldout = split == "heldout"
    return [f for i, f in enumerate(files) if (i % 5 == 0) == heldout]


def evaluate_files(files: Iterable[Path], tagger: Tagger) -> tuple[list[DocResult], list[Failure]]:
    """Tag and score each file; unreadable files and tagger crashes become failures."""
    from timeline import timeml

    results: list[DocResult] = []
    failures: list[Failure] = []
    for item in timeml.read_all(files):
        if isinstance(item, timeml.TimeMLError):
            failures.append(Failure(item.path, item.line, item.message))
            continue
        try:
            system = tagger(item.text, item.dct)
        except Exception as exc:  # a tagger bug must not hide the other documents' scores
            failures.append(Failure(item.path, None, f"tagger failed: {type(exc).__name__}: {exc}"))
            continue
        results.append(score_document(item.text, item.timexes, system, item.id, item.path))
    return results, failures


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


def _print_errors(results: list[DocResult]) -> None:
    labels = {
        "missed": "MISS ",
        "false_alarm": "FALSE",
        "wrong_value": "VALUE",
        "wrong_type": "TYPE ",
        "span": "SPAN ",
    }
    for r in results:
        records = error_records(r)
        if not records:
            continue
        print(f"\n== {r.id} ({r.path})")
        for e in records:
            if e["kind"] == "missed":
                what = f"gold {e['gold_type']} {e['gold_value']}"
            elif e["kind"] == "false_alarm":
                what = f"system {e['system_type']} {e['system_value']}"
            elif e["kind"] == "span":
                what = f"gold {e['gold_text']!r}, system {e['system_text']!r}"
            elif e["kind"] == "wrong_type":
                what = f"gold {e['gold_type']}, system {e['system_type']}"
            else:
                what = f"gold {e['gold_value']}, system {e['system_value']}"
            print(f"  {labels[e['kind']]} {what}  | {e['context']}")
    groups = error_groups(results)
    titles = {
        "missed": "most frequent missed phrases (gold type value)",
        "false_alarms": "most frequent false alarms (system type value)",
        "wrong_values": "wrong values by pattern (type: gold pattern -> system pattern)",
        "wrong_types": "wrong types (gold -> system)",
        "spans": "inexact spans (what the system adds + or leaves out -)",
    }
    for key, title in titles.items():
        rows = groups[key]
        if not rows:
            continue
        print(f"\n{title}:")
        for g in rows:
            if key == "missed":
                print(f"  {g['count']:4}  {g['phrase']!r}  e.g. {g['gold']}")
            elif key == "false_alarms":
                print(f"  {g['count']:4}  {g['phrase']!r}  e.g. {g['system']}")
            elif key == "wrong_values":
                print(
                    f"  {g['count']:4}  {g['type']}: {g['gold_pattern']} -> "
                    f"{g['system_pattern']}  e.g. {g['example']}"
                )
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
        "failures": [{"path": f.path, "line": f.line, "message": f.message} for f in failures],
        "worst": [_worst_row(r) for r in worst(results)],
    }
    if args.per_doc:
        out["per_doc"] = [_doc_row(r) for r in results]
    if args.errors:
        out["errors"] = [e for r in results for e in error_records(r)]
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
