"""The selected event in its source text, with the editor's fields filled in."""

from __future__ import annotations

from typing import Any

from dash import ALL, ClientsideFunction, Dash, Input, Output, ctx, html, no_update

from .. import ids
from ..source_view import source_panel
from ..views import Services

HIDDEN = {"display": "none"}


def _facts(event: Any, row: Any) -> html.Div:
    edited = f"  ·  edited: {', '.join(event.edited)}" if event.edited else ""
    return html.Div(
        f"{event.date}  ·  {row.earliest or 'open'} → {row.latest or 'open'}  ·  "
        f"{event.how}  ·  confidence {event.confidence:.2f}  ·  {event.status}{edited}",
        className="ev-facts",
    )


def register(app: Dash, services: Services) -> None:
    store = services.store

    @app.callback(
        Output(ids.SOURCE, "children"),
        Output(ids.EDITOR, "style"),
        Output(ids.EV_SUMMARY, "children"),
        Output(ids.EDIT_DATE, "value"),
        Output(ids.EDIT_TITLE, "value"),
        Output(ids.EDIT_REJECT, "children"),
        Input(ids.SELECTED, "data"),
        Input(ids.VERSION, "data"),
    )
    def show_source(selected: str, _version: str) -> tuple[Any, ...]:
        snap = store.current()
        event = snap.events.get(selected or "")
        if event is None:
            return source_panel(None, None, None, []), HIDDEN, "", "", "", "Reject event"
        doc = snap.documents.get(event.doc)
        text = store.document_text(doc) if doc else None
        others = snap.by_doc.get(event.doc, [])
        summary = [html.Strong(event.title), _facts(event, snap.by_id[event.id])]
        reject = "Restore event" if event.status == "rejected" else "Reject event"
        panel = source_panel(event, doc, text, others)
        return panel, {}, summary, event.date, event.title, reject

    @app.callback(
        Output(ids.SELECTED, "data", allow_duplicate=True),
        Input({"type": ids.OTHER_EVENT, "event": ALL, "part": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def select_in_text(_clicks: list[int]) -> Any:
        trigger = ctx.triggered_id
        # New spans appear with n_clicks=0 when the text re-renders; only real clicks count.
        if not isinstance(trigger, dict) or not any(t.get("value") for t in ctx.triggered):
            return no_update
        return trigger.get("event") or no_update

    app.clientside_callback(
        ClientsideFunction(namespace="timeline", function_name="keepSelectionInAddress"),
        Output(ids.ADDRESS_NOTE, "data"),
        Input(ids.SELECTED, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="timeline", function_name="scrollToEvidence"),
        Output(ids.SCROLL_NOTE, "data"),
        Input(ids.SOURCE, "children"),
    )
