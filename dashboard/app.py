"""The Dash app: timeline, table, source view and corrections over one events file.

`create_app(events_path)` is the only entry point. The page is built by `layout`, each
feature's callbacks live in `callbacks/`, ids in `ids`, browser code in `assets/`.
Everything shown is computed from `EventStore.current()`, so a change on disk is
picked up by the next callback and by a light polling interval.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import dash

from . import security, timing
from .callbacks import editor, register_all
from .callbacks import stories as story_callbacks
from .callbacks import timeline as timeline_callbacks
from .data import EventStore
from .layout import build_layout, filters_of_page
from .views import Services, ViewCache

ASSETS = Path(__file__).with_name("assets")


def _warm(services: Services) -> None:
    """Build the default view while the server starts; a failure here only means the
    first visit builds it (and reports any problem) itself."""
    with contextlib.suppress(Exception):  # the callbacks redo it and say what is wrong
        timeline_callbacks.warm(services)


def create_app(
    events_path: str | os.PathLike[str],
    host: str = "127.0.0.1",
    read_only: bool = False,
    docs: list[str] | None = None,
) -> dash.Dash:
    """`host` is the address served on: writes are accepted only for requests naming it
    (or a localhost name), and only when not `read_only`. Documents are read only inside
    the events file's folder and the `docs` folders."""
    store = EventStore(events_path, docs)
    store.current()  # read the file before the first visitor does
    services = Services(store, ViewCache(), read_only)
    threading.Thread(target=_warm, args=(services,), name="timeline-warm", daemon=True).start()
    app = dash.Dash(
        __name__,
        title="Timeline",
        assets_folder=str(ASSETS),
        update_title=None,
        suppress_callback_exceptions=True,
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)
    app.layout = lambda: build_layout(store, filters_of_page(), read_only)
    register_all(app, services)
    security.protect(app.server, host, editor.WRITE_OUTPUTS + story_callbacks.WRITE_OUTPUTS)
    timing.install(app.server)
    return app
