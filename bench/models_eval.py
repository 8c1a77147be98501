"""Held-out figures of the learned models (predicates and anchoring), and their speed.

Reads ../shared/data/timeml/{TimeBank,AQUAINT} beside the project; every fifth file of
each (sorted index % 5 == 0, as `evaluate --split heldout`) is held out from training by
`python -m timeline train-models`, and only those files are scored here. Prints:

- predicates: event detection precision/recall/F1 (a gold EVENT matched by the token it
  starts in), and on the events found the accuracy of pos, class, tense, aspect, modal
  (gold `modality` set) and negated (gold polarity NEG, TimeBank only); the CPU speed of
  `find_predicates`;
- anchoring: accuracy of the chosen candidate against the "nearest timex in the sentence,
  else publication" baseline, by the kind of the right answer; relation accuracy when the
  candidate is right; a reliability table (confidence bins vs observed accuracy); once with
  the gold time expressions as candidates and once with the tagger's.

    python bench/models_eval.py [--data FOLDER] [--models FOLDER]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from timeline.learned import data as ld
from timeline.learned import model as lm
from timeline.learned.anchoring import AnchoringModel, Candidate, SentenceContext, granularity
from timeline.learned.predicates import ATTRIBUTES, PredicateModel
from timeline.temporal import tag

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/data/timeml"
BINS = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


def _models(folder: str | None) -> tuple[PredicateModel, AnchoringModel]:
    if folder:
        p = lm.load_file(Path(folder) / "predicates.json")
        a = lm.load_file(Path(folder) / "anchoring.json")
    else:
        p, a = lm.shipped("predicates.json"), lm.shipped("anchoring.json")
    return PredicateModel(p), AnchoringModel(a)


def _prf(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {100 * p:5.1f}  R {100 * r:5.1f}  F1 {100 * f:5.1f}"


def predicates(docs: list, pmodel: PredicateModel) -> None:
    tp = fp = fn = 0
    right: Counter[str] = Counter()
    known: Counter[str] = Counter()
    for doc in docs:
        gold = {c.span[0]: c for c in ld.token_cases(doc)}
        found = {}
        for s, e in ld.sentence_spans(doc.text):
            for p in pmodel.find(doc.text, s, e):
                found[p.start] = p
        for start, case in gold.items():
            p = found.get(start)
            if case.event and p is not None:
                tp += 1
                said = {a: getattr(p, a) for a in ATTRIBUTES}
                said["modal"] = "yes" if p.modal else "no"
                said["negated"] = "yes" if p.negated else "no"
                # AQUAINT's polarity is not usable (a file marks nearly every instance
                # NEG), so negation is scored on TimeBank alone
                aquaint = "AQUAINT" in doc.path
                for a, v in said.items():
                    if case.attrs[a] is not None and not (a == "negated" and aquaint):
                        known[a] += 1
                        right[a] += v == case.attrs[a]
            elif case.event:
                fn += 1
            elif p is not None:
                fp += 1
    print(f"event detection ({tp + fn} gold events): {_prf(tp, fp, fn)}")
    accs = "  ".join(
        f"{k} {100 * right[k] / max(known[k], 1):5.1f}" for k in [*ATTRIBUTES, "modal", "negated"]
    )
    print(f"on the events found, accuracy: {accs}  (negated: TimeBank only)")


def speed(docs: list, pmodel: PredicateModel) -> None:
    """CPU time (process time: the figure per core, whatever else the machine runs) of
    `find_predicates` over the held-out sentences: once with empty caches, then warm."""
    spans = [(d.text, s, e) for d in docs for s, e in ld.sentence_spans(d.text)]
    chars = sum(e - s for _, s, e in spans)
    pmodel._word_cache.clear()
    pmodel._attr_cache.clear()
    pmodel._attr_results.clear()
    figures = []
    for _ in range(3):
        t0 = time.process_time()
        for text, s, e in spans:
            pmodel.find(text, s, e)
        figures.append(chars / max(time.process_time() - t0, 1e-9) / 1e6)
    print(
        f"find_predicates speed (CPU time, {chars} chars): {figures[0]:.2f}M chars/s with "
        f"empty caches, {max(figures[1:]):.2f}M chars/s warm"
    )


def pipeline_speed(docs: list, pmodel: PredicateModel, amodel: AnchoringModel) -> None:
    """CPU speed of both models as the event layer calls them: the predicates of every
    sentence, then every predicate ranked against the sentence's (tagger's) time
    expressions and the publication date. The tagger runs before the clock starts."""
    work = []
    for d in docs:
        timexes = tag(d.text, d.dct)
        for s, e in ld.sentence_spans(d.text):
            cands = [
                Candidate("timex", *ld.timex_span(t), None, granularity(t.value))
                for t in timexes
                if s <= t.start < e
            ]
            work.append((d.text, (s, e), [*cands, Candidate("publication", granularity="day")]))
    chars = sum(e - s for _, (s, e), _ in work)
    t0 = time.process_time()
    pairs = 0
    for text, (s, e), cands in work:
        preds = pmodel.find(text, s, e)
        ctx = SentenceContext.build(text, (s, e), preds)
        for p in preds:
            amodel.rank_pairs(ctx, p, cands)
            pairs += len(cands)
    dt = max(time.process_time() - t0, 1e-9)
    print(
        f"predicates + anchoring speed (CPU time): {chars / dt / 1e6:.2f}M chars/s "
        f"({pairs} predicate-candidate pairs)"
    )


def anchoring(docs: list, pmodel: PredicateModel, amodel: AnchoringModel, system: bool) -> None:
    total = right = base = rel_right = rel_on = 0
    by_kind: Counter[str] = Counter()
    kind_right: Counter[str] = Counter()
    kind_base: Counter[str] = Counter()
    bins: list[list[int]] = [[0, 0] for _ in BINS[:-1]]
    conf_sum = [0.0 for _ in BINS[:-1]]
    for doc in docs:
        timexes = tag(doc.text, doc.dct) if system else None
        for case in ld.anchor_cases(doc, pmodel, timexes):
            top = amodel.rank_pairs(case.ctx, case.predicate, case.candidates)[0]
            ok = top.candidate == case.gold
            total += 1
            right += ok
            base += case.baseline == case.gold
            by_kind[case.gold_kind] += 1
            kind_right[case.gold_kind] += ok
            kind_base[case.gold_kind] += case.baseline == case.gold
            rel_right += ok and top.relation == case.relation
            rel_on += ok and case.relation == "on"
            k = next(i for i in range(len(BINS) - 1) if top.probability < BINS[i + 1])
            bins[k][0] += 1
            bins[k][1] += ok
            conf_sum[k] += top.probability
    name = "tagger's" if system else "gold"
    print(f"\nanchoring with the {name} time expressions: {total} linked events")
    print(
        f"  model accuracy {100 * right / total:5.1f}   baseline {100 * base / total:5.1f}"
        f"   relation right (of candidates right) {100 * rel_right / max(right, 1):5.1f}"
        f" (always 'on': {100 * rel_on / max(right, 1):4.1f})"
    )
    for kind in sorted(by_kind):
        n = by_kind[kind]
        print(
            f"  answer {kind:<12} n={n:<5} model {100 * kind_right[kind] / n:5.1f}"
            f"   baseline {100 * kind_base[kind] / n:5.1f}"
        )
    print("  reliability: confidence bin   n     mean conf   accuracy")
    for i, (n, ok) in enumerate(bins):
        if n:
            lo, hi = BINS[i], min(BINS[i + 1], 1.0)
            print(f"    [{lo:.1f}, {hi:.1f})  {n:>8}   {conf_sum[i] / n:8.2f}   {ok / n:8.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", default=str(DEFAULT), help="folder holding TimeBank/ and AQUAINT/"
    )
    parser.add_argument("--models", default=None, help="folder of model JSON (default: shipped)")
    args = parser.parse_args()
    folders = [Path(args.data) / "TimeBank", Path(args.data) / "AQUAINT"]
    if not all(f.is_dir() for f in folders):
        print(f"no TimeBank/ and AQUAINT/ under {args.data}", file=sys.stderr)
        return 2
    docs = ld.read_docs(ld.corpus_files(folders, "heldout"), lambda e: print(e, file=sys.stderr))
    pmodel, amodel = _models(args.models)
    print(f"held-out: {len(docs)} documents, {sum(len(d.text) for d in docs)} chars")
    predicates(docs, pmodel)
    speed(docs, pmodel)
    anchoring(docs, pmodel, amodel, system=False)
    anchoring(docs, pmodel, amodel, system=True)
    pipeline_speed(docs, pmodel, amodel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
