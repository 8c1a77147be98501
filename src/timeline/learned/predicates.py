"""Predicates: the words of a sentence that name a happening, state or report (TimeML EVENTs).

A logistic-regression token classifier, trained on the gold EVENT tags of TimeBank and
AQUAINT (`python -m timeline train-models`), decides which tokens are events. For each,
small multi-class logistic regressions over the same features (the word, its suffixes,
its neighbours and the auxiliary chain before it) read the TimeML tense, aspect, class
and part of speech. `modal` and `negated` are rules over that auxiliary chain: a modal
(would, could, may, might, should, must, can) or negation in it, or for `modal` an
if/unless/whether earlier in the same clause.

Speed: the word-level part of a token's score is cached per surface form, the context
part is one dict lookup per template, and the attribute models run only on tokens
found to be events.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from operator import add, itemgetter
from typing import Any, NamedTuple

from timeline.learned import model as lm
from timeline.learned.tokens import (
    CONTEXT_TEMPLATES,
    TOKEN,
    TOKEN_ASCII,
    WORD_TEMPLATES,
    aux_chain,
    context_values,
    normal,
    split_negation,
    tokenize,
    word_values,
    words,
)
from timeline.words import irregular_verbs, word_list

MODEL_FILE = "predicates.json"
ATTRIBUTES = ("pos", "event_class", "tense", "aspect")
_CACHE_LIMIT = 200_000
_NO_CHAIN = ("-", False, False)  # `aux_chain` of a word with none before it


class Predicate(NamedTuple):
    """One predicate (a named tuple: a sentence makes several, and a frozen dataclass
    costs three times as much to build)."""

    start: int
    end: int
    text: str  # the event head word, offsets into the full text
    pos: str  # "VERB" | "NOUN" | "ADJECTIVE" | "OTHER"
    event_class: str  # OCCURRENCE, REPORTING, STATE, I_ACTION, I_STATE, ASPECTUAL, PERCEPTION
    tense: str  # PAST, PRESENT, FUTURE, INFINITIVE, PRESPART, PASTPART, NONE
    aspect: str  # NONE, PROGRESSIVE, PERFECTIVE, PERFECTIVE_PROGRESSIVE
    modal: bool  # under would/could/may/might/should/must/can or an if-clause
    negated: bool
    probability: float  # that this token is an event


class PredicateModel:
    """The detector and attribute models of one weights file, ready to apply."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.detect = lm.from_dict(data["detect"])
        threshold = float(data["detect"].get("threshold", 0.5))
        self.threshold = threshold
        self._logit = math.log(threshold / (1 - threshold))
        self.attributes = {a: lm.from_dict(data[a]) for a in ATTRIBUTES}
        self.meta = data.get("meta", {})
        self._word_tables = [_flat(self.detect.table(t)) for t in WORD_TEMPLATES]
        self._context_tables = [_flat(self.detect.table(t)) for t in CONTEXT_TEMPLATES]
        self._bias = self.detect.bias[0]
        self._word_cache: dict[str, float] = {}
        self._attr_cache: dict[str, list[float]] = {}
        self._attr_results: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._attr_slices, self._attr_context = _combined(list(self.attributes.values()))
        # The context values the attribute models read, as one C call (a tuple).
        self._attr_values = _getter([k for k, _ in self._attr_context])
        self._floor = float(data["detect"].get("floor", -math.inf))
        w = words()
        self._chain_start = w["aux"] | w["modal"] | w["negation"] | w["adverb"]
        self._hypothetical = w["hypothetical"]
        self._clause_breaks = frozenset({",", ";", ":", "(", ")", "--"}) | w["relative"]
        self._simple_past = frozenset(
            p for base, _, p, kind in irregular_verbs() if p != base and kind == "action"
        )
        self._noun_openers = word_list("determiners") | word_list("amount_units")
        self._not_after = w["aux"] | {"by"}  # "the medal won by", "the day lost was"

    def _word_score(self, token: str, low: str) -> float:
        score = self._word_cache.get(token)
        if score is None:
            score = self._bias
            for table, v in zip(self._word_tables, word_values(token, low), strict=True):
                score += table.get(v, 0.0)
            if len(self._word_cache) > _CACHE_LIMIT:
                self._word_cache.clear()
            self._word_cache[token] = score
        return score

    def find(self, text: str, start: int, end: int) -> list[Predicate]:
        spans, texts, lows = self._tokens(text, start, end)
        t_p1, t_p2, t_n1, t_n2, t_aux, t_p1w = self._context_tables
        p1_get, p2_get, n1_get, n2_get, p1w_get = t_p1.get, t_p2.get, t_n1.get, t_n2.get, t_p1w.get
        no_chain = t_aux.get("-", 0.0)
        chain_start = self._chain_start
        cache = self._word_cache
        floor, logit = self._floor, self._logit
        before = ["<s>", "<s>", *lows]  # before[i + 1]: the word before token i
        after = [*lows, "</s>", "</s>"]  # after[i + 1]: the word after it
        out: list[Predicate] = []
        for i, token in enumerate(texts):
            score = cache.get(token)
            if score is None:
                score = self._word_score(token, lows[i])
            if score < floor or not token[0].isalpha():
                continue
            p1 = before[i + 1]
            score += (
                p1_get(p1, 0.0)
                + p2_get(before[i], 0.0)
                + n1_get(after[i + 1], 0.0)
                + n2_get(after[i + 2], 0.0)
                + p1w_get(p1 + "|" + lows[i], 0.0)
            )
            if p1 in chain_start or p1.endswith("ly"):
                chain = aux_chain(lows, i)
                score += t_aux.get(chain[0], 0.0)
            else:  # no auxiliary, negation or adverb before it: `aux_chain` finds none
                chain = _NO_CHAIN
                score += no_chain
            if score >= logit:
                a, b = spans[i]
                out.append(self._predicate(a + start, b + start, token, lows, i, score, chain))
        return out

    @staticmethod
    def _tokens(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[str],
                                                           list[str]]:
        """The spans of the tokens of `text[start:end]` (offsets into it), their texts and
        their normal forms; offsets into the text are made only for predicates."""
        seg = text[start:end]
        low_seg = seg.lower()
        if len(low_seg) != len(seg):  # a letter whose lower case is longer: token by token
            tokens = tokenize(text, start, end)
            return ([(a - start, b - start) for a, b, _ in tokens], [t[2] for t in tokens],
                    [normal(t[2]) for t in tokens])
        if "’" in low_seg:
            low_seg = low_seg.replace("’", "'")
        tokens = TOKEN_ASCII if seg.isascii() else TOKEN
        spans = [m.span() for m in tokens.finditer(seg)]
        if "'t" in low_seg:
            spans = split_negation(seg, spans)
        return spans, [seg[a:b] for a, b in spans], [low_seg[a:b] for a, b in spans]

    def token(self, tokens: list[tuple[int, int, str]], lows: list[str], i: int) -> Predicate:
        """Token i read as a predicate, whatever its event probability."""
        a, b, token = tokens[i]
        chain = aux_chain(lows, i)[0]
        score = self._word_score(token, lows[i])
        for table, v in zip(self._context_tables, context_values(lows, i, chain), strict=True):
            score += table.get(v, 0.0)
        return self._predicate(a, b, token, lows, i, score)

    def _predicate(
        self,
        a: int,
        b: int,
        token: str,
        lows: list[str],
        i: int,
        score: float,
        chained: tuple[str, bool, bool] | None = None,
    ) -> Predicate:
        chain, modal, negated = aux_chain(lows, i) if chained is None else chained
        attrs = self._attributes(token, lows, i, context_values(lows, i, chain))
        if chain == "-" and lows[i] in self._simple_past and attrs[::2] != ("VERB", "PAST"):
            attrs = self._irregular_past(attrs, lows, i)
        return Predicate(
            start=a,
            end=b,
            text=token,
            pos=attrs[0],
            event_class=attrs[1],
            tense=attrs[2],
            aspect=attrs[3],
            modal=modal or self._in_condition(lows, i),
            negated=negated,
            probability=round(lm.sigmoid(score), 4),
        )

    def _attributes(
        self, token: str, lows: list[str], i: int, cvalues: tuple[str, ...]
    ) -> tuple[str, ...]:
        """The most likely pos, class, tense and aspect (ATTRIBUTES order)."""
        key = (token, *self._attr_values(cvalues))
        hit = self._attr_results.get(key)
        if hit is not None:
            return hit
        total = self._attr_cache.get(token)
        if total is None:
            wvalues = word_values(token, lows[i])
            total = []
            for m in self.attributes.values():
                total += m.scores(list(zip(WORD_TEMPLATES, wvalues, strict=True)))
            if len(self._attr_cache) > _CACHE_LIMIT:
                self._attr_cache.clear()
            self._attr_cache[token] = total
        for k, table in self._attr_context:
            w = table.get(cvalues[k])
            if w is not None:
                total = list(map(add, total, w))
        out = []
        for labels, lo in self._attr_slices:
            part = total[lo : lo + len(labels)]
            out.append(labels[part.index(max(part))])
        if len(self._attr_results) > _CACHE_LIMIT:
            self._attr_results.clear()
        result = self._attr_results[key] = tuple(out)
        return result

    def _irregular_past(self, attrs: tuple[str, ...], lows: list[str], i: int) -> tuple[str, ...]:
        """ "won", "struck" with no auxiliary before them: a simple past the attribute
        models misread (in wire news "won" is often a currency); not first in the
        sentence, after a number or a determiner ("12 trillion won", "the lost city"), nor
        before "by" or an auxiliary ("the medal won by", "the money spent was")."""
        if i == 0:  # "Understood to be ...", "Spent was ...": no subject, a participle
            return attrs
        before, after = lows[i - 1], lows[i + 1] if i + 1 < len(lows) else ""
        if before[:1].isdigit() or before in self._noun_openers or after in self._not_after:
            return attrs
        return ("VERB", attrs[1], "PAST", attrs[3])

    def _in_condition(self, lows: list[str], i: int) -> bool:
        """An if/unless/whether earlier in the same clause (no comma or relative word between)."""
        for j in range(i - 1, -1, -1):
            w = lows[j]
            if w in self._hypothetical:
                return True
            if w in self._clause_breaks:
                return False
        return False


def _combined(
    models: list[lm.LinearModel],
) -> tuple[list[tuple[tuple[str, ...], int]], list[tuple[int, dict[str, list[float]]]]]:
    """The attribute models' context weights as one vector per value (labels of all models
    side by side), so each context template is one lookup and one addition for all four."""
    slices, offset = [], 0
    for m in models:
        slices.append((m.labels, offset))
        offset += len(m.labels)
    context = []
    for k, t in enumerate(CONTEXT_TEMPLATES):
        table: dict[str, list[float]] = {}
        for m, (_labels, lo) in zip(models, slices, strict=True):
            for value, w in m.tables.get(t, {}).items():
                vec = table.setdefault(value, [0.0] * offset)
                vec[lo : lo + len(w)] = w
        if table:
            context.append((k, table))
    return slices, context


def _getter(indexes: list[int]) -> Callable[[tuple[str, ...]], tuple[str, ...]]:
    """The items at `indexes` of a tuple, always as a tuple (itemgetter of one is not)."""
    if len(indexes) == 1:
        k = indexes[0]
        return lambda values: (values[k],)
    return itemgetter(*indexes)


def _flat(table: dict[str, tuple[float, ...]]) -> dict[str, float]:
    return {v: w[0] for v, w in table.items()}


@cache
def shipped_model() -> PredicateModel:
    return PredicateModel(lm.shipped(MODEL_FILE))


def find_predicates(text: str, start: int, end: int) -> list[Predicate]:
    """The predicates of one sentence `text[start:end]`, in text order."""
    return shipped_model().find(text, start, end)
