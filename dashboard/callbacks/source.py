"""The selected event in its source text, with the editor's fields filled in."""

from __future__ import annotations

from typing import Any

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, html, no_update

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


def _refill(kept: bool, typed: str | None, was: str | None, stored: str) -> Any:
    """The stored value for the field, unless the reader has typed over the old one."""
    if kept and typed is not None and typed != was:
        return no_update
    return stored


def register(app: Dash, services: Services) -> None:
    store = services.store

    @app.callback(
        Output(ids.SOURCE, "children"),
        Output(ids.EDITOR, "style"),
        Output(ids.EV_SUMMARY, "children"),
        Output(ids.EDIT_DATE, "value"),
        Output(ids.EDIT_TITLE, "value"),
        Output(ids.EDIT_REJECT, "children"),
        Output(ids.EDIT_SHOWN, "data"),
        Input(ids.SELECTED, "data"),
        Input(ids.VERSION, "data"),
        State(ids.EDIT_DATE, "value"),
        State(ids.EDIT_TITLE, "value"),
        State(ids.EDIT_SHOWN, "data"),
    )
    def show_source(
        selected: str, _version: str, typed_date: str | None, typed_title: str | None,
        shown: dict | None,
    ) -> tuple[Any, ...]:
        snap = store.current()
        event = snap.events.get(selected or "")
        if event is None:
            empty = source_panel(None, None, None, [])
            return empty, HIDDEN, "", "", "", "Reject event", None
        doc = snap.documents.get(event.doc)
        text = store.document_text(doc) if doc else None
        others = snap.by_doc.get(event.doc, [])
        summary = [html.Strong(event.title), _facts(event, snap.by_id[event.id])]
        reject = "Restore event" if event.status == "rejected" else "Reject event"
        panel = source_panel(event, doc, text, others)
        # The file changed under the same event: what the reader typed stays in the fields.
        kept = ctx.triggered_id == ids.VERSION and (shown or {}).get("id") == event.id
        date = _refill(kept, typed_date, (shown or {}).get("date"), event.date)
        title = _refill(kept, typed_title, (shown or {}).get("title"), event.title)
        stored = {"id": event.id, "date": event.date, "title": event.title}
        return panel, {}, summary, date, title, reject, stored

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
