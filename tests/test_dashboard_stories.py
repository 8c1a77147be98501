"""The stories view: which stories show under the page's filters, their figure, the chosen
story's quotes, and the "at least N sources" and chosen story in the address."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_dashboard_support import add_stories, copy_fixture
from timeline.dashboard import filters as flt
from timeline.dashboard import ids, stories, story_panel
from timeline.dashboard.data import EventStore
from timeline.dashboard.views import Services, ViewCache, revision


@pytest.fixture()
def store(tmp_path: Path) -> EventStore:
    return EventStore(add_stories(copy_fixture(tmp_path / "corpus")))


@pytest.fixture()
def services(store: EventStore) -> Services:
    return Services(store, ViewCache())


def _view(services: Services, query: str) -> stories.StoryView:
    return stories.story_view(services.store.current(), flt.from_query(query))


def _edit(store: EventStore, change: object) -> None:
    raw = json.loads(store.path.read_text(encoding="utf-8"))
    change(raw)
    store.path.write_text(json.dumps(raw), encoding="utf-8")


@pytest.mark.parametrize(("query", "n"), [
    ("", 0), ("?stories=2", 2), ("?stories=1", 1), ("?stories=-3", 0), ("?stories=abc", 0),
    ("?stories=2.0", 2), ("?stories=100000", flt.MAX_SOURCES),
])  # fmt: skip
def test_min_sources_is_read_from_the_address(query: str, n: int) -> None:
    f = flt.from_query(query)
    assert f.min_sources == n
    assert flt.from_query(flt.to_query(f)) == f
    assert ("stories=" in flt.to_query(f)) == (n > 0)


def test_the_chosen_story_is_in_the_address() -> None:
    f = flt.from_query("?stories=2&event=e9&story=s-quay")
    assert f.story == "s-quay" and f.event == "e9"
    assert flt.from_query(flt.to_query(f)) == f
    assert "story=" not in flt.to_query(flt.from_query("?stories=2"))


def test_stories_and_their_zoom_do_not_reset_the_timeline_zoom() -> None:
    base = revision(flt.from_query("?doc=a"))
    assert revision(flt.from_query("?doc=a&stories=2&story=s-quay")) == base


@pytest.mark.parametrize(("query", "shown"), [
    ("?stories=1", ["s-storm", "s-quay"]),  # in date order
    ("?stories=2", ["s-quay"]),
    ("?stories=3", []),
    ("?stories=1&doc=council", ["s-quay"]),  # the storm is told in the harbour piece only
    ("?stories=1&to=2018", ["s-storm"]),
    ("?stories=1&from=2019-04", ["s-quay"]),  # e9 (2019-04-02) is in the window
    ("?stories=1&q=breakwater", ["s-quay"]),  # e1's sentence names the breakwater
    ("?stories=1&q=nothing+like+this", []),
])  # fmt: skip
def test_stories_follow_the_page_filters(services: Services, query: str, shown: list) -> None:
    assert [r["id"] for r in _view(services, query).rows] == shown


def test_a_story_partly_outside_the_filters_says_so_and_hides_those_quotes(
    services: Services,
) -> None:
    view = _view(services, "?stories=1&doc=council")
    [quay] = view.rows
    assert (quay["hidden"], view.partial) == (1, 1)
    heading = _texts(story_panel.heading(len(view.rows), 1, view.partial, True))
    assert "1 story also told outside them, those quotes hidden" in heading
    found, hidden = stories.quotes(services.store.current(), "s-quay", view.visible)
    assert [q["event"] for q in found] == ["e9"] and hidden == 1
    panel = _texts(story_panel.quotes_panel(quay, found, hidden, "", True))
    assert "1 more quote outside the documents, dates or words chosen above" in panel


def test_rows_keep_the_number_of_sources_of_the_whole_story(services: Services) -> None:
    [quay] = _view(services, "?stories=2&doc=council").rows
    assert quay["sources"] == 2  # the filter hides a quote, not a source of the story


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


def _quotes_panel(services: Services, query: str, story: str, event: str = "",
                  can_split: bool = True) -> list:  # fmt: skip
    view = _view(services, query)
    row = next(r for r in view.rows if r["id"] == story)
    found, hidden = stories.quotes(services.store.current(), story, view.visible)
    return story_panel.quotes_panel(row, found, hidden, event, can_split)


def test_a_chosen_story_lists_each_source_quote_linking_to_its_event(
    services: Services,
) -> None:
    panel = _quotes_panel(services, "?stories=2", "s-quay", "e9")
    quotes = _buttons(panel, ids.STORY_QUOTE)
    assert sorted(q.id["event"] for q in quotes) == ["e1", "e9"]
    by_event = {q.id["event"]: q for q in quotes}
    council = _texts(by_event["e9"])
    assert "Council minutes: harbour budget review" in council
    assert "finance committee approved" in council and "dated 2019-04-02" in council
    assert "chosen" in by_event["e9"].className and "chosen" not in by_event["e1"].className
    assert "sources disagree: 2019-03-14 in 1 source, 2019-04-02 in 1" in _texts(panel)
    assert sorted(b.id["event"] for b in _buttons(panel, ids.STORY_SPLIT)) == ["e1", "e9"]


@pytest.mark.parametrize(("story", "can_split", "splits"), [
    ("s-quay", False, 0),  # read-only: no split buttons
    ("s-storm", True, 0),  # one member: nothing to split it from
])  # fmt: skip
def test_split_buttons_only_where_a_split_can_be_written(
    services: Services, story: str, can_split: bool, splits: int
) -> None:
    panel = _quotes_panel(services, "?stories=1", story, can_split=can_split)
    assert len(_buttons(panel, ids.STORY_SPLIT)) == splits


def test_a_quote_names_who_says_so(store: EventStore, services: Services) -> None:
    def attribute(raw: dict) -> None:
        e9 = next(e for e in raw["events"] if e["id"] == "e9")
        start = e9["sentence"]["start"] + e9["sentence"]["text"].index("the finance committee")
        e9["attribution"] = {"start": start, "end": start + 21, "text": "the finance committee"}

    _edit(store, attribute)
    quotes = {q.id["event"]: _texts(q)
              for q in _buttons(_quotes_panel(services, "?stories=2", "s-quay"),
                                ids.STORY_QUOTE)}  # fmt: skip
    assert "according to the finance committee" in quotes["e9"]
    assert "no source named" in quotes["e1"]


def test_a_merge_written_but_not_yet_extracted_is_previewed(
    store: EventStore, services: Services
) -> None:
    _edit(store, lambda raw: raw["stories"][1].update(merged_into="s-quay"))
    [quay] = _view(services, "?stories=1").rows
    assert quay["id"] == "s-quay" and quay["members"] == 3
    assert quay["pending"] == stories.PENDING
    assert quay["conflict"] == "2018-01-09 in 1 source, 2019-03-14 in 1, 2019-04-02 in 1"
    # The title was not edited by hand: the next extract recomputes it from the members.
    titles = {e.id: e.title for e in store.current().model.events}
    assert quay["title"] in {titles["e1"], titles["e3"], titles["e9"]}


@pytest.mark.parametrize(("edited", "title"), [
    (["members"], "Finance committee approves extra money for the north quay"),  # recomputed
    (["members", "title"], "North quay money and reopening"),  # a hand title stays
])  # fmt: skip
def test_a_split_written_but_not_yet_extracted_is_previewed(
    store: EventStore, services: Services, edited: list[str], title: str
) -> None:
    _edit(store, lambda raw: raw["stories"][0].update(members=["e9"], edited=edited))
    [quay] = _view(services, "?stories=1&q=finance").rows
    assert (quay["sources"], quay["conflict"], quay["pending"]) == (1, None, stories.PENDING)
    assert quay["title"] == title
