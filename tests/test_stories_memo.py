"""Stories built with last run's memo are exactly the stories a full regroup builds."""

from __future__ import annotations

import copy
import os
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from timeline.cli import main
from timeline.dates import bounds
from timeline.stories import build_stories
from timeline.stories.memo import Memo

WORDS = [
    "dam", "collapsed", "valley", "flood", "villages", "council", "voted", "ferry", "harbour",
    "closed", "police", "arrested", "mayor", "funds", "missing", "minister", "resigned",
    "bridge", "storm", "talks", "ended", "review", "launch", "satellite", "election",
    "results", "protest", "strike", "airport",
]
SPEAKERS = ["the minister", "police", "a spokesman for the council", ""]


def _event(rng: random.Random, n: int) -> dict[str, Any]:
    told = rng.sample(WORDS, rng.randint(3, 7))
    year, month, day = rng.randint(2010, 2012), rng.randint(1, 3), rng.randint(1, 28)
    date = rng.choice([str(year), f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"])
    if rng.random() < 0.1:
        date = f"{year}/.."
    lo, hi = bounds(date)
    text = "The " + " ".join(told) + f" in {date}."
    start = rng.randrange(0, 5000)
    ev: dict[str, Any] = {
        "id": f"e{n}",
        "doc": f"d{rng.randrange(8)}",
        "date": date,
        "earliest": lo,
        "latest": hi,
        "title": " ".join(told[:4]).capitalize(),
        "evidence": {"start": start + 4, "end": start + 4 + len(told[0]), "text": told[0]},
        "sentence": {"start": start, "end": start + len(text), "text": text},
        "salience": round(rng.random(), 2),
        "confidence": 0.8,
        "status": "active",
    }
    speaker = rng.choice(SPEAKERS)
    if speaker:
        ev["attribution"] = {"start": start, "end": start + len(speaker), "text": speaker}
    if rng.random() < 0.2:
        ev["date_source"] = {"start": start + 2, "end": start + 8}
    return ev


def _change(rng: random.Random, events: list[dict[str, Any]], fresh: int) -> None:
    """One random edit of the kind a re-run or a person makes."""
    op = rng.choice(["add", "drop", "title", "date", "reject", "speaker", "salience"])
    if op == "add" or not events:
        events.insert(rng.randrange(len(events) + 1), _event(rng, fresh))
        return
    ev = rng.choice(events)
    if op == "drop":
        events.remove(ev)
    elif op == "title":
        ev["title"] = " ".join(rng.sample(WORDS, 3))
    elif op == "date":
        ev["date"] = str(rng.randint(2010, 2012))
        ev["earliest"], ev["latest"] = bounds(ev["date"])
    elif op == "reject":
        ev["status"] = "rejected" if ev.get("status") == "active" else "active"
    elif op == "speaker":
        ev["attribution"] = {"start": 0, "end": 6, "text": rng.choice(SPEAKERS) or "police"}
    else:
        ev["salience"] = round(rng.random(), 2)


@pytest.mark.parametrize("seed", range(6))
def test_memo_gives_the_full_regroup(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    events = [_event(rng, n) for n in range(120)]
    path = tmp_path / "stories.marshal"
    memo = Memo(path, "v1")
    assert build_stories(copy.deepcopy(events), memo=memo) == build_stories(events)
    memo.save()
    fresh = 1000
    for _ in range(8):
        for _ in range(rng.randint(1, 4)):
            _change(rng, events, fresh)
            fresh += 1
        memo = Memo(path, "v1")
        with_memo = build_stories(copy.deepcopy(events), memo=memo)
        assert with_memo == build_stories(events)
        assert memo.hits > len(events) // 2  # most events were read back, not recomputed
        memo.save()


def test_memo_is_dropped_when_the_code_changes_or_the_file_is_damaged(tmp_path: Path) -> None:
    rng = random.Random(3)
    events = [_event(rng, n) for n in range(40)]
    path = tmp_path / "stories.marshal"
    first = Memo(path, "v1")
    expected = build_stories(events, memo=first)
    first.save()
    again = Memo(path, "v1")
    assert build_stories(events, memo=again) == expected and again.hits == len(events)
    other = Memo(path, "v2")
    assert build_stories(events, memo=other) == expected and other.hits == 0
    path.write_bytes(b"\x00not marshal")
    damaged = Memo(path, "v1")
    assert build_stories(events, memo=damaged) == expected and damaged.hits == 0


def test_descriptions_read_back_are_copies(tmp_path: Path) -> None:
    """A story read back from the memo can be changed without changing the memo's."""
    rng = random.Random(5)
    events = [_event(rng, n) for n in range(80)]
    path = tmp_path / "stories.marshal"
    memo = Memo(path, "v1")
    expected = build_stories(events, memo=memo)
    memo.save()
    memo = Memo(path, "v1")
    stories = build_stories(events, memo=memo)
    assert stories and stories == expected
    stories[0]["members"].append("x")
    assert build_stories(events, memo=memo) == expected


def test_extract_with_the_memo_writes_what_extract_without_it_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through `extract`: a re-run after a change reads the memo, and its events file is
    byte for byte the one written by the same re-run without the memo."""
    fixture = Path(__file__).parent / "fixtures" / "stories"
    runs = []
    for name in ("with", "without"):
        folder = tmp_path / name / "in"
        shutil.copytree(fixture, folder)
        out = tmp_path / name / "events.json"
        assert main(["extract", str(folder), "--out", str(out), "--jobs", "1"]) == 0
        memo = out.parent / ".timeline" / "cache" / out.name / "stories.marshal"
        assert memo.is_file()
        if name == "without":
            memo.unlink()
        first = sorted(folder.glob("*.txt"))[0]
        first.write_text(
            first.read_text(encoding="utf-8")
            + "\nThe bridge over the Ostra collapsed on 9 March 2014, police said.\n",
            encoding="utf-8",
        )
        # the file time is the document's `retrieved`: the same in both runs, whatever
        # second each run happens to write in
        os.utime(first, (1_700_000_000, 1_700_000_000))
        assert main(["extract", str(folder), "--out", str(out), "--jobs", "1"]) == 0
        runs.append(out.read_bytes())
    capsys.readouterr()
    assert runs[0] == runs[1]
    assert b'"stories"' in runs[0]


@pytest.mark.parametrize("seed", range(4))
def test_pairs_refused_early_are_pairs_the_score_refuses(seed: int) -> None:
    """`_candidates` leaves out block pairs by a bound; scoring every pair finds the same
    links (with several thresholds, so that the bound is tried near each floor)."""
    from dataclasses import replace

    from timeline.stories import grouping as g
    from timeline.stories.features import features

    rng = random.Random(seed)
    events = [_event(rng, n) for n in range(300)]
    feats = [features(i, e) for i, e in enumerate(events)]
    weights = g._idf(feats)
    for settings in (g.DEFAULT, replace(g.DEFAULT, link=0.15), replace(g.DEFAULT, link=0.5)):
        squares = {w: v * v for w, v in weights.items()}
        norms = g._norms(feats, weights, squares, settings.context)
        topics = g._topics(feats, settings)
        found = []
        for refused in (g._Refusal(feats, squares, norms, settings), None):
            links = set()
            for i, j, bonus in g._candidates(feats, weights, settings, refused):
                link = g._score(feats[i], feats[j], squares, norms, bonus, settings, topics)
                if link is not None:
                    links.add((link, i, j))
            found.append(links)
        assert found[0] == found[1] and found[0]
