"""The stories view: the figure (redrawn on a filter, file, zoom or story change), a mark
choosing its story (click, or Enter in `assets/stories.js`), a quote selecting its event,
and merges and splits written after a confirm step.
"""

from __future__ import annotations

from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, no_update

from .. import controls, density, figures, ids, stories, story_figure, story_panel
from .. import filters as flt
from ..story_edits import write_story_action
from ..views import Services

# Outputs of the only stories callback that writes; the server refuses it from foreign pages.
WRITE_OUTPUTS = (ids.STORY_WRITE_NOTE,)
HIDDEN = {"display": "none"}


def _clicked(key: str) -> str | None:
    """The id part of a real click (new buttons appear with n_clicks=0 on a redraw)."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not any(t.get("value") for t in ctx.triggered):
        return None
    return trigger.get(key) or None


def window_rev(f: flt.Filters) -> str:
    """A zoom of the stories figure holds for the filters it was made under."""
    return "stories?" + flt.to_query(flt.Filters(docs=f.docs, date_from=f.date_from,
                                                 date_to=f.date_to, text=f.text,
                                                 min_sources=f.min_sources))  # fmt: skip


def _window(f: flt.Filters, stored: dict | None) -> tuple[str, str] | None:
    if not stored or stored.get("rev") != window_rev(f) or not stored.get("x"):
        return None
    lo, hi = stored["x"]
    return str(lo), str(hi)


def register(app: Dash, services: Services) -> None:
    register_drawing(app, services)
    register_choosing(app, services)
    register_writing(app, services)


def register_drawing(app: Dash, services: Services) -> None:
    @app.callback(
        Output(ids.STORIES, "style"),
        Output(ids.STORIES_NOTE, "children"),
        Output(ids.STORIES_FIGURE, "figure"),
        *controls.inputs(),
        Input(ids.STORY_SELECTED, "data"),
        Input(ids.VERSION, "data"),
        Input(ids.STORIES_WINDOW, "data"),
    )
    def draw(*args: Any) -> tuple[Any, ...]:
        *values, story, _version, stored = args
        f = controls.filters_from_controls(*values)
        snap = services.store.current()
        if f.min_sources <= 0 or not snap.ok:
            return HIDDEN, no_update, no_update
        view = stories.story_view(snap, f)
        heading = story_panel.heading(len(view.rows), f.min_sources, view.partial,
                                      view.visible is not None)  # fmt: skip
        if not view.rows:
            hint = ("This events file has no stories yet: `timeline extract` groups them."
                    if not view.total else
                    "No story is told by that many sources here; lower the number or widen "
                    "the filters.")  # fmt: skip
            return {}, [*heading, " · ", hint], _empty(hint)
        found, undated = story_figure.to_marks(view.rows)
        if undated:
            heading.append(f" · {undated:,} undated, not drawn")
        fig = story_figure.build_figure(found, story or "", _window(f, stored), window_rev(f))
        return {}, heading, fig

    @app.callback(
        Output(ids.STORIES_QUOTES, "children"),
        Output(ids.STORY_TOOLS, "style"),
        Output(ids.STORY_MERGE_TARGET, "options"),
        *controls.inputs(),
        Input(ids.STORY_SELECTED, "data"),
        Input(ids.SELECTED, "data"),
        Input(ids.VERSION, "data"),
    )
    def list_quotes(*args: Any) -> tuple[Any, ...]:
        *values, story, event, _version = args
        f = controls.filters_from_controls(*values)
        snap = services.store.current()
        if f.min_sources <= 0 or not snap.ok or not story:
            return [], HIDDEN, []
        view = stories.story_view(snap, f)
        row = next((r for r in view.rows if r["id"] == story), None)
        if row is None:
            return [], HIDDEN, []
        found, hidden = stories.quotes(snap, story, view.visible)
        can_write = not services.read_only
        panel = story_panel.quotes_panel(row, found, hidden, event or "", can_write)
        options = [{"label": f"{r['date'] or 'undated'} · {r['title'] or r['id']}"[:120],
                    "value": r["id"]} for r in view.rows if r["id"] != story]  # fmt: skip
        return panel, {} if can_write else HIDDEN, options


def _empty(message: str) -> dict[str, Any]:
    return {"data": [], "layout": {
        "height": 120, "xaxis": {"visible": False}, "yaxis": {"visible": False},
        "annotations": [{"text": message, "showarrow": False, "font": {"size": 14}}],
        "plot_bgcolor": "white", "paper_bgcolor": "white",
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10}}}  # fmt: skip


def register_choosing(app: Dash, services: Services) -> None:
    @app.callback(
        Output(ids.STORY_SELECTED, "data", allow_duplicate=True),
        Output(ids.STORIES_WINDOW, "data", allow_duplicate=True),
        Input(ids.STORIES_FIGURE, "clickData"),
        *controls.states(),
        State(ids.STORIES_WINDOW, "data"),
        prevent_initial_call=True,
    )
    def choose(click: dict | None, *args: Any) -> Any:
        """A mark chooses its story; a cell of the count view zooms into its period."""
        *values, stored = args
        points = (click or {}).get("points") or []
        point = points[0] if points else {}
        data = point.get("customdata")
        if isinstance(data, str) and data:
            return data, no_update
        if data is None and isinstance(point.get("x"), str):
            f = controls.filters_from_controls(*values)
            snap = services.store.current()
            found, _ = story_figure.to_marks(stories.story_view(snap, f).rows)
            shown = story_figure.in_window(found, _window(f, stored))
            period = density.period_of(point["x"][:10],
                                       density.bin_width(shown, _window(f, stored)))  # type: ignore[arg-type]
            return no_update, {"rev": window_rev(f), "x": list(period)}
        return no_update, no_update

    @app.callback(
        Output(ids.STORIES_WINDOW, "data"),
        Input(ids.STORIES_FIGURE, "relayoutData"),
        *controls.states(),
        prevent_initial_call=True,
    )
    def zoom(relayout: dict | None, *values: Any) -> Any:
        """Remember the zoomed range, so the server draws each story once few are in it."""
        window = figures.window_of(relayout)
        if window is False:
            return no_update
        f = controls.filters_from_controls(*values)
        return {"rev": window_rev(f), "x": list(window) if window else None}

    @app.callback(
        Output(ids.SELECTED, "data", allow_duplicate=True),
        Input({"type": ids.STORY_QUOTE, "event": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def select_quote(_clicks: list[int]) -> Any:
        return _clicked("event") or no_update


def register_writing(app: Dash, services: Services) -> None:
    @app.callback(
        Output(ids.STORY_PENDING, "data"),
        Output(ids.STORY_WRITE_NOTE, "children", allow_duplicate=True),
        Output(ids.STORY_WRITE_NOTE, "className", allow_duplicate=True),
        Input(ids.STORY_MERGE, "n_clicks"),
        Input({"type": ids.STORY_SPLIT, "event": ALL}, "n_clicks"),
        State(ids.STORY_SELECTED, "data"),
        State(ids.STORY_MERGE_TARGET, "value"),
        prevent_initial_call=True,
    )
    def ask(_merge: int, _splits: list[int], story: str | None, target: str | None) -> Any:
        """A merge or split waits for Confirm; nothing is written yet."""
        if not any(t.get("value") for t in ctx.triggered) or not story:
            return no_update, no_update, no_update
        titles = {s["id"]: s.get("title") or s["id"]
                  for s in stories.story_dicts(services.store.current())}  # fmt: skip
        if ctx.triggered_id == ids.STORY_MERGE:
            if not target:
                return None, "Choose the story to merge into first.", "edit-message error"
            action = {"op": "merge", "story": story, "target": target,
                      "title": titles.get(story, story),
                      "target_title": titles.get(target, target)}  # fmt: skip
            return action, "", "edit-message"
        event = _clicked("event")
        if not event:
            return no_update, no_update, no_update
        action = {"op": "split", "story": story, "event": event, "title": titles.get(story, story)}
        return action, "", "edit-message"

    @app.callback(
        Output(ids.STORY_CONFIRM_BOX, "style"),
        Output(ids.STORY_CONFIRM_TEXT, "children"),
        Input(ids.STORY_PENDING, "data"),
        prevent_initial_call=True,
    )
    def show_pending(action: dict | None) -> tuple[Any, str]:
        if not action:
            return HIDDEN, ""
        preview = None
        if action.get("op") == "merge":
            snap = services.store.current()
            preview = stories.preview_merge(snap, action["story"], action["target"])
        return {}, story_panel.confirm_text(action, preview)

    @app.callback(
        Output(ids.STORY_WRITE_NOTE, "children"),
        Output(ids.STORY_WRITE_NOTE, "className"),
        Output(ids.STORY_PENDING, "data", allow_duplicate=True),
        Output(ids.VERSION, "data", allow_duplicate=True),
        Output(ids.STORY_SELECTED, "data", allow_duplicate=True),
        Input(ids.STORY_CONFIRM, "n_clicks"),
        Input(ids.STORY_CANCEL, "n_clicks"),
        State(ids.STORY_PENDING, "data"),
        prevent_initial_call=True,
    )
    def write(_confirm: int, _cancel: int, action: dict | None) -> tuple[Any, ...]:
        """Confirm writes the pending merge or split; Cancel drops it."""
        nothing = (no_update,) * 5
        if not any(t.get("value") for t in ctx.triggered) or not action:
            return nothing
        if ctx.triggered_id == ids.STORY_CANCEL:
            return "Cancelled: nothing was written.", "edit-message", None, no_update, no_update
        if services.read_only:
            return ("Read-only: merges and splits are not saved here.", "edit-message error",
                    None, no_update, no_update)
        result = write_story_action(services.store.path, action)
        if not result.ok:
            return f"Not saved: {result.message}", "edit-message error", None, no_update, no_update
        chosen = action["target"] if action["op"] == "merge" else no_update
        version = services.store.current().version
        return result.message, "edit-message ok", None, version, chosen
