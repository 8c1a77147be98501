"""What a story says, computed from its members: date, title, sources and any conflict."""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from timeline.dates import EDTFError, bounds
from timeline.stories.features import OPEN_END, OPEN_START, content_words

_QUALIFIED = re.compile(r"[~?%]")


def story_id(members: Iterable[str]) -> str:
    """A new story's id, from the events that found it: the same grouping, the same id."""
    key = "\x1f".join(sorted(members))
    return "s" + hashlib.sha1(key.encode()).hexdigest()[:11]


def _interval(ev: dict[str, Any]) -> tuple[str, str]:
    return ev.get("earliest") or OPEN_START, ev.get("latest") or OPEN_END


def _overlap(a: tuple[str, str], b: tuple[str, str]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def uncertain(value: str, mark: str = "?") -> str:
    """`value` marked uncertain in EDTF ("2002?", "2002?/2003?"), or approximate with
    `mark` "~", unless already qualified."""
    if _QUALIFIED.search(value):
        return value
    parts = [p if p in ("", "..") else p + mark for p in value.split("/")]
    marked = "/".join(parts)
    try:
        bounds(marked)
    except EDTFError:
        return value
    return marked


def _date_by_support(members: list[dict[str, Any]]) -> str:
    """The most precise date that the most documents agree with."""
    spans = [(_interval(e), e) for e in members]
    docs_by_interval: dict[tuple[str, str], set[str]] = defaultdict(set)
    for iv, e in spans:
        docs_by_interval[iv].add(e.get("doc", ""))

    def support(iv: tuple[str, str]) -> int:
        agreeing = [d for other, d in docs_by_interval.items() if _overlap(iv, other)]
        return len(set().union(*agreeing))

    said = Counter(iv for iv, _ in spans)

    def key(item: tuple[tuple[str, str], dict[str, Any]]) -> tuple[int, int, int, str]:
        (lo, hi), e = item
        width = 10**6 if lo == OPEN_START or hi == OPEN_END else _width(lo, hi)
        return (-support((lo, hi)), width, -said[(lo, hi)], e["date"])

    return min(spans, key=key)[1]["date"]


def _width(lo: str, hi: str) -> int:
    return (int(hi[:4]) - int(lo[:4])) * 400 + (int(hi[5:7]) - int(lo[5:7])) * 32 + int(
        hi[8:10]
    ) - int(lo[8:10])


def spread(members: list[dict[str, Any]]) -> str | None:
    """"2002 in 2 sources, 2003 in 1" when some members' dates exclude each other."""
    spans = [_interval(e) for e in members]
    if max(lo for lo, _ in spans) <= min(hi for _, hi in spans):
        return None  # intervals overlap pairwise exactly when they all share a day
    docs: dict[str, set[str]] = defaultdict(set)
    for e in members:
        docs[e["date"]].add(e.get("doc", ""))
    ranked = sorted(docs.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    parts = [f"{d} in {len(s)}" for d, s in ranked]
    first = len(ranked[0][1])
    parts[0] += " source" if first == 1 else " sources"
    return ", ".join(parts)


TERSE = 3  # a title of fewer content words ("He called it") says too little to name a story


def _all_within(members: list[dict[str, Any]], lo: str, hi: str) -> bool:
    """Whether every member's interval holds [lo, hi]: the members agree with the date."""
    return all(a <= lo and hi <= b for a, b in map(_interval, members))


def _title(members: list[dict[str, Any]], date: str) -> str:
    """The title of the member whose words the others share most, dated as the story; a
    title with words enough to stand alone comes first, then the most salient."""
    words = [set(content_words(e.get("title", ""))) for e in members]
    counts = Counter(w for ws in words for w in ws)
    try:
        canonical = bounds(date.replace("?", "").replace("~", ""))
        iv = (canonical[0] or OPEN_START, canonical[1] or OPEN_END)
    except EDTFError:
        iv = (OPEN_START, OPEN_END)

    def key(k: int) -> tuple[bool, bool, float, float, float, str]:
        e = members[k]
        shared = sum(counts[w] - 1 for w in words[k]) / max(1, len(words[k])) ** 0.5
        return (
            not _overlap(_interval(e), iv),
            len(words[k]) < TERSE,
            -shared,
            -(e.get("salience") or 0.0),
            -(e.get("confidence") or 0.5),
            e["id"],
        )

    return members[min(range(len(members)), key=key)].get("title", "")


def _speakers(members: list[dict[str, Any]]) -> list[str]:
    seen: dict[str, str] = {}
    for e in members:
        span = e.get("attribution")
        text = span.get("text") if isinstance(span, dict) else None
        if isinstance(text, str) and text.strip():
            seen.setdefault(" ".join(text.lower().split()), " ".join(text.split()))
    return sorted(seen.values(), key=str.lower)


def describe(members: list[dict[str, Any]]) -> dict[str, Any]:
    """The computed fields of a story of these member events (dicts as in the file)."""
    conflict = spread(members)
    date = _date_by_support(members)
    earliest, latest = bounds(date)
    if conflict:
        date = uncertain(date)
    elif not _all_within(members, earliest or OPEN_START, latest or OPEN_END):
        date = uncertain(date, "~")  # the members' dates overlap but differ: approximate
    earliest, latest = bounds(date)
    return {
        "date": date,
        "earliest": earliest,
        "latest": latest,
        "title": _title(members, date),
        "members": sorted(e["id"] for e in members),
        "sources": {
            "documents": sorted({e.get("doc", "") for e in members}),
            "speakers": _speakers(members),
        },
        "conflict": conflict,
    }


def summary(stories: list[dict[str, Any]]) -> str:
    """The stories line of `extract`'s summary: how many, how many told by several
    documents, how many with dates in conflict."""
    told = sum(1 for s in stories if len((s.get("sources") or {}).get("documents") or []) > 1)
    conflicts = sum(1 for s in stories if s.get("conflict"))
    n = len(stories)
    return (
        f"stories: {n} ({told} told by two or more documents, "
        f"{conflicts} with dates in conflict)"
    )
