"""The learned predicate and anchoring models: shipped weights on table cases, and retraining."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from timeline import timeml
from timeline.learned import Candidate, find_predicates, granularity, rank_candidates
from timeline.learned.anchoring import AnchoringModel, best_candidate
from timeline.learned.predicates import PredicateModel
from timeline.learned.tokens import _RUNS, _SHAPE, aux_chain, normal, shape, tokenize

FIXTURES = Path(__file__).parent / "fixtures" / "timeml"


def _one(text: str, word: str):
    found = [p for p in find_predicates(text, 0, len(text)) if p.text == word]
    assert len(found) == 1, (text, find_predicates(text, 0, len(text)))
    return found[0]


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("The board approved the merger.", "approved", {"pos": "VERB", "tense": "PAST"}),
        ("He would have resigned.", "resigned", {"modal": True, "aspect": "PERFECTIVE"}),
        ("Police said the man was arrested.", "said", {"event_class": "REPORTING"}),
        ("The company did not close the plant.", "close", {"negated": True}),
        ("The company will close the plant.", "close", {"tense": "FUTURE", "modal": False}),
        ("Workers are striking at the plant.", "striking", {"aspect": "PROGRESSIVE"}),
        ("The factory has closed.", "closed", {"aspect": "PERFECTIVE", "tense": "PRESENT"}),
        ("Voters went to the polls after the election.", "election", {"pos": "NOUN"}),
        ("The board approved the merger.", "merger", {"pos": "NOUN", "tense": "NONE"}),
    ],
)
def test_predicates_table(text: str, word: str, expected: dict) -> None:
    p = _one(text, word)
    assert text[p.start : p.end] == word
    for field, value in expected.items():
        assert getattr(p, field) == value, (field, p)
    assert 0.5 <= p.probability <= 1.0


def test_the_board_approved_the_merger_has_one_verb_predicate() -> None:
    text = "The board approved the merger."
    verbs = [p for p in find_predicates(text, 0, len(text)) if p.pos == "VERB"]
    assert [p.text for p in verbs] == ["approved"]


def test_predicates_use_offsets_into_the_full_text() -> None:
    text = "Headline.\n\nOfficials announced the plan on Monday. Nothing else."
    start = text.index("Officials")
    end = text.index(" Nothing")
    found = find_predicates(text, start, end)
    assert "announced" in [p.text for p in found]
    assert all(start <= p.start < p.end <= end and text[p.start : p.end] == p.text for p in found)


def test_no_predicates_in_an_empty_or_wordless_sentence() -> None:
    assert find_predicates("", 0, 0) == []
    assert find_predicates("12 -- 34 ...", 0, 12) == []


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("didn't", ["did", "n't"]),
        ("the company’s U.S. unit", ["the", "company", "’s", "U.S", ".", "unit"]),
        ("well-known, 1.5%", ["well-known", ",", "1.5", "%"]),
    ],
)
def test_tokenizer(text: str, tokens: list[str]) -> None:
    got = tokenize(text, 0, len(text))
    assert [t[2] for t in got] == tokens
    assert all(text[a:b] == t for a, b, t in got)


def test_aux_chain_skips_adverbs_and_sees_negation_and_modals() -> None:
    lows = [normal(w) for w in ["he", "would", "not", "really", "have", "been", "told"]]
    assert aux_chain(lows, 6) == ("would_have_been", True, True)
    assert aux_chain(lows, 0) == ("-", False, False)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-07-15", "day"),
        ("2019-07", "month"),
        ("2019", "year"),
        ("199", "decade"),
        ("2019-W03", "week"),
        ("2019-Q2", "quarter"),
        ("2019-07-15T10:00", "time"),
        ("P2Y", "duration"),
        ("PRESENT_REF", "vague"),
        (None, "unknown"),
    ],
)
def test_granularity(value: str | None, expected: str) -> None:
    assert granularity(value) == expected


def _timex(text: str, phrase: str, value: str) -> Candidate:
    start = text.index(phrase)
    return Candidate("timex", start, start + len(phrase), None, granularity(value))


def _rank(text: str, word: str, candidates: list[Candidate]):
    p = _one(text, word)
    anchors = rank_candidates(text, (0, len(text)), p, candidates)
    assert sorted(a.candidate for a in anchors) == list(range(len(candidates)))
    assert all(0.0 <= a.probability <= 1.0 for a in anchors)
    assert anchors == sorted(anchors, key=lambda a: -a.probability)
    best = best_candidate(text, (0, len(text)), p, candidates)
    assert best == (anchors[0].candidate, anchors[0].probability)  # the same top, less work
    return anchors


def test_anchoring_prefers_the_timex_of_the_verbs_own_clause() -> None:
    text = "The plant, built in 1990, closed on Friday."
    cands = [
        _timex(text, "in 1990", "1990"),
        _timex(text, "on Friday", "2024-03-01"),
        Candidate("publication", granularity="day"),
    ]
    assert _rank(text, "closed", cands)[0].candidate == 1
    assert _rank(text, "built", cands)[0].candidate == 0


def test_anchoring_without_a_timex_picks_publication() -> None:
    text = "The board approved the merger."
    cands = [Candidate("publication", granularity="day")]
    best = _rank(text, "approved", cands)[0]
    assert best.candidate == 0 and best.relation in ("on", "before")


def test_anchoring_relation_reads_the_signal() -> None:
    text = "The company has operated the mine since 1997."
    cands = [_timex(text, "since 1997", "1997"), Candidate("publication", granularity="day")]
    best = _rank(text, "operated", cands)[0]
    assert best.candidate == 0 and best.relation == "during"


def test_shipped_weights_are_small_readable_json() -> None:
    folder = Path(__file__).parents[1] / "src" / "timeline" / "resources" / "models"
    for name in ("predicates.json", "anchoring.json"):
        path = folder / name
        assert path.stat().st_size < 400_000
        data = json.loads(path.read_text("utf-8"))
        assert data["meta"]["documents"] > 100


def test_timeml_reads_events_instances_and_links() -> None:
    doc = timeml.read(FIXTURES / "wsj_0266.tml")
    assert doc.dct_tid == "t0"
    assert [doc.text[e.start : e.end] for e in doc.events[:3]] == ["pleased", "note", "recognized"]
    assert doc.events[0].event_class == "I_STATE"
    inst = {i.eid: i for i in doc.instances}
    assert inst["e2"].tense == "INFINITIVE" and inst["e32"].polarity == "NEG"
    assert len(doc.timex_ids) == len(doc.timexes)
    link = next(t for t in doc.tlinks if t.lid == "l3")
    assert link.relation == "IS_INCLUDED"
    assert link.source == ("event", "ei125") and link.target == ("time", "t42")


def test_retraining_on_the_fixture_writes_models_that_load(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from timeline.learned import data as ld
    from timeline.learned import train

    errors: list[str] = []
    files = sorted(FIXTURES.glob("*.tml"))
    docs = ld.read_docs(files, lambda e: errors.append(str(e)))
    assert len(docs) == 4 and len(errors) == 1 and "malformed" in errors[0]
    paths = train.train(docs, tmp_path)
    assert sorted(p.name for p in paths) == ["anchoring.json", "predicates.json"]
    pmodel = PredicateModel(json.loads((tmp_path / "predicates.json").read_text("utf-8")))
    amodel = AnchoringModel(json.loads((tmp_path / "anchoring.json").read_text("utf-8")))
    assert pmodel.meta["documents"] == 4 and amodel.meta["cases"] > 0
    text = docs[0].text
    found = pmodel.find(text, 0, len(text))
    assert found and all(text[p.start : p.end] == p.text for p in found)
    # deterministic: the same data gives the same files
    again = tmp_path / "again"
    train.train(docs, again)
    for name in ("predicates.json", "anchoring.json"):
        assert (again / name).read_text("utf-8") == (tmp_path / name).read_text("utf-8")


def test_train_command_names_a_missing_corpus(tmp_path: Path, capsys) -> None:
    from timeline.cli import main

    code = main(["train-models", str(tmp_path / "nowhere"), "--out", str(tmp_path)])
    assert code == 2
    assert "nowhere" in capsys.readouterr().err


SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "timeml"


@pytest.mark.corpus
@pytest.mark.skipif(not (SHARED / "TimeBank").is_dir(), reason="shared TimeML corpora not present")
def test_held_out_timebank_figures_hold() -> None:
    """Every fifth TimeBank file (never trained on): event detection and anchoring stay
    near the README's figures, and anchoring beats the nearest-timex baseline."""
    from timeline.learned import data as ld
    from timeline.learned.anchoring import shipped_model as anchoring_model
    from timeline.learned.predicates import shipped_model as predicate_model

    files = ld.corpus_files([SHARED / "TimeBank"], "heldout")[::2]
    docs = ld.read_docs(files, lambda e: pytest.fail(str(e)))
    pmodel, amodel = predicate_model(), anchoring_model()
    tp = fp = fn = 0
    right = base = total = 0
    for doc in docs:
        gold = {c.span[0] for c in ld.token_cases(doc) if c.event}
        found = {
            p.start for s, e in ld.sentence_spans(doc.text) for p in pmodel.find(doc.text, s, e)
        }
        tp += len(gold & found)
        fp += len(found - gold)
        fn += len(gold - found)
        for case in ld.anchor_cases(doc, pmodel):
            top = amodel.rank_pairs(case.ctx, case.predicate, case.candidates)[0]
            total += 1
            right += top.candidate == case.gold
            base += case.baseline == case.gold
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 > 0.82, f1
    assert total > 200 and right / total > 0.78 and right > base, (right, base, total)


@pytest.mark.parametrize(
    "token", ["Merger", "1990", "U.S.", "AAA-bb", "", "a\nb", "aa\n\nb", "ßß", "Ǆǅx", "McDonald's"]
)
def test_shape_joins_runs_as_the_pattern_does(token: str) -> None:
    assert shape(token) == _RUNS.sub(r"\1", token.translate(_SHAPE))[:6]


@pytest.mark.parametrize(
    ("text", "word", "past"),
    [
        # the attribute models read "won" as a noun (a currency in wire news) and
        # "struck" as a present; with no auxiliary they are simple pasts ...
        ("The party won 40 seats.", "won", True),
        ("Rebels struck the town.", "struck", True),
        # ... but not an amount, a noun's modifier or a participle
        ("Debt reached 12.1 trillion won.", "won", False),
        ("They found the lost city.", "lost", False),
        ("The medal won by Smith was sold.", "won", False),
        ("The money spent was wasted.", "spent", False),
        ("Understood to be ill, he left.", "Understood", False),
    ],
)
def test_an_irregular_simple_past_is_read_as_past(text: str, word: str, past: bool) -> None:
    found = {p.text: p for p in find_predicates(text, 0, len(text))}
    p = found.get(word)
    assert (p is not None and (p.pos, p.tense) == ("VERB", "PAST")) == past, p
