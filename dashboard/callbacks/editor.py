"""Corrections: Save (button or Enter in a field), Reject and Restore."""

from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, no_update

from .. import ids
from ..editing import EditResult, apply_change, restore_change
from ..views import Services

# Outputs of the only callback that writes; the server refuses it from foreign pages.
WRITE_OUTPUTS = (ids.EDIT_MESSAGE,)
SAVE_TRIGGERS = (ids.EDIT_SAVE, ids.EDIT_DATE, ids.EDIT_TITLE)


def register(app: Dash, services: Services) -> None:
    store = services.store
    register_status(app)

    @app.callback(
        Output(ids.EDIT_MESSAGE, "children"),
        Output(ids.EDIT_MESSAGE, "className"),
        Output(ids.VERSION, "data", allow_duplicate=True),
        Input(ids.EDIT_SAVE, "n_clicks"),
        Input(ids.EDIT_DATE, "n_submit"),
        Input(ids.EDIT_TITLE, "n_submit"),
        Input(ids.EDIT_REJECT, "n_clicks"),
        State(ids.SELECTED, "data"),
        State(ids.EDIT_DATE, "value"),
        State(ids.EDIT_TITLE, "value"),
        prevent_initial_call=True,
    )
    def edit(*args: Any) -> Any:
        *_clicks, selected, new_date, new_title = args
        if not any(t.get("value") for t in ctx.triggered):
            return no_update, no_update, no_update
        if services.read_only:
            return "Read-only: corrections are not saved here.", "edit-message error", no_update
        event = store.current().events.get(selected or "")
        if event is None:
            return "Select an event first.", "edit-message error", no_update
        if ctx.triggered_id == ids.EDIT_REJECT:
            if event.status == "rejected":
                return _feedback(restore_change(store.path, event), services)
            return _feedback(apply_change(store.path, event, {"status": "rejected"}), services)
        changes: dict[str, Any] = {}
        if (new_date or "").strip() != event.date:
            changes["date"] = (new_date or "").strip()
        if (new_title or "").strip() != event.title:
            changes["title"] = (new_title or "").strip()
        if not changes:
            return "Nothing to save: date and title are unchanged.", "edit-message", no_update
        return _feedback(apply_change(store.path, event, changes), services)


def register_status(app: Dash) -> None:
    """The status line speaks of the values in the fields (see `describeShown` in assets).

    It runs in the browser: answered by the server, a reply about typing could arrive after
    the reply to the save that followed it and turn "Saved" back into "Not saved yet"."""
    app.clientside_callback(
        ClientsideFunction(namespace="timeline", function_name="describeShown"),
        Output(ids.EDIT_MESSAGE, "children", allow_duplicate=True),
        Output(ids.EDIT_MESSAGE, "className", allow_duplicate=True),
        Input(ids.EDIT_DATE, "value"),
        Input(ids.EDIT_TITLE, "value"),
        Input(ids.SELECTED, "data"),
        Input(ids.EDIT_SHOWN, "data"),
        State(ids.EDIT_MESSAGE, "className"),
        prevent_initial_call=True,
    )


def _feedback(result: EditResult, services: Services) -> tuple[Any, ...]:
    if not result.ok:
        return f"Not saved: {result.message}", "edit-message error", no_update
    return result.message, "edit-message ok", services.store.current().version
