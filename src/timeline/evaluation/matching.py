"""Spans compared after trimming, and the one-to-one relaxed pairing of gold and system."""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Sequence
from typing import Any

from timeline.schema import Timex

_EXHAUSTIVE_LIMIT = 20_000  # pairings tried per overlapping cluster before going greedy
_Score = tuple[int, int, int, int]  # pairs, exact pairs, total overlap, equal values


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
