"""The address and the filter controls mirror each other; the file is polled for changes."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dash import Dash, Input, Output, State, ctx, no_update

from .. import controls, ids
from .. import filters as flt
from ..layout import doc_options
from ..views import Services


def _pending_filters(search: str | None, values: tuple[Any, ...]) -> Any:
    """A selection keeps the address by itself (`keepSelectionInAddress`), unless a filter
    change is still on its way there: re-running this callback drops that change's
    answer, so the address is written here, filter and new selection together."""
    wanted = controls.filters_from_controls(*values)
    shown = replace(flt.from_query(search), event=wanted.event)
    if shown == wanted:
        return no_update
    return flt.to_query(wanted)


def register(app: Dash, services: Services) -> None:
    store = services.store
    n_out = 1 + len(controls.CONTROLS) + 2

    @app.callback(
        Output(ids.URL, "search"),
        *controls.outputs(),
        Output(ids.SELECTED, "data"),
        Output(ids.STORY_SELECTED, "data"),
        Input(ids.URL, "search"),
        *controls.inputs(),
        Input(ids.SELECTED, "data"),
        Input(ids.STORY_SELECTED, "data"),
        prevent_initial_call=True,
    )
    def sync_url(search: str | None, *values: Any) -> tuple[Any, ...]:
        """Whichever changed wins. Not called on load: the layout already starts from the
        page's query string. A selection replaces the address in the browser (see
        `keepSelectionInAddress` in assets) rather than adding a history entry; choosing a
        story (`?story=`) adds one, as a filter does."""
        if ctx.triggered_id == ids.SELECTED:
            return (_pending_filters(search, values), *([no_update] * (n_out - 1)))
        if ctx.triggered_id == ids.URL:
            f = flt.from_query(search)
            if f == controls.filters_from_controls(*values):
                return (no_update,) * n_out
            return (no_update, *controls.control_values(f), f.event, f.story)
        query = flt.to_query(controls.filters_from_controls(*values))
        return (query if query != (search or "") else no_update, *([no_update] * (n_out - 1)))

    @app.callback(
        Output(ids.VERSION, "data"),
        Input(ids.POLL, "n_intervals"),
        State(ids.VERSION, "data"),
    )
    def poll(_: int | None, version: str) -> Any:
        snap = store.current()
        return snap.version if snap.version != version else no_update

    @app.callback(
        Output(ids.DOCS, "options"),
        Input(ids.DOCS, "search_value"),
        Input(ids.VERSION, "data"),
        State(ids.DOCS, "value"),
        prevent_initial_call=True,
    )
    def docs(search: str | None, _version: str, chosen: list[str] | None) -> Any:
        return doc_options(store.current(), chosen or [], search or "")
