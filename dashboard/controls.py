"""The filter controls as callback inputs, and their values as `Filters` and back."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State

from . import filters as flt
from . import ids

TOGGLE_REJECTED = "rejected"
TOGGLE_INFERRED = "inferred"
TOGGLE_ALL = "all"
# (id, property) of each control, in the order `filters_from_controls` takes them.
CONTROLS: tuple[tuple[str, str], ...] = (
    (ids.DOCS, "value"),
    (ids.DATE_FROM, "value"),
    (ids.DATE_TO, "value"),
    (ids.TEXT, "value"),
    (ids.CONFIDENCE, "value"),
    (ids.TOGGLES, "value"),
    (ids.LANES, "value"),
    (ids.STORIES_MIN, "value"),
)


def inputs() -> list[Input]:
    return [Input(i, p) for i, p in CONTROLS]


def states() -> list[State]:
    return [State(i, p) for i, p in CONTROLS]


def outputs() -> list[Output]:
    return [Output(i, p) for i, p in CONTROLS]


def filters_from_controls(
    docs: list[str] | None,
    date_from: str | None,
    date_to: str | None,
    text: str | None,
    conf: float | None,
    toggles: list[str] | None,
    lanes: str | None,
    min_sources: object = 0,
    event: str | None = "",
    story: str | None = "",
) -> flt.Filters:
    toggles = toggles or []
    return flt.Filters(
        docs=tuple(docs or ()),
        date_from=(date_from or "").strip(),
        date_to=(date_to or "").strip(),
        text=text or "",
        min_confidence=float(conf or 0.0),
        show_rejected=TOGGLE_REJECTED in toggles,
        show_inferred=TOGGLE_INFERRED in toggles,
        all_events=TOGGLE_ALL in toggles,
        lanes=lanes if lanes in flt.LANE_MODES else "document",
        min_sources=flt.min_sources_of(min_sources),
        event=event or "",
        story=story or "",
    )


def toggles_of(f: flt.Filters) -> list[str]:
    flags = (
        (f.show_rejected, TOGGLE_REJECTED),
        (f.show_inferred, TOGGLE_INFERRED),
        (f.all_events, TOGGLE_ALL),
    )
    return [name for on, name in flags if on]


def control_values(f: flt.Filters) -> tuple[Any, ...]:
    """The controls' values for these filters, in `CONTROLS` order."""
    return (
        list(f.docs), f.date_from, f.date_to, f.text, f.min_confidence, toggles_of(f), f.lanes,
        f.min_sources,
    )  # fmt: skip
