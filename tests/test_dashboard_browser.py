"""End to end in headless Chromium: click, read the source, filter, share, correct.

Runs the real `dashboard` command on a temporary copy of the fixture corpus; the
events file in `data/` is never touched.
"""

from __future__ import annotations

import csv
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from test_dashboard_support import copy_fixture, write_many_events
from timeline.dashboard.headless import CHROMIUM, LAUNCH_ARGS
from timeline.dates import bounds
from timeline.schema import EventsFile

OUTPUT = Path(__file__).parent / "output"
ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.browser
# Cells of rows whose data has arrived: a row still loading is drawn as a stub without a
# row id, and its element is replaced (focus and all) when the data comes.
DATE_CELLS = "#events-table .ag-center-cols-container .ag-row[row-id] .ag-cell[col-id=date]"
# The longest any one step may take: generous, because a loaded 2-core machine can be
# several times slower than usual; waits end as soon as their condition holds.
WAIT_MS = 45000


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing on CI: install Debian's chromium package")
    pytest.skip(f"{CHROMIUM} not found: install Debian's chromium to run the browser test")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read().decode() if proc.stdout else ""
            raise AssertionError(f"dashboard exited early ({proc.returncode}):\n{out}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"dashboard did not listen on port {port} within {timeout}s")


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    yield from serve(copy_fixture(tmp_path / "corpus"))


@pytest.fixture()
def served_many(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    from timeline.dashboard.figures import DETAIL_MAX_EVENTS

    yield from serve(write_many_events(tmp_path / "many", DETAIL_MAX_EVENTS + 100, 40))


def serve(events: Path) -> Iterator[tuple[str, Path]]:
    _require_chromium()
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    proc = subprocess.Popen(
        [sys.executable, "-m", "timeline.dashboard_command", "--events", str(events),
         "--port", str(port)],
        cwd=events.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait_for_port(port, proc)
        yield f"http://127.0.0.1:{port}/", events
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture()
def page() -> Iterator[object]:
    yield from open_page()


def open_page(width: int = 1400, height: int = 1000) -> Iterator[object]:
    """A headless Chromium tab; fails the test if the page raised a JavaScript error."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    OUTPUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        pg = browser.new_page(viewport={"width": width, "height": height})
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        yield pg
        browser.close()
        assert not errors, f"JavaScript errors on the page: {errors}"


def _table_dates(pg: object) -> list[str]:
    return [
        c.inner_text() for c in pg.query_selector_all(DATE_CELLS)
    ]


def _wait_table(pg: object, expected: list[str]) -> None:
    """Wait until the table shows exactly these dates (in any order)."""
    script = """([sel, want]) => {
        const got = [...document.querySelectorAll(sel)].map(c => c.innerText).sort();
        return JSON.stringify(got) === JSON.stringify(want);
    }"""
    try:
        pg.wait_for_function(script, arg=[DATE_CELLS, sorted(expected)], timeout=WAIT_MS)
    except Exception:
        assert sorted(_table_dates(pg)) == sorted(expected)
        raise


def _assert_scrolled_into_view(pg: object) -> None:
    """The highlighted evidence is inside the visible part of the source panel."""
    script = """() => {
        const box = document.getElementById('source').getBoundingClientRect();
        const mark = document.getElementById('evidence-anchor').getBoundingClientRect();
        return mark.top >= box.top && mark.bottom <= box.bottom;
    }"""
    pg.wait_for_function(script, timeout=WAIT_MS)


def _click_event_on_timeline(pg: object, event_id: str) -> None:
    """Find the event's mark through plotly's own axes, hover it until plotly's label
    names it (plotly clicks what it hovers), then click it with the mouse."""
    pg.wait_for_function(  # the table can be filled before the plot is drawn
        """(id) => { const gd = document.querySelector('#timeline .js-plotly-plot');
            return !!gd && (gd.data || []).some(t => (t.customdata || []).includes(id)); }""",
        arg=event_id,
        timeout=WAIT_MS,
    )
    found = pg.evaluate(
        """(id) => {
            const gd = document.querySelector('#timeline .js-plotly-plot');
            for (const t of gd.data) {
                if (t.mode !== 'markers' || !t.customdata) continue;
                const i = t.customdata.indexOf(id);
                if (i < 0) continue;
                const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
                const box = gd.getBoundingClientRect();
                const div = document.createElement('div');
                div.innerHTML = t.hovertext[i].split('<br>')[0];
                return [box.left + xa._offset + xa.d2p(t.x[i]),
                        box.top + ya._offset + ya.d2p(t.y[i]), div.textContent.slice(0, 20)];
            }
            return null;
        }""",
        event_id,
    )
    assert found, f"event {event_id} is not drawn on the timeline"
    x, y, title = found
    pg.mouse.move(x, y)
    _wait_hover(pg, title)
    _wait_single_click(pg)
    pg.mouse.click(x, y)


def _wait_single_click(pg: object) -> None:
    """Plotly reads a press within its double-click delay of the previous press (a zoom
    drag's, say) as a double click, which goes back to the whole view: a person's click
    after a drag comes later than that, a scripted one may not."""
    pg.wait_for_function(
        """() => { const gd = document.querySelector('#timeline .js-plotly-plot');
            return Date.now() - (gd._mouseDownTime || 0) > gd._context.doubleClickDelay; }""",
        timeout=WAIT_MS,
    )


def _wait_hover(pg: object, text: str) -> None:
    pg.wait_for_function(
        """(t) => [...document.querySelectorAll('#timeline .hoverlayer .hovertext')]
            .some(h => h.textContent.includes(t))""",
        arg=text,
        timeout=WAIT_MS,
    )


def _drag_zoom(pg: object, start: str, end: str) -> None:
    """Drag a zoom box across the plot from one date to another, as a user would."""
    x0, x1, y = pg.evaluate(
        """([a, b]) => { const gd = document.querySelector('#timeline .js-plotly-plot');
            const box = gd.getBoundingClientRect(), xa = gd._fullLayout.xaxis,
                  ya = gd._fullLayout.yaxis;
            return [box.left + xa._offset + xa.d2p(a), box.left + xa._offset + xa.d2p(b),
                    box.top + ya._offset + ya._length / 2];
        }""",
        [start, end],
    )
    pg.mouse.move(x0, y)
    pg.mouse.down()
    pg.mouse.move((x0 + x1) / 2, y + 2, steps=4)
    pg.mouse.move(x1, y + 3, steps=4)
    pg.mouse.up()


def test_click_filter_share_and_correct(served: tuple[str, Path], page: object) -> None:
    url, events_path = served
    pg = page
    pg.goto(url)
    pg.wait_for_selector(DATE_CELLS, timeout=WAIT_MS)
    assert "12 of 13 events" in pg.inner_text("#summary")  # one event is rejected

    # Click a day-precise event on the timeline: its source opens on the evidence.
    _click_event_on_timeline(pg, "e3")
    pg.wait_for_function(
        "() => (document.getElementById('evidence-anchor') || {}).textContent "
        "=== 'January 9, 2018'",
        timeout=WAIT_MS,
    )
    sentence = pg.inner_text("#source mark.evidence")
    assert sentence == "January 9, 2018"
    _assert_scrolled_into_view(pg)
    assert "storm struck on" in pg.inner_text("#source .doc-text")
    assert "event=e3" in pg.url
    history_after_first_click = pg.evaluate("history.length")
    pg.screenshot(path=str(OUTPUT / "dashboard_selected.png"), full_page=True)

    # Another event of the same document is one click away in the text.
    pg.click("#source .other-event:has-text('May 2018')")
    pg.wait_for_function(
        "() => (document.getElementById('evidence-anchor') || {}).textContent === 'May 2018'",
        timeout=WAIT_MS,
    )
    assert "Repairs to the breakwater began" in pg.inner_text("#ev-summary")
    _assert_scrolled_into_view(pg)
    # Looking at events replaces the address instead of adding a history entry each.
    pg.wait_for_function("() => location.search.includes('event=e4')", timeout=WAIT_MS)
    assert pg.evaluate("history.length") == history_after_first_click

    # Filter by document and by date range.
    pg.click("#f-docs")
    pg.get_by_role("option", name="Council minutes: harbour budget review").click()
    pg.keyboard.press("Escape")
    _wait_table(pg, ["../2020-06", "1998", "2019-04-02", "2019-07/2019-09"])
    pg.fill("#f-from", "2019")
    pg.press("#f-from", "Enter")
    pg.fill("#f-to", "2019-06")
    pg.press("#f-to", "Enter")
    _wait_table(pg, ["../2020-06", "2019-04-02"])
    pg.wait_for_function("() => location.search.includes('to=2019-06')", timeout=WAIT_MS)
    assert "doc=council" in pg.url and "from=2019" in pg.url
    pg.screenshot(path=str(OUTPUT / "dashboard_filtered.png"), full_page=True)

    # The address reproduces the view.
    shared = pg.url
    pg.goto("about:blank")
    pg.goto(shared)
    pg.wait_for_selector(DATE_CELLS, timeout=WAIT_MS)
    _wait_table(pg, ["../2020-06", "2019-04-02"])
    assert pg.input_value("#f-from") == "2019"

    # Correct a date from the page: an invalid one is refused with the reason...
    pg.click("#events-table .ag-cell[col-id=title]:has-text('Finance committee')")
    pg.wait_for_function(
        "() => (document.getElementById('evidence-anchor') || {}).textContent === '2 April 2019'",
        timeout=WAIT_MS,
    )
    before = events_path.read_bytes()
    pg.fill("#edit-date", "April 2nd")
    pg.click("#edit-save")
    pg.wait_for_selector("#edit-message.error", timeout=WAIT_MS)
    assert "EDTF" in pg.inner_text("#edit-message")
    assert events_path.read_bytes() == before

    # ...and a valid one, saved with Enter, is written and shown on the timeline and table.
    pg.fill("#edit-date", "2019-04-03")
    pg.wait_for_selector("#edit-message.pending", timeout=WAIT_MS)  # not "Not saved: ..."
    pg.press("#edit-date", "Enter")
    pg.wait_for_selector("#edit-message.ok", timeout=WAIT_MS)
    _wait_table(pg, ["../2020-06", "2019-04-03"])
    # Typing again makes the status line speak of the new, unsaved value, not "Saved".
    pg.fill("#edit-title", "Finance committee approves more")
    pg.wait_for_selector("#edit-message.pending", timeout=WAIT_MS)
    assert "Saved" not in pg.inner_text("#edit-message")
    pg.fill("#edit-title", pg.evaluate("document.querySelector('#ev-summary strong').innerText"))
    pg.wait_for_function(
        "() => document.getElementById('edit-message').innerText === ''", timeout=WAIT_MS
    )
    pg.screenshot(path=str(OUTPUT / "dashboard_corrected.png"), full_page=True)
    raw = json.loads(events_path.read_text(encoding="utf-8"))
    edited = next(e for e in raw["events"] if e["id"] == "e9")
    assert edited["date"] == "2019-04-03"
    assert "date" in (edited.get("edited") or [])
    _assert_valid(events_path)


def _wait_address(pg: object, *parts: str, absent: tuple[str, ...] = ()) -> None:
    pg.wait_for_function(
        """([want, gone]) => want.every(p => location.search.includes(p))
            && !gone.some(p => location.search.includes(p))""",
        arg=[list(parts), list(absent)],
        timeout=WAIT_MS,
    )


def _wait_evidence(pg: object, text: str) -> None:
    pg.wait_for_function(
        "(t) => (document.getElementById('evidence-anchor') || {}).textContent === t",
        arg=text,
        timeout=WAIT_MS,
    )


def test_typing_survives_a_change_of_the_file(served: tuple[str, Path], page: object) -> None:
    """Another program rewrites the events file while a correction is being typed: the
    page shows the new stored title, keeps the typed date and says it is not saved."""
    url, events_path = served
    pg = page
    pg.goto(url + "?event=e9")
    pg.wait_for_function(
        "() => (document.getElementById('edit-date') || {}).value === '2019-04-02'",
        timeout=WAIT_MS,
    )
    pg.fill("#edit-date", "2019-04-07")
    pg.wait_for_selector("#edit-message.pending", timeout=WAIT_MS)
    raw = json.loads(events_path.read_text(encoding="utf-8"))
    next(e for e in raw["events"] if e["id"] == "e9")["title"] = "Committee approves quay money"
    changed = events_path.with_name("changed.json")
    changed.write_text(json.dumps(raw, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(changed, events_path)
    pg.wait_for_function(
        "() => document.querySelector('#ev-summary strong').innerText"
        " === 'Committee approves quay money'",
        timeout=WAIT_MS,
    )
    pg.wait_for_function(
        "() => document.getElementById('edit-title').value === 'Committee approves quay money'",
        timeout=WAIT_MS,
    )
    assert pg.input_value("#edit-date") == "2019-04-07"
    assert "pending" in pg.get_attribute("#edit-message", "class")
    pg.press("#edit-date", "Enter")
    pg.wait_for_selector("#edit-message.ok", timeout=WAIT_MS)
    saved = json.loads(events_path.read_text(encoding="utf-8"))
    e9 = next(e for e in saved["events"] if e["id"] == "e9")
    assert (e9["date"], e9["title"]) == ("2019-04-07", "Committee approves quay money")


# Installed before the page's scripts: the answer that turns a filter change into the
# address is held until the test lets it go.
HOLD_ADDRESS = """(() => {
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    window.__releaseAddress = () => release();
    const realFetch = window.fetch;
    window.fetch = function (url, options) {
        const body = options && options.body ? String(options.body) : '';
        const address = body.includes('"changedPropIds":["f-from.value"]')
            && /"output":"[^"]*url\\.search/.test(body);
        const answer = realFetch(url, options);
        return address ? answer.then((r) => held.then(() => r)) : answer;
    };
})();"""


def test_a_selection_during_a_filter_change_stays_in_the_address(
    served: tuple[str, Path], page: object
) -> None:
    """An event chosen while the page is still turning a filter change into the address
    is the event the address names once the filter lands (not the one chosen before)."""
    url, _events = served
    pg = page
    pg.add_init_script(HOLD_ADDRESS)
    pg.goto(url + "?event=e3")
    _wait_evidence(pg, "January 9, 2018")
    pg.fill("#f-from", "2018-03")
    pg.press("#f-from", "Enter")
    pg.click("#source .other-event:has-text('May 2018')")
    _wait_evidence(pg, "May 2018")
    _wait_address(pg, "event=e4", absent=("event=e3",))
    pg.evaluate("window.__releaseAddress()")
    _wait_address(pg, "from=2018-03", "event=e4")
    assert "event=e3" not in pg.evaluate("location.search")
    _wait_evidence(pg, "May 2018")


def test_a_filter_after_a_click_selection_is_kept(served: tuple[str, Path], page: object) -> None:
    """A click selection replaces the address; the next filter change adds an entry and
    keeps both the filter and the selection (the page once pushed the address from before
    the click back, undoing the filter and the selection)."""
    url, _events = served
    pg = page
    pg.goto(url)
    pg.wait_for_selector(DATE_CELLS, timeout=WAIT_MS)
    _click_event_on_timeline(pg, "e3")
    _wait_address(pg, "event=e3")
    _wait_evidence(pg, "January 9, 2018")
    start = pg.evaluate("history.length")
    before_2019 = ["../2020-06", "1998", "2000/2003", "2003/..", "2018-01-09", "2018-05"]

    pg.fill("#f-to", "2018-12")
    pg.press("#f-to", "Enter")
    _wait_table(pg, before_2019)
    _wait_address(pg, "to=2018-12", "event=e3")
    assert pg.input_value("#f-to") == "2018-12"
    _wait_evidence(pg, "January 9, 2018")
    assert pg.evaluate("history.length") == start + 1  # a filter adds a history entry

    # Another selection (in the text) replaces the entry; the next filter keeps it too.
    pg.click("#source .other-event:has-text('May 2018')")
    _wait_evidence(pg, "May 2018")
    _wait_address(pg, "to=2018-12", "event=e4", absent=("event=e3",))
    assert pg.evaluate("history.length") == start + 1
    pg.fill("#f-from", "2018-03")
    pg.press("#f-from", "Enter")
    _wait_table(pg, ["../2020-06", "2003/..", "2018-05"])
    _wait_address(pg, "from=2018-03", "to=2018-12", "event=e4")
    assert pg.input_value("#f-from") == "2018-03" and pg.input_value("#f-to") == "2018-12"
    assert pg.evaluate("history.length") == start + 2
    _wait_evidence(pg, "May 2018")

    # Back undoes the last filter, not the selection.
    pg.evaluate("history.back()")
    _wait_address(pg, "to=2018-12", "event=e4", absent=("from=",))
    _wait_table(pg, before_2019)
    assert pg.input_value("#f-from") == "" and pg.input_value("#f-to") == "2018-12"
    _wait_evidence(pg, "May 2018")


def _day(value: str) -> date:
    return date.fromisoformat(value[:10])


def _assert_valid(path: Path) -> None:
    """Use the project's validator when present; the schema and date bounds otherwise."""
    try:
        from timeline.curation.validate import run as validate_run  # noqa: F401
    except ImportError:
        model = EventsFile.model_validate_json(path.read_text(encoding="utf-8"))
        for ev in model.events:
            assert (ev.earliest, ev.latest) == bounds(ev.date), ev.id
        return
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "validate", str(path)],
        capture_output=True,
        text=True,
        cwd=path.parent,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_markup_in_a_title_is_shown_as_text(tmp_path: Path, page: object) -> None:
    events = copy_fixture(tmp_path / "corpus")
    raw = json.loads(events.read_text(encoding="utf-8"))
    evil = '<a href="http://evil.example/">Home</a> <b>Harbour</b> news'
    raw["documents"][0]["title"] = evil
    events.write_text(json.dumps(raw), encoding="utf-8")
    for url, _path in serve(events):
        page.goto(url)
        ticks = "#timeline .ytick text"
        page.wait_for_function(
            "(sel) => [...document.querySelectorAll(sel)].some(t => t.textContent.includes('<a'))",
            arg=ticks,
            timeout=WAIT_MS,
        )
        assert page.query_selector_all("#timeline svg a") == []
        assert page.query_selector_all("#timeline svg b, #timeline svg tspan[style*=bold]") == []
        shown = [t.text_content() for t in page.query_selector_all(ticks)]
        assert any(t.startswith('<a href="http://evil') for t in shown), shown


def test_broken_file_shows_a_message(tmp_path: Path, page: object) -> None:
    events = tmp_path / "events.json"
    events.write_text('{"version": 1, "events": [', encoding="utf-8")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "timeline.dashboard_command", "--events", str(events),
         "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait_for_port(port, proc)
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_selector("#file-problem strong", timeout=WAIT_MS)
        text = page.inner_text("#file-problem")
        assert "JSON" in text and re.search(r"line 1\b|:1:\d", text), text
        assert "Traceback" not in page.content()
        # Fixing the file on disk is picked up without a restart.
        shutil_src = copy_fixture(tmp_path / "fixed")
        events.write_text(shutil_src.read_text(encoding="utf-8"), encoding="utf-8")
        page.wait_for_selector(DATE_CELLS, timeout=WAIT_MS)
        page.wait_for_function(
            "() => document.getElementById('file-problem').innerText.trim() === ''",
            timeout=WAIT_MS,
        )
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_many_events_show_counts_until_zoomed_in(
    served_many: tuple[str, Path], page: object
) -> None:
    url, _events = served_many
    pg = page
    pg.goto(url)
    pg.wait_for_selector(DATE_CELLS, timeout=WAIT_MS)
    # Null-safe: while Dash re-renders the graph, its plot element briefly does not exist.
    kinds = (
        "() => { const gd = document.querySelector('#timeline .js-plotly-plot');"
        " return gd && gd.data ? gd.data.map(t => t.type) : []; }"
    )
    pg.wait_for_function(f"() => ({kinds})().includes('heatmap')", timeout=WAIT_MS)
    assert "Zoom in or filter" in pg.inner_text("#timeline")

    # Zooming to one year (a drag on the plot) brings back one mark per event.
    _drag_zoom(pg, "2004-01-01", "2004-12-31")
    range_js = "() => document.querySelector('#timeline .js-plotly-plot')._fullLayout.xaxis.range"
    pg.wait_for_function(f"() => ({kinds})().includes('scatter')", timeout=WAIT_MS)
    assert "heatmap" not in pg.evaluate(kinds)
    # One in the middle (the zoom box edges are a few pixels loose) that no other mark
    # covers: in the shared "other lanes" row two events of one day sit on one spot.
    target = pg.evaluate(
        """() => { const data = document.querySelector('#timeline .js-plotly-plot').data
                .filter(t => t.mode === 'markers' && t.customdata);
            const spots = {};
            data.forEach(t => t.x.forEach((x, i) => {
                const k = x + '|' + t.y[i]; spots[k] = (spots[k] || 0) + 1; }));
            const t = data.find(t => t.customdata.length);
            const free = t.customdata.filter((id, i) => spots[t.x[i] + '|' + t.y[i]] === 1);
            return free[Math.floor(free.length / 2)]; }"""
    )
    zoomed = pg.evaluate(range_js)  # the drag's box, a few pixels loose
    assert "2003-12" <= zoomed[0] < "2004-01-15" and "2004-12-15" < zoomed[1] < "2005-01-15"
    _click_event_on_timeline(pg, target)
    pg.wait_for_function(f"() => location.search.includes('event={target}')", timeout=WAIT_MS)
    pg.wait_for_selector("#evidence-anchor", timeout=WAIT_MS)
    assert pg.inner_text("#evidence-anchor").startswith("2004-")

    # Selecting redraws the selection and the page around the plot: the zoom stays.
    kept = pg.evaluate(range_js)
    assert [_day(d) for d in kept] == [_day(d) for d in zoomed], (zoomed, kept)

    # A double click goes back to the whole view, and to counts.
    box = pg.evaluate(
        """() => { const gd = document.querySelector('#timeline .js-plotly-plot');
            const b = gd.getBoundingClientRect(), xa = gd._fullLayout.xaxis,
                  ya = gd._fullLayout.yaxis;
            return [b.left + xa._offset + xa._length / 2, b.top + ya._offset + ya._length / 2];
        }"""
    )
    pg.mouse.dblclick(box[0], box[1])
    pg.wait_for_function(f"() => ({kinds})().includes('heatmap')", timeout=WAIT_MS)
    # The date axis stays visible below the counts (it was cut off once).
    pg.wait_for_function(
        """() => { const g = document.querySelector('#timeline .js-plotly-plot')
                .getBoundingClientRect();
            const ticks = [...document.querySelectorAll('#timeline .xtick text')];
            return ticks.length > 2 && ticks.every(t => {
                const r = t.getBoundingClientRect();
                return r.bottom <= g.bottom && r.top >= g.top; }); }""",
        timeout=WAIT_MS,
    )
    # A click on a cell of the counts zooms into its period: single marks again. The click
    # is plotly's own event for the middle cell (a mouse click on a heatmap cell depends on
    # plotly's hover timing, which is plotly's to test).
    pg.evaluate(
        """() => { const gd = document.querySelector('#timeline .js-plotly-plot');
            const t = gd.data.find(t => t.type === 'heatmap'), i = Math.floor(t.x.length / 2);
            gd.emit('plotly_click', {points: [{curveNumber: 0, pointNumber: [0, i],
                x: t.x[i], y: t.y[0], z: t.z[0][i]}]}); }"""
    )
    pg.wait_for_function(f"() => ({kinds})().includes('scatter')", timeout=WAIT_MS)
    # Range presets: the last year of events, then everything again.
    pg.click("#f-range-all")
    pg.wait_for_function(f"() => ({kinds})().includes('heatmap')", timeout=WAIT_MS)
    pg.click("#f-range-year")
    pg.wait_for_function(f"() => ({kinds})().includes('scatter')", timeout=WAIT_MS)
    lo, hi = (date.fromisoformat(d[:10]) for d in pg.evaluate(range_js))
    assert 360 <= (hi - lo).days <= 370 and date(2019, 12, 28) < hi < date(2020, 2, 1)


def test_csv_download_holds_exactly_the_filtered_view(
    served: tuple[str, Path], page: object
) -> None:
    url, _events = served
    pg = page
    pg.goto(url + "?doc=council&from=2019&to=2019-06")
    _wait_table(pg, ["../2020-06", "2019-04-02"])
    # Keyboard: the button is reachable and Enter presses it.
    pg.focus("#export-csv")
    with pg.expect_download(timeout=WAIT_MS) as download:
        pg.keyboard.press("Enter")
    path = download.value.path()
    assert download.value.suggested_filename.endswith(".csv")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["date"] for r in rows) == sorted(_table_dates(pg))
    assert {r["document"] for r in rows} == {"Council minutes: harbour budget review"}
    pg.wait_for_function(
        "() => document.getElementById('export-note').innerText.includes('2 events')",
        timeout=WAIT_MS,
    )

    # Widening the filters widens the next download.
    pg.fill("#f-from", "")
    pg.press("#f-from", "Enter")
    pg.fill("#f-to", "")
    pg.press("#f-to", "Enter")
    _wait_table(pg, ["../2020-06", "1998", "2019-04-02", "2019-07/2019-09"])
    with pg.expect_download(timeout=WAIT_MS) as download:
        pg.click("#export-csv")
    with open(download.value.path(), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["date"] for r in rows) == sorted(_table_dates(pg))
