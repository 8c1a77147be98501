"""Stories: events of many documents (and repeated mentions in one) that tell one happening.

`build_stories` groups the events of an events file and describes each group;
`timeline.stories.curation` merges that with the stories a person edited by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from timeline.stories.describe import describe, story_id
from timeline.stories.grouping import DEFAULT, Settings, groups


def build_stories(
    events: Iterable[dict[str, Any]], settings: Settings = DEFAULT
) -> list[dict[str, Any]]:
    """Stories of the events (dicts as in the events file), each with a fresh id."""
    events = list(events)
    by_id = {e["id"]: e for e in events}
    out = []
    for members in groups(events, settings):
        story = describe([by_id[m] for m in members])
        out.append({"id": story_id(members), **story})
    return out


__all__ = ["DEFAULT", "Settings", "build_stories", "describe", "groups", "story_id"]
