"""Merges and splits of stories from the page, written as the hand edits a person would make
in the file (`timeline.stories.view.merge_into` / `split_out`).

The same safe path as the event editor: the curation lock, the file read under it, the
whole file validated, and a compare-and-swap write that refuses when the bytes on disk
are no longer the ones read (another writer came first). The next `extract` keeps the
edit by the stories' three-way merge.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from timeline.stories.view import merge_into, split_out

from .editing import EditResult

MERGED = "Merged: {story} now belongs to {target}. Date, sources and conflict are previewed " \
         "here and written by the next extract."  # fmt: skip
SPLIT = "Split out: {event} no longer belongs to {story}; the next extract keeps it apart."


def _title(raw: dict[str, Any], story_id: str) -> str:
    story = next((s for s in raw.get("stories") or [] if s.get("id") == story_id), {})
    title = story.get("title") or story_id
    return f"“{title}”"


def _edited(story: dict[str, Any]) -> None:
    """Members are now the person's: listed in `edited`, as a hand edit in the file is."""
    fields = [f for f in story.get("edited") or [] if isinstance(f, str)]
    story["edited"] = fields if "members" in fields else [*fields, "members"]


def _apply(raw: dict[str, Any], action: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The file's data with the action made, and what to tell the person."""
    story = str(action.get("story") or "")
    if action.get("op") == "merge":
        target = str(action.get("target") or "")
        out = merge_into(raw, story, target)
        _edited(next(s for s in out["stories"] if s.get("id") == target))
        return out, MERGED.format(story=_title(raw, story), target=_title(raw, target))
    if action.get("op") == "split":
        event = str(action.get("event") or "")
        out = split_out(raw, story, event)
        changed = next(s for s in out["stories"] if s.get("id") == story)
        changed["split"] = sorted({*(changed.get("split") or []), event})
        _edited(changed)
        return out, SPLIT.format(event=event, story=_title(raw, story))
    raise ValueError(f"unknown story action {action.get('op')!r}")


def write_story_action(events_path: Path, action: dict[str, Any]) -> EditResult:
    """Merge or split under the curation lock; refused (nothing written) with a reason."""
    try:
        from timeline.curation import store
        from timeline.curation.checks import validate_events_data
    except ImportError:
        return EditResult(False, "editing is unavailable: this version has no timeline.curation")
    try:
        with store.locked(events_path):
            loaded = store.load_events_file(events_path)
            if loaded is None:
                return EditResult(False, f"{events_path}: no such events file")
            data, message = _apply(loaded.raw, action)
            check = validate_events_data(data, source=str(events_path), strict_derived=True)
            if check.problems:
                return EditResult(False, "; ".join(str(p) for p in check.problems))
            store.write_checked(events_path, store.dumps(data), loaded.fingerprint)
    except ValueError as exc:  # the view functions refuse a story or event that is gone
        return EditResult(False, f"{exc} (the file changed: choose again)")
    except Exception as exc:  # curation reports refusals as exceptions with a reason
        problems = getattr(exc, "problems", None)
        return EditResult(False, "; ".join(map(str, problems)) if problems else str(exc))
    return EditResult(True, message)
