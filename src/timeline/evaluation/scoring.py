"""TempEval-3 counts and P/R/F1 per document and over a corpus (pure functions)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from timeline.evaluation.matching import match, trim
from timeline.schema import Timex


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
