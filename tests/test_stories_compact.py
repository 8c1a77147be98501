"""The compact forms grouping and its memo hold: the same order, the same stories."""

from __future__ import annotations

import copy
import math
import random
from pathlib import Path

import pytest

from test_stories_memo import _event  # beside this file
from timeline.stories import build_stories
from timeline.stories.grouping import grouped, groups, link_key, link_of
from timeline.stories.memo import Memo


@pytest.mark.parametrize("seed", range(5))
def test_link_keys_sort_as_the_links_do(seed: int) -> None:
    rng = random.Random(seed)
    scores = [0.0, 0.3, 0.3 + 1e-16, 1.0, 1.5, 2.0, math.nextafter(0.6, 1.0), 5e-324, 1e300]
    links = [
        (rng.choice(scores + [rng.random() * 2]), rng.random() < 0.7,
         rng.randrange(2**32), rng.randrange(2**32))
        for _ in range(2000)
    ]
    expected = sorted(links, key=lambda x: (not x[1], -x[0], x[2], x[3]))
    keys = sorted(link_key(*link) for link in links)
    assert [link_of(k) for k in keys] == [(agree, i, j) for _, agree, i, j in expected]


def test_a_negative_zero_score_sorts_as_zero() -> None:
    assert link_key(-0.0, True, 1, 2) == link_key(0.0, True, 1, 2)
    assert link_key(-1.0, True, 0, 0) > link_key(0.0, True, 0, 0)  # lower score: later


@pytest.mark.parametrize("seed", range(4))
def test_grouped_gives_each_story_its_members_events(seed: int) -> None:
    rng = random.Random(seed)
    events = [_event(rng, n) for n in range(150)]
    for ev in rng.sample(events, 20):
        ev["status"] = "rejected"
    stories = grouped(events)
    assert [s.members for s in stories] == groups(events) and stories
    for s in stories:
        assert [events[k]["id"] for k in s.positions] == s.members


@pytest.mark.parametrize("rows", [1, 7, 4096])
def test_the_memo_file_round_trips_in_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int
) -> None:
    monkeypatch.setattr("timeline.stories.memo.CHUNK_ROWS", rows)
    rng = random.Random(rows)
    events = [_event(rng, n) for n in range(90)]
    path = tmp_path / "stories.marshal"
    first = Memo(path, "v1")
    expected = build_stories(copy.deepcopy(events), memo=first)
    first.save()
    again = Memo(path, "v1")
    assert build_stories(events, memo=again) == expected
    assert again.hits == len(events) and again.fresh == 0


def test_an_unchanged_memo_is_not_written_again(tmp_path: Path) -> None:
    rng = random.Random(11)
    events = [_event(rng, n) for n in range(60)]
    path = tmp_path / "stories.marshal"
    memo = Memo(path, "v1")
    build_stories(events, memo=memo)
    memo.save()
    written = path.read_bytes()
    path.write_bytes(written + b"")  # the same bytes, a new time
    before = path.stat().st_mtime_ns
    unchanged = Memo(path, "v1")
    build_stories(events, memo=unchanged)
    unchanged.save()
    assert path.stat().st_mtime_ns == before
    fewer = Memo(path, "v1")
    build_stories(events[:-5], memo=fewer)  # rows not read back: the file follows the run
    fewer.save()
    assert path.read_bytes() != written
    last = Memo(path, "v1")
    assert build_stories(events[:-5], memo=last) == build_stories(events[:-5])
    assert last.hits == len(events) - 5
