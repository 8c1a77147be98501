"""Single-event edits from the dashboard: validated, locked, atomic, marked as hand edits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from timeline.curation.checks import EVENT_FIELDS, date_reason, validate_events_data
from timeline.curation.errors import CurationError
from timeline.curation.store import (
    dumps,
    load_events_file,
    locked,
    model_of,
    write_checked,
)
from timeline.dates import EXPECTED, EDTFError, bounds
from timeline.schema import Event

# Derived or identifying fields a user never sets directly.
NOT_EDITABLE = frozenset({"id", "earliest", "latest", "edited"})


def apply_edit(events_path: str | Path, event_id: str, changes: dict[str, Any]) -> Event:
    """Change fields of one event on disk and return it; CurationError says why not.

    A changed `date` must be valid EDTF; it recomputes `earliest`/`latest` and makes
    `how` "curated". Changed fields are added to `edited` so re-extraction keeps them.
    """
    events_path = Path(events_path)
    bad = sorted(set(changes) & NOT_EDITABLE)
    if bad:
        raise CurationError(f"event {event_id}: field(s) {', '.join(bad)} cannot be edited")
    if "date" in changes:
        value = changes["date"]
        try:
            if not isinstance(value, str):
                raise EDTFError(f"{value!r} is not a string")
            bounds(value.strip())
        except EDTFError as exc:
            raise CurationError(
                f"event {event_id}: field 'date': value {value!r} is not a valid EDTF date"
                f"{date_reason(value, exc)}; expected {EXPECTED}"
            ) from None
        changes = {**changes, "date": value.strip()}
    with locked(events_path):
        loaded = load_events_file(events_path)
        if loaded is None:
            raise CurationError(f"{events_path}: no such events file")
        raw = loaded.raw
        target = next(
            (e for e in raw.get("events", []) if isinstance(e, dict) and e.get("id") == event_id),
            None,
        )
        if target is None:
            raise CurationError(f"{events_path}: no event with id {event_id!r}")
        edited = [f for f in target.get("edited") or [] if isinstance(f, str)]
        changed = False
        for key, value in changes.items():
            if target.get(key, object()) == value:
                continue
            target[key] = value
            changed = True
            if key not in edited and key in EVENT_FIELDS | set(target):
                edited.append(key)
        if not changed:
            return _event(target)
        target["earliest"], target["latest"] = bounds(target["date"])
        if "date" in edited:
            target["how"] = "curated"
        target["edited"] = edited
        check = validate_events_data(raw, source=str(events_path), strict_derived=True)
        if check.problems:
            raise CurationError(check.problems)
        write_checked(events_path, dumps(raw), loaded.fingerprint)
        model = model_of(raw)
    return next(e for e in model.events if e.id == event_id)


def _event(raw: dict[str, Any]) -> Event:
    lo, hi = bounds(raw["date"])
    return Event.model_validate({**raw, "earliest": lo, "latest": hi})
