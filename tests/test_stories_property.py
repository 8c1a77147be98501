"""Any sequence of story edits and re-runs keeps every decision a person made."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.dates import bounds
from timeline.stories import build_stories
from timeline.stories.curation import merge_stories

TOPICS = [
    "The Korvel dam collapsed, flooding the valley villages",
    "Councillors voted to close the Ostra ferry harbour",
    "The Lindon book fair drew a record crowd of readers",
    "Police arrested the mayor of Tarn over missing funds",
]


def _event(n: int, topic: int, year: int) -> dict[str, Any]:
    text = f"{TOPICS[topic]} in {year}."
    lo, hi = bounds(str(year))
    return {
        "id": f"e{n}",
        "doc": f"d{n}",
        "date": str(year),
        "earliest": lo,
        "latest": hi,
        "title": TOPICS[topic],
        "sentence": {"start": 0, "end": len(text), "text": text},
        "status": "active",
    }


class World:
    """The events, the file's stories and the merge base, and what the person decided."""

    def __init__(self) -> None:
        self.events = [_event(n, n % 4, 2010 + n % 2) for n in range(12)]
        self.next = 12
        self.stories: list[dict[str, Any]] = []
        self.base: list[dict[str, Any]] | None = None
        self.titles: dict[str, str] = {}  # story id -> title set by hand
        self.kept: dict[str, set[str]] = {}  # story id -> members placed by hand
        self.split: dict[str, set[str]] = {}  # story id -> events taken out by hand
        self.apart: list[set[str]] = []  # events of stories emptied by hand
        self.rerun()

    def rerun(self) -> None:
        merged = merge_stories(self.stories, self.base, build_stories(self.events), self.events)
        self.stories = json.loads(json.dumps(merged.stories))
        self.base = merged.base

    def story(self, pick: int) -> dict[str, Any] | None:
        return self.stories[pick % len(self.stories)] if self.stories else None

    def apply(self, op: str, a: int, b: int) -> None:
        s = self.story(a)
        if op == "title" and s is not None:
            s["title"] = self.titles[s["id"]] = f"Title {a}"
        elif op == "split" and s is not None and len(s["members"]) > 1:
            gone = s["members"].pop(b % len(s["members"]))
            self.split.setdefault(s["id"], set()).add(gone)
            self.kept[s["id"]] = set(s["members"])
        elif op == "merge" and s is not None:
            t = self.story(b)
            pointed = {x.get("merged_into") for x in self.stories}
            if (
                t is not None
                and t is not s
                and s["id"] not in self.titles
                and not t.get("merged_into")
                and s["members"]
                and t["members"]  # into or from an emptied story: not a merge
                and s["id"] not in pointed  # a cycle is refused with a warning
            ):
                s["merged_into"] = t["id"]
                joined = set(s["members"]) | set(t["members"])
                self.apart = [a for a in self.apart if not a & joined]  # a later decision
                self.kept[t["id"]] = self.kept.get(t["id"], set(t["members"])) | set(
                    s["members"]
                )
                self.kept.pop(s["id"], None)
                self.split.pop(s["id"], None)
        elif (
            op == "empty"
            and s is not None
            and len(s["members"]) > 1
            # emptying a story that is merged in this same round is not "emptying"
            and not s.get("merged_into")
            and s["id"] not in {x.get("merged_into") for x in self.stories}
        ):
            self.apart.append(set(s["members"]))
            for members in self.kept.values():
                members -= set(s["members"])
            s["members"] = []
            self.kept.pop(s["id"], None)
            self.titles.pop(s["id"], None)
        elif op == "add":
            self.events.append(_event(self.next, a % 4, 2010 + b % 2))
            self.next += 1
        elif op == "reject" and self.events:
            self.events[a % len(self.events)]["status"] = "rejected"

    def check(self) -> None:
        active = {e["id"] for e in self.events if e["status"] == "active"}
        by_id = {s["id"]: s for s in self.stories}
        assert len(by_id) == len(self.stories)
        placed = [m for s in self.stories for m in s["members"]]
        assert len(placed) == len(set(placed)), "an event in two stories"
        assert set(placed) <= active
        for ident, title in self.titles.items():
            if ident in by_id:
                assert by_id[ident]["title"] == title
        for ident, members in self.kept.items():
            if ident in by_id:
                assert members & active <= set(by_id[ident]["members"])
        for apart in self.apart:
            assert all(len(apart & set(s["members"])) < 2 for s in self.stories)
        for ident, gone in self.split.items():
            if ident in by_id:
                assert not gone & set(by_id[ident]["members"])


OPS = st.tuples(
    st.sampled_from(["title", "split", "merge", "empty", "add", "reject"]),
    st.integers(0, 50),
    st.integers(0, 50),
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.lists(OPS, min_size=1, max_size=3), min_size=1, max_size=6))
def test_edits_and_reruns_keep_every_decision(rounds: list[list[tuple[str, int, int]]]) -> None:
    world = World()
    for edits in rounds:
        for op, a, b in edits:
            world.apply(op, a, b)
        world.rerun()
        world.check()
        world.rerun()
        world.check()
