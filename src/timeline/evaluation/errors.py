"""What went wrong, per document and grouped: misses, false alarms, wrong values and why."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from timeline.evaluation.matching import trim
from timeline.evaluation.scoring import DocResult
from timeline.schema import Timex

CONTEXT = 40  # characters shown on each side of an error


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
