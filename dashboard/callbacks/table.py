"""The events table: blocks of rows on request, the selected event's page, row clicks."""

from __future__ import annotations

import json
from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, no_update

from .. import columns, controls, ids
from .. import table as tbl
from ..views import Kept, Services, events_only


def register(app: Dash, services: Services) -> None:
    @app.callback(
        Output(ids.TABLE, "getRowsResponse"),
        Output(ids.TABLE_QUERY, "data"),
        Input(ids.TABLE, "getRowsRequest"),
        *controls.states(),
        State(ids.SELECTED, "data"),
        prevent_initial_call=True,
    )
    def rows(request: dict | None, *args: Any) -> tuple[Any, ...]:
        """The block of rows the grid asks for, under the page's filters and the grid's
        own sort and column filters (remembered to find the selected event's page)."""
        *values, selected = args
        if not request:
            return no_update, no_update
        snap = services.store.current()
        if not snap.ok:
            return {"rowData": [], "rowCount": 0}, {}
        f = controls.filters_from_controls(*values)
        query = {"sort": request.get("sortModel") or [], "filter": request.get("filterModel")}
        found = _ordered(services, f, query)
        data = tbl.block(found, request.get("startRow", 0), request.get("endRow", 0), selected)
        return {"rowData": data, "rowCount": len(found)}, query

    @app.callback(
        Output(ids.TABLE, "paginationGoTo"),
        Input(ids.SELECTED, "data"),
        *controls.inputs(),
        State(ids.TABLE_QUERY, "data"),
        prevent_initial_call=True,
    )
    def page_of_selection(selected: str | None, *args: Any) -> Any:
        """Show the selected event's page; a filter change starts at the first page."""
        *values, query = args
        if not selected:  # nothing to find: a filter change starts at the first page
            return no_update if ctx.triggered_id == ids.SELECTED else 0
        f = controls.filters_from_controls(*values)
        index = tbl.index_of(_ordered(services, f, query or {}), selected)
        if index is None:
            return no_update if ctx.triggered_id == ids.SELECTED else 0
        return index // tbl.PAGE_SIZE

    app.clientside_callback(
        ClientsideFunction(namespace="timeline", function_name="refreshTable"),
        Output(ids.TABLE_REFRESH, "data"),
        *controls.inputs(),
        Input(ids.VERSION, "data"),
        Input(ids.SELECTED, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.SELECTED, "data", allow_duplicate=True),
        Input(ids.TABLE, "cellClicked"),
        prevent_initial_call=True,
    )
    def select(cell: dict | None) -> Any:
        row_id = (cell or {}).get("rowId")
        return row_id if isinstance(row_id, str) and row_id else no_update


_ORDERS = Kept(8)


def _ordered(services: Services, f: Any, query: dict[str, Any]) -> list[Any]:
    """The view's rows under the grid's filters and sort; the rows callback and the
    page-of-selection callback ask for the same order at once, so it is kept."""
    snap = services.store.current()
    query_key = json.dumps(query, sort_keys=True, default=str)
    key = (str(snap.path), snap.version, events_only(f), query_key)
    return _ORDERS.get(key, lambda: _order(services, f, query))


def _order(services: Services, f: Any, query: dict[str, Any]) -> list[Any]:
    snap = services.store.current()
    rows, _layout, found = services.views.entry(snap, f)
    cols = columns.of(snap)
    filtered = tbl.filter_rows(rows, query.get("filter"))
    if filtered is rows and found is not None and cols is not None:
        return tbl.sort_rows(columns.chronological(cols, found), query.get("sort"), True)
    return tbl.sort_rows(filtered, query.get("sort"))
