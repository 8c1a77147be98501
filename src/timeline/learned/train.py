"""`python -m timeline train-models`: fit the predicate and anchoring models, write their JSON.

Training needs scikit-learn (`pip install -e '.[train]'`); applying the models does not.
Everything is seeded, so the same data gives the same files. By default it trains on the
development part of TimeBank and AQUAINT beside the project (every fifth file of each
folder is held out for `bench/models_eval.py`).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from timeline import timeml
from timeline.learned import data as ld
from timeline.learned.anchoring import AnchoringModel, pair_features, timex_ranks
from timeline.learned.predicates import ATTRIBUTES, PredicateModel
from timeline.learned.tokens import TEMPLATES, WORD_TEMPLATES, feature_strings

DEFAULT_CORPORA = ("../shared/data/timeml/TimeBank", "../shared/data/timeml/AQUAINT")
SEED = 13
_PRUNE = 0.05  # weights smaller than this (for every label) are dropped from the file
_PRUNE_MULTI = 0.5  # the same for multi-class models, whose weights are spread over labels
# The attribute models (tense, aspect, class, pos) read the word, its suffixes and its
# nearest neighbours and auxiliaries: wider context only made them larger.
ATTRIBUTE_TEMPLATES = ("w", "s2", "s3", "s4", "shape", "p1", "n1", "aux")
_CV_FOLDS = 5
_FLOOR_MARGIN = 1.0
_NUMBER_LIST = re.compile(r"\[[-0-9.,\se]*\]")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "corpora",
        nargs="*",
        default=list(DEFAULT_CORPORA),
        help="folders (or files) of gold TimeML (default: TimeBank and AQUAINT beside the project)",
    )
    parser.add_argument(
        "--split",
        choices=("dev", "all"),
        default="dev",
        help="dev = train without each folder's every fifth file (kept for evaluation); "
        "all = every file (default: dev)",
    )
    parser.add_argument(
        "--silver",
        default=None,
        metavar="TARBALL",
        help="a tar archive of silver TimeML whose EVENT tags add to the event detector's "
        "training data (e.g. ../shared/data/corpus/te3-silver-timeml.tar.gz)",
    )
    parser.add_argument(
        "--anchoring-only",
        action="store_true",
        help="keep the predicates.json already in the output folder and refit only anchoring",
    )
    parser.add_argument(
        "--out",
        default=None,
        help="folder to write predicates.json and anchoring.json (default: the package's models)",
    )


def run(args: argparse.Namespace) -> int:
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("train-models needs scikit-learn: pip install -e '.[train]'", file=sys.stderr)
        return 2
    missing = [c for c in [*args.corpora, args.silver or "."] if not Path(c).exists()]
    if missing:
        print(f"no such corpus: {', '.join(missing)}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else default_out()
    files = ld.corpus_files(args.corpora, args.split)
    docs = ld.read_docs(files, lambda e: print(f"skipped {e}", file=sys.stderr))
    if not docs:
        print("no readable TimeML documents to train on", file=sys.stderr)
        return 2
    silver = []
    if args.silver:
        silver = list(timeml.iter_tarball_documents(args.silver, lambda e: print(f"skipped {e}")))
    if args.anchoring_only:
        paths = [write(out, "anchoring.json", train_anchoring(docs, load_predicates(out)))]
    else:
        paths = train(docs, out, silver)
    for p in paths:
        print(f"wrote {p} ({p.stat().st_size // 1024} KB)")
    return 0


def default_out() -> Path:
    return Path(__file__).resolve().parent.parent / "resources" / "models"


def train(docs: list, out: Path, silver: list | None = None) -> list[Path]:
    """Fit both models on `docs` (the detector also on `silver`) and write them under `out`."""
    out.mkdir(parents=True, exist_ok=True)
    pred_data = train_predicates(docs, silver or [])
    anch_data = train_anchoring(docs, PredicateModel(pred_data))
    return [write(out, "predicates.json", pred_data), write(out, "anchoring.json", anch_data)]


def load_predicates(folder: Path) -> PredicateModel:
    return PredicateModel(json.loads((folder / "predicates.json").read_text("utf-8")))


def write(folder: Path, name: str, content: dict[str, Any]) -> Path:
    """Write one model file atomically (a reader never sees half a file)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    tmp = path.with_suffix(".tmp")
    tmp.write_text(dumps(content), "utf-8")
    tmp.replace(path)
    return path


def dumps(content: dict[str, Any]) -> str:
    """JSON with one weight (or one list of per-label weights) per line: readable and diffable."""
    text = json.dumps(content, indent=1, sort_keys=True, ensure_ascii=False)
    return _NUMBER_LIST.sub(lambda m: re.sub(r"\s+", "", m.group()), text) + "\n"


def fit_linear(
    rows: list[list[str]],
    labels: list[str],
    c: float,
    binary_label: str | None = None,
    prune: float | None = None,
) -> dict[str, Any]:
    """A logistic regression over string features, exported as per-template weight tables.

    With `binary_label`, one weight per feature (the log-odds of that label, L1-penalised
    so most features drop out); otherwise a multinomial model with one weight per label."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    classes = sorted(set(labels))
    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(r, 1) for r in rows]).tocsr()
    x.indices = x.indices.astype("int32")  # liblinear takes 32-bit indices only
    x.indptr = x.indptr.astype("int32")
    names = vec.get_feature_names_out()
    if binary_label is not None:
        y = [lab == binary_label for lab in labels]
        if len(set(y)) < 2:
            return _constant([binary_label], [4.0 if y and y[0] else -4.0])
        clf = LogisticRegression(l1_ratio=1.0, C=c, solver="liblinear", random_state=SEED)
        clf.fit(x, y)
        return _export([binary_label], clf.intercept_.tolist(), clf.coef_, names, prune)
    if len(classes) < 2:
        return _constant(classes or ["NONE"], [0.0])
    clf = LogisticRegression(C=c, max_iter=2000, random_state=SEED)
    clf.fit(x, labels)
    coef, bias = clf.coef_, clf.intercept_.tolist()
    if len(classes) == 2:  # sklearn keeps one row for two classes: split it symmetrically
        coef = [-coef[0] / 2, coef[0] / 2]
        bias = [-bias[0] / 2, bias[0] / 2]
    return _export(list(clf.classes_), bias, coef, names, prune)


def _constant(labels: list[str], bias: list[float]) -> dict[str, Any]:
    return {"labels": labels, "bias": bias, "weights": {}}


def _export(
    labels: list[str], bias: list[float], coef: Any, names: Any, prune: float | None
) -> dict[str, Any]:
    weights: dict[str, dict[str, Any]] = {}
    rows = [list(r) for r in coef]
    if prune is None:
        prune = _PRUNE if len(rows) == 1 else _PRUNE_MULTI
    for j, name in enumerate(names):
        w = [round(float(r[j]), 3) for r in rows]
        if max(abs(v) for v in w) < prune:
            continue
        template, _, value = name.partition("=")
        weights.setdefault(template, {})[value] = w[0] if len(w) == 1 else w
    return {"labels": labels, "bias": [round(float(b), 4) for b in bias], "weights": weights}


def train_predicates(docs: list, silver: list) -> dict[str, Any]:
    cases = [c for d in docs for c in ld.token_cases(d)]
    rows = [feature_strings(c.values) for c in cases]
    extra = [c for d in silver for c in ld.token_cases(d)]
    detect = fit_linear(
        rows + [feature_strings(c.values) for c in extra],
        ["event" if c.event else "no" for c in cases + extra],
        0.5,
        "event",
    )
    detect["threshold"] = 0.5
    result: dict[str, Any] = {"detect": detect}
    events = [
        ([f for f in r if f.partition("=")[0] in ATTRIBUTE_TEMPLATES], c)
        for r, c in zip(rows, cases, strict=True)
        if c.event and c.attrs
    ]
    for attr in ATTRIBUTES:
        known = [(r, c.attrs[attr]) for r, c in events if c.attrs[attr] is not None]
        result[attr] = fit_linear([r for r, _ in known], [y for _, y in known], 1.0)
    result["detect"]["floor"] = _floor(result, cases)
    result["meta"] = {
        "documents": len(docs),
        "silver_documents": len(silver),
        "tokens": len(cases) + len(extra),
        "events": len(events),
        "labels": {a: dict(Counter(str(c.attrs[a]) for _, c in events)) for a in ATTRIBUTES},
    }
    return result


def _floor(result: dict[str, Any], cases: list[ld.TokenCase]) -> float:
    """The word-level score below which no training token was found to be an event, less a
    margin: at run time tokens under it (the, of, said's commas...) skip the context lookups."""
    model = PredicateModel(result)
    lowest = 0.0
    for case in cases:
        values = dict(zip(TEMPLATES, case.values, strict=True))
        word = model.detect.scores([(t, values[t]) for t in WORD_TEMPLATES])[0]
        full = model.detect.scores(list(values.items()))[0]
        if full >= model._logit:
            lowest = min(lowest, word)
    return round(lowest - _FLOOR_MARGIN, 3)


def _pair_rows(cases: list[ld.AnchorCase]) -> tuple[list, list, list, list]:
    rank_rows, rank_y, rel_rows, rel_y = [], [], [], []
    for case in cases:
        n_timex = sum(1 for c in case.candidates if c.kind == "timex")
        ranks = timex_ranks(case.ctx, case.predicate, case.candidates)
        for i, cand in enumerate(case.candidates):
            feats, rfeats = pair_features(case.ctx, case.predicate, cand, n_timex, ranks[i])
            rank_rows.append([f"{t}={v}" for t, v in feats])
            rank_y.append("yes" if i == case.gold else "no")
            if i == case.gold:
                rel_rows.append([f"{t}={v}" for t, v in rfeats])
                rel_y.append(case.relation)
    return rank_rows, rank_y, rel_rows, rel_y


def fit_anchoring(cases: list[ld.AnchorCase]) -> dict[str, Any]:
    rank_rows, rank_y, rel_rows, rel_y = _pair_rows(cases)
    return {
        "rank": fit_linear(rank_rows, rank_y, 1.0, "yes"),
        # small enough to keep every weight of note: the size limit is the predicates' concern
        "relation": fit_linear(rel_rows, rel_y, 0.5, prune=_PRUNE),
    }


def train_anchoring(docs: list, pmodel: PredicateModel) -> dict[str, Any]:
    by_doc = [[c for c in ld.anchor_cases(d, pmodel) if c.gold >= 0] for d in docs]
    cases = [c for group in by_doc for c in group]
    result = fit_anchoring(cases)
    result["calibration"] = _calibration(by_doc)
    result["meta"] = {
        "documents": len(docs),
        "cases": len(cases),
        "answers": dict(Counter(c.gold_kind for c in cases)),
        "relations": dict(Counter(c.relation for c in cases)),
    }
    return result


def _calibration(by_doc: list[list[ld.AnchorCase]]) -> dict[str, float]:
    """Platt scaling of the top candidate's softmax probability, fitted on predictions for
    documents left out of training (k-fold by document), so it is fitted on unseen data."""
    from sklearn.linear_model import LogisticRegression

    folds = min(_CV_FOLDS, len(by_doc))
    xs, ys = [], []
    for k in range(folds):
        train = [c for i, g in enumerate(by_doc) if i % folds != k for c in g]
        test = [c for i, g in enumerate(by_doc) if i % folds == k for c in g]
        if not train or not test or len({c.gold_kind for c in train}) < 1:
            continue
        m = AnchoringModel({**fit_anchoring(train), "calibration": {"a": 1.0, "b": 0.0}})
        for case in test:
            top = m.rank_pairs(case.ctx, case.predicate, case.candidates)[0]
            p = min(max(top.probability, 1e-6), 1 - 1e-6)
            xs.append([math.log(p / (1 - p))])
            ys.append(top.candidate == case.gold)
    if len(set(ys)) < 2:
        return {"a": 1.0, "b": 0.0}
    clf = LogisticRegression(C=100.0, random_state=SEED).fit(xs, ys)
    return {"a": round(float(clf.coef_[0][0]), 4), "b": round(float(clf.intercept_[0]), 4)}
