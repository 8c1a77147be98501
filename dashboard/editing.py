"""Corrections from the page, written only through `timeline.curation.apply_edit`.

The curation module owns validation, locking and atomic writes; the page never
writes the events file itself, so an edit from the page obeys the same rules as
one made with the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timeline.dates import EDTFError, bounds
from timeline.schema import Event


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
        try:
            bounds(changes["date"])
        except EDTFError as exc:
            return EditResult(False, str(exc))
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
    """Undo a rejection."""
    return apply_change(events_path, event, {"status": "active"})
