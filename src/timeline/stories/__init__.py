"""Stories: events of many documents (and repeated mentions in one) that tell one happening.

`build_stories` groups the events of an events file and describes each group;
`timeline.stories.curation` merges that with the stories a person edited by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from timeline.stories.describe import describe, story_id
from timeline.stories.grouping import DEFAULT, Settings, groups

if TYPE_CHECKING:
    from timeline.stories.memo import Memo


def build_stories(
    events: Iterable[dict[str, Any]], settings: Settings = DEFAULT, memo: Memo | None = None
) -> list[dict[str, Any]]:
    """Stories of the events (dicts as in the events file), each with a fresh id.

    A `memo` (`timeline.stories.memo`) gives back last run's features of unchanged events
    and descriptions of stories whose members are all unchanged: the same stories.
    """
    events = list(events)
    by_id = {e["id"]: e for e in events}
    out = []
    for members in groups(events, settings, memo):
        out.append({"id": story_id(members), **_describe(members, by_id, memo)})
    return out


def _describe(
    members: list[str], by_id: dict[str, dict[str, Any]], memo: Memo | None
) -> dict[str, Any]:
    key = memo.story_key(members) if memo is not None else None
    if key is None:
        return describe([by_id[m] for m in members])
    known = memo.description(key)  # type: ignore[union-attr]
    if known is not None:
        return known
    story = describe([by_id[m] for m in members])
    memo.remember(key, story)  # type: ignore[union-attr]
    return story


__all__ = ["DEFAULT", "Settings", "build_stories", "describe", "groups", "story_id"]
