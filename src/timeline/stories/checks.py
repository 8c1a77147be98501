"""Checks of the `stories` list of an events file, with messages a person can act on."""

from __future__ import annotations

from typing import Any

from timeline.dates import EDTFError, bounds


def _where(source: str, i: int, story: dict[str, Any]) -> str:
    ident = story.get("id")
    return f"{source}: story {ident}" if isinstance(ident, str) else f"{source}: stories[{i}]"


def _is_strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def story_problems(stories: Any, source: str) -> list[str]:
    """Every problem of the stories list (an absent list is fine: older files have none)."""
    if stories is None:
        return []
    if not isinstance(stories, list):
        return [f"{source}: field 'stories' is not a list; expected a list of stories"]
    problems: list[str] = []
    ids: set[str] = set()
    for i, s in enumerate(stories):
        if not isinstance(s, dict):
            problems.append(f"{source}: stories[{i}] is {type(s).__name__}; expected an object")
            continue
        where = _where(source, i, s)
        ident = s.get("id")
        if not isinstance(ident, str) or not ident:
            problems.append(f"{where}: field 'id' is missing; expected a text such as \"s1\"")
        elif ident in ids:
            problems.append(f"{where}: duplicate story id")
        else:
            ids.add(ident)
        if not _is_strings(s.get("members")):
            problems.append(f"{where}: field 'members' must be a list of event ids")
        for name in ("split", "edited"):
            if s.get(name) is not None and not _is_strings(s[name]):
                problems.append(f"{where}: field '{name}' must be a list of texts")
        for name in ("title", "merged_into", "conflict", "earliest", "latest"):
            if s.get(name) is not None and not isinstance(s[name], str):
                problems.append(f"{where}: field '{name}' must be a text")
        sources = s.get("sources")
        if sources is not None and not (
            isinstance(sources, dict)
            and all(_is_strings(sources.get(k, [])) for k in ("documents", "speakers"))
        ):
            problems.append(
                f"{where}: field 'sources' must be {{\"documents\": [...], \"speakers\": [...]}}"
            )
        date = s.get("date")
        if date is not None:
            try:
                bounds(date)
            except EDTFError as exc:
                problems.append(f"{where}: field 'date': {exc}")
    for i, s in enumerate(stories):
        target = s.get("merged_into") if isinstance(s, dict) else None
        if isinstance(target, str) and target not in ids:
            problems.append(
                f"{_where(source, i, s)}: field 'merged_into': {target!r} is not the id of a story"
            )
    return problems
