"""Which side files (merge base, deleted ids) belong to the events file on disk.

A write puts the new side files beside the old ones as `*.next`, each tagged with the
sha256 of the events file it belongs to (`layout`), then replaces the events file,
then renames the `*.next` files into place. A kill at any point leaves one of:

- only the old side files, or stale `*.next` of an events file never written: the old
  ones carry the events file's sha256 (or, once the user edited it, match it better);
- the new events file with its `*.next` not yet (or only partly) renamed: their tag is
  the events file's sha256, or after a hand edit they match it better.

So the base used for a merge is always the extraction the file was written from: no
extractor change is mistaken for a hand edit. Deleted ids are the union of both
generations (an id deleted in either stays deleted).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timeline.curation.sidecar import base_path, next_path, removed_path


@dataclass
class SideState:
    base: dict[str, Any] | None = None
    removed: set[str] = field(default_factory=set)
    written: set[str] = field(default_factory=set)
    layout: str | None = None  # sha256 of the events file these were written with


def read_json(path: Path) -> Any | None:
    """A side file's JSON, or None when absent or unreadable (side files are rebuildable)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _dict(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


def _tag(value: dict[str, Any] | None) -> str | None:
    tag = value.get("layout") if value else None
    return tag if isinstance(tag, str) else None


def _strings(side: dict[str, Any] | None, key: str) -> set[str]:
    items = side.get(key) if side else None
    return {x for x in items if isinstance(x, str)} if isinstance(items, list) else set()


def _likeness(base: dict[str, Any] | None, user: dict[str, Any] | None) -> int:
    """How many of the user's events are exactly as in `base` (hand edits touch few)."""
    if not base or not user or not isinstance(base.get("events"), list):
        return -1
    by_id = {e.get("id"): e for e in base["events"] if isinstance(e, dict)}
    events = user.get("events") if isinstance(user.get("events"), list) else []
    return sum(isinstance(e, dict) and by_id.get(e.get("id")) == e for e in events)


def side_state(
    events_path: Path,
    fingerprint: str | None,
    user: dict[str, Any] | None,
    *,
    need_base: bool = True,
) -> SideState:
    """The side files of the events file read (sha256 `fingerprint`, parsed `user`).

    The deleted-ids files are small; the bases (as large as the events file) are read
    only when wanted or when only they can tell which generation is right.
    """
    sides = [_dict(read_json(removed_path(events_path)))]
    sides.append(_dict(read_json(next_path(removed_path(events_path)))))
    base_files = [base_path(events_path), next_path(base_path(events_path))]
    bases: list[dict[str, Any] | None] | None = None
    removed = _strings(sides[0], "removed") | _strings(sides[1], "removed")
    if sides[1] is None and not base_files[1].exists():
        target = _tag(sides[0])
    elif fingerprint is not None and fingerprint in (_tag(sides[0]), _tag(sides[1])):
        target = fingerprint
    else:  # edited by hand since, or a side file missing: the generation it resembles
        bases = [_dict(read_json(p)) for p in base_files]
        newer = _likeness(bases[1], user) > _likeness(bases[0], user)
        target = _tag(bases[1] if newer else bases[0]) or _tag(sides[1 if newer else 0])
    side = next((s for s in sides if s is not None and _tag(s) == target), sides[0])
    state = SideState(None, removed, _strings(side, "written"), _tag(side))
    if need_base:
        if bases is None:
            bases = [_dict(read_json(base_files[0]))]
            if target is not None and _tag(bases[0]) != target:
                bases.append(_dict(read_json(base_files[1])))
        state.base = next((b for b in bases if b is not None and _tag(b) == target), bases[0])
    return state
