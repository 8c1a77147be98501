"""The stories list: drawn for the "at least N sources" filter, a story chosen by a click,
and a quote's click selecting its event (the source view then highlights it)."""

from __future__ import annotations

from typing import Any

from dash import ALL, Dash, Input, Output, ctx, no_update

from .. import filters as flt
from .. import ids, stories
from ..views import Services


def _clicked(key: str) -> str | None:
    """The id part of a real click (new buttons appear with n_clicks=0 on a redraw)."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not any(t.get("value") for t in ctx.triggered):
        return None
    return trigger.get(key) or None


def register(app: Dash, services: Services) -> None:
    @app.callback(
        Output(ids.STORIES, "children"),
        Output(ids.STORIES, "style"),
        Input(ids.STORIES_MIN, "value"),
        Input(ids.STORY_SELECTED, "data"),
        Input(ids.SELECTED, "data"),
        Input(ids.VERSION, "data"),
    )
    def draw(min_sources: Any, story: str | None, event: str | None, _v: str) -> tuple[Any, Any]:
        n = flt.min_sources_of(min_sources)
        snap = services.store.current()
        children = stories.panel(snap, n, story or "", event or "")
        return children, ({} if children else {"display": "none"})

    @app.callback(
        Output(ids.STORY_SELECTED, "data"),
        Input({"type": ids.STORY_MARK, "story": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def choose(_clicks: list[int]) -> Any:
        return _clicked("story") or no_update

    @app.callback(
        Output(ids.SELECTED, "data", allow_duplicate=True),
        Input({"type": ids.STORY_QUOTE, "event": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def select_quote(_clicks: list[int]) -> Any:
        return _clicked("event") or no_update
