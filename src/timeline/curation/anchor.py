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
