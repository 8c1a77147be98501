"""TempEval-3 TIMEX3 scoring on hand-built pairs with known answers, and the command."""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import evaluation as ev
from timeline import timeml
from timeline.schema import Timex

FIXTURES = Path(__file__).parent / "fixtures" / "timeml"
GOOD = sorted(p for p in FIXTURES.glob("*.tml") if not p.name.startswith("malformed"))
MALFORMED = FIXTURES / "malformed_unclosed_timex.tml"

TEXT = "On Monday, March 3 the board met; last week it paused, and in 1998 sales rose."


def tx(text: str, phrase: str, value: str = "X", kind: str = "DATE", nth: int = 0) -> Timex:
    """A timex over the nth occurrence of `phrase` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Timex(start=start, end=start + len(phrase), text=phrase, type=kind, value=value)


# --------------------------------------------------------------------------- notation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("199", "199X"),
        ("19", "19XX"),
        ("2000-W8", "2000-W08"),
        ("2000-W8-WE", "2000-W08-WE"),
        ("1998-10-23T17", "1998-10-23T17:00"),
        ("1998-10-23T17:00:00", "1998-10-23T17:00"),
        ("PRESENT_REF", "present_ref"),
    ],
)
def test_notation_variants_are_equated(a: str, b: str) -> None:
    assert ev.same_value_notation(a, b) and ev.same_value_notation(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("199", "1990"),  # a decade is not its first year
        ("199X", "19XX"),  # decade vs century
        ("19", "1900"),
        ("1998", "1998-XX-XX"),  # granularity differs: not notation
        ("2000-W8", "2000-W18"),
        ("2000-W12", "2000-W01"),
        ("1998-10-23T17", "1998-10-23T17:30"),
        ("1998-10-23T17", "1998-10-23TEV"),
        ("P1W", "P7D"),
    ],
)
def test_different_values_stay_different(a: str, b: str) -> None:
    assert not ev.same_value_notation(a, b)


def test_normalised_value_score_is_reported_beside_the_strict_one() -> None:
    text = "In the 1990s and in week 8 of 2000, at 5 p.m., it rained in 1998."
    gold = [
        tx(text, "1990s", "199X"),
        tx(text, "week 8 of 2000", "2000-W8"),
        tx(text, "5 p.m.", "2000-02-21T17"),
        tx(text, "1998", "1998"),
    ]
    system = [
        tx(text, "1990s", "199"),
        tx(text, "week 8 of 2000", "2000-W08"),
        tx(text, "5 p.m.", "2000-02-21T17:00"),
        tx(text, "1998", "1997"),
    ]
    r = ev.score_document(text, gold, system)
    assert r.counts.value == 0 and r.value_norm == 3
    assert ev.value_normalised_prf([r]) == (0.75, 0.75, 0.75)
    assert r.counts.prf("value") == (0.0, 0.0, 0.0)


# --------------------------------------------------------------------------- pure scoring


def test_trim_drops_surrounding_spaces_and_punctuation() -> None:
    text = ' x ("Monday,") y -- z'
    s = text.index("(")
    assert ev.trim(text, s, s + len('("Monday,")')) == (s + 2, s + 8)
    dash = text.index("--")
    assert ev.trim(text, dash, dash + 2) == (dash, dash + 2)  # all punctuation: kept
    assert ev.trim("2003", 0, 4) == (0, 4)


def test_prf_edge_cases() -> None:
    assert ev.prf(0, 0, 0) == (1.0, 1.0, 1.0)
    assert ev.prf(0, 0, 3) == (0.0, 0.0, 0.0)
    assert ev.prf(0, 2, 0) == (0.0, 0.0, 0.0)
    p, r, f = ev.prf(2, 4, 5)
    assert (p, r) == (0.5, 0.4) and f == pytest.approx(2 * 0.5 * 0.4 / 0.9)


def test_exact_partial_wrong_value_miss_and_false_alarm() -> None:
    gold = [
        tx(TEXT, "Monday", "2008-03-03"),
        tx(TEXT, "March 3", "2008-03-03"),
        tx(TEXT, "last week", "2008-W09"),
        tx(TEXT, "1998", "1998"),
    ]
    system = [
        tx(TEXT, "Monday,", "2008-03-03"),  # exact once the comma is trimmed
        tx(TEXT, "March 3 the", "2008-03-03"),  # overlap only, right value
        tx(TEXT, "last week", "2008-W10", kind="DURATION"),  # exact span, wrong value and type
        tx(TEXT, "board", "PRESENT_REF"),  # false alarm; "1998" is missed
    ]
    r = ev.score_document(TEXT, gold, system)
    assert r.counts == ev.Counts(gold=4, system=4, strict=2, relaxed=3, value=2, type=2)
    assert [t.text for t in r.missed] == ["1998"]
    assert [t.text for t in r.false_alarms] == ["board"]
    assert r.counts.prf("strict") == (0.5, 0.5, 0.5)
    assert r.counts.prf("relaxed") == (0.75, 0.75, 0.75)
    assert r.counts.prf("value")[2] == 0.5
    kinds = sorted(e["kind"] for e in ev.error_records(r))
    assert kinds == ["false_alarm", "missed", "span", "wrong_type", "wrong_value"]


def test_relaxed_matching_is_one_to_one() -> None:
    text = "It happened on March 3, 1998 and on Monday, March 9."
    # One gold, two system pieces: one relaxed match and one false alarm.
    gold = [tx(text, "March 3, 1998", "1998-03-03")]
    system = [tx(text, "March 3", "1998-03-03"), tx(text, "1998", "1998")]
    c = ev.score_document(text, gold, system).counts
    assert (c.relaxed, c.strict, c.value, c.system) == (1, 0, 1, 2)
    # Two gold, one system span over both: one match and one miss.
    gold = [tx(text, "Monday", "1998-03-09"), tx(text, "March 9", "1998-03-09")]
    system = [tx(text, "Monday, March 9", "1998-03-09")]
    r = ev.score_document(text, gold, system)
    assert (r.counts.relaxed, r.counts.strict) == (1, 0)
    assert len(r.missed) == 1


def test_relaxed_pairing_takes_the_best_overlap_and_most_matches() -> None:
    text = "the first quarter of fiscal 1998 ended"
    gold = [tx(text, "the first quarter of fiscal 1998", "1998-Q1")]
    small = tx(text, "the first", "P1Y")
    large = tx(text, "quarter of fiscal 1998", "1998-Q1")
    r = ev.score_document(text, gold, [small, large])
    assert [p.system.text for p in r.pairs] == ["quarter of fiscal 1998"]
    assert r.counts.value == 1
    # A greedy pairing by overlap would give one match; the best pairing gives two.
    text2 = "from late March 1998 on"
    gold2 = [tx(text2, "late March", "1998-03"), tx(text2, "1998", "1998")]
    system2 = [tx(text2, "March 1998", "1998-03"), tx(text2, "late", "1998-03")]
    c = ev.score_document(text2, gold2, system2).counts
    assert c.relaxed == 2


def test_exact_match_wins_over_a_larger_overlap_tie() -> None:
    text = "on Friday morning early"
    gold = [tx(text, "Friday", "1998-01-02")]
    system = [tx(text, "on Friday morning", "1998-01-02TMO"), tx(text, "Friday", "1998-01-02")]
    r = ev.score_document(text, gold, system)
    assert r.pairs[0].strict and r.counts.strict == 1 and r.counts.value == 1


def test_gold_against_itself_is_perfect_and_empty_system_scores_zero() -> None:
    doc = timeml.read(GOOD[0])
    r = ev.score_document(doc.text, doc.timexes, [t.model_copy() for t in doc.timexes])
    assert all(r.counts.prf(k) == (1.0, 1.0, 1.0) for k in ("strict", "relaxed", "value", "type"))
    empty = ev.score_document(doc.text, doc.timexes, [])
    assert empty.counts.prf("relaxed") == (0.0, 0.0, 0.0)
    assert len(empty.missed) == len(doc.timexes)


def test_totals_are_micro_averaged() -> None:
    a = ev.Counts(gold=10, system=10, strict=10, relaxed=10, value=10, type=10)
    b = ev.Counts(gold=2, system=2, strict=0, relaxed=0, value=0, type=0)
    c = a + b
    assert c.prf("strict")[2] == pytest.approx(10 / 12)  # a macro average would say 0.5


def test_error_groups_count_by_phrase_and_value_pattern() -> None:
    text = "Last year, last year and today; next week."
    gold = [
        tx(text, "Last year", "1997"),
        tx(text, "last year", "1997"),
        tx(text, "today", "1998-05-01"),
    ]
    system = [tx(text, "today", "PRESENT_REF"), tx(text, "week", "P1W", "DURATION")]
    r = ev.score_document(text, gold, system)
    groups = ev.error_groups([r])
    assert groups["missed"][0] == {
        "pattern": "last year",
        "count": 2,
        "example": "'last year' DATE 1997",
    }
    assert groups["false_alarms"][0]["pattern"] == "week"
    assert record_cause(r) == "gold date, system PRESENT_REF"
    wrong = groups["wrong_values"][0]
    assert (wrong["gold_pattern"], wrong["system_pattern"], wrong["count"]) == (
        "9999-99-99",
        "PRESENT_REF",
        1,
    )
    record = next(e for e in ev.error_records(r) if e["kind"] == "wrong_value")
    assert "[[today]]" in record["context"]


def record_cause(r: ev.DocResult) -> str:
    return next(e["cause"] for e in ev.error_records(r) if e["kind"] == "wrong_value")


def test_missed_phrases_group_by_digit_pattern() -> None:
    text = "at 10 a.m. and 11 a.m. and 9 a.m."
    gold = [tx(text, p, "T") for p in ("10 a.m.", "11 a.m.", "9 a.m.")]
    groups = ev.error_groups([ev.score_document(text, gold, [])])
    assert [(g["pattern"], g["count"]) for g in groups["missed"]] == [("99 a.m", 2), ("9 a.m", 1)]


def test_span_differences_name_the_extra_words() -> None:
    text = "It was the early 1990s."
    gold = [tx(text, "the early 1990s", "199")]
    system = [tx(text, "early 1990s", "199")]
    groups = ev.error_groups([ev.score_document(text, gold, system)])
    assert groups["spans"][0]["difference"] == "-'the' before"


def test_split_selects_every_fifth_file() -> None:
    files = [Path(f"f{i:02}.tml") for i in range(12)]
    held = ev.select(files, "heldout")
    dev = ev.select(files, "dev")
    assert [f.name for f in held] == ["f00.tml", "f05.tml", "f10.tml"]
    assert sorted(held + dev) == files and not set(held) & set(dev)
    assert ev.select(files, "all") == files


def test_worst_ranks_by_value_then_relaxed() -> None:
    def result(name: str, counts: ev.Counts) -> ev.DocResult:
        return ev.DocResult(id=name, path=name, text="", counts=counts)

    docs = [
        result("good", ev.Counts(4, 4, 4, 4, 4, 4)),
        result("bad", ev.Counts(4, 4, 0, 4, 0, 4)),
        result("worse", ev.Counts(4, 4, 0, 2, 0, 2)),
        result("nothing", ev.Counts()),
    ]
    assert [r.id for r in ev.worst(docs, 2)] == ["worse", "bad"]
    assert [r.id for r in ev.worst(docs)] == ["worse", "bad"]  # perfect ones are left out


# --------------------------------------------------------------------------- files and CLI


def gold_tagger(text: str, dct: date | None) -> list[Timex]:
    """A "system" that returns each fixture's gold: scoring must then be perfect."""
    for f in GOOD:
        doc = timeml.read(f)
        if doc.text == text:
            assert doc.dct == dct
            return [t.model_copy() for t in doc.timexes]
    raise AssertionError("unknown document")


def test_evaluate_files_gold_vs_gold_and_failures() -> None:
    results, failures = ev.evaluate_files([*GOOD, MALFORMED], gold_tagger)
    assert len(results) == len(GOOD)
    assert ev.total(results).prf("value") == (1.0, 1.0, 1.0)
    assert [(f.path, f.line) for f in failures] == [(str(MALFORMED), 10)]


def test_a_tagger_crash_is_reported_per_file() -> None:
    def crashing(text: str, dct: date | None) -> list[Timex]:
        raise RuntimeError("boom")

    results, failures = ev.evaluate_files(GOOD[:1], crashing)
    assert results == [] and "tagger failed: RuntimeError: boom" in failures[0].message


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    ev.configure(parser)
    code = ev.run(parser.parse_args(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_json_shape_and_malformed_file_reported(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli([str(FIXTURES), "--json", "--per-doc", "--errors"], capsys)
    assert code == 1
    data = json.loads(out)
    assert data["documents"] == len(GOOD)
    assert set(data["scores"]) == {"strict", "relaxed", "value", "type"}
    assert set(data["value_notation_normalised"]) == {"precision", "recall", "f1"}
    assert data["value_notation_normalised"]["f1"] >= data["scores"]["value"]["f1"]
    for s in data["scores"].values():
        assert set(s) == {"precision", "recall", "f1"} and 0.0 <= s["f1"] <= 1.0
    assert data["counts"]["gold"] == sum(len(timeml.read(f).timexes) for f in GOOD)
    assert data["failures"] == [
        {"path": str(MALFORMED), "line": 10, "message": data["failures"][0]["message"]}
    ]
    assert "opened on line 9" in data["failures"][0]["message"]
    assert f"{MALFORMED}:10:" in err
    assert len(data["per_doc"]) == len(GOOD)
    assert {"doc", "gold", "system", "strict_f1", "relaxed_f1", "value_f1", "type_f1"} <= set(
        data["per_doc"][0]
    )
    assert len(data["worst"]) <= 10 and all("missed" in w for w in data["worst"])
    assert set(data["error_groups"]) == {
        "missed",
        "false_alarms",
        "wrong_values",
        "value_causes",
        "wrong_types",
        "spans",
    }
    assert sum(data["error_summary"].values()) == len(data["errors"])
    for e in data["errors"]:
        assert e["kind"] in {"missed", "false_alarm", "wrong_value", "wrong_type", "span"}
        assert "[[" in e["context"]


def test_cli_text_output_on_good_files(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli([*map(str, GOOD), "--per-doc", "--errors"], capsys)
    assert code == 0 and err == ""
    assert f"over {len(GOOD)} documents" in out
    for word in ("strict", "relaxed", "value", "type", "notation-normalised", "worst documents"):
        assert word in out
    for f in GOOD:
        assert timeml.read(f).id in out


def test_cli_split_heldout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli([str(FIXTURES), "--split", "heldout", "--json", "--per-doc"], capsys)
    assert code == 0
    first = timeml.find_files(FIXTURES)[0]
    assert json.loads(out)["per_doc"][0]["path"] == str(first)
    assert json.loads(out)["split"] == "heldout"


def test_cli_missing_path_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run_cli([str(FIXTURES), str(tmp_path / "nope")], capsys)
    assert code == 2 and "nope: no such file or folder" in err
    code, _, err = run_cli([str(tmp_path)], capsys)
    assert code == 2 and "no .tml files" in err


@pytest.mark.parametrize(
    ("gold", "system", "cause"),
    [
        ("1998-08-07", "1998-08-14", "off by +1 week(s)"),
        ("1998-08-07T10:35", "1998-08-08T10:35", "off by +1 day(s)"),
        ("1999-04", "1998-04", "year off by -1"),
        ("1998-Q4", "1989-Q4", "year off by -9"),
        ("1998-10", "1998", "system coarser than gold"),
        ("1988", "1988-Q3", "system finer than gold"),
        ("1998-WXX", "1998-W08", "gold unspecified (X), system resolved"),
        ("P1W", "1998-W33", "gold duration, system point"),
        ("1998-10-13", "P10D", "gold point, system duration"),
        ("PXM", "PTXM", "duration unit differs (M vs TM)"),
        ("P1Y", "P3Y", "duration amount differs"),
        ("PRESENT_REF", "1998-03-05", "gold PRESENT_REF, system date"),
        ("PXD", "PAST_REF", "gold duration, system PAST_REF"),
        ("1989-11-06T17", "1989-11-06T17:00", "same time, different notation"),
        ("2000-01-05TEV", "2000-01-05TNI", "same day, different time"),
        ("1998-02-30", "1998-03-02", "same year, different part"),
    ],
)
def test_value_causes(gold: str, system: str, cause: str) -> None:
    assert ev.value_cause(gold, system) == cause


def test_error_summary_and_toolkit_counting() -> None:
    text = "It happened on March 3, 1998 and on Monday."
    gold = [tx(text, "March 3, 1998", "1998-03-03"), tx(text, "Monday", "1998-03-09")]
    system = [tx(text, "March 3", "1998-03-03"), tx(text, "1998", "1998")]
    r = ev.score_document(text, gold, system)
    assert ev.error_summary([r]) == {
        "missed": 1,
        "false_alarm": 1,
        "span": 1,
        "wrong_value": 0,
        "wrong_type": 0,
    }
    # One-to-one: 1 of 2 system, 1 of 2 gold. Per side: both system pieces overlap gold.
    assert r.counts.prf("relaxed")[:2] == (0.5, 0.5)
    assert ev.toolkit_relaxed([r])[:2] == (1.0, 0.5)


spans = st.tuples(st.integers(0, 30), st.integers(1, 8)).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=200, deadline=None)
@given(st.lists(spans, max_size=5), st.lists(spans, max_size=5))
def test_relaxed_pairing_is_a_maximum_matching(gold_spans, sys_spans) -> None:
    """Compared with brute force over every one-to-one pairing of overlapping spans."""
    text = "abcdefghij" * 4
    gold = [Timex(start=s, end=e, text=text[s:e], type="DATE", value="1") for s, e in gold_spans]
    system = [Timex(start=s, end=e, text=text[s:e], type="DATE", value="1") for s, e in sys_spans]
    r = ev.score_document(text, gold, system)

    def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
        return min(a[1], b[1]) > max(a[0], b[0])

    few, many = sorted((gold_spans, sys_spans), key=len)
    best = max(
        sum(overlaps(few[i], many[j]) for i, j in enumerate(perm))
        for perm in itertools.permutations(range(len(many)), len(few))
    )
    assert r.counts.relaxed == best
    assert r.counts.strict == sum((Counter(gold_spans) & Counter(sys_spans)).values())
    assert r.counts.strict <= r.counts.relaxed <= min(len(gold), len(system))
    assert len(r.missed) == len(gold) - best and len(r.false_alarms) == len(system) - best


def test_python_dash_m_timeline_evaluate(tmp_path: Path) -> None:
    """The real entry point: exit codes and JSON on stdout, failures on stderr."""
    cmd = [sys.executable, "-m", "timeline", "evaluate"]
    done = subprocess.run([*cmd, str(FIXTURES), "--json"], capture_output=True, text=True)
    assert done.returncode == 1
    assert json.loads(done.stdout)["documents"] == len(GOOD)
    assert f"{MALFORMED}:10:" in done.stderr
    done = subprocess.run([*cmd, str(tmp_path / "missing")], capture_output=True, text=True)
    assert done.returncode == 2 and "no such file or folder" in done.stderr
    done = subprocess.run([*cmd, str(GOOD[0])], capture_output=True, text=True)
    assert done.returncode == 0 and "strict" in done.stdout
