"""Confidence that means what it says: the rules' confidences, calibrated on TimeML gold.

Each rule sets a confidence for the way it dated an event; `bench/event_reliability.py
--write` measures on the development files of TimeBank and AQUAINT how often events of
each `how` are actually right and stores, per `how`, the factor that brings the rules'
mean confidence to that accuracy (shrunk towards 1 when few events were judged). The
factors are data (`resources/calibration.tsv`); the bench prints the reliability table
on held-out files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from timeline.events.doc import Doc

PRIOR = 20  # judged events that count as much as the rules' own estimate
_FLOOR, _CEILING = 0.05, 0.99
_enabled = [True]


@lru_cache(maxsize=1)
def factors() -> dict[str, float]:
    source = resources.files("timeline") / "resources" / "calibration.tsv"
    out: dict[str, float] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            how, factor, *_ = line.split("\t")
            out[how] = float(factor)
    return out


def disable() -> None:
    """Measure the rules' own confidences (for fitting the table again)."""
    _enabled[0] = False


def calibrated(how: str, confidence: float) -> float:
    """A rule's confidence for an event dated this way, calibrated."""
    factor = factors().get(how) if _enabled[0] else None
    if factor is None:
        return confidence
    return round(min(_CEILING, max(_FLOOR, confidence * factor)), 2)


def calibrate(doc: Doc) -> None:
    """Layer: every event's confidence, scaled by the factor of its `how`."""
    for event in doc.events:
        event.confidence = calibrated(event.how, event.confidence)


def fit(judged: Iterable[tuple[str, float, bool]]) -> dict[str, tuple[float, int]]:
    """Per `how`: (factor, events judged), from (how, confidence, right) triples."""
    rows: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for how, conf, right in judged:
        rows[how].append((conf, right))
    out = {}
    for how, items in sorted(rows.items()):
        n = len(items)
        mean = sum(c for c, _ in items) / n
        accuracy = (sum(r for _, r in items) + PRIOR * mean) / (n + PRIOR)
        out[how] = (round(accuracy / mean, 3) if mean else 1.0, n)
    return out


def write(table: dict[str, tuple[float, int]]) -> Path:
    path = Path(__file__).resolve().parents[1] / "resources" / "calibration.tsv"
    lines = [
        "# Per `how`, the factor applied to the rules' confidences so that they match how",
        "# often such events are right on TimeML gold (development files). Written by",
        "# `python bench/event_reliability.py --raw --write`; read by timeline.events.calibration.",
        "# how\tfactor\tevents judged",
    ]
    lines += [f"{how}\t{factor}\t{n}" for how, (factor, n) in table.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    factors.cache_clear()
    return path
