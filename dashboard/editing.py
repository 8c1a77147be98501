"""Corrections from the page, written only through `timeline.curation.apply_edit`.

The curation module owns validation, locking and atomic writes; the page never
writes the events file itself, so an edit from the page obeys the same rules as
one made with the command line.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timeline.dates import EXPECTED, EDTFError, bounds
from timeline.schema import Event

_YMD = re.compile(r"^(?P<y>-?\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?P<q>[~?%]?)$")
SEASONS = range(21, 25)  # EDTF level 1: 21 spring ... 24 winter


def _part_problems(part: str) -> list[str]:
    """What is wrong in one date of the form YYYY[-MM[-DD]]: month, then day."""
    m = _YMD.match(part)
    if not m or m.group("m") is None:
        return []
    year, month = int(m.group("y")), int(m.group("m"))
    if not (1 <= month <= 12 or month in SEASONS):
        problems = [f"month {month} does not exist"]
        if m.group("d") and not 1 <= int(m.group("d")) <= 31:
            problems.append(f"day {int(m.group('d'))} does not exist")
        return problems
    if m.group("d") is None:
        return []
    day = int(m.group("d"))
    if month in SEASONS:
        return [f"a season ({month}) has no days"]
    last = calendar.monthrange(year, month)[1] if year > 0 else 31
    if not 1 <= day <= last:
        return [f"day {day} does not exist in {calendar.month_name[month]} {year} "
                f"(it has {last} days)"]  # fmt: skip
    return []


def explain_date(value: str) -> str:
    """Why a typed date is not EDTF, naming the part that is wrong when there is one:
    "2017-13-45: month 13 does not exist; day 45 does not exist"."""
    problems = [p for part in value.strip().split("/") for p in _part_problems(part.strip())]
    if problems:
        return f"{value.strip()}: " + "; ".join(problems)
    try:
        bounds(value.strip())
    except EDTFError as exc:
        reason = str(exc).split(": expected")[0]
        return f"{reason}; expected {EXPECTED}"
    return ""


@dataclass(frozen=True)
class EditResult:
    ok: bool
    message: str


def _describe(event: Event, changes: dict[str, Any]) -> str:
    parts = []
    for field, new in changes.items():
        old = getattr(event, field, None)
        parts.append(f"{field} {old!s} → {new!s}")
    return "Saved: " + "; ".join(parts) + "."


def apply_change(events_path: Path, event: Event, changes: dict[str, Any]) -> EditResult:
    """Validate what can be checked here for a fast answer, then let curation write."""
    if "date" in changes:
        problem = explain_date(changes["date"])
        if problem:
            return EditResult(False, problem)
    if "title" in changes and not str(changes["title"]).strip():
        return EditResult(False, "the title cannot be empty")
    try:
        from timeline.curation import apply_edit  # type: ignore[attr-defined]
    except ImportError:
        return EditResult(
            False, "editing is unavailable: this version has no timeline.curation.apply_edit"
        )
    try:
        apply_edit(events_path, event.id, changes)
    except Exception as exc:  # curation reports every refusal as an exception with a reason
        problems = getattr(exc, "problems", None)
        detail = "; ".join(str(p) for p in problems) if problems else str(exc)
        return EditResult(False, detail or type(exc).__name__)
    return EditResult(True, _describe(event, changes))


def restore_change(events_path: Path, event: Event) -> EditResult:
    """Undo a rejection: the status goes back to its extracted value and stops being a
    hand edit, so an event rejected and restored is exactly as extracted. Other hand
    edits of the event are kept."""
    try:
        from timeline.curation import store
        from timeline.curation.checks import validate_events_data
    except ImportError:
        return apply_change(events_path, event, {"status": "active"})
    try:
        with store.locked(events_path):
            loaded = store.load_events_file(events_path)
            if loaded is None:
                return EditResult(False, f"{events_path}: no such events file")
            raw = loaded.raw
            target = _raw_event(raw, event.id)
            if target is None:
                return EditResult(False, f"no event with id {event.id!r}")
            # the merge base of the same generation as the file read (not a newer one)
            extracted = _raw_event(store.side_state_of(loaded).base, event.id)
            _unreject(target, extracted)
            check = validate_events_data(raw, source=str(events_path), strict_derived=True)
            if check.problems:
                return EditResult(False, "; ".join(str(p) for p in check.problems))
            store.write_checked(events_path, store.dumps(raw), loaded.fingerprint)
    except Exception as exc:  # curation reports refusals as exceptions with a reason
        problems = getattr(exc, "problems", None)
        return EditResult(False, "; ".join(map(str, problems)) if problems else str(exc))
    return EditResult(True, "Restored: the event is active again.")


def _raw_event(raw: Any, event_id: str) -> dict[str, Any] | None:
    events = raw.get("events") if isinstance(raw, dict) else None
    return next(
        (e for e in events or [] if isinstance(e, dict) and e.get("id") == event_id), None
    )


def _unreject(target: dict[str, Any], extracted: dict[str, Any] | None) -> None:
    """Status and `edited` as extracted; `edited` keeps every other hand-edited field."""
    target["status"] = (extracted or {}).get("status", "active")
    if target["status"] == "rejected":
        target["status"] = "active"
    others = [f for f in target.get("edited") or [] if f != "status"]
    if others:
        target["edited"] = others
    elif extracted is not None and "edited" not in extracted:
        target.pop("edited", None)
    else:
        target["edited"] = (extracted or {}).get("edited")
