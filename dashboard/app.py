"""The Dash app: timeline, table, source view and corrections over one events file.

`create_app(events_path)` is the only entry point; everything the page shows is
computed from `EventStore.current()`, so a change on disk is picked up by the next
callback and by a light polling interval.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from threading import Lock
from typing import Any
from urllib.parse import urlsplit

import dash
from dash import ALL, Input, Output, Patch, State, ctx, dash_table, dcc, html, no_update
from flask import has_request_context, request

from . import figures, table
from . import filters as flt
from .data import EventStore, Row, Snapshot
from .editing import EditResult, apply_change
from .source_view import OTHER_EVENT, source_panel

ASSETS = Path(__file__).with_name("assets")
POLL_MS = 2000
DOC_OPTIONS_ALL = 300
DOC_OPTIONS_SHOWN = 50
TOGGLE_REJECTED = "rejected"
TOGGLE_INFERRED = "inferred"


class _ViewCache:
    """Filtered rows and their figure layout per (file version, filters, zoom); small LRU.

    The timeline and the table ask for the same view at the same moment after a filter
    change; one computes it while the other waits, instead of both doing the work.
    """

    def __init__(self, size: int = 16) -> None:
        self._items: OrderedDict[tuple[Any, ...], tuple[list[Row], Any]] = OrderedDict()
        self._size = size
        self._lock = Lock()
        self._computing: dict[tuple[Any, ...], Lock] = {}

    def get(
        self, snap: Snapshot, f: flt.Filters, window: tuple[str, str] | None = None
    ) -> tuple[list[Row], Any]:
        key = (snap.version, replace(f, event=""), window)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            key_lock = self._computing.setdefault(key, Lock())
        with key_lock:
            with self._lock:
                if key in self._items:
                    return self._items[key]
            if window is None:
                rows = flt.apply(snap.rows, f)
                layout = figures.compute_layout(rows, f.lanes)
            else:
                all_rows, _ = self.get(snap, f)
                rows = figures.rows_in_window(all_rows, window)
                layout = figures.compute_layout(rows, f.lanes)
            with self._lock:
                self._items[key] = (rows, layout)
                self._computing.pop(key, None)
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
        return rows, layout


def _filters_from_controls(
    docs: list[str] | None,
    date_from: str | None,
    date_to: str | None,
    text: str | None,
    conf: float | None,
    toggles: list[str] | None,
    lanes: str | None,
    event: str | None,
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
        lanes=lanes if lanes in flt.LANE_MODES else "document",
        event=event or "",
    )


def _toggles(f: flt.Filters) -> list[str]:
    out = []
    if f.show_rejected:
        out.append(TOGGLE_REJECTED)
    if f.show_inferred:
        out.append(TOGGLE_INFERRED)
    return out


def _problem_box(snap: Snapshot) -> list[Any]:
    if snap.ok and snap.rows:
        return []
    if snap.ok:
        return [
            html.Strong("This events file has no events yet."),
            html.P(
                f"{snap.path} is valid but empty. Run `python -m timeline extract` on "
                "your documents to fill it."
            ),
        ]
    return [
        html.Strong(snap.error or "The events file cannot be shown."),
        html.Ul([html.Li(p) for p in snap.problems]),
        html.P("Fix the file and this page reloads it on its own; nothing in it was changed."),
    ]


def _empty_figure(message: str) -> dict[str, Any]:
    return {
        "data": [],
        "layout": {
            "height": 260,
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "annotations": [{"text": message, "showarrow": False, "font": {"size": 15}}],
            "plot_bgcolor": "white",
            "paper_bgcolor": "white",
            "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        },
    }


def _doc_options(
    snap: Snapshot, chosen: list[str] | tuple[str, ...] = (), search: str = ""
) -> list[dict[str, str]]:
    """All documents when few; otherwise the chosen ones plus matches for what is typed.

    The dropdown indexes every option in the browser, which costs about half a second
    for 2,000 documents, so large corpora are searched on the server instead.
    """
    docs = list(snap.documents.values())
    if len(docs) > DOC_OPTIONS_ALL:
        needle = search.strip().lower()
        keep = set(chosen)
        matches = [
            d for d in docs
            if d.id in keep or needle in (d.title or "").lower() or needle in d.id.lower()
        ]  # fmt: skip
        picked = [d for d in matches if d.id in keep]
        docs = picked + [d for d in matches if d.id not in keep][:DOC_OPTIONS_SHOWN]
    return [{"label": d.title or d.id, "value": d.id} for d in docs]


def _control(label: str, component: Any, className: str = "control") -> html.Div:
    """A labelled control; the label points at the component for screen readers."""
    return html.Div([html.Label(label, htmlFor=component.id), component], className=className)


def _controls(snap: Snapshot, f: flt.Filters) -> html.Div:
    return html.Div(
        [
            _control(
                "Documents",
                dcc.Dropdown(
                    id="f-docs",
                    options=_doc_options(snap, f.docs),
                    value=list(f.docs),
                    multi=True,
                    placeholder="all documents",
                ),
                "control grow",
            ),
            _control(
                "From",
                dcc.Input(id="f-from", value=f.date_from, type="text", placeholder="e.g. 2001",
                          debounce=True, className="date-input"),
            ),
            _control(
                "To",
                dcc.Input(id="f-to", value=f.date_to, type="text", placeholder="e.g. 2019-06",
                          debounce=True, className="date-input"),
            ),
            _control(
                "Search titles, sentences, sources",
                dcc.Input(id="f-text", value=f.text, type="search", placeholder="words…",
                          debounce=0.4, className="text-input"),
            ),
            _control(
                "Minimum confidence",
                dcc.Slider(
                    id="f-conf",
                    min=0,
                    max=1,
                    step=0.05,
                    value=f.min_confidence,
                    marks={0: "0", 0.5: "0.5", 1: "1"},
                    tooltip={"placement": "bottom"},
                ),
                "control slider",
            ),
            html.Div(
                [
                    dcc.Checklist(
                        id="f-toggles",
                        options=[
                            {"label": "show rejected", "value": TOGGLE_REJECTED},
                            {"label": "show inferred dates", "value": TOGGLE_INFERRED},
                        ],
                        value=_toggles(f),
                        className="toggles",
                    ),
                    html.Div(
                        [
                            html.Span("Lanes:", className="lanes-label"),
                            dcc.RadioItems(
                                id="f-lanes",
                                options=[
                                    {"label": "document", "value": "document"},
                                    {"label": "kind of evidence", "value": "how"},
                                    {"label": "actor", "value": "actor"},
                                ],
                                value=f.lanes,
                                inline=True,
                            ),
                        ],
                        className="lanes",
                    ),
                ],
                className="control",
            ),
        ],
        className="controls",
    )


def _editor() -> html.Div:
    return html.Div(
        [
            html.Div(id="ev-summary", className="ev-summary"),
            html.Div(
                [
                    html.Label("Date (EDTF)", htmlFor="edit-date"),
                    dcc.Input(id="edit-date", type="text", className="edit-date"),
                    html.Label("Title", htmlFor="edit-title"),
                    dcc.Input(id="edit-title", type="text", className="edit-title"),
                    html.Button("Save correction", id="edit-save", n_clicks=0, className="primary"),
                    html.Button(
                        "Reject event", id="edit-reject", n_clicks=0, className="secondary"
                    ),
                ],
                className="edit-row",
            ),
            html.Div(id="edit-message", role="status", **{"aria-live": "polite"}),
        ],
        id="editor",
        className="editor",
        style={"display": "none"},
    )


def _filters_of_page() -> flt.Filters:
    """The page's own query string, read from the layout request's Referer.

    Dash fetches the layout with a separate request; reading the address the page was
    opened with lets the first render already be the shared view, instead of drawing
    the unfiltered timeline and then redrawing it.
    """
    if not has_request_context() or not request.referrer:
        return flt.Filters()
    return flt.from_query(urlsplit(request.referrer).query)


def build_layout(store: EventStore, f: flt.Filters | None = None) -> html.Div:
    f = f or flt.Filters()
    snap = store.current()
    return html.Div(
        [
            dcc.Location(id="url", refresh=False),
            dcc.Store(id="selected", data=f.event),
            dcc.Store(id="xview", data=None),
            dcc.Store(id="address-note"),
            dcc.Store(id="version", data=snap.version),
            dcc.Interval(id="poll", interval=POLL_MS),
            html.Header(
                [
                    html.H1("Timeline"),
                    html.Span(str(store.path), className="file-path", title="events file"),
                    html.Span(id="summary", className="summary"),
                ],
                className="top",
            ),
            html.Div(id="file-problem", className="file-problem", role="alert"),
            _controls(snap, f),
            html.Div(id="filter-problem", className="filter-problem", role="alert"),
            html.Div(
                [
                    html.Span("●", className="key dot"),
                    " exact day  ",
                    html.Span("▬", className="key bar"),
                    " month, year, decade or range (length = uncertainty)  ",
                    html.Span("▬", className="key fade"),
                    " open-ended (“since 2003”)  ",
                    html.Span("○", className="key inferred"),
                    " inferred  ",
                    html.Span("◆", className="key curated"),
                    " corrected by hand",
                ],
                className="key-line",
            ),
            dcc.Graph(
                id="timeline",
                figure=_empty_figure("Loading…"),
                config={
                    "displaylogo": False,
                    "scrollZoom": True,
                    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
                },
            ),
            html.Div(
                [
                    html.Section(
                        [
                            dash_table.DataTable(
                                id="events-table",
                                columns=table.COLUMNS,
                                data=[],
                                page_action="custom",
                                page_current=0,
                                page_size=table.PAGE_SIZE,
                                sort_action="custom",
                                sort_mode="multi",
                                sort_by=[],
                                filter_action="custom",
                                filter_query="",
                                filter_options={"case": "insensitive"},
                                style_as_list_view=True,
                                style_cell={
                                    "textAlign": "left",
                                    "padding": "6px 8px",
                                    "fontFamily": "system-ui, sans-serif",
                                    "fontSize": "13px",
                                    "whiteSpace": "normal",
                                    "height": "auto",
                                },
                                style_header={"fontWeight": 600, "backgroundColor": "#f5f7fa"},
                                style_cell_conditional=[
                                    {"if": {"column_id": "date"}, "width": "110px"},
                                    {
                                        "if": {"column_id": "document"},
                                        "maxWidth": "180px",
                                        "overflow": "hidden",
                                        "textOverflow": "ellipsis",
                                        "whiteSpace": "nowrap",
                                    },
                                    {"if": {"column_id": "how"}, "width": "70px"},
                                    {"if": {"column_id": "confidence"}, "width": "80px"},
                                ],
                            ),
                        ],
                        className="panel table-panel",
                    ),
                    html.Section(
                        [_editor(), html.Div(id="source", className="source")],
                        className="panel source-panel",
                    ),
                ],
                className="lower",
            ),
        ],
        className="page",
    )


def create_app(events_path: str | os.PathLike[str]) -> dash.Dash:
    store = EventStore(events_path)
    store.current()  # read the file before the first visitor does
    views = _ViewCache()
    app = dash.Dash(
        __name__,
        title="Timeline",
        assets_folder=str(ASSETS),
        update_title=None,
        suppress_callback_exceptions=True,
    )
    app.layout = lambda: build_layout(store, _filters_of_page())

    control_outputs = [
        Output("f-docs", "value"),
        Output("f-from", "value"),
        Output("f-to", "value"),
        Output("f-text", "value"),
        Output("f-conf", "value"),
        Output("f-toggles", "value"),
        Output("f-lanes", "value"),
        Output("selected", "data"),
    ]
    control_inputs = [
        Input("f-docs", "value"),
        Input("f-from", "value"),
        Input("f-to", "value"),
        Input("f-text", "value"),
        Input("f-conf", "value"),
        Input("f-toggles", "value"),
        Input("f-lanes", "value"),
        Input("selected", "data"),
    ]

    @app.callback(
        Output("url", "search"),
        *control_outputs,
        Input("url", "search"),
        *control_inputs,
        prevent_initial_call=True,
    )
    def sync_url(search: str | None, *values: Any) -> tuple[Any, ...]:
        """The URL and the controls mirror each other; whichever changed wins.

        Not called on load: the layout already starts from the page's query string.
        """
        if ctx.triggered_id == "selected":
            # A click replaces the address (see `keep_selection_in_address`) rather than
            # adding a history entry per event looked at.
            return (no_update,) * 9
        if ctx.triggered_id == "url":
            if flt.from_query(search) == _filters_from_controls(*values):
                return (no_update,) * 9
            f = flt.from_query(search)
            return (
                no_update,
                list(f.docs),
                f.date_from,
                f.date_to,
                f.text,
                f.min_confidence,
                _toggles(f),
                f.lanes,
                f.event,
            )
        f = _filters_from_controls(*values)
        query = flt.to_query(f)
        return (query if query != (search or "") else no_update, *([no_update] * 8))

    def current_filters(values: tuple[Any, ...]) -> flt.Filters:
        return _filters_from_controls(*values)

    @app.callback(
        Output("version", "data"),
        Input("poll", "n_intervals"),
        State("version", "data"),
    )
    def poll(_: int | None, version: str) -> Any:
        snap = store.current()
        return snap.version if snap.version != version else no_update

    @app.callback(
        Output("timeline", "figure"),
        Output("summary", "children"),
        Output("file-problem", "children"),
        Output("filter-problem", "children"),
        *control_inputs[:-1],
        Input("version", "data"),
        Input("xview", "data"),
        State("selected", "data"),
    )
    def redraw(*args: Any) -> tuple[Any, ...]:
        *values, _version, xview, selected = args
        snap = store.current()
        f = current_filters((*values, selected))
        window = flt.date_window(f)
        if not snap.ok or not snap.rows:
            message = "No events to show." if snap.ok else "The events file cannot be shown."
            return (_empty_figure(message), "", _problem_box(snap), "")
        rows, layout = views.get(snap, f)
        revision = _revision(f)
        zoom = _zoom_window(xview, revision)
        if zoom is not None:
            rows, layout = _zoomed(views, snap, f, zoom, layout)
        fig = figures.build_figure(rows, f.lanes, selected, revision, layout, zoom)
        if zoom is not None:
            # Plotly keeps a zoom across redraws only while the figure's own range is
            # unchanged, which a redraw of other events does not guarantee: the server
            # states the zoomed range itself.
            fig["layout"]["xaxis"]["range"] = list(zoom)
            # The slider would draw every mark a second time (half the drawing time);
            # a double click on the plot goes back to the whole view.
            fig["layout"]["xaxis"]["rangeslider"]["visible"] = False
        if not rows:
            fig["layout"]["annotations"] = [
                {
                    "text": "No event matches these filters.",
                    "showarrow": False,
                    "xref": "paper",
                    "yref": "paper",
                    "x": 0.5,
                    "y": 0.5,
                    "font": {"size": 15},
                }
            ]
        rows = views.get(snap, f)[0]
        docs_shown = len({r.doc for r in rows})
        saved = datetime.fromtimestamp(snap.mtime).strftime("%Y-%m-%d %H:%M:%S")
        summary = (
            f"{len(rows):,} of {len(snap.rows):,} events · {docs_shown:,} of "
            f"{len(snap.documents):,} documents · file saved {saved}"
        )
        return fig, summary, [], list(window.errors)

    @app.callback(
        Output("f-docs", "options"),
        Input("f-docs", "search_value"),
        Input("version", "data"),
        State("f-docs", "value"),
        prevent_initial_call=True,
    )
    def doc_options(search: str | None, _version: str, chosen: list[str] | None) -> Any:
        return _doc_options(store.current(), chosen or [], search or "")

    @app.callback(
        Output("timeline", "figure", allow_duplicate=True),
        Input("selected", "data"),
        *[State(i.component_id, i.component_property) for i in control_inputs[:-1]],
        State("xview", "data"),
        prevent_initial_call=True,
    )
    def mark_selection(selected: str, *args: Any) -> Any:
        """Only the selection shapes change: a click must not resend the figure."""
        *values, xview = args
        snap = store.current()
        if not snap.ok or not selected:
            return no_update
        f = current_filters((*values, selected))
        _rows, layout = views.get(snap, f)
        zoom = _zoom_window(xview, _revision(f))
        if zoom is not None:
            _rows, layout = _zoomed(views, snap, f, zoom, layout)
        patch = Patch()
        patch["layout"]["shapes"] = figures.selection_shapes(layout, selected)
        return patch

    @app.callback(
        Output("xview", "data"),
        Input("timeline", "relayoutData"),
        *[State(i.component_id, i.component_property) for i in control_inputs[:-1]],
        prevent_initial_call=True,
    )
    def zoom(relayout: dict | None, *values: Any) -> Any:
        """Remember the zoomed x range for these filters, so the server can redraw the
        events in it one by one once few enough are in view."""
        window = figures.window_of(relayout)
        if window is False:
            return no_update
        f = current_filters((*values, ""))
        return {"rev": _revision(f), "x": list(window) if window else None}

    @app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input("timeline", "clickData"),
        Input("events-table", "active_cell"),
        Input({"type": OTHER_EVENT, "event": ALL, "part": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def select(click: dict | None, cell: dict | None, _clicks: list[int]) -> Any:
        trigger = ctx.triggered_id
        if trigger == "timeline":
            points = (click or {}).get("points") or []
            event_id = points[0].get("customdata") if points else None
            return event_id or no_update
        if trigger == "events-table":
            return (cell or {}).get("row_id") or no_update
        if isinstance(trigger, dict) and trigger.get("type") == OTHER_EVENT:
            # New spans appear with n_clicks=0 when the text re-renders; only real clicks count.
            if not any(t.get("value") for t in ctx.triggered):
                return no_update
            return trigger.get("event") or no_update
        return no_update

    @app.callback(
        Output("events-table", "data"),
        Output("events-table", "page_count"),
        Output("events-table", "page_current"),
        Output("events-table", "style_data_conditional"),
        *control_inputs,
        Input("version", "data"),
        Input("events-table", "page_current"),
        Input("events-table", "sort_by"),
        Input("events-table", "filter_query"),
    )
    def fill_table(*args: Any) -> tuple[Any, ...]:
        *values, _version, page_current, sort_by, filter_query = args
        snap = store.current()
        f = current_filters(tuple(values))
        if not snap.ok:
            return [], 1, 0, []
        rows, _layout = views.get(snap, f)
        rows = table.sort_rows(table.filter_rows(rows, filter_query), sort_by)
        trigger = ctx.triggered_id
        if trigger == "selected":
            found = table.page_of(rows, f.event)
            page_current = found if found is not None else page_current
        elif trigger not in ("events-table", "version"):
            page_current = table.page_of(rows, f.event) or 0
        data, count = table.page(rows, page_current or 0)
        current = min(page_current or 0, count - 1)
        return data, count, current, table.selected_style(f.event)

    @app.callback(
        Output("source", "children"),
        Output("editor", "style"),
        Output("ev-summary", "children"),
        Output("edit-date", "value"),
        Output("edit-title", "value"),
        Output("edit-reject", "children"),
        Input("selected", "data"),
        Input("version", "data"),
    )
    def show_source(selected: str, _version: str) -> tuple[Any, ...]:
        snap = store.current()
        event = snap.events.get(selected or "")
        if event is None:
            return (
                source_panel(None, None, None, []),
                {"display": "none"},
                "",
                "",
                "",
                "Reject event",
            )
        doc = snap.documents.get(event.doc)
        text = store.document_text(doc) if doc else None
        others = [e for e in snap.model.events if e.doc == event.doc] if snap.model else []
        row = snap.by_id[event.id]
        summary = [
            html.Strong(event.title),
            html.Div(
                f"{event.date}  ·  {row.earliest or 'open'} → {row.latest or 'open'}  ·  "
                f"{event.how}  ·  confidence {event.confidence:.2f}  ·  {event.status}"
                + (f"  ·  edited: {', '.join(event.edited)}" if event.edited else ""),
                className="ev-facts",
            ),
        ]
        reject_label = "Restore event" if event.status == "rejected" else "Reject event"
        return (
            source_panel(event, doc, text, others),
            {},
            summary,
            event.date,
            event.title,
            reject_label,
        )

    @app.callback(
        Output("edit-message", "children"),
        Output("edit-message", "className"),
        Output("version", "data", allow_duplicate=True),
        Input("edit-save", "n_clicks"),
        Input("edit-reject", "n_clicks"),
        State("selected", "data"),
        State("edit-date", "value"),
        State("edit-title", "value"),
        prevent_initial_call=True,
    )
    def edit(_save: int, _reject: int, selected: str, new_date: str, new_title: str) -> Any:
        snap = store.current()
        event = snap.events.get(selected or "")
        if event is None:
            return "Select an event first.", "edit-message error", no_update
        if ctx.triggered_id == "edit-reject":
            status = "active" if event.status == "rejected" else "rejected"
            result = apply_change(store.path, event, {"status": status})
        else:
            changes: dict[str, Any] = {}
            if (new_date or "").strip() != event.date:
                changes["date"] = (new_date or "").strip()
            if (new_title or "").strip() != event.title:
                changes["title"] = (new_title or "").strip()
            if not changes:
                return "Nothing to save: date and title are unchanged.", "edit-message", no_update
            result = apply_change(store.path, event, changes)
        return _edit_feedback(result, store)

    app.clientside_callback(
        """
        function keep_selection_in_address(selected) {
            var params = new URLSearchParams(window.location.search);
            if (selected) { params.set('event', selected); } else { params.delete('event'); }
            var query = params.toString();
            var address = window.location.pathname + (query ? '?' + query : '')
                + window.location.hash;
            var now = window.location.pathname + window.location.search + window.location.hash;
            if (address !== now) { window.history.replaceState(window.history.state, '', address); }
            return window.dash_clientside.no_update;
        }
        """,
        Output("address-note", "data"),
        Input("selected", "data"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        """
        function(children) {
            setTimeout(function () {
                var box = document.getElementById('source');
                var mark = document.getElementById('evidence-anchor');
                if (box && mark) {
                    var offset = mark.getBoundingClientRect().top - box.getBoundingClientRect().top;
                    var top = box.scrollTop + offset - box.clientHeight / 3;
                    box.scrollTo({top: Math.max(0, top), behavior: 'instant'});
                }
            }, 0);
            return window.dash_clientside.no_update;
        }
        """,
        Output("source", "title"),
        Input("source", "children"),
    )
    return app


def _revision(f: flt.Filters) -> str:
    """Plotly keeps the user's view state while this stays the same; never empty, so it
    is never read as absent."""
    return "view?" + flt.to_query(replace(f, event=""))


def _zoom_window(xview: dict | None, revision: str) -> tuple[str, str] | None:
    """The zoom applies only to the filters it was made under."""
    if not xview or xview.get("rev") != revision or not xview.get("x"):
        return None
    lo, hi = xview["x"]
    return str(lo), str(hi)


def _zoomed(
    views: _ViewCache,
    snap: Snapshot,
    f: flt.Filters,
    window: tuple[str, str],
    full: figures.TimelineLayout,
) -> tuple[list[Row], figures.TimelineLayout]:
    """The events in view, laid out on their own, with the whole view's x extent so the
    range slider still spans every event."""
    rows, layout = views.get(snap, f, window)
    return rows, replace(
        layout,
        x_min=full.x_min,
        x_max=full.x_max,
        fade_left=full.fade_left,
        fade_right=full.fade_right,
    )


def _edit_feedback(result: EditResult, store: EventStore) -> tuple[Any, ...]:
    if not result.ok:
        return f"Not saved: {result.message}", "edit-message error", no_update
    return result.message, "edit-message ok", store.current().version
