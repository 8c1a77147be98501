"""Finding a quoted span again after its document changed: near the old place first."""

from __future__ import annotations

from typing import Any

NEAR = 2000  # characters either side of the old position searched first


def find(text: str, quote: str, around: int | None) -> int | None:
    """Start of the occurrence of `quote` closest to `around` (None: the first one)."""
    if not quote:
        return None
    if around is None:
        i = text.find(quote)
        return i if i >= 0 else None
    lo = max(0, around - NEAR)
    best: int | None = None
    i = text.find(quote, lo, around + NEAR + len(quote))
    while i >= 0:
        if best is None or abs(i - around) < abs(best - around):
            best = i
        i = text.find(quote, i + 1, around + NEAR + len(quote))
    if best is not None:
        return best
    before, after = text.rfind(quote, 0, around), text.find(quote, around)
    candidates = [i for i in (before, after) if i >= 0]
    return min(candidates, key=lambda i: abs(i - around)) if candidates else None


def matches(text: str, span: Any) -> bool:
    return (
        isinstance(span, dict)
        and isinstance(span.get("start"), int)
        and isinstance(span.get("end"), int)
        and text[span["start"] : span["end"]] == span.get("text")
    )


def reanchor(text: str, span: dict[str, Any]) -> dict[str, Any] | None:
    """The span moved to where its text now is (key order kept), or None if it is gone."""
    if matches(text, span):
        return span
    quote = span.get("text")
    if not isinstance(quote, str):
        return None
    start = find(text, quote, span.get("start") if isinstance(span.get("start"), int) else None)
    if start is None:
        return None
    moved = dict(span)
    moved["start"], moved["end"] = start, start + len(quote)
    return moved


def selector(ev: dict[str, Any]) -> tuple[str, str, str] | None:
    """A W3C-style text-quote selector of the event's evidence: (prefix, exact, suffix).

    The surroundings are the rest of its sentence, which every extracted event stores,
    so no extra field is needed. None when the event has no evidence inside a sentence.
    """
    evidence, sentence = ev.get("evidence"), ev.get("sentence")
    if not (matches_shape(evidence) and matches_shape(sentence)):
        return None
    a = evidence["start"] - sentence["start"]
    b = evidence["end"] - sentence["start"]
    whole = sentence["text"]
    if a < 0 or b > len(whole) or whole[a:b] != evidence["text"]:
        return None
    return whole[:a], evidence["text"], whole[b:]


def matches_shape(span: Any) -> bool:
    return (
        isinstance(span, dict)
        and isinstance(span.get("start"), int)
        and isinstance(span.get("end"), int)
        and isinstance(span.get("text"), str)
    )


def reanchor_selected(
    text: str, evidence: dict[str, Any], sentence: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Evidence and sentence moved to where prefix + exact + suffix now are together
    (nearest the old place), or None: the quoted words elsewhere are another statement."""
    moved_sentence = reanchor(text, sentence)
    if moved_sentence is None:
        return None
    shift = moved_sentence["start"] - sentence["start"]
    if shift == 0 and matches(text, evidence):
        return evidence, moved_sentence
    moved = dict(evidence)
    moved["start"], moved["end"] = evidence["start"] + shift, evidence["end"] + shift
    return (moved, moved_sentence) if matches(text, moved) else None


def sentence_around(text: str, start: int, end: int) -> dict[str, Any]:
    """The sentence holding [start, end), for events a user adds with only a quotation."""
    try:
        from timeline.sentences import sentences
    except ImportError:  # pragma: no cover - part of the package
        spans: list[tuple[int, int]] = []
    else:
        spans = sentences(text)
    for a, b in spans:
        if a <= start and end <= b:
            return {"start": a, "end": b, "text": text[a:b]}
    return {"start": start, "end": end, "text": text[start:end]}
