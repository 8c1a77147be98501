"""The stories list: the "at least N sources" filter, story marks, quotes that select."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_dashboard_support import add_stories, copy_fixture
from timeline.dashboard import filters as flt
from timeline.dashboard import ids, stories
from timeline.dashboard.data import EventStore
from timeline.dashboard.views import revision


@pytest.fixture()
def store(tmp_path: Path) -> EventStore:
    return EventStore(add_stories(copy_fixture(tmp_path / "corpus")))


@pytest.mark.parametrize(("query", "n"), [
    ("", 0), ("?stories=2", 2), ("?stories=1", 1), ("?stories=-3", 0), ("?stories=abc", 0),
    ("?stories=2.0", 2), ("?stories=100000", flt.MAX_SOURCES),
])  # fmt: skip
def test_min_sources_is_read_from_the_address(query: str, n: int) -> None:
    f = flt.from_query(query)
    assert f.min_sources == n
    assert flt.from_query(flt.to_query(f)) == f
    assert ("stories=" in flt.to_query(f)) == (n > 0)


def test_stories_filter_does_not_reset_the_timeline_zoom() -> None:
    assert revision(flt.from_query("?doc=a&stories=2")) == revision(flt.from_query("?doc=a"))


def _texts(node: object) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return " ".join(_texts(c) for c in node)
    children = getattr(node, "children", None)
    return _texts(children) if children is not None else ""


def _buttons(node: object, kind: str) -> list[object]:
    found = []
    if isinstance(getattr(node, "id", None), dict) and node.id.get("type") == kind:
        found.append(node)
    children = node if isinstance(node, list) else getattr(node, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            found.extend(_buttons(child, kind))
    return found


@pytest.mark.parametrize(("n", "shown"), [(0, []), (1, ["s-storm", "s-quay"]), (2, ["s-quay"]),
                                          (3, [])])  # fmt: skip
def test_one_mark_per_story_told_by_enough_sources(
    store: EventStore, n: int, shown: list[str]
) -> None:
    snap = store.current()
    children = stories.panel(snap, n, "", "")
    marks = _buttons(children, ids.STORY_MARK)
    assert [m.id["story"] for m in marks] == shown  # in date order
    if n == 0:
        assert children == []
    elif not shown:
        assert "No story is told by that many sources" in _texts(children)


def test_a_mark_says_its_sources_and_its_conflict(store: EventStore) -> None:
    [quay] = _buttons(stories.panel(store.current(), 2, "", ""), ids.STORY_MARK)
    text = _texts(quay)
    assert "2 sources" in text and "North quay money and reopening" in text
    assert "sources disagree: 2019-03-14 in 1 source, 2019-04-02 in 1" in text
    assert "conflict" in quay.className
    [storm] = [m for m in _buttons(stories.panel(store.current(), 1, "", ""), ids.STORY_MARK)
               if m.id["story"] == "s-storm"]  # fmt: skip
    assert "1 source" in _texts(storm) and "disagree" not in _texts(storm)


def test_a_chosen_story_lists_each_source_quote_linking_to_its_event(store: EventStore) -> None:
    children = stories.panel(store.current(), 2, "s-quay", "e9")
    quotes = _buttons(children, ids.STORY_QUOTE)
    assert sorted(q.id["event"] for q in quotes) == ["e1", "e9"]
    by_event = {q.id["event"]: q for q in quotes}
    council = _texts(by_event["e9"])
    assert "Council minutes: harbour budget review" in council
    assert "finance committee approved" in council and "dated 2019-04-02" in council
    assert "chosen" in by_event["e9"].className and "chosen" not in by_event["e1"].className
    [mark] = _buttons(children, ids.STORY_MARK)
    assert mark.to_plotly_json()["props"]["aria-pressed"] == "true"


def test_a_story_hidden_by_the_filter_lists_no_quotes(store: EventStore) -> None:
    assert _buttons(stories.panel(store.current(), 2, "s-storm", ""), ids.STORY_QUOTE) == []


def test_a_file_without_stories_says_how_to_get_them(tmp_path: Path) -> None:
    snap = EventStore(copy_fixture(tmp_path / "plain")).current()
    assert "no stories yet" in _texts(stories.panel(snap, 1, "", ""))


def test_markup_in_a_story_title_stays_text(store: EventStore) -> None:
    import json

    raw = json.loads(store.path.read_text(encoding="utf-8"))
    raw["stories"][0]["title"] = "<script>alert(1)</script>"
    store.path.write_text(json.dumps(raw), encoding="utf-8")
    [mark] = _buttons(stories.panel(store.current(), 2, "", ""), ids.STORY_MARK)
    assert "<script>alert(1)</script>" in _texts(mark)  # a text child, which React escapes


def test_a_quote_names_who_says_so(store: EventStore) -> None:
    import json

    raw = json.loads(store.path.read_text(encoding="utf-8"))
    e9 = next(e for e in raw["events"] if e["id"] == "e9")
    start = e9["sentence"]["start"] + e9["sentence"]["text"].index("the finance committee")
    e9["attribution"] = {"start": start, "end": start + 21, "text": "the finance committee"}
    store.path.write_text(json.dumps(raw), encoding="utf-8")
    quotes = {q.id["event"]: _texts(q)
              for q in _buttons(stories.panel(store.current(), 2, "s-quay", ""), ids.STORY_QUOTE)}
    assert "according to the finance committee" in quotes["e9"]
    assert "no source named" in quotes["e1"]
