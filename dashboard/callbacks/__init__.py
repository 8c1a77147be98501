"""One module per feature; each registers its own callbacks on the app.

`register_all` is what `create_app` calls; a feature's callbacks live next to each
other, and the ids they use come from `dashboard.ids`.
"""

from __future__ import annotations

from dash import Dash

from ..views import Services
from . import download, editor, source, stories, table, timeline, url


def register_all(app: Dash, services: Services) -> None:
    for feature in (url, timeline, table, source, editor, download, stories):
        feature.register(app, services)
