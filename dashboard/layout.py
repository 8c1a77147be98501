"""The page's components: header, filters, legend, timeline, table, editor and source.

Built per visit from the events file as it is now and the filters in the address, so
the first render is already the shared view.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import dash_ag_grid as dag
from dash import dcc, html
from flask import has_request_context, request

from . import controls, downloads, figures, ids, story_panel, table
from . import filters as flt
from .data import EventStore, Snapshot

POLL_MS = 2000
DOC_OPTIONS_ALL = 300
DOC_OPTIONS_SHOWN = 50


def problem_box(snap: Snapshot) -> list[Any]:
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


def empty_figure(message: str) -> dict[str, Any]:
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


def doc_options(
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


def _toggle_options(snap: Snapshot) -> list[dict[str, str]]:
    options = [
        {"label": "show rejected", "value": controls.TOGGLE_REJECTED},
        {"label": "show inferred dates", "value": controls.TOGGLE_INFERRED},
    ]
    if any(r.salience is not None for r in snap.rows):
        options.append({"label": "all events, not only key ones", "value": controls.TOGGLE_ALL})
    return options


def _date_input(id_: str, value: str, placeholder: str) -> dcc.Input:
    return dcc.Input(id=id_, value=value, type="text", placeholder=placeholder,
                     debounce=True, className="date-input")  # fmt: skip


def _controls(snap: Snapshot, f: flt.Filters) -> html.Div:
    lanes = dcc.RadioItems(
        id=ids.LANES,
        options=[
            {"label": "document", "value": "document"},
            {"label": "kind of evidence", "value": "how"},
            {"label": "who says so", "value": "actor"},
        ],
        value=f.lanes,
        inline=True,
    )
    return html.Div(
        [
            _control(
                "Documents",
                dcc.Dropdown(id=ids.DOCS, options=doc_options(snap, f.docs), value=list(f.docs),
                             multi=True, placeholder="all documents"),
                "control grow",
            ),  # fmt: skip
            _control(
                "Stories told by at least N sources (0 hides them)",
                dcc.Input(id=ids.STORIES_MIN, value=f.min_sources, type="number", min=0,
                          max=flt.MAX_SOURCES, step=1, debounce=True, className="number-input"),
            ),  # fmt: skip
            _control("From", _date_input(ids.DATE_FROM, f.date_from, "e.g. 2001")),
            _control("To", _date_input(ids.DATE_TO, f.date_to, "e.g. 2019-06")),
            _control(
                "Search titles, sentences, sources",
                dcc.Input(id=ids.TEXT, value=f.text, type="search", placeholder="words…",
                          debounce=0.4, className="text-input"),
            ),  # fmt: skip
            _control(
                "Minimum confidence",
                dcc.Slider(id=ids.CONFIDENCE, min=0, max=1, step=0.05, value=f.min_confidence,
                           marks={0: "0", 0.5: "0.5", 1: "1"}, tooltip={"placement": "bottom"}),
                "control slider",
            ),  # fmt: skip
            html.Div(
                [
                    dcc.Checklist(id=ids.TOGGLES, options=_toggle_options(snap),
                                  value=controls.toggles_of(f), className="toggles"),
                    html.Div(
                        [html.Span("Lanes:", className="lanes-label", id="lanes-label"), lanes],
                        className="lanes", role="radiogroup", **{"aria-labelledby": "lanes-label"},
                    ),
                ],
                className="control",
            ),  # fmt: skip
        ],
        className="controls",
    )


def _editor(read_only: bool) -> html.Div:
    """Date and title fields, Save (or Enter) and Reject/Restore; disabled when read-only."""
    note = (
        [html.P("Read-only: this server was started for other machines without "
                "--allow-remote-edits, so corrections cannot be saved here.", className="hint")]
        if read_only else []
    )  # fmt: skip
    fields = [
        html.Label("Date (EDTF)", htmlFor=ids.EDIT_DATE),
        dcc.Input(id=ids.EDIT_DATE, type="text", className="edit-date", n_submit=0,
                  disabled=read_only),
        html.Label("Title", htmlFor=ids.EDIT_TITLE),
        dcc.Input(id=ids.EDIT_TITLE, type="text", className="edit-title", n_submit=0,
                  disabled=read_only),
        html.Button("Save correction", id=ids.EDIT_SAVE, n_clicks=0, className="primary",
                    disabled=read_only),
        html.Button("Reject event", id=ids.EDIT_REJECT, n_clicks=0, className="secondary",
                    disabled=read_only),
    ]  # fmt: skip
    return html.Div(
        [
            html.Div(id=ids.EV_SUMMARY, className="ev-summary"),
            *note,
            html.Div(fields, className="edit-row", id=ids.EDIT_FORM),
            html.Div(id=ids.EDIT_MESSAGE, role="status", **{"aria-live": "polite"}),
        ],
        id=ids.EDITOR,
        className="editor",
        style={"display": "none"},
    )


def filters_of_page() -> flt.Filters:
    """The page's own query string, read from the layout request's Referer.

    Dash fetches the layout with a separate request; reading the address the page was
    opened with lets the first render already be the shared view, instead of drawing
    the unfiltered timeline and then redrawing it.
    """
    if not has_request_context() or not request.referrer:
        return flt.Filters()
    return flt.from_query(urlsplit(request.referrer).query)


def _legend() -> html.Div:
    return html.Div(
        [
            html.Span([html.Span(glyph, className=f"key {css}", **{"aria-hidden": "true"}),
                       " " + text], className="key-item", role="listitem")
            for glyph, css, text in figures.KEY
        ],  # fmt: skip
        className="key-line",
        role="list",
        **{"aria-label": "What the marks mean"},
    )


def _range_bar() -> html.Div:
    """Presets for the time range in view, and a jump to the latest events."""
    names = {"all": "All", "decade": "Last decade", "year": "Last year", "month": "Last month"}
    buttons = [
        html.Button(label, id=f"{ids.RANGE_PRESET}-{key}", n_clicks=0, className="secondary")
        for key, label in names.items()
    ]
    buttons.append(html.Button("Jump to latest", id=ids.JUMP_LATEST, n_clicks=0,
                               className="secondary"))  # fmt: skip
    return html.Div(
        [html.Span("Time range:", className="lanes-label", id="range-label"), *buttons],
        className="range-bar", role="group", **{"aria-labelledby": "range-label"},
    )  # fmt: skip


def _download_bar() -> html.Div:
    """One button per export format; each downloads exactly the events the filters show."""
    buttons = [
        html.Button(label, id=ids.EXPORT_PREFIX + fmt, n_clicks=0, className="secondary",
                    title=f"Download the events shown as {label}")
        for fmt, label in downloads.LABELS.items()
    ]  # fmt: skip
    return html.Div(
        [
            html.Span("Download the events shown:", className="lanes-label", id="export-label"),
            *buttons,
            html.Span(id=ids.EXPORT_NOTE, className="export-note", role="status",
                      **{"aria-live": "polite"}),
            dcc.Download(id=ids.EXPORT_DOWNLOAD),
        ],
        className="range-bar download-bar", role="group", **{"aria-labelledby": "export-label"},
    )  # fmt: skip


def _table() -> dag.AgGrid:
    """Rows come page by page from the server (AG Grid's infinite row model)."""
    return dag.AgGrid(
        id=ids.TABLE,
        columnDefs=table.COLUMN_DEFS,
        defaultColDef={"sortable": True, "filter": True, "resizable": True},
        rowModelType="infinite",
        getRowId="params.data.id",
        rowClassRules={
            "selected-row": "params.data && params.data.selected",
            "rejected-row": "params.data && params.data.rejected",
        },
        dashGridOptions={
            "pagination": True,
            "paginationPageSize": table.PAGE_SIZE,
            "paginationPageSizeSelector": False,
            "cacheBlockSize": table.PAGE_SIZE,
            "maxBlocksInCache": 20,
            "rowHeight": 34,
            "suppressCellFocus": False,
            "tabToNextCell": {"function": "timelineTabOut(params)"},
        },
        style={"height": f"{table.PAGE_SIZE * 34 + 100}px"},
    )


def build_layout(store: EventStore, f: flt.Filters | None = None, read_only: bool = False):
    f = f or flt.Filters()
    snap = store.current()
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.SELECTED, data=f.event),
            dcc.Store(id=ids.XVIEW, data=None),
            dcc.Store(id=ids.STORY_SELECTED, data=f.story),
            dcc.Store(id=ids.ADDRESS_NOTE),
            dcc.Store(id=ids.SCROLL_NOTE),
            dcc.Store(id=ids.TABLE_REFRESH),
            dcc.Store(id=ids.TABLE_QUERY, data={}),
            dcc.Store(id=ids.EDIT_SHOWN, data=None),
            dcc.Store(id=ids.VERSION, data=snap.version),
            dcc.Interval(id=ids.POLL, interval=POLL_MS),
            html.Header(
                [
                    html.H1("Timeline"),
                    html.Span(str(store.path), className="file-path", title="events file"),
                    html.Span(id=ids.SUMMARY, className="summary", role="status"),
                ],
                className="top",
            ),
            html.Div(id=ids.FILE_PROBLEM, className="file-problem", role="alert"),
            _controls(snap, f),
            html.Div(id=ids.FILTER_PROBLEM, className="filter-problem", role="alert"),
            _legend(),
            _range_bar(),
            _download_bar(),
            html.Section(story_panel.skeleton(read_only), id=ids.STORIES,
                         className="panel stories-panel", style={"display": "none"},
                         **{"aria-label": "Stories"}),
            html.Main(
                [
                    html.Div(
                        [
                            dcc.Graph(
                                id=ids.TIMELINE,
                                figure=empty_figure("Loading…"),
                                config={
                                    "displaylogo": False,
                                    "scrollZoom": True,
                                    "responsive": True,
                                    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
                                },
                            ),
                            html.Div(id=ids.TIMELINE_LIVE, className="sr-only",
                                     **{"aria-live": "polite"}),
                        ],
                        id=ids.TIMELINE_NAV,
                        tabIndex="0",
                        role="group",
                        **{"aria-label": "Timeline. Arrow keys move between events, Enter "
                           "selects, Escape goes on to the table."},
                    ),  # fmt: skip
                    html.Div(
                        [
                            html.Section([_table()], className="panel table-panel",
                                         **{"aria-label": "Events table"}),
                            html.Section(
                                [_editor(read_only),
                                 html.Div(id=ids.SOURCE, className="source", tabIndex="-1")],
                                className="panel source-panel",
                                **{"aria-label": "Source text"},
                            ),
                        ],  # fmt: skip
                        className="lower",
                    ),
                ]
            ),
        ],
        className="page",
    )
