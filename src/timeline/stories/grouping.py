"""Which events report the same happening: candidate pairs, a score, then clusters.

Comparing every pair is quadratic, so candidates come from blocks: events sharing one
of their few rarest words in the same year, compared with their nearest neighbours in
date order inside the block. A pair is linked when its dates overlap (each at the
precision it states) and its words agree (cosine of idf-weighted word sets), helped
by a shared speaker, an event noun that refers back ("the claim") or a date read from
the other's sentence. Sources that disagree on a date ("2002" against "2003") are
linked only when their wording agrees strongly: that is the conflict a story shows.
Agreeing links are joined first, strongest first, and never join two clusters whose
dates exclude each other; conflicting links then join what they formed.
"""

from __future__ import annotations

import bisect
import math
import struct
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from timeline.stories.features import Features, features, forget_texts

if TYPE_CHECKING:
    from timeline.stories.memo import Memo


@dataclass(frozen=True)
class Settings:
    """The grouping's thresholds, chosen from first principles, not fitted to a corpus."""

    link: float = 0.3  # cosine for a link between overlapping dates
    conflict: float = 0.6  # cosine for a link between dates that do not overlap
    key_terms: int = 8  # rarest words per event that make its blocks
    window: int = 12  # neighbours in date order compared inside a block
    common: float = 0.05  # a word in more than this share of events makes no block...
    common_floor: int = 50  # ...unless it is in fewer events than this
    speaker_bonus: float = 0.1
    refers_bonus: float = 0.15
    # An inferred event whose date was read from the other's sentence and whose event
    # noun refers back to it ("the claim" after "made a claim in 2002").
    date_source_bonus: float = 0.5
    max_years: int = 3  # year buckets an event spanning several years joins
    # Within one document, words in this share of its events are its topic, not a
    # happening's: two mentions in one article must share more than the article's subject.
    topic_share: float = 0.25
    # A sentence often tells several happenings: its words away from the event's title
    # and date count this much (the title's and the date's neighbours count fully).
    context: float = 0.7
    # Two reports of one happening told at day (or week) precision often differ by a day:
    # time zones, "yesterday" read from another day. Such dates link as overlapping ones
    # do; the story still shows the spread.
    near_days: int = 1
    near_span: int = 7


DEFAULT = Settings()


class Grouped(NamedTuple):
    """One story as grouping found it."""

    members: list[str]  # event ids, sorted
    indices: list[int]  # the members' feature indices (as `Memo.features` was given them)
    positions: list[int]  # the members' positions in the events grouped


def groups(
    events: Iterable[dict[str, Any]], settings: Settings = DEFAULT, memo: Memo | None = None
) -> list[list[str]]:
    """Ids of the events of each story (two or more members), in a stable order.

    Rejected and orphaned events take no part. With a `memo`, unchanged events' features
    are read back from the last run (the same values: only where they come from differs).
    """
    return [story.members for story in grouped(events, settings, memo)]


def grouped(
    events: Iterable[dict[str, Any]], settings: Settings = DEFAULT, memo: Memo | None = None
) -> list[Grouped]:
    """`groups`, each story with its members' positions in `events` and feature indices
    (in the members' order): describing a story then needs no map from every id to its
    event (a dict of 300,000 ids costs tens of megabytes)."""
    make = features if memo is None else memo.features
    where = array("q")  # each feature's position in `events`
    feats = []
    for at, ev in enumerate(events):
        if ev.get("status", "active") == "active":
            feats.append(make(len(feats), ev))
            where.append(at)
    forget_texts()
    if len(feats) < 2:
        return []
    weights = _idf(feats)
    squares = {w: v * v for w, v in weights.items()}
    norms = _norms(feats, weights, squares, settings.context)
    topics = _topics(feats, settings)
    links = []
    refused = _Refusal(feats, squares, norms, settings)
    for i, j, bonus in _candidates(feats, weights, settings, refused):
        link = _score(feats[i], feats[j], squares, norms, bonus, settings, topics)
        if link is not None:
            links.append(link_key(link[0], link[1], i, j))
    del refused, norms, topics, squares, weights
    clusters = _cluster(feats, links)
    del links
    out = []
    for members in clusters:
        if len(members) > 1:
            members.sort(key=lambda i: feats[i].id)
            out.append(([feats[i].id for i in members], members))
    out.sort(key=lambda story: story[0])
    return [Grouped(ids, members, [where[i] for i in members]) for ids, members in out]


def _idf(feats: list[Features]) -> dict[str, float]:
    df: dict[str, int] = defaultdict(int)
    for f in feats:
        for w in f.words:
            df[w] += 1
    n = len(feats)
    return {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}


def _norms(
    feats: list[Features], weights: dict[str, float], squares: dict[str, float], context: float
) -> list[float]:
    """Vector lengths over the words two events can share: a word no other event has
    says nothing about which happening it is, and in a small pile would outweigh all."""
    top = weights_max(len(feats))
    shared = frozenset(w for w, v in weights.items() if v < top)
    out = []
    for f in feats:
        mine = shared.intersection(f.words)
        core = mine.intersection(f.core)
        out.append(
            math.sqrt(weight(core, squares) + context * context * weight(mine - core, squares))
            or 1.0
        )
    return out


def _topics(feats: list[Features], settings: Settings) -> dict[str, frozenset[str]]:
    """Each document's topic words: in so many of its events that they tell none apart."""
    by_doc: dict[str, list[Features]] = defaultdict(list)
    for f in feats:
        by_doc[f.doc].append(f)
    out = {}
    for doc, members in by_doc.items():
        if len(members) < 3:
            continue
        counts: dict[str, int] = defaultdict(int)
        for f in members:
            for w in f.words:
                counts[w] += 1
        floor = max(2, settings.topic_share * len(members))
        out[doc] = frozenset(w for w, c in counts.items() if c >= floor)
    return out


def _years(f: Features, settings: Settings) -> range:
    if f.years is None:
        return range(0)
    lo, hi = f.years
    hi = min(hi, lo + settings.max_years - 1)
    # A year-wide date also meets the next year's events: "2011" against "2012" is the
    # conflict a story shows when two sources disagree by a year.
    return range(lo, hi + (2 if f.span >= 365 else 1))


def _candidates(
    feats: list[Features],
    weights: dict[str, float],
    settings: Settings,
    refused: _Refusal | None = None,
) -> Iterator[tuple[int, int, float]]:
    """Pairs worth scoring, each once, with the bonus a date source gives them (block
    pairs that `refused` says `_score` surely refuses are left out)."""
    limit = max(settings.common_floor, settings.common * len(feats))
    df_floor = math.log((len(feats) + 1) / (limit + 0.5))
    top = weights_max(len(feats))
    # A block's key is a number made from its word and year; a block of one event is that
    # event's index, an array from the second on: most blocks never get a second member,
    # and a million small arrays and key tuples are not free.
    blocks: dict[int, int | array[int]] = {}
    # Each word that can make a block, numbered rarest first (ties by the word): an
    # event's key terms are then its smallest numbers, sorted as integers. The numbers
    # are multiples of `_YEARS` from one on, so a key is a number plus a year and no
    # number is 0 (`_block_keys` drops missing words by truth).
    eligible = sorted((w for w, v in weights.items() if df_floor <= v < top),
                      key=lambda w: (-weights[w], w))
    numbers = {w: (k + 1) * _YEARS for k, w in enumerate(eligible)}
    del eligible
    # Blocks hold ranks in one order (date, then index), filled in that order: each block
    # is sorted as built. An event meets, in each of its blocks, the `window` events
    # that came before it there: exactly the pairs in which it is among the `window`
    # events after the other, so every pair is met once, from its later event, in the
    # same pass that fills the blocks. A block of two or more is an array of ranks (4
    # bytes each, a list's item costs 8).
    by_rank = sorted(range(len(feats)), key=lambda i: (feats[i].lo, i))
    window = settings.window
    # `_score`'s first test, on integers and lists in rank order: most candidates end at it.
    lo = [feats[i].lo for i in by_rank]
    hi = [feats[i].hi for i in by_rank]
    span = [max(feats[i].span, 2) for i in by_rank]
    doc = [feats[i].doc for i in by_rank]
    if refused is None:
        refused = _Refusal.nothing(feats)
    words, refers, speaks, sentences, norms = (
        refused.words, refused.refers, refused.speaks, refused.sentences, refused.norms
    )
    square, scale, floor = refused.square, refused.scale, refused.floor
    for rank, j in enumerate(by_rank):
        near: set[int] = set()
        for key in _block_keys(feats[j], numbers, settings):
            held = blocks.get(key)
            if held is None:
                blocks[key] = rank
            elif isinstance(held, int):
                near.add(held)
                blocks[key] = array("i", (held, rank))
            else:
                near.update(held[-window:])
                held.append(rank)
        my_lo, my_span, my_doc = lo[rank], span[rank], doc[rank]
        my_words, my_refers, my_speaks = frozenset(words[j]), refers[j], speaks[j]
        my_sentence, my_norm = sentences[j], norms[j]
        for other in near:  # the links are sorted before use: this order does not matter
            # `other` comes earlier in date order: its start is not after this one's
            gap = my_lo - hi[other]
            if gap > 0 and (doc[other] == my_doc or gap > span[other] and gap > my_span):
                continue
            i = by_rank[other]
            # `_Refusal`, written out: this loop runs for every candidate pair
            if not (refers[i] or my_refers or speaks[i] and my_speaks) and (
                sentences[i] is None or doc[other] != my_doc or sentences[i] != my_sentence
            ):
                shared = my_words.intersection(words[i])
                # the bound, raised by 1e-9
                if not shared or sum(map(square, shared)) * scale / (
                    norms[i] / (1 + 1e-9) * my_norm
                ) < floor:
                    continue
            yield (i, j, 0.0) if i < j else (j, i, 0.0)
    del blocks, numbers
    for i, j in _sentence_pairs(feats):
        if not _apart(feats[i], feats[j]):
            yield i, j, 0.0  # met again in a block, it is only scored twice
    for i, j in _date_source_pairs(feats):
        if not _apart(feats[i], feats[j]):
            pair = (i, j) if i < j else (j, i)
            yield pair[0], pair[1], settings.date_source_bonus


_YEARS = 16384  # years a block key can tell apart (a key is a word's number plus a year)


def _block_keys(f: Features, numbers: dict[str, int], settings: Settings) -> list[int]:
    """The keys of an event's blocks: each of its rarest words (by number) with each year."""
    # Rarest first, but never a word only this event has: it would block nothing.
    keys = sorted(filter(None, map(numbers.get, f.words)))[: settings.key_terms]
    return [k + y for k in keys for y in _years(f, settings)]


class _Refusal:
    """What tells that `_score` surely refuses a block pair (no bonus): its shared words'
    summed squared weights bound the cosine from above (before a document's topic words
    are taken out, so the bound only grows), below the lower of the two floors by more
    than the sum's rounding. Pairs that a referring noun, a shared speaker or one sentence
    might lift are left to `_score`. Most candidate pairs end here, in `_candidates`'s
    loop, without the two calls `_score` and `_below` take."""

    def __init__(
        self,
        feats: list[Features],
        squares: dict[str, float],
        norms: list[float],
        settings: Settings,
    ) -> None:
        self.words = [f.words for f in feats]
        self.sentences = [f.sentence for f in feats]
        # A referring noun (in either) or a speaker (in both) may lift the score.
        self.refers = [bool(f.refers) for f in feats]
        self.speaks = [bool(f.speakers) for f in feats]
        self.square = squares.__getitem__
        self.norms = norms
        self.scale = max(1.0, settings.context) ** 2
        self.floor = min(settings.link, settings.conflict) - 1e-12

    @classmethod
    def nothing(cls, feats: list[Features]) -> _Refusal:
        """A refusal that refuses no pair (every pair may be lifted)."""
        none = cls(feats, {}, [1.0] * len(feats), DEFAULT)
        none.refers = [True] * len(feats)
        return none


def _apart(a: Features, b: Features) -> bool:
    """Dates too far apart to tell one happening, or apart in one document."""
    gap = a.lo - b.hi if a.lo > b.hi else b.lo - a.hi
    return gap > 0 and (a.doc == b.doc or gap > max(a.span, b.span, 2))


def weights_max(n: int) -> float:
    """The idf of a word only one event has."""
    return math.log((n + 1) / 1.5) - 1e-9


def _sentence_pairs(feats: list[Features]) -> Iterator[tuple[int, int]]:
    """Events of one sentence, whatever their words: they may share a happening."""
    by_sentence: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for f in feats:
        if f.sentence is not None:
            by_sentence[(f.doc, *f.sentence)].append(f.index)
    for members in by_sentence.values():
        for a, i in enumerate(members[:50]):
            for j in members[a + 1 : 50]:
                yield (i, j) if i < j else (j, i)


def _date_source_pairs(feats: list[Features]) -> Iterator[tuple[int, int]]:
    """An inferred event and the events of the sentence its date was read from."""
    by_doc: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for f in feats:
        if f.sentence is not None:
            by_doc[f.doc].append((f.sentence[0], f.sentence[1], f.index))
    for spans in by_doc.values():
        spans.sort()
    starts = {doc: [s[0] for s in spans] for doc, spans in by_doc.items()}
    for f in feats:
        if f.date_from is None or f.doc not in by_doc:
            continue
        spans, at = by_doc[f.doc], f.date_from[0]
        k = bisect.bisect_right(starts[f.doc], at) - 1
        while k >= 0 and spans[k][0] <= at:
            start, end, other = spans[k]
            if at < end and other != f.index and f.sentence != (start, end):
                yield f.index, other
            k -= 1
            if at - start > 5000:
                break


def _gap_days(a: Features, b: Features) -> int:
    """Days between two intervals (0 when they overlap): day numbers, so integers."""
    return max(0, a.lo - b.hi, b.lo - a.hi)


def _score(
    a: Features,
    b: Features,
    squares: dict[str, float],
    norms: list[float],
    bonus: float,
    settings: Settings,
    topics: dict[str, frozenset[str]],
) -> tuple[float, bool] | None:
    """(score, dates agree) of a link between two events, or None for no link."""
    same_doc = a.doc == b.doc
    agree = a.lo <= b.hi and b.lo <= a.hi
    near = False
    if not agree:
        if same_doc:
            return None  # one document telling two dates apart
        gap = _gap_days(a, b)
        if gap > max(a.span, b.span, 2):
            return None  # dates far apart
        near = gap <= settings.near_days and max(a.span, b.span) <= settings.near_span
    shared = frozenset(a.words).intersection(b.words)
    if not shared and not bonus and (a.sentence is None or a.sentence != b.sentence):
        return None  # nothing in common: no bonus alone reaches a link
    if same_doc:
        shared -= topics.get(a.doc, frozenset())
    one_sentence = same_doc and a.sentence is not None and a.sentence == b.sentence
    norm = norms[a.index] * norms[b.index]
    if not agree and not near:
        if _below(shared, squares, norm, settings.context, settings.conflict):
            return None
        cosine = _dot(a, b, shared, squares, settings.context) / norm
        return (cosine, False) if cosine >= settings.conflict else None
    refers = a.refers.intersection(b.words) or b.refers.intersection(a.words)
    extra = (bonus + settings.refers_bonus) if refers else 0.0
    if not same_doc and a.speakers & b.speakers:
        extra += settings.speaker_bonus  # one article quotes one speaker on many things
    if not one_sentence and _below(
        shared, squares, norm, settings.context, settings.link - extra
    ):
        return None
    cosine = _dot(a, b, shared, squares, settings.context) / norm
    score = cosine + (bonus if refers else 0.0)
    if not same_doc and a.speakers & b.speakers:
        score += settings.speaker_bonus
    if refers:
        score += settings.refers_bonus
    if one_sentence:
        return (1.0 + score, True)  # one sentence, one time: one happening told
    return (score, agree) if score >= settings.link else None


def _below(
    shared: frozenset[str], squares: dict[str, float], norm: float, context: float, floor: float
) -> bool:
    """Whether the cosine surely stays below `floor`, by a bound summed in C without the
    weights of `_dot` (each at most 1, or `context` squared when above 1): most candidate
    pairs end here. The margin covers the bound's rounding, so the answer is exact."""
    bound = sum(map(squares.__getitem__, shared)) * max(1.0, context) ** 2 / norm
    return bound * (1 + 1e-9) < floor - 1e-12


def _dot(
    a: Features, b: Features, shared: frozenset[str], squares: dict[str, float], context: float
) -> float:
    """The weighted words' dot product: a word in both events' core counts fully, in one's
    core `context` times, in neither `context` squared (summed exactly, as `weight`)."""
    core_a, core_b = a.core, b.core
    return math.fsum(
        [
            squares[w] * (1.0 if w in core_a else context) * (1.0 if w in core_b else context)
            for w in shared
        ]
    )


def weight(words: Iterable[str], squares: dict[str, float]) -> float:
    """The summed squared weights of `words`, exactly (`fsum`): a set's order depends on
    the interpreter's hash seed, and a rounding that followed it would let two runs on the
    same events group them differently."""
    return math.fsum(map(squares.__getitem__, words))


class _Clusters:
    """Union-find whose clusters remember the interval all their dates share."""

    def __init__(self, feats: list[Features]) -> None:
        self.parent = list(range(len(feats)))
        self.lo = [f.lo for f in feats]
        self.hi = [f.hi for f in feats]
        self.size = [1] * len(feats)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int, agree: bool) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return
        lo, hi = max(self.lo[ri], self.lo[rj]), min(self.hi[ri], self.hi[rj])
        if lo > hi:
            if agree:
                return  # a link between agreeing dates never makes a conflict
            keep = ri if self.size[ri] >= self.size[rj] else rj
            lo, hi = self.lo[keep], self.hi[keep]  # the date most members agree on
        self.parent[rj] = ri
        self.lo[ri], self.hi[ri] = lo, hi
        self.size[ri] += self.size[rj]


_PAIR = 1 << 32  # event indices in a link key: below this
_HIGH = (1 << 64) - 1
_AS_INT = struct.Struct(">Q").unpack
_AS_BYTES = struct.Struct(">d").pack


def link_key(score: float, agree: bool, i: int, j: int) -> int:
    """A link as one integer that sorts as `(not agree, -score, i, j)` does.

    A 50 MB document gives about a million links: as tuples with their float and the
    tuple keys of a sort, they cost about 250 bytes each; as one integer, about 50.
    """
    bits = _AS_INT(_AS_BYTES(score + 0.0))[0]  # + 0.0: -0.0 sorts as 0.0 does
    rising = bits ^ _HIGH if bits >> 63 else bits | (1 << 63)  # orders as the floats do
    return ((not agree) << 128) | ((_HIGH - rising) << 64) | (i << 32) | j


def link_of(key: int) -> tuple[bool, int, int]:
    """(dates agree, i, j) of a `link_key`."""
    return not key >> 128, (key >> 32) & (_PAIR - 1), key & (_PAIR - 1)


def _cluster(feats: list[Features], links: list[int]) -> list[list[int]]:
    """Clusters of event indices, from links given as `link_key`s (sorted here, in place)."""
    clusters = _Clusters(feats)
    # Agreeing links first, strongest first: sources that disagree on a date only join
    # stories that the agreeing ones have formed.
    links.sort()
    for key in links:
        agree, i, j = link_of(key)
        clusters.join(i, j, agree)
    members: dict[int, list[int]] = defaultdict(list)
    for f in feats:
        members[clusters.find(f.index)].append(f.index)
    return list(members.values())
