"""Hand edits to stories survive re-runs: each operation, run again and again."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from timeline.dates import bounds
from timeline.stories import build_stories
from timeline.stories.curation import merge_stories
from timeline.stories.view import merge_into, split_out, story_quotes, story_rows

SENTENCES = {
    "dam": "The Korvel dam collapsed in {y}, flooding the valley villages.",
    "dam2": "Floods from the collapsed Korvel dam reached the valley villages in {y}.",
    "vote": "Councillors voted in {y} to close the Ostra ferry harbour for good.",
    "vote2": "The Ostra ferry harbour was closed for good after a council vote in {y}.",
    "fair": "The Lindon book fair drew a record crowd of readers in {y}.",
}


def ev(ident: str, doc: str, kind: str, year: int = 2012, status: str = "active") -> dict:
    text = SENTENCES[kind].format(y=year)
    lo, hi = bounds(str(year))
    return {
        "id": ident,
        "doc": doc,
        "date": str(year),
        "earliest": lo,
        "latest": hi,
        "title": text.split(",")[0],
        "evidence": {"start": 0, "end": 4, "text": text[:4]},
        "sentence": {"start": 0, "end": len(text), "text": text},
        "status": status,
    }


EVENTS = [
    ev("d1", "a", "dam"),
    ev("d2", "b", "dam2"),
    ev("d3", "c", "dam"),
    ev("v1", "a", "vote", 2015),
    ev("v2", "b", "vote2", 2015),
    ev("f1", "c", "fair", 2015),
]


class Run:
    """The events file and the merge base as successive extract runs leave them."""

    def __init__(self, events: list[dict[str, Any]]) -> None:
        self.events = events
        self.stories: list[dict[str, Any]] = []
        self.base: list[dict[str, Any]] | None = None
        self.warnings: list[str] = []
        self.again()

    def again(self, events: list[dict[str, Any]] | None = None) -> Run:
        if events is not None:
            self.events = events
        merged = merge_stories(self.stories, self.base, build_stories(self.events), self.events)
        # As written to and read back from the events file and its merge base.
        self.stories, self.base = json.loads(json.dumps(merged.stories)), merged.base
        self.warnings = merged.warnings
        return self

    def story_of(self, event_id: str) -> dict[str, Any] | None:
        return next((s for s in self.stories if event_id in s["members"]), None)


def test_grouping_before_any_edit() -> None:
    run = Run(EVENTS)
    assert sorted(sorted(s["members"]) for s in run.stories) == [["d1", "d2", "d3"], ["v1", "v2"]]
    assert all("edited" not in s for s in run.stories)
    assert run.base == run.stories  # nothing edited: the file is the tool's own version


def _fix_title(run: Run) -> None:
    run.story_of("d1")["title"] = "Korvel dam collapse"


def _fix_date(run: Run) -> None:
    run.story_of("d1")["date"] = "2012-05-03"


def _merge_by_pointer(run: Run) -> None:
    run.story_of("v1")["merged_into"] = run.story_of("d1")["id"]


def _merge_by_moving(run: Run) -> None:
    vote = run.story_of("v1")
    run.story_of("d1")["members"] += vote["members"]
    run.stories.remove(vote)


def _split_out(run: Run) -> None:
    run.story_of("d3")["members"].remove("d3")


def _split_into_own(run: Run) -> None:
    run.story_of("d3")["members"].remove("d3")
    run.stories.append({"id": "mine", "members": ["d3"], "title": "A third account"})


def _empty_members(run: Run) -> None:
    run.story_of("d1")["members"] = []


def _delete_story(run: Run) -> None:
    run.stories.remove(run.story_of("d1"))


def _kept_apart(run: Run) -> None:
    together = [s for s in run.stories if len({"d1", "d2", "d3"} & set(s["members"])) > 1]
    assert together == []
    assert any(set(s.get("split", [])) == {"d1", "d2", "d3"} for s in run.stories)


def _kept_title(run: Run) -> None:
    assert run.story_of("d1")["title"] == "Korvel dam collapse"
    assert run.story_of("d1")["edited"] == ["title"]


def _kept_date(run: Run) -> None:
    story = run.story_of("d1")
    assert (story["date"], story["earliest"], story["latest"]) == (
        "2012-05-03", "2012-05-03", "2012-05-03"
    )
    assert story["edited"] == ["date"]


def _kept_merge(run: Run) -> None:
    story = run.story_of("d1")
    assert set(story["members"]) >= {"d1", "d2", "d3", "v1", "v2"}
    assert run.story_of("v1") is story and "members" in story["edited"]
    assert len([s for s in run.stories if s["id"] == story["id"]]) == 1
    assert re.fullmatch(r"2012 in \d sources, 2015 in \d", story["conflict"])


def _kept_split(run: Run) -> None:
    assert run.story_of("d3") is None
    assert "d3" in run.story_of("d1")["split"]


def _kept_own(run: Run) -> None:
    own = run.story_of("d3")
    assert own["id"] == "mine" and own["members"] == ["d3"]
    assert own["title"] == "A third account"
    assert "d3" not in run.story_of("d1")["members"]


@pytest.mark.parametrize(
    ("edit", "check"),
    [
        (_fix_title, _kept_title),
        (_fix_date, _kept_date),
        (_merge_by_pointer, _kept_merge),
        (_merge_by_moving, _kept_merge),
        (_split_out, _kept_split),
        (_split_into_own, _kept_own),
        (_empty_members, _kept_apart),
        (_delete_story, _kept_apart),
    ],
)
def test_hand_edit_survives_reruns(edit: Any, check: Any) -> None:
    run = Run(copy.deepcopy(EVENTS))
    edit(run)
    for _ in range(3):
        run.again()
        check(run)
        assert not run.warnings
    # A new document telling the same happenings does not undo the decision either.
    run.again(run.events + [ev("d4", "d", "dam2"), ev("v3", "d", "vote", 2015)])
    check(run)


def test_a_new_report_joins_a_hand_merged_story() -> None:
    run = Run(copy.deepcopy(EVENTS))
    _merge_by_pointer(run)
    run.again().again(run.events + [ev("v3", "d", "vote2", 2015)])
    assert run.story_of("v3") is run.story_of("d1")


def test_a_split_event_is_not_put_back_even_when_the_grouping_agrees_later() -> None:
    run = Run(copy.deepcopy(EVENTS))
    _split_out(run)
    run.again()
    events = [e for e in run.events if e["id"] != "d2"] + [ev("d2", "b", "dam2")]
    run.again(events).again()
    assert run.story_of("d3") is None


def test_an_untouched_story_follows_the_grouping_and_keeps_its_id() -> None:
    run = Run(copy.deepcopy(EVENTS))
    ident = run.story_of("d1")["id"]
    run.again(run.events + [ev("d4", "d", "dam2")])
    assert run.story_of("d4")["id"] == ident
    run.again([e for e in run.events if e["id"] not in ("d1", "d4")])
    assert run.story_of("d2")["id"] == ident  # the founders left, the story lives on


def test_a_rejected_event_leaves_its_story() -> None:
    run = Run(copy.deepcopy(EVENTS))
    events = [dict(e, status="rejected") if e["id"] == "v2" else e for e in run.events]
    run.again(events)
    assert run.story_of("v1") is None and run.story_of("v2") is None


def test_an_edited_title_stays_while_any_member_remains() -> None:
    run = Run(copy.deepcopy(EVENTS))
    run.story_of("v1")["title"] = "Harbour closed"
    run.again([e for e in run.events if e["id"] != "v2"])
    assert run.story_of("v1")["title"] == "Harbour closed"
    run.again([e for e in run.events if e["id"] != "v1"])
    assert run.story_of("v1") is None
    assert any("its hand-edited title went with it" in w for w in run.warnings)


def test_a_merge_into_an_unknown_story_is_named_and_changes_nothing() -> None:
    run = Run(copy.deepcopy(EVENTS))
    run.story_of("v1")["merged_into"] = "nosuch"
    run.again()
    assert sorted(run.story_of("v1")["members"]) == ["v1", "v2"]
    assert any("merged_into 'nosuch'" in w for w in run.warnings)


def test_without_a_base_every_difference_counts_as_a_hand_edit() -> None:
    run = Run(copy.deepcopy(EVENTS))
    run.story_of("d1")["title"] = "Korvel dam collapse"
    run.base = None
    run.again()
    assert run.story_of("d1")["title"] == "Korvel dam collapse"


def _data(run: Run) -> dict[str, Any]:
    docs = [{"id": d, "path": f"{d}.txt", "title": d.upper()} for d in "abc"]
    return {"version": 1, "documents": docs, "events": run.events, "stories": run.stories}


def test_view_rows_filter_by_sources_and_quotes_name_their_document() -> None:
    run = Run(copy.deepcopy(EVENTS))
    data = _data(run)
    assert [r["sources"] for r in story_rows(data)] == [3, 2]
    assert [r["sources"] for r in story_rows(data, min_sources=3)] == [3]
    quotes = story_quotes(data, run.story_of("v1")["id"])
    assert [(q["event"], q["doc"], q["document_title"]) for q in quotes] == [
        ("v1", "a", "A"), ("v2", "b", "B")
    ]


def test_view_merge_and_split_are_hand_edits_the_next_run_keeps() -> None:
    run = Run(copy.deepcopy(EVENTS))
    dam, vote = run.story_of("d1")["id"], run.story_of("v1")["id"]
    data = split_out(merge_into(_data(run), vote, dam), dam, "d3")
    run.stories = data["stories"]
    run.again().again()
    assert set(run.story_of("v1")["members"]) == {"d1", "d2", "v1", "v2"}
    assert run.story_of("d3") is None
    with pytest.raises(ValueError, match="not in story"):
        split_out(_data(run), dam, "f1")
