"""Anchoring: which time a predicate happened at, chosen among the candidates of its sentence.

The candidates are the sentence's time expressions, the publication date and the story's
current ("narrative") time. A logistic regression, trained on the event-time and
event-DCT TLINKs of TimeBank and AQUAINT, scores each (predicate, candidate) pair; the
scores are turned into probabilities by a softmax over the candidates and a Platt
calibration fitted on predictions for documents the model was not trained on. A second,
multi-class logistic regression reads the relation (on, before, after, during) of the
predicate to the chosen time, mostly from the signal word ("since", "by", "until") and the
tense.

Only what the runtime has is read: the text, the sentence and timex spans, the signal
word before (or opening) a timex phrase, the timex granularity, and the predicates found
in the sentence. The features are listed in `pair_features` and in the README section
"How events are dated: the learned models".
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from timeline.learned import model as lm
from timeline.learned.predicates import Predicate, find_predicates
from timeline.learned.tokens import normal, tokenize, words

MODEL_FILE = "anchoring.json"
RELATIONS = ("on", "before", "after", "during")
KINDS = ("timex", "publication", "narrative")
_QUOTES = frozenset({'"', "“", "”", "``", "''"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "this", "that"})
_VALUE_GRANULARITY = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}T"), "time"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}"), "day"),
    (re.compile(r"^\d{4}-W\d{2}"), "week"),
    (re.compile(r"^\d{4}-\d{2}"), "month"),
    (re.compile(r"^\d{4}-(Q\d|H\d|SP|SU|FA|WI|F\w|Q\w)"), "quarter"),
    (re.compile(r"^\d{4}$"), "year"),
    (re.compile(r"^\d{3}X?$"), "decade"),
    (re.compile(r"^\d{2}X*$"), "century"),
    (re.compile(r"^(PRESENT_REF|PAST_REF|FUTURE_REF)$"), "vague"),
    (re.compile(r"^P"), "duration"),
)


@dataclass(frozen=True, slots=True)
class Candidate:
    kind: str  # "timex" | "publication" | "narrative" (the story's current time)
    start: int | None = None  # the time expression's span (phrase incl. signal words), "timex"
    end: int | None = None
    signal: str | None = None  # the preposition/signal before it: in, on, since, by, after, ...
    granularity: str | None = None  # day, month, year, decade, ...


@dataclass(frozen=True, slots=True)
class Anchor:
    candidate: int  # index into the candidates list
    relation: str  # "on" (inside/simultaneous), "before", "after", "during" (overlaps/includes)
    probability: float  # calibrated on held-out data


def granularity(value: str | None) -> str:
    """The granularity of a TIMEX3 value: "2019-07-15" -> day, "2019" -> year, "P2Y" -> duration."""
    if not value:
        return "unknown"
    for pattern, name in _VALUE_GRANULARITY:
        if pattern.match(value):
            return name
    return "other"


@dataclass
class SentenceContext:
    """What pair features read of one sentence: tokens, predicates' token positions, quotes."""

    tokens: list[tuple[int, int, str]]
    lows: list[str]
    starts: dict[int, int]  # token start offset -> token index
    predicates: list[int]  # token index of each predicate of the sentence
    reporting: list[int]  # token index of each reporting predicate
    quote_before: list[int]  # number of quote marks before each token

    @classmethod
    def build(
        cls, text: str, sentence: tuple[int, int], predicates: Sequence[Predicate]
    ) -> SentenceContext:
        tokens = tokenize(text, sentence[0], sentence[1])
        lows = [normal(t[2]) for t in tokens]
        starts = {t[0]: i for i, t in enumerate(tokens)}
        ctx = cls(tokens, lows, starts, [], [], [])
        ctx.predicates = [ctx.index(p.start) for p in predicates]
        ctx.reporting = [ctx.index(p.start) for p in predicates if p.event_class == "REPORTING"]
        count = 0
        for w in lows:
            ctx.quote_before.append(count)
            count += w in _QUOTES
        return ctx

    def index(self, offset: int) -> int:
        """The token starting at `offset`, else the last token starting before it."""
        hit = self.starts.get(offset)
        if hit is not None:
            return hit
        best = 0
        for i, t in enumerate(self.tokens):
            if t[0] > offset:
                break
            best = i
        return best

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Token range [first, last] covering a character span."""
        first = self.index(start)
        last = first
        while last + 1 < len(self.tokens) and self.tokens[last + 1][0] < end:
            last += 1
        return first, last


def _bucket(n: int, edges: Sequence[int]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def signal_of(ctx: SentenceContext, first: int, last: int) -> tuple[str, int]:
    """The signal word of a timex phrase (opening it, or right before it) and where the
    timex proper starts: "since 2003" and "since <2003>" both give ("since", index of 2003)."""
    signals = words()["signal"]
    if first < last and ctx.lows[first] in signals:
        return ctx.lows[first], first + 1
    if first > 0 and ctx.lows[first - 1] in signals:
        return ctx.lows[first - 1], first
    return "none", first


def _timex_features(
    ctx: SentenceContext, pi: int, cand: Candidate, signal: str | None
) -> tuple[list[tuple[str, str]], str]:
    first, last = ctx.span(cand.start or 0, cand.end or 0)
    found, core = signal_of(ctx, first, last)
    sig = signal.lower() if signal else found
    first = core  # distances are measured from the timex proper, as in training
    direction = "after" if first > pi else "before"
    lo, hi = (pi, first) if first > pi else (last, pi)
    dist = hi - lo
    preds = ctx.predicates if pi in ctx.predicates else [*ctx.predicates, pi]
    between = sum(1 for q in preds if lo < q < hi)
    nearest = min(preds, key=lambda q: min(abs(q - first), abs(q - last)), default=pi)
    closest = "yes" if nearest == pi else "no"
    span_words = ctx.lows[lo + 1 : hi]
    w = words()
    commas = sum(1 for x in span_words if x == "," or x == ";" or x == "--" or x == "(")
    clause = "none"
    if any(x in w["relative"] for x in span_words):
        clause = "relative"
    elif any(x in w["subordinator"] for x in span_words if x != sig):
        clause = "subordinate"
    nxt = ctx.lows[last + 1] if last + 1 < len(ctx.lows) else "</s>"
    before_core = ctx.lows[core - 1] if core > 0 else "<s>"
    premod = (
        "yes"
        if nxt[:1].isalpha()
        and nxt not in w["signal"]
        and nxt not in w["aux"]
        and nxt not in w["relative"]
        and (before_core in _DETERMINERS or before_core == "'s")
        else "no"
    )
    tx_first = ctx.lows[core] if core <= last and ctx.lows[core].isalpha() else "#"
    ago = "yes" if ctx.lows[last] == "ago" else "no"
    feats = [
        ("signal", sig),
        ("dir", direction),
        ("dist", _bucket(dist, (1, 2, 3, 5, 8, 12, 20))),
        ("dir_dist", direction + "|" + _bucket(dist, (1, 3, 6, 12))),
        ("between", _bucket(between, (0, 1, 2))),
        ("closest", closest),
        ("closest_dir", closest + "|" + direction),
        ("closest_between", closest + "|" + _bucket(between, (0, 1, 2))),
        ("closest_commas", closest + "|" + _bucket(commas, (0, 1))),
        ("closest_clause", closest + "|" + clause),
        ("commas", _bucket(commas, (0, 1))),
        ("clause", clause),
        ("clause_dir", clause + "|" + direction),
        ("premod", premod),
        ("tx_first", tx_first),
        ("ago", ago),
        ("sig_dir", sig + "|" + direction),
    ]
    return feats, sig


def timex_ranks(
    ctx: SentenceContext, pred: Predicate, candidates: Sequence[Candidate]
) -> list[int]:
    """Each candidate's rank among the timexes by token distance to the predicate (0 = the
    nearest, the baseline's choice); -1 for the other kinds."""
    pi = ctx.index(pred.start)
    dist = {}
    for i, c in enumerate(candidates):
        if c.kind == "timex" and c.start is not None and c.end is not None:
            first, last = ctx.span(c.start, c.end)
            dist[i] = min(abs(first - pi), abs(last - pi))
    order = sorted(dist, key=lambda i: (dist[i], i))
    ranks = [-1] * len(candidates)
    for r, i in enumerate(order):
        ranks[i] = r
    return ranks


def pair_features(
    ctx: SentenceContext, pred: Predicate, cand: Candidate, n_timex: int, rank: int = -1
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The ranking features and the relation features of one (predicate, candidate) pair;
    `rank` is the candidate's `timex_ranks` entry."""
    pi = ctx.index(pred.start)
    kind = cand.kind if cand.kind in KINDS else "timex"
    gran = cand.granularity or "unknown"
    t, a, c, p = pred.tense, pred.aspect, pred.event_class, pred.pos
    modal = "modal" if pred.modal else "real"
    quoted = "yes" if ctx.quote_before[pi] % 2 else "no"
    reported = "yes" if any(r != pi for r in ctx.reporting) else "no"
    base = [
        ("kind", kind),
        ("kind_tense", f"{kind}|{t}"),
        ("kind_aspect", f"{kind}|{a}"),
        ("kind_tense_aspect", f"{kind}|{t}|{a}"),
        ("kind_class", f"{kind}|{c}"),
        ("kind_pos", f"{kind}|{p}"),
        ("kind_modal", f"{kind}|{modal}"),
        ("kind_ntimex", f"{kind}|{_bucket(n_timex, (0, 1, 2))}"),
        ("kind_quoted", f"{kind}|{quoted}"),
        ("kind_reported", f"{kind}|{reported}"),
        ("kind_gran", f"{kind}|{gran}"),
        ("gran_tense", f"{gran}|{t}"),
        ("gran_pos", f"{gran}|{p}"),
    ]
    sig = "none"
    if kind == "timex" and cand.start is not None and cand.end is not None:
        tfeats, sig = _timex_features(ctx, pi, cand, cand.signal)
        nearest = _bucket(rank, (0, 1))
        tfeats += [("rank", nearest), ("rank_closest", nearest + "|" + tfeats[5][1])]
        base += tfeats
        base += [
            ("sig_tense", f"{sig}|{t}"),
            ("sig_pos", f"{sig}|{p}"),
            ("sig_class", f"{sig}|{c}"),
        ]
        base += [(f"tx_{k}_pos", f"{v}|{p}") for k, v in tfeats if k in ("closest", "clause")]
    relation = [
        ("kind", kind),
        ("signal", sig),
        ("tense", t),
        ("aspect", a),
        ("class", c),
        ("pos", p),
        ("gran", gran),
        ("kind_tense", f"{kind}|{t}"),
        ("kind_tense_aspect", f"{kind}|{t}|{a}"),
        ("sig_tense", f"{sig}|{t}"),
        ("sig_gran", f"{sig}|{gran}"),
        ("kind_class", f"{kind}|{c}"),
        ("kind_modal", f"{kind}|{modal}"),
        ("aspect_sig", f"{a}|{sig}"),
    ]
    if kind == "timex":
        relation += [(k, v) for k, v in base if k in ("ago", "dir", "tx_first", "premod")]
    return base, relation


class AnchoringModel:
    def __init__(self, data: dict[str, Any]) -> None:
        self.rank = lm.from_dict(data["rank"])
        self.relation = lm.from_dict(data["relation"])
        cal = data.get("calibration", {})
        self.cal_a = float(cal.get("a", 1.0))
        self.cal_b = float(cal.get("b", 0.0))
        self.meta = data.get("meta", {})

    def calibrate(self, p: float) -> float:
        p = min(max(p, 1e-6), 1 - 1e-6)
        return lm.sigmoid(self.cal_a * math.log(p / (1 - p)) + self.cal_b)

    def rank_pairs(
        self, ctx: SentenceContext, predicate: Predicate, candidates: Sequence[Candidate]
    ) -> list[Anchor]:
        scores, relations = self._scores(ctx, predicate, candidates, relations=True)
        if not scores:
            return []
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        z = sum(exps)
        anchors = [
            Anchor(i, relations[i], round(self.calibrate(e / z), 4)) for i, e in enumerate(exps)
        ]
        anchors.sort(key=lambda x: (-scores[x.candidate], x.candidate))
        return anchors

    def best_pair(
        self, ctx: SentenceContext, predicate: Predicate, candidates: Sequence[Candidate]
    ) -> tuple[int, float]:
        """The best candidate and its probability: `rank_pairs(...)[0]` without reading
        every candidate's relation."""
        scores, _ = self._scores(ctx, predicate, candidates, relations=False)
        if not scores:
            raise ValueError("no candidate to choose from")
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        z = sum(exps)
        best = scores.index(top)  # the first of equal scores, as rank_pairs' sort keeps it
        return best, round(self.calibrate(exps[best] / z), 4)

    def _scores(
        self,
        ctx: SentenceContext,
        predicate: Predicate,
        candidates: Sequence[Candidate],
        relations: bool,
    ) -> tuple[list[float], list[str]]:
        n_timex = sum(1 for c in candidates if c.kind == "timex")
        ranks = timex_ranks(ctx, predicate, candidates)
        scores: list[float] = []
        found: list[str] = []
        for cand, rank in zip(candidates, ranks, strict=True):
            feats, rfeats = pair_features(ctx, predicate, cand, n_timex, rank)
            scores.append(self.rank.scores(feats)[0])
            if relations:
                found.append(self.relation.best(rfeats)[0])
        return scores, found


@cache
def shipped_model() -> AnchoringModel:
    return AnchoringModel(lm.shipped(MODEL_FILE))


_last: list[Any] = [None, None, None, None]  # text, sentence, predicates, context


def _context(
    text: str, sentence: tuple[int, int], predicates: Sequence[Predicate] | None
) -> SentenceContext:
    """The sentence's context, reused while the same sentence is asked about again."""
    same = _last[0] is text and _last[1] == sentence
    if same and (predicates is None or _last[2] is predicates):
        return _last[3]
    if predicates is None:
        predicates = find_predicates(text, sentence[0], sentence[1])
    ctx = SentenceContext.build(text, sentence, predicates)
    _last[:] = [text, sentence, predicates, ctx]
    return ctx


def rank_candidates(
    text: str,
    sentence: tuple[int, int],
    predicate: Predicate,
    candidates: list[Candidate],
    predicates: Sequence[Predicate] | None = None,
) -> list[Anchor]:
    """The candidates as anchors of `predicate`, best first.

    `predicates` are the sentence's predicates (from `find_predicates`); pass them when
    you have them, else they are found again. Probabilities are calibrated per
    candidate; they sum to about one over the list (less after calibration at the top)."""
    return shipped_model().rank_pairs(_context(text, sentence, predicates), predicate, candidates)


def best_candidate(
    text: str,
    sentence: tuple[int, int],
    predicate: Predicate,
    candidates: list[Candidate],
    predicates: Sequence[Predicate] | None = None,
) -> tuple[int, float]:
    """The index of the best candidate and its calibrated probability: the first anchor
    `rank_candidates` gives, for less work (no relation is read)."""
    return shipped_model().best_pair(_context(text, sentence, predicates), predicate, candidates)
