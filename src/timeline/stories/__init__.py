"""Stories: events of many documents (and repeated mentions in one) that tell one happening.

`build_stories` groups the events of an events file and describes each group;
`timeline.stories.curation` merges that with the stories a person edited by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from timeline.stories.describe import describe, story_id
from timeline.stories.grouping import DEFAULT, Grouped, Settings, grouped, groups

if TYPE_CHECKING:
    from timeline.stories.memo import Memo


def build_stories(
    events: Iterable[dict[str, Any]], settings: Settings = DEFAULT, memo: Memo | None = None
) -> list[dict[str, Any]]:
    """Stories of the events (dicts as in the events file), each with a fresh id.

    A `memo` (`timeline.stories.memo`) gives back last run's features of unchanged events
    and descriptions of stories whose members are all unchanged: the same stories.
    """
    if not isinstance(events, Sequence):
        events = list(events)
    out = []
    for story in grouped(events, settings, memo):
        out.append({"id": story_id(story.members), **_describe(story, events, memo)})
    return out


class ById(Mapping[str, dict[str, Any]]):
    """Events by id, as `{e["id"]: e for e in events if keep(e)}` gives them, holding
    only each id's position: packed events (`timeline.packed`) are decoded when asked
    for, so a story's members are the only ones held as dicts."""

    def __init__(
        self, events: Sequence[dict[str, Any]], keep: Callable[[dict[str, Any]], bool] | None = None
    ) -> None:
        self.events = events
        self.at = {e["id"]: k for k, e in enumerate(events) if keep is None or keep(e)}

    def __getitem__(self, key: str) -> dict[str, Any]:
        return self.events[self.at[key]]

    def __contains__(self, key: object) -> bool:
        return key in self.at

    def __iter__(self) -> Iterator[str]:
        return iter(self.at)

    def __len__(self) -> int:
        return len(self.at)


def _describe(
    story: Grouped, events: Sequence[dict[str, Any]], memo: Memo | None
) -> dict[str, Any]:
    key = memo.story_key(story.indices) if memo is not None else None
    if key is None:
        return describe([events[k] for k in story.positions])
    known = memo.description(key)  # type: ignore[union-attr]
    if known is not None:
        return known
    described = describe([events[k] for k in story.positions])
    memo.remember(key, described)  # type: ignore[union-attr]
    return described


__all__ = ["DEFAULT", "ById", "Settings", "build_stories", "describe", "groups", "story_id"]
