"""The array paths give what the reference Python paths give, on random events."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
import pytest

from test_dashboard_support import row
from timeline.dashboard import columns, count_layout, density, figures
from timeline.dashboard import filters as flt
from timeline.dashboard import table as tbl
from timeline.dashboard.data import Row, Snapshot
from timeline.dashboard.views import ViewCache, lane_order

HOWS = ["explicit", "relative", "inferred", "curated", "narrative", "publication"]
SOURCES = ["", "", "police", "the ministry", "Union leaders"]


def _day(rng: random.Random) -> str:
    return (date(1990, 1, 1) + timedelta(days=rng.randint(0, 12000))).isoformat()


def _bounds(rng: random.Random) -> tuple[str, str | None, str | None]:
    kind = rng.random()
    a, b = sorted([_day(rng), _day(rng)])
    if kind < 0.4:
        return a, a, a
    if kind < 0.7:
        return f"{a}/{b}", a, b
    if kind < 0.8:
        return f"{a}/..", a, None
    if kind < 0.9:
        return f"../{b}", None, b
    if kind < 0.95:
        return a[:7], a[:7] + "-01", a  # a month read as a range
    return "unreadable", None, None


def random_rows(seed: int, n: int) -> list[Row]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        edtf, earliest, latest = _bounds(rng)
        out.append(row(
            id=f"e{i}", doc=f"d{rng.randint(0, 40)}", date=edtf, earliest=earliest,
            latest=latest, title=f"{rng.choice(['Port', 'Budget', 'Rail', 'Flood'])} {i}",
            how=rng.choice(HOWS), confidence=round(rng.random(), 2),
            status="rejected" if rng.random() < 0.1 else "active",
            sentence=rng.choice(["talks opened", "plan approved", ""]),
            source=rng.choice(SOURCES),
            salience=None if rng.random() < 0.5 else round(rng.random(), 2),
        ))  # fmt: skip
    return out


def random_filters(rng: random.Random) -> flt.Filters:
    def maybe_date() -> str:
        pick = rng.random()
        if pick < 0.4:
            return ""
        day = _day(rng)
        return rng.choice([day, day[:7], day[:4], f"{day[:4]}~", "2019-13"])

    return flt.Filters(
        docs=tuple(rng.sample([f"d{k}" for k in range(45)], rng.choice([0, 0, 1, 3]))),
        date_from=maybe_date(),
        date_to=maybe_date(),
        text=rng.choice(["", "", "port", "APPROVED", "police", "zzz"]),
        min_confidence=rng.choice([0.0, 0.0, 0.5, 0.9]),
        show_rejected=rng.random() < 0.5,
        show_inferred=rng.random() < 0.7,
        all_events=rng.random() < 0.5,
        lanes=rng.choice(flt.LANE_MODES),
    )


@pytest.mark.parametrize("seed", range(6))
def test_array_filter_equals_the_linear_filter(seed: int) -> None:
    rows = random_rows(seed, 600)
    cols = columns.build(rows)
    assert cols is not None
    rng = random.Random(seed)
    for _ in range(60):
        f = random_filters(rng)
        found = columns.select(cols, f)
        expected = flt.apply(rows, f)
        assert found is not None
        assert [rows[i] for i in found.tolist()] == expected, f


def test_a_bound_the_arrays_cannot_hold_falls_back_to_the_linear_filter() -> None:
    rows = [row("a"), row("b", doc="x", earliest="12000-01-01", latest="12000-12-31"),
            row("c")]  # fmt: skip
    assert columns.build(rows) is None
    cache = ViewCache()
    snap = Snapshot(path=None, version="v-odd", rows=rows)  # type: ignore[arg-type]
    shown, layout = cache.get(snap, flt.Filters(docs=("d",)))
    assert [r.id for r in shown] == ["a", "c"] and set(layout.placements) == {"a", "c"}


@pytest.mark.parametrize("seed", range(4))
def test_zoom_window_equals_rows_in_window(seed: int) -> None:
    rows = random_rows(seed, 500)
    cols = columns.build(rows)
    assert cols is not None
    rng = random.Random(seed)
    found = np.arange(len(rows))
    for _ in range(30):
        lo, hi = sorted([_day(rng), _day(rng)])
        inside = columns.in_window(cols, found, (lo, hi))
        assert inside is not None
        assert [rows[i] for i in inside.tolist()] == figures.rows_in_window(rows, (lo, hi))


def _many_rows(seed: int) -> list[Row]:
    """Enough placed events for the count view, over more lanes than it names."""
    rows = random_rows(seed, 2600)
    rng = random.Random(seed)
    return [
        Row(**{**{k: getattr(r, k) for k in Row.__dataclass_fields__ if k not in
                  ("anchor", "anchor_month")}, "doc": f"d{rng.randint(0, 90)}"})
        for r in rows
    ]  # fmt: skip


@pytest.mark.parametrize(("seed", "mode"), [(1, "document"), (2, "actor"), (3, "how")])
def test_count_layout_equals_compute_layout(seed: int, mode: str) -> None:
    rows = _many_rows(seed)
    cols = columns.build(rows)
    assert cols is not None
    snap = Snapshot(path=None, version=f"v{seed}", rows=rows)  # type: ignore[arg-type]
    ranks = lane_order(snap, mode)
    found = np.arange(len(rows))
    fast = count_layout.count_layout(cols, found, mode, ranks)
    slow = figures.compute_layout(rows, mode, ranks)
    assert fast is not None and figures.is_dense(slow)
    for name in ("lanes", "labels", "x_min", "x_max", "fade_left", "fade_right", "unplaced"):
        assert getattr(fast, name) == getattr(slow, name), name
    assert dict(fast.lane_index) == dict(slow.lane_index)
    assert set(fast.placements) == set(slow.placements)
    for event_id in list(slow.placements)[:300]:
        assert fast.placements[event_id] == slow.placements[event_id]
    assert "nope" not in fast.placements and fast.placements.get("nope") is None
    labels = [figures._esc(figures._short(x)) for x in slow.labels]
    assert density.heatmap(*fast.counts, labels) == density.density_traces(
        rows, dict(slow.lane_index), labels
    )  # fmt: skip


def test_zoomed_count_view_equals_the_python_one() -> None:
    rows = _many_rows(5)
    cols = columns.build(rows)
    assert cols is not None
    snap = Snapshot(path=None, version="v-zoom", rows=rows)  # type: ignore[arg-type]
    window = ("1995-01-01", "2020-12-31")
    found = columns.in_window(cols, np.arange(len(rows)), window)
    assert found is not None
    fast = count_layout.count_layout(cols, found, "document", lane_order(snap, "document"), window)
    inside = figures.rows_in_window(rows, window)
    slow = figures.compute_layout(inside, "document", lane_order(snap, "document"))
    assert fast is not None
    fig_fast = figures.build_figure(inside, "document", None, "r", fast, window)
    fig_slow = figures.build_figure(inside, "document", None, "r", slow, window)
    assert fig_fast == fig_slow


@pytest.mark.parametrize("seed", range(3))
def test_chronological_order_equals_the_sort(seed: int) -> None:
    rows = random_rows(seed, 800)
    cols = columns.build(rows)
    assert cols is not None
    rng = random.Random(seed)
    for _ in range(10):
        f = random_filters(rng)
        found = columns.select(cols, f)
        assert found is not None
        shown = [rows[i] for i in found.tolist()]
        assert columns.chronological(cols, found) == tbl.sort_rows(shown, [])
        model = [{"colId": "confidence", "sort": "desc"}]
        assert tbl.sort_rows(columns.chronological(cols, found), model, True) == tbl.sort_rows(
            shown, model
        )  # fmt: skip


def test_a_kept_figure_equals_a_fresh_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from test_dashboard_support import write_many_events
    from timeline.dashboard.callbacks import timeline as tl
    from timeline.dashboard.data import EventStore
    from timeline.dashboard.views import Services, revision

    services = Services(EventStore(write_many_events(tmp_path, 2000, 30)), ViewCache())
    for f, xview in [
        (flt.Filters(), None),
        (flt.Filters(date_from="2005"), None),
        (flt.Filters(), {"rev": revision(flt.Filters()), "x": ["2010-01-01", "2010-12-31"]}),
    ]:
        kept = tl._figure(services, f, xview)
        assert tl._figure(services, f, xview) is kept
        assert kept == tl.build_view_figure(services, f, xview)
    tl.warm(services)  # the start-up pass makes the same default view
    assert tl._figure(services, flt.Filters(), None) == tl.build_view_figure(
        services, flt.Filters(), None
    )  # fmt: skip


def test_events_by_document_are_those_of_the_file_in_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from test_dashboard_support import copy_fixture
    from timeline.dashboard.data import EventStore

    snap = EventStore(copy_fixture(tmp_path)).current()
    assert snap.model is not None and snap.by_doc
    for doc in snap.documents:
        assert snap.by_doc.get(doc, []) == [e for e in snap.model.events if e.doc == doc]
