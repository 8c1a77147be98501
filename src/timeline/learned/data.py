"""Training and evaluation cases read from gold TimeML, shared by training and the bench.

Predicate cases: every word token of every sentence, labelled event or not (a token is an
event when a gold EVENT starts inside it), with the gold MAKEINSTANCE reading of events.
Anchoring cases: every gold event instance whose TLINKs tie it to a time expression of
its sentence, the document creation time, or the last dated sentence before it; the
candidates are its sentence's time expressions, the publication date and that narrative
time, and the linked one is the answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from timeline import timeml
from timeline.learned.anchoring import Candidate, SentenceContext, granularity
from timeline.learned.predicates import Predicate, PredicateModel
from timeline.learned.tokens import aux_chain, context_values, normal, tokenize, word_values
from timeline.schema import Timex

# A TLINK relType read from the event's side, as the relation the runtime reports.
RELATION = {
    "IS_INCLUDED": "on",
    "SIMULTANEOUS": "on",
    "IDENTITY": "on",
    "DURING": "on",
    "BEFORE": "before",
    "IBEFORE": "before",
    "AFTER": "after",
    "IAFTER": "after",
    "INCLUDES": "during",
    "DURING_INV": "during",
    "BEGINS": "during",
    "ENDS": "during",
    "BEGUN_BY": "during",
    "ENDED_BY": "during",
}
# The same relation read from the time's side ("t BEFORE e" is "e AFTER t").
INVERSE = {
    "BEFORE": "AFTER",
    "AFTER": "BEFORE",
    "IBEFORE": "IAFTER",
    "IAFTER": "IBEFORE",
    "INCLUDES": "IS_INCLUDED",
    "IS_INCLUDED": "INCLUDES",
    "BEGINS": "BEGUN_BY",
    "BEGUN_BY": "BEGINS",
    "ENDS": "ENDED_BY",
    "ENDED_BY": "ENDS",
    "DURING": "DURING_INV",
    "DURING_INV": "DURING",
}
_NARRATIVE_REACH = 5  # sentences back that a narrative time is looked for


def sentence_spans(text: str) -> list[tuple[int, int]]:
    from timeline.sentences import sentences

    return sentences(text)


def corpus_files(folders: Iterable[str | Path], split: str) -> list[Path]:
    """The `.tml` files of each folder in the split (every fifth file of each is held out)."""
    from timeline.evaluation.runner import select

    out: list[Path] = []
    for folder in folders:
        out += select(timeml.find_files(folder), split)
    return out


def read_docs(
    files: Iterable[Path], on_error: Callable[[timeml.TimeMLError], None]
) -> list[timeml.TimeMLDocument]:
    docs = []
    for item in timeml.read_all(files):
        if isinstance(item, timeml.TimeMLError):
            on_error(item)
        else:
            docs.append(item)
    return docs


@dataclass
class TokenCase:
    values: tuple[str, ...]  # template values (tokens.TEMPLATES order)
    event: bool
    # gold pos/event_class/tense/aspect/modal/negated of an event (None: not known)
    attrs: dict[str, str | None] | None
    span: tuple[int, int]
    doc: str


def _gold_attrs(doc: timeml.TimeMLDocument) -> dict[int, dict[str, str | None]]:
    """Event start offset -> its gold reading (the first MAKEINSTANCE of the event)."""
    inst: dict[str, timeml.GoldInstance] = {}
    for i in doc.instances:
        inst.setdefault(i.eid, i)
    out = {}
    for e in doc.events:
        i = inst.get(e.eid)
        out[e.start] = {
            "event_class": e.event_class,
            "pos": _pos(i),
            "tense": i.tense if i else "NONE",
            "aspect": i.aspect if i else "NONE",
            "modal": "yes" if i and i.modality else "no",
            "negated": "yes" if i and i.polarity == "NEG" else "no",
        }
    return out


def _pos(i: timeml.GoldInstance | None) -> str | None:
    """The gold part of speech; AQUAINT leaves most UNKNOWN, and then a tensed event is a
    verb and the rest is not known (None: left out of pos training and scoring)."""
    if i is None:
        return None
    if i.pos in ("VERB", "NOUN", "ADJECTIVE"):
        return i.pos
    if i.pos in ("OTHER", "PREPOSITION"):
        return "OTHER"
    return "VERB" if i.tense not in ("NONE", "") else None


def token_cases(doc: timeml.TimeMLDocument) -> Iterator[TokenCase]:
    """Every word token of the document, labelled event or not."""
    gold = _gold_attrs(doc)
    starts = sorted(gold)
    for s, e in sentence_spans(doc.text):
        tokens = tokenize(doc.text, s, e)
        lows = [normal(t[2]) for t in tokens]
        labelled = _label_tokens(tokens, starts, gold)
        for i, (a, b, tok) in enumerate(tokens):
            if not tok[0].isalpha():
                continue
            chain = aux_chain(lows, i)[0]
            values = word_values(tok, lows[i]) + context_values(lows, i, chain)
            attrs = labelled.get(i)
            yield TokenCase(values, attrs is not None, attrs, (a, b), doc.id)


def _label_tokens(
    tokens: list[tuple[int, int, str]], starts: list[int], gold: dict[int, dict[str, str | None]]
) -> dict[int, dict[str, str | None]]:
    """Token index -> gold attributes, for the token each gold event starts in."""
    import bisect

    out: dict[int, dict[str, str]] = {}
    for i, (a, b, _tok) in enumerate(tokens):
        k = bisect.bisect_left(starts, a)
        if k < len(starts) and starts[k] < b and i not in out:
            out[i] = gold[starts[k]]
    return out


@dataclass
class AnchorCase:
    doc: str
    sentence: tuple[int, int]
    ctx: SentenceContext
    predicate: Predicate
    candidates: list[Candidate]
    gold: int  # index of the linked candidate; -1 when none of the candidates is it
    relation: str
    gold_kind: str
    baseline: int  # "nearest timex in the sentence, else publication"


def _time_links(doc: timeml.TimeMLDocument) -> dict[str, list[tuple[str, str]]]:
    """Event instance id -> [(time id, relation from the event's side)]."""
    links: dict[str, list[tuple[str, str]]] = {}
    for t in doc.tlinks:
        if t.source[0] == "event" and t.target[0] == "time":
            eiid, tid, rel = t.source[1], t.target[1], t.relation
        elif t.source[0] == "time" and t.target[0] == "event":
            eiid, tid, rel = t.target[1], t.source[1], INVERSE.get(t.relation, t.relation)
        else:
            continue
        if rel in RELATION:
            links.setdefault(eiid, []).append((tid, RELATION[rel]))
    return links


def anchor_cases(
    doc: timeml.TimeMLDocument,
    pmodel: PredicateModel,
    system_timexes: list[Timex] | None = None,
) -> Iterator[AnchorCase]:
    """The anchoring cases of one document; with `system_timexes`, the sentence candidates
    are those (a tagger's) and the answer is the one overlapping the gold linked timex."""
    links = _time_links(doc)
    eiids: dict[str, list[str]] = {}
    for i in doc.instances:
        eiids.setdefault(i.eid, []).append(i.eiid)
    gold_tx = [
        (t, tid) for t, tid in zip(doc.timexes, doc.timex_ids, strict=True) if tid != doc.dct_tid
    ]
    narrative: tuple[Timex, str, int] | None = None  # timex, tid, sentence number
    for n, (s, e) in enumerate(sentence_spans(doc.text)):
        in_gold = [(t, tid) for t, tid in gold_tx if s <= t.start < e]
        pool = (
            in_gold
            if system_timexes is None
            else [(t, "") for t in system_timexes if s <= t.start < e]
        )
        preds = pmodel.find(doc.text, s, e)
        ctx = SentenceContext.build(doc.text, (s, e), preds)
        # a tagger's timex is offered as the runtime offers it: the phrase with its signal
        candidates = [
            Candidate("timex", *timex_span(t), None, granularity(t.value)) for t, _ in pool
        ]
        candidates.append(Candidate("publication", granularity="day"))
        narr_tid = None
        if narrative is not None and n - narrative[2] <= _NARRATIVE_REACH:
            candidates.append(Candidate("narrative", granularity=granularity(narrative[0].value)))
            narr_tid = narrative[1]
        for ev in doc.events:
            if not s <= ev.start < e:
                continue
            found = _answer(ev, eiids, links, in_gold, pool, doc.dct_tid, narr_tid)
            if found is None:
                continue
            gold, relation, kind = found
            idx = ctx.index(ev.start)
            pred = pmodel.token(ctx.tokens, ctx.lows, idx)
            yield AnchorCase(
                doc.id,
                (s, e),
                ctx,
                pred,
                candidates,
                _candidate_index(candidates, [t for t, _ in pool], gold, kind),
                relation,
                kind,
                _nearest(ctx, idx, candidates),
            )
        dated = [(t, tid) for t, tid in in_gold if t.type == "DATE"]
        if dated:
            narrative = (dated[-1][0], dated[-1][1], n)


def _answer(ev, eiids, links, in_gold, pool, dct_tid, narr_tid):
    """(gold timex or None, relation, kind) of an event, preferring a timex of its sentence."""
    own = []
    for eiid in eiids.get(ev.eid, []):
        own += links.get(eiid, [])
    if not own:
        return None
    sentence_tids = {tid: t for t, tid in in_gold}
    for tid, rel in own:
        if tid in sentence_tids:
            gold = sentence_tids[tid]
            match = next((t for t, _ in pool if t.start < gold.end and gold.start < t.end), None)
            return match, rel, "timex"
    for tid, rel in own:
        if tid == dct_tid:
            return None, rel, "publication"
    for tid, rel in own:
        if tid == narr_tid:
            return None, rel, "narrative"
    return None


def timex_span(t: Timex) -> tuple[int, int]:
    """The span a timex is offered as a candidate with: its phrase ("since 2003"), if any."""
    return (t.phrase.start, t.phrase.end) if t.phrase else (t.start, t.end)


def _candidate_index(
    candidates: list[Candidate], pool: list[Timex], gold: Timex | None, kind: str
) -> int:
    """The answer's index: timex candidates come first, in the order of `pool`."""
    if kind == "timex":
        return next((i for i, t in enumerate(pool) if t is gold), -1)
    return next((i for i, c in enumerate(candidates) if c.kind == kind), -1)


def _nearest(ctx: SentenceContext, pi: int, candidates: list[Candidate]) -> int:
    """The baseline's choice: the timex nearest the predicate in tokens, else publication."""
    best, best_d = -1, None
    for i, c in enumerate(candidates):
        if c.kind == "timex" and c.start is not None and c.end is not None:
            first, last = ctx.span(c.start, c.end)
            d = min(abs(first - pi), abs(last - pi))
            if best_d is None or d < best_d:
                best, best_d = i, d
    if best >= 0:
        return best
    return next(i for i, c in enumerate(candidates) if c.kind == "publication")
