"""The timeline figure: redrawn on a filter, file or zoom change; a click selects."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from dash import Dash, Input, Output, Patch, State, ctx, html, no_update

from .. import columns, controls, density, figures, ids
from .. import filters as flt
from ..layout import empty_figure, problem_box
from ..views import Kept, Services, events_only, revision, view, zoom_window

# Range presets: their button id suffix and the days they show.
PRESETS = {"all": 0, "decade": 3653, "year": 366, "month": 31}


def _days(lo: str | None, hi: str | None) -> int:
    if not lo or not hi:
        return PRESETS["year"]
    return max((date.fromisoformat(hi) - date.fromisoformat(lo)).days, 1)


def window_ending(last: str, days: int) -> tuple[str, str]:
    """`days` days ending a little after `last`, so the latest mark is not on the edge."""
    end = date.fromisoformat(last) + timedelta(days=max(days // 20, 1))
    return (end - timedelta(days=days)).isoformat(), end.isoformat()


def _summary(services: Services, f: flt.Filters) -> str:
    snap = services.store.current()
    rows, _layout, found = services.views.entry(snap, f)
    cols = columns.of(snap)
    if found is not None and cols is not None:
        n_docs = len(np.unique(cols.doc[found]))
    else:
        n_docs = len({r.doc for r in rows})
    saved = datetime.fromtimestamp(snap.mtime).strftime("%Y-%m-%d %H:%M:%S")
    return (
        f"{len(rows):,} of {len(snap.rows):,} events · {n_docs:,} of "
        f"{len(snap.documents):,} documents · file saved {saved}"
    )


def _no_match_note() -> dict[str, Any]:
    return {"text": "No event matches these filters.", "showarrow": False, "xref": "paper",
            "yref": "paper", "x": 0.5, "y": 0.5, "font": {"size": 15}}  # fmt: skip


def filter_messages(f: flt.Filters) -> list[Any]:
    """One line per bad filter, so two mistakes read as two."""
    errors = flt.date_window(f).errors
    return [html.Ul([html.Li(e) for e in errors])] if errors else []


_FIGURES = Kept(12)


def _figure(services: Services, f: flt.Filters, xview: dict | None) -> dict[str, Any]:
    """The figure of this view without the selection, kept per file version, filters and
    zoom: a reload or a change back to a recent view does not build it again. Shared by
    every caller, so it is never changed after it is made."""
    snap = services.store.current()
    key = (str(snap.path), snap.version, events_only(f), zoom_window(xview, revision(f)))
    return _FIGURES.get(key, lambda: build_view_figure(services, f, xview))


def build_view_figure(services: Services, f: flt.Filters, xview: dict | None) -> dict[str, Any]:
    """The timeline figure of these filters and zoom, with no event selected."""
    _snap, rows, layout, window = view(services, f, xview)
    fig = figures.build_figure(rows, f.lanes, None, revision(f), layout, window)
    if window is not None:
        # Plotly keeps a zoom across redraws only while the figure's own range is
        # unchanged, which a redraw of other events does not guarantee: the server
        # states the zoomed range itself.
        fig["layout"]["xaxis"]["range"] = list(window)
        # The slider would draw every mark a second time (half the drawing time);
        # a double click on the plot goes back to the whole view.
        figures.hide_slider(fig["layout"])
    if not rows:
        fig["layout"]["annotations"] = [_no_match_note()]
    return fig


def warm(services: Services) -> None:
    """Make what a first visit asks for (columns, the default view, its figure and the
    table's order) right after the file is read, before anyone asks."""
    snap = services.store.current()
    if not snap.ok or not snap.rows:
        return
    f = controls.filters_from_controls(*controls.control_values(flt.Filters()))
    _figure(services, f, None)
    _summary(services, f)
    cols = columns.of(snap)
    found = services.views.entry(snap, f)[2]
    if cols is not None and found is not None:
        columns.chronological(cols, found)


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
        fig = _figure(services, f, xview)
        layout = view(services, f, xview)[2]
        shapes = figures.selection_shapes(layout, selected)
        fig = {**fig, "layout": {**fig["layout"], "shapes": shapes}}
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
        Output(ids.XVIEW, "data", allow_duplicate=True),
        Input(ids.TIMELINE, "clickData"),
        *controls.states(),
        State(ids.XVIEW, "data"),
        prevent_initial_call=True,
    )
    def select(click: dict | None, *args: Any) -> Any:
        """A mark selects its event; a cell of the count view zooms into its period."""
        *values, xview = args
        points = (click or {}).get("points") or []
        point = points[0] if points else {}
        data = point.get("customdata")
        if isinstance(data, str) and data:
            return data, no_update
        # Only marks carry an event id; a point without one is a cell of the count view
        # (an empty cell too: plotly reports it without a count).
        if data is None and isinstance(point.get("x"), str):
            f = controls.filters_from_controls(*values)
            _snap, rows, _layout, window = view(services, f, xview)
            period = density.period_of(point["x"][:10], density.bin_width(rows, window))
            return no_update, {"rev": revision(f), "x": list(period)}
        return no_update, no_update

    @app.callback(
        Output(ids.XVIEW, "data", allow_duplicate=True),
        *[Input(f"{ids.RANGE_PRESET}-{name}", "n_clicks") for name in PRESETS],
        Input(ids.JUMP_LATEST, "n_clicks"),
        *controls.states(),
        State(ids.XVIEW, "data"),
        prevent_initial_call=True,
    )
    def preset(*args: Any) -> Any:
        """All, the last decade, year or month of the events in view; or the current span
        moved to end at the latest event."""
        *values, xview = args[len(PRESETS) + 1 :]
        if not any(t.get("value") for t in ctx.triggered):
            return no_update
        f = controls.filters_from_controls(*values)
        _snap, _rows, full, _window = view(services, f, None)
        if full.x_max is None:
            return no_update
        trigger = str(ctx.triggered_id)
        if trigger.endswith("-all"):
            return {"rev": revision(f), "x": None}
        if trigger == ids.JUMP_LATEST:
            current = zoom_window(xview, revision(f)) or (full.fade_left, full.fade_right)
            span = _days(current[0], current[1])
        else:
            span = PRESETS[trigger.rsplit("-", 1)[1]]
        return {"rev": revision(f), "x": list(window_ending(full.x_max, span))}
