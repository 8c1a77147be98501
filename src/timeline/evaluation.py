"""`timeline evaluate PATH...`: TempEval-3 entity scores of the tagger against TimeML gold.

Metrics follow the TempEval-3 definitions for TIMEX3, micro-averaged over all
documents. Spans are compared on characters after trimming surrounding spaces and
punctuation. *strict*: the trimmed spans are identical. *relaxed*: they overlap;
the pairing is one-to-one (each gold and each system timex used at most once),
chosen to maximise matches, then exact matches, then overlap. *value* / *type*: a
relaxed match whose attribute equals gold's; precision is over system timexes,
recall over gold timexes. *value (notation-normalised)*, reported separately: values
compared after `notation_normal`, which equates spellings of the same TIMEX3 value
that the gold corpora themselves write differently (decade "199" / "199X").

The scoring functions are pure (text, gold, system in; counts and pairs out) so
tests and benches use them without the command line.
"""

from __future__ import annotations

import argparse
import bisect
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
_Score = tuple[int, int, int, int]  # pairs, exact pairs, total overlap, equal values


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
    # Relaxed pairs whose values agree after `notation_normal` (kept out of `Counts`,
    # whose headline value score stays the plain string comparison).
    value_norm: int = 0


_DECADE_OR_CENTURY = re.compile(r"^(\d{2}|\d{3})(X{1,2})?$")
_WEEK = re.compile(r"W(\d)(?!\d)")
_HOUR_ONLY = re.compile(r"T(\d\d)$")
_ZERO_SECONDS = re.compile(r"(T\d\d:\d\d):00$")


def notation_normal(value: str) -> str:
    """One spelling for TIMEX3 values that differ only in notation.

    TimeBank writes a decade "199" and week "W08" where AQUAINT writes "199X" and
    "W8"; "T17", "T17:00" and "T17:00:00" name the same minute. Nothing else is
    equated: a different granularity ("1998" vs "1998-XX-XX") is a different value.
    """
    v = value.strip().upper()
    m = _DECADE_OR_CENTURY.match(v)
    if m and (m.group(2) is None or len(m.group(1)) + len(m.group(2)) == 4):
        return m.group(1)
    v = _WEEK.sub(r"W0\1", v)
    v = _HOUR_ONLY.sub(r"T\1:00", v)
    return _ZERO_SECONDS.sub(r"\1", v)


def same_value_notation(gold: str, system: str) -> bool:
    return notation_normal(gold) == notation_normal(system)


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

    def search(i: int, used: frozenset[int], score: _Score, chosen: list[tuple[int, int]]) -> None:
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
    starts = [sspans[j][0] for j in order]
    longest = max((e - s for s, e in sspans), default=0)
    edges: dict[int, list[tuple[int, tuple[int, int, int]]]] = {}
    parent = list(range(len(gold) + len(system)))  # union-find over gold + system nodes

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, (gs, ge) in enumerate(gspans):
        # Only system spans starting in (gs - longest, ge) can overlap this gold span.
        for k in range(bisect.bisect_right(starts, gs - longest), bisect.bisect_left(starts, ge)):
            j = order[k]
            ss, se = sspans[j]
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
    result.value_norm = sum(
        same_value_notation(gold[g].value, system[s].value) for g, s in pairs
    )
    result.missed = [t for i, t in enumerate(gold) if i not in paired_g]
    result.false_alarms = [t for j, t in enumerate(system) if j not in paired_s]
    return result


def total(results: Iterable[DocResult]) -> Counts:
    out = Counts()
    for r in results:
        out = out + r.counts
    return out


def value_normalised_prf(results: Iterable[DocResult]) -> tuple[float, float, float]:
    """(precision, recall, F1) of values compared after `notation_normal`."""
    results = list(results)
    c = total(results)
    return prf(sum(r.value_norm for r in results), c.system, c.gold)


def toolkit_relaxed(results: Sequence[DocResult]) -> tuple[float, float, float]:
    """Relaxed P/R/F1 counted per side, not one-to-one (as the TempEval-3 toolkit counts).

    A system timex counts for precision if it overlaps any gold timex, a gold one for
    recall if any system timex overlaps it. Kept to check the one-to-one figure.
    """
    sys_hits = gold_hits = n_sys = n_gold = 0
    for r in results:
        gold = [p.gold for p in r.pairs] + r.missed
        system = [p.system for p in r.pairs] + r.false_alarms
        gspans = [trim(r.text, t.start, t.end) for t in gold]
        sspans = [trim(r.text, t.start, t.end) for t in system]

        def hits(a: tuple[int, int], others: list[tuple[int, int]]) -> bool:
            return any(min(a[1], b[1]) > max(a[0], b[0]) for b in others)

        sys_hits += sum(hits(s, gspans) for s in sspans)
        gold_hits += sum(hits(g, sspans) for g in gspans)
        n_sys += len(sspans)
        n_gold += len(gspans)
    p = sys_hits / n_sys if n_sys else float(n_gold == 0)
    rec = gold_hits / n_gold if n_gold else float(n_sys == 0)
    return p, rec, (2 * p * rec / (p + rec) if p + rec else 0.0)


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


_REFS = ("PAST_REF", "PRESENT_REF", "FUTURE_REF")
_DURATION = re.compile(r"^PT?(?P<n>[\d.]+|X)(?P<unit>[A-Z]+)$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _duration_parts(value: str) -> tuple[str, str] | None:
    m = _DURATION.match(value)
    if not m:
        return None
    unit = ("T" if value.startswith("PT") else "") + m.group("unit")
    return m.group("n"), unit


def value_cause(gold: str, system: str) -> str:
    """A short name for why a value is wrong, so that errors group by what to fix.

    "off by +7 days" (a weekday resolved to the wrong week), "year off by -1",
    "system finer than gold", "gold duration, system point", ...
    """
    g, s = gold.strip(), system.strip()
    if g in _REFS or s in _REFS:
        if g in _REFS and s in _REFS:
            return f"{g} read as {s}"
        if g in _REFS:
            return f"gold {g}, system {'duration' if s.startswith('P') else 'date'}"
        return f"gold {'duration' if g.startswith('P') else 'date'}, system {s}"
    g_dur, s_dur = g.startswith("P"), s.startswith("P")
    if g_dur != s_dur:
        return "gold duration, system point" if g_dur else "gold point, system duration"
    if g_dur:
        gp, sp = _duration_parts(g), _duration_parts(s)
        if gp and sp and gp[1] != sp[1]:
            return f"duration unit differs ({gp[1]} vs {sp[1]})"
        if gp and sp and "X" in (gp[0], sp[0]):
            return "duration: vague vs counted"
        return "duration amount differs"
    if re.sub(r"(:00)+$", "", g) == re.sub(r"(:00)+$", "", s):
        return "same time, different notation"
    if s.startswith(g):
        return "system finer than gold"
    if g.startswith(s):
        return "system coarser than gold"
    if len(g) == len(s):
        if _DAY.match(g[:10]) and _DAY.match(s[:10]) and g[10:] == s[10:]:
            try:
                days = (date.fromisoformat(s[:10]) - date.fromisoformat(g[:10])).days
            except ValueError:  # an impossible day such as 1998-02-30
                return _year_or_other(g, s)
            if days % 7 == 0:
                return f"off by {days // 7:+d} week(s)"
            return f"off by {days:+d} day(s)" if abs(days) < 32 else _year_or_other(g, s)
        if "X" in g and "X" not in s:
            return "gold unspecified (X), system resolved"
        if "X" in s and "X" not in g:
            return "system unspecified (X), gold resolved"
        return _year_or_other(g, s)
    return "different granularity"


def _year_or_other(g: str, s: str) -> str:
    if g[4:] == s[4:] and g[:4].isdigit() and s[:4].isdigit():
        return f"year off by {int(s[:4]) - int(g[:4]):+d}"
    if len(g) > 10 and g[:10] == s[:10]:
        return "same day, different time"
    if g[:4] == s[:4]:
        return "same year, different part"
    return "different date"


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
            out[-1]["cause"] = value_cause(p.gold.value, p.system.value)
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
    causes: Counter[str] = Counter()
    types: Counter[tuple[str, str]] = Counter()
    examples: dict[Any, str] = {}
    for r in results:
        for t in r.missed:
            phrase = _phrase(t, r.text)
            key = _shape(phrase)
            missed[key] += 1
            examples.setdefault(("m", key), f"{phrase!r} {t.type} {t.value}")
        for t in r.false_alarms:
            phrase = _phrase(t, r.text)
            key = _shape(phrase)
            false[key] += 1
            examples.setdefault(("f", key), f"{phrase!r} {t.type} {t.value}")
        for p in r.pairs:
            if p.gold.value != p.system.value:
                vkey = (p.gold.type, _shape(p.gold.value), _shape(p.system.value))
                values[vkey] += 1
                cause = value_cause(p.gold.value, p.system.value)
                causes[cause] += 1
                examples.setdefault(
                    ("c", cause),
                    f"{_phrase(p.gold, r.text)!r}: gold {p.gold.value}, system {p.system.value}",
                )
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
            {"pattern": k, "count": n, "example": examples[("m", k)]}
            for k, n in missed.most_common(top)
        ],
        "false_alarms": [
            {"pattern": k, "count": n, "example": examples[("f", k)]}
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
        "value_causes": [
            {"cause": k, "count": n, "example": examples[("c", k)]}
            for k, n in causes.most_common(top)
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


def error_summary(results: Sequence[DocResult]) -> dict[str, int]:
    """How many errors of each kind, to see where the points are lost."""
    out = Counter({"missed": 0, "false_alarm": 0, "span": 0, "wrong_value": 0, "wrong_type": 0})
    for r in results:
        out["missed"] += len(r.missed)
        out["false_alarm"] += len(r.false_alarms)
        for p in r.pairs:
            out["span"] += not p.strict
            out["wrong_value"] += p.gold.value != p.system.value
            out["wrong_type"] += p.gold.type != p.system.type
    return dict(out)


def worst(results: Sequence[DocResult], n: int = 10) -> list[DocResult]:
    """The n documents with the lowest value F1 (then relaxed F1); perfect ones are left out."""
    scored = [
        r for r in results if (r.counts.gold or r.counts.system) and r.counts.prf("value")[2] < 1.0
    ]
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
