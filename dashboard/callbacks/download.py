"""Download buttons: the filtered view as TimelineJS, CSV, an HTML page, JSON Lines or
iCalendar, made on the server by `timeline.export` and sent with `dcc.Download`."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, ctx, dcc, no_update

from .. import controls, downloads, ids
from ..views import Services


def register(app: Dash, services: Services) -> None:
    buttons = [Input(ids.EXPORT_PREFIX + fmt, "n_clicks") for fmt in downloads.LABELS]

    @app.callback(
        Output(ids.EXPORT_DOWNLOAD, "data"),
        Output(ids.EXPORT_NOTE, "children"),
        *buttons,
        *controls.states(),
        prevent_initial_call=True,
    )
    def send(*args: Any) -> tuple[Any, str]:
        """The clicked format of exactly the events the filters show."""
        values = args[len(buttons):]
        trigger = str(ctx.triggered_id or "")
        if not trigger.startswith(ids.EXPORT_PREFIX) or not any(args[: len(buttons)]):
            return no_update, no_update
        f = controls.filters_from_controls(*values)
        result = downloads.download(services, f, trigger[len(ids.EXPORT_PREFIX):])
        if result.export is None:
            return no_update, downloads.describe(result)
        e = result.export
        return dcc.send_string(e.content, e.filename, type=e.media_type), downloads.describe(result)
