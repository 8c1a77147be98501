"""The timeline figure: redrawn on a filter, file or zoom change; a click selects."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dash import Dash, Input, Output, Patch, State, html, no_update

from .. import controls, figures, ids
from .. import filters as flt
from ..layout import empty_figure, problem_box
from ..views import Services, revision, view


def _summary(services: Services, f: flt.Filters) -> str:
    snap = services.store.current()
    rows = services.views.get(snap, f)[0]
    saved = datetime.fromtimestamp(snap.mtime).strftime("%Y-%m-%d %H:%M:%S")
    return (
        f"{len(rows):,} of {len(snap.rows):,} events · {len({r.doc for r in rows}):,} of "
        f"{len(snap.documents):,} documents · file saved {saved}"
    )


def _no_match_note() -> dict[str, Any]:
    return {"text": "No event matches these filters.", "showarrow": False, "xref": "paper",
            "yref": "paper", "x": 0.5, "y": 0.5, "font": {"size": 15}}  # fmt: skip


def filter_messages(f: flt.Filters) -> list[Any]:
    """One line per bad filter, so two mistakes read as two."""
    errors = flt.date_window(f).errors
    return [html.Ul([html.Li(e) for e in errors])] if errors else []


def register(app: Dash, services: Services) -> None:
    @app.callback(
        Output(ids.TIMELINE, "figure"),
        Output(ids.SUMMARY, "children"),
        Output(ids.FILE_PROBLEM, "children"),
        Output(ids.FILTER_PROBLEM, "children"),
        *controls.inputs(),
        Input(ids.VERSION, "data"),
        Input(ids.XVIEW, "data"),
        State(ids.SELECTED, "data"),
    )
    def redraw(*args: Any) -> tuple[Any, ...]:
        *values, _version, xview, selected = args
        f = controls.filters_from_controls(*values, selected)
        snap = services.store.current()
        if not snap.ok or not snap.rows:
            message = "No events to show." if snap.ok else "The events file cannot be shown."
            return empty_figure(message), "", problem_box(snap), ""
        snap, rows, layout, window = view(services, f, xview)
        fig = figures.build_figure(rows, f.lanes, selected, revision(f), layout, window)
        if window is not None:
            # Plotly keeps a zoom across redraws only while the figure's own range is
            # unchanged, which a redraw of other events does not guarantee: the server
            # states the zoomed range itself.
            fig["layout"]["xaxis"]["range"] = list(window)
            # The slider would draw every mark a second time (half the drawing time);
            # a double click on the plot goes back to the whole view.
            fig["layout"]["xaxis"]["rangeslider"]["visible"] = False
        if not rows:
            fig["layout"]["annotations"] = [_no_match_note()]
        return fig, _summary(services, f), [], filter_messages(f)

    @app.callback(
        Output(ids.TIMELINE, "figure", allow_duplicate=True),
        Input(ids.SELECTED, "data"),
        *controls.states(),
        State(ids.XVIEW, "data"),
        prevent_initial_call=True,
    )
    def mark_selection(selected: str, *args: Any) -> Any:
        """Only the selection shapes change: a click must not resend the figure."""
        *values, xview = args
        if not services.store.current().ok or not selected:
            return no_update
        f = controls.filters_from_controls(*values, selected)
        _snap, _rows, layout, _window = view(services, f, xview)
        patch = Patch()
        patch["layout"]["shapes"] = figures.selection_shapes(layout, selected)
        return patch

    @app.callback(
        Output(ids.XVIEW, "data"),
        Input(ids.TIMELINE, "relayoutData"),
        *controls.states(),
        prevent_initial_call=True,
    )
    def zoom(relayout: dict | None, *values: Any) -> Any:
        """Remember the zoomed x range for these filters, so the server can redraw the
        events in it one by one once few enough are in view."""
        window = figures.window_of(relayout)
        if window is False:
            return no_update
        f = controls.filters_from_controls(*values)
        return {"rev": revision(f), "x": list(window) if window else None}

    @app.callback(
        Output(ids.SELECTED, "data", allow_duplicate=True),
        Input(ids.TIMELINE, "clickData"),
        prevent_initial_call=True,
    )
    def select(click: dict | None) -> Any:
        points = (click or {}).get("points") or []
        event_id = points[0].get("customdata") if points else None
        return event_id if isinstance(event_id, str) and event_id else no_update
