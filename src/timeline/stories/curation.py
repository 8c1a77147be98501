"""Hand edits to stories survive re-runs: the stories' three-way merge.

As for events, the base is what the tool wrote last time (kept in the merge base
beside the events file), "ours" the stories in the user's file and "theirs" the new
grouping. A field you changed keeps your value:

- `title`, `date`: your value stays; the rest of the story follows the new grouping.
- `members`: a story whose members you changed (moved ids in or out, or merged
  another story into it with `merged_into`) keeps exactly your members; events new
  to the grouping that join them are added, never the ones you took out (`split`).
- An event you took out of a story is recorded in its `split` list and never put back.

The changed fields are listed in `edited`, so a decision stays yours even when a
later grouping happens to agree with it and then changes its mind again.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timeline.dates import EDTFError, bounds
from timeline.stories import ById, build_stories
from timeline.stories.describe import describe, story_id

HAND_FIELDS = ("title", "date", "members")
DERIVED = frozenset(
    {"id", "earliest", "latest", "members", "sources", "conflict", "edited", "merged_into",
     "split", "title", "date"}
)


_Out = tuple[list[dict[str, Any]], list[dict[str, Any]], list[str], dict[tuple[str, ...], Any]]


@dataclass
class StoryMerge:
    stories: list[dict[str, Any]]  # to write in the events file
    base: list[dict[str, Any]]  # the tool's own version of each: the next merge's base
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Old:
    """A story of the user's file, with what the user decided about it."""

    story: dict[str, Any]
    fields: set[str]
    members: list[str]
    split: set[str]

    @property
    def id(self) -> str:
        return self.story["id"]

    @property
    def pinned(self) -> bool:
        return "members" in self.fields


def _strings(value: Any) -> list[str]:
    return [x for x in value if isinstance(x, str)] if isinstance(value, list) else []


def _fold_merged(old: list[dict[str, Any]], warnings: list[str]) -> tuple[list[dict], set[str]]:
    """Stories with `merged_into` added to their target; the ids of the targets."""
    by_id = {s["id"]: s for s in old}
    targets: set[str] = set()
    kept = []
    for s in old:
        target = s.get("merged_into")
        if not target:
            kept.append(s)
            continue
        if not _strings(s.get("members")):  # an emptied story has nothing to move
            kept.append({k: v for k, v in s.items() if k != "merged_into"})
            continue
        seen = {s["id"]}
        while isinstance(target, str) and by_id.get(target, {}).get("merged_into"):
            if target in seen:
                break
            seen.add(target)
            target = by_id[target]["merged_into"]
        final = by_id.get(target) if isinstance(target, str) else None
        if final is None or final is s or final.get("merged_into"):
            warnings.append(
                f"story {s['id']}: merged_into {s.get('merged_into')!r} is not a story of the "
                "file; the story was kept as it is"
            )
            kept.append({k: v for k, v in s.items() if k != "merged_into"})
            continue
        final.setdefault("members", [])
        final["members"] = _strings(final["members"]) + [
            m for m in _strings(s.get("members")) if m not in _strings(final["members"])
        ]
        final["split"] = sorted(set(_strings(final.get("split"))) | set(_strings(s.get("split"))))
        targets.add(final["id"])
    return kept, targets


def _read_old(
    old: list[dict[str, Any]],
    base: list[dict[str, Any]] | None,
    new_by_id: dict[str, dict[str, Any]],
    warnings: list[str],
) -> list[_Old]:
    stories = [dict(s) for s in old if isinstance(s, dict) and isinstance(s.get("id"), str)]
    stories, merged_targets = _fold_merged(stories, warnings)
    written = {s["id"] for s in stories}  # a story merged away counts as deleted
    base_by_id = {s["id"]: s for s in base or [] if isinstance(s, dict) and "id" in s}
    out = []
    for s in sorted(stories, key=lambda s: s["id"]):
        ref = base_by_id.get(s["id"]) if base is not None else new_by_id.get(s["id"])
        members = list(dict.fromkeys(_strings(s.get("members"))))
        fields = {f for f in _strings(s.get("edited")) if f in HAND_FIELDS}
        if ref is None:
            fields |= {"members"} | {f for f in ("title", "date") if s.get(f)}
        else:
            fields |= {f for f in ("title", "date") if s.get(f) != ref.get(f)}
            if set(members) != set(_strings(ref.get("members"))):
                fields.add("members")
        if s["id"] in merged_targets:
            fields.add("members")
        split = set(_strings(s.get("split")))
        if ref is not None and "members" in fields:
            split |= set(_strings(ref.get("members"))) - set(members)
        out.append(_Old(s, fields, members, split - set(members)))
    return out + _dismantled(base, written, out)


def _dismantled(
    base: list[dict[str, Any]] | None, written: set[str], olds: list[_Old]
) -> list[_Old]:
    """Stories deleted by hand whose events were not moved elsewhere: kept, empty, so
    that their events are not grouped together again."""
    placed = {m for o in olds for m in o.members}
    out = []
    for b in base or []:
        if not isinstance(b, dict) or b.get("id") in written:
            continue
        left = set(_strings(b.get("members"))) - placed
        if len(left) > 1:
            out.append(_Old({"id": b["id"]}, {"members"}, [], left))
    return out


def merge_stories(
    old: Iterable[dict[str, Any]] | None,
    base: Iterable[dict[str, Any]] | None,
    new: list[dict[str, Any]],
    events: Iterable[dict[str, Any]],
) -> StoryMerge:
    """The stories to write: `new` (this run's grouping) with the user's decisions kept.

    `old` are the stories of the user's file, `base` the ones the last run recorded as
    its own (None when unknown: then every difference from `new` counts as a hand
    edit), `events` the events being written (rejected ones belong to no story); `new`
    is `build_stories(events)`, whose descriptions are reused.
    """
    warnings: list[str] = []
    if not isinstance(events, Sequence):
        events = list(events)
    valid = ById(events, _active)  # positions only: packed events stay packed
    known = {e["id"] for e in events if isinstance(e.get("id"), str)}
    new_by_id = {s["id"]: s for s in new}
    olds = _read_old(list(old or []), None if base is None else list(base), new_by_id, warnings)
    claimed: dict[str, str] = {}
    pinned: dict[str, list[str]] = {}
    for o in (o for o in olds if o.pinned):
        members = []
        for m in o.members:
            if m not in known:
                warnings.append(f"story {o.id}: member {m} is no longer an event; left out")
            elif m in valid and m not in claimed:
                claimed[m] = o.id
                members.append(m)
        pinned[o.id] = members
    candidates: list[list[str]] = []
    apart = [o.split for o in olds if o.pinned and not pinned[o.id] and o.split]
    for n in new:
        rest = _keep_apart([m for m in n["members"] if m in valid and m not in claimed], apart)
        into = _best_overlap(n["members"], pinned, claimed)
        if into is not None:
            split = next(o.split for o in olds if o.id == into)
            for m in rest:
                if m not in split:
                    pinned[into].append(m)
                    claimed[m] = into
            rest = [m for m in rest if m not in claimed]
        if len(rest) > 1:
            candidates.append(rest)
    stories, tool = [], []
    # This run's grouping described most stories already: their members, their description.
    known = {tuple(n["members"]): n for n in new}
    out = (stories, tool, warnings, known)  # where `_emit` writes
    for o in olds:
        if o.pinned:
            _emit(o.story, pinned[o.id], o.fields, o.split, valid, out)
    unpinned = [o for o in olds if not o.pinned]
    for members, o in _match(candidates, unpinned, valid, claimed, warnings):
        if o is None:
            _emit({"id": story_id(members)}, members, set(), set(), valid, out)
        else:
            _emit(o.story, members, o.fields, o.split, valid, out)
    _unique_ids(stories, tool)
    order = sorted(
        range(len(stories)), key=lambda i: (stories[i]["earliest"] or "", stories[i]["id"])
    )
    return StoryMerge([stories[i] for i in order], [tool[i] for i in order], warnings)


def _active(event: dict[str, Any]) -> bool:
    return event.get("status", "active") == "active"  # type: ignore[no-any-return]


def _keep_apart(members: list[str], apart: list[set[str]]) -> list[str]:
    """At most one event of each dismantled story in a group."""
    for split in apart:
        inside = [m for m in members if m in split]
        if len(inside) > 1:
            members = [m for m in members if m not in split or m == inside[0]]
    return members


def _best_overlap(
    members: list[str], pinned: dict[str, list[str]], claimed: dict[str, str]
) -> str | None:
    hits: dict[str, int] = {}
    for m in members:
        if m in claimed and claimed[m] in pinned:
            hits[claimed[m]] = hits.get(claimed[m], 0) + 1
    return min(hits, key=lambda k: (-hits[k], k)) if hits else None


def _match(
    candidates: list[list[str]],
    olds: list[_Old],
    valid: Mapping[str, dict[str, Any]],
    claimed: dict[str, str],
    warnings: list[str],
) -> list[tuple[list[str], _Old | None]]:
    """Each new group with the old story it continues (most shared members), if any.

    Old stories with a hand-edited title or date choose first; one that continues in no
    group keeps its members still free, so that no edit is dropped while one remains.
    """
    owner: dict[str, int] = {m: k for k, c in enumerate(candidates) for m in c}
    taken: dict[int, _Old] = {}
    for o in sorted(olds, key=lambda o: (not o.fields, o.id)):
        shared: dict[int, int] = {}
        for m in o.members:
            if m in owner and owner[m] not in taken:
                shared[owner[m]] = shared.get(owner[m], 0) + 1
        if shared:
            taken[min(shared, key=lambda k: (-shared[k], k))] = o
        elif o.fields:
            free = [m for m in o.members if m in valid and m not in claimed and m not in owner]
            if free:
                candidates.append(free)
                taken[len(candidates) - 1] = o
                owner.update((m, len(candidates) - 1) for m in free)
            else:
                warnings.append(
                    f"story {o.id}: none of its events is left in a story; its hand-edited "
                    f"{' and '.join(sorted(o.fields))} went with it"
                )
    return [(c, taken.get(k)) for k, c in enumerate(candidates)]


def _emit(
    story: dict[str, Any],
    members: list[str],
    fields: set[str],
    split: set[str],
    valid: Mapping[str, dict[str, Any]],
    out_to: _Out,
) -> None:
    """Write one story and the tool's version of it to `out_to` (stories, tool's versions,
    warnings, this run's descriptions by members)."""
    stories, tool, warnings, known = out_to
    if not members:
        if "members" in fields and split:
            # Emptied by hand: kept with its `split` list, so the events stay apart.
            kept = {k: v for k, v in story.items() if k not in DERIVED or k == "title"}
            empty = {"id": story["id"], "date": None, "earliest": None, "latest": None,
                     "title": "", "members": [], "sources": {"documents": [], "speakers": []},
                     "conflict": None, "split": sorted(split)}
            stories.append({**empty, **kept, "edited": ["members"]})
            tool.append(dict(empty))
        elif fields:
            warnings.append(
                f"story {story['id']}: none of its events is left; the story was dropped"
            )
        return
    computed = {"id": story["id"], **_described(members, valid, known)}
    if "members" in fields:
        computed["members"] = list(members)
    out = copy.deepcopy(computed)  # the file's copy and the base's never share a list
    for k, v in story.items():
        if k not in DERIVED:
            out[k] = v  # the user's own fields ("note") stay as written
    for name in ("title", "date"):
        if name in fields and isinstance(story.get(name), str) and story[name].strip():
            out[name] = story[name]
    if "date" in fields:
        try:
            out["earliest"], out["latest"] = bounds(out["date"])
        except EDTFError as exc:
            warnings.append(f"story {story['id']}: date {out['date']!r}: {exc}; not used")
            out["date"], out["earliest"], out["latest"] = (
                computed["date"], computed["earliest"], computed["latest"]
            )
            fields = fields - {"date"}
    if split:
        out["split"] = sorted(split)
        computed["split"] = out["split"]
    if fields:
        out["edited"] = sorted(fields)
    stories.append(out)
    tool.append(computed)


def _described(
    members: list[str], valid: Mapping[str, dict[str, Any]], known: dict[tuple[str, ...], Any]
) -> dict[str, Any]:
    """The computed fields of a story of these members: described by this run's grouping
    when it found the same members (the same event dicts), else described now."""
    found = known.get(tuple(sorted(members)))
    if found is not None:
        return {k: v for k, v in found.items() if k != "id"}
    return describe([valid[m] for m in members])


def _unique_ids(stories: list[dict[str, Any]], tool: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for s, t in zip(stories, tool, strict=True):
        base, n = s["id"], 1
        while s["id"] in seen:
            n += 1
            s["id"] = t["id"] = f"{base}-{n}"
        seen.add(s["id"])


def update_stories(
    events_path: Path,
    data: dict[str, Any],
    extraction: dict[str, Any],
    base: list[Any] | None = None,
    memo: Path | None = None,
) -> list[str]:
    """Group the merged events of `data` into stories, keeping the user's story edits.

    `base` is the stories of the last extraction (from the merge base that belongs to
    the events file). Sets `data["stories"]` and `extraction["stories"]` (the tool's
    version, which the writer keeps as the next merge base). Returns warnings. `memo` is
    a file that keeps each event's grouping features and each story's description for
    the next run (`timeline.stories.memo`): the same stories, computed in less time.
    """
    old = data.get("stories")
    events = data.get("events", [])
    old = old if isinstance(old, list) else []
    kept = None
    if memo is not None:
        from timeline.cache import code_version
        from timeline.stories.memo import Memo

        kept = Memo(memo, code_version())
    merged = merge_stories(old, base, build_stories(events, memo=kept), events)
    if kept is not None:
        kept.save()
    data["stories"] = merged.stories
    extraction["stories"] = merged.base
    return merged.warnings
