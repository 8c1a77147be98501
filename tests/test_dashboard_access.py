"""Keyboard-only use and an axe-core audit of the page in headless Chromium."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from test_dashboard_browser import DATE_CELLS, OUTPUT, WAIT_MS, open_page, serve
from test_dashboard_support import copy_fixture

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
pytestmark = pytest.mark.browser


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    yield from serve(copy_fixture(tmp_path / "corpus"))


@pytest.fixture()
def page() -> Iterator[object]:
    yield from open_page()


def _axe(pg: object) -> list[dict]:
    """Serious and critical violations of the WCAG A/AA rules on the page as it is."""
    pg.add_script_tag(path=str(AXE))
    result = pg.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def _press_until(pg: object, key: str, condition: str, limit: int = 80) -> None:
    """Press `key` until `condition` (JS) holds; fail after `limit` presses."""
    for _ in range(limit):
        if pg.evaluate(condition):
            return
        pg.keyboard.press(key)
    assert pg.evaluate(condition), f"{condition} never held after {limit} x {key}"


def test_axe_finds_no_serious_violations(served: tuple[str, Path], page: object) -> None:
    url, _events = served
    page.goto(url + "?event=e3")
    page.wait_for_selector("#evidence-anchor", timeout=WAIT_MS)
    page.wait_for_selector(DATE_CELLS, timeout=WAIT_MS)
    found = _axe(page)
    (OUTPUT / "axe_report.json").write_text(json.dumps(found, indent=1), encoding="utf-8")
    assert found == [], json.dumps(found, indent=1)


def _wait_saved(pg: object) -> None:
    """Wait for "Saved"; if it never comes, say what the page shows instead."""
    try:
        pg.wait_for_selector("#edit-message.ok", timeout=WAIT_MS)
    except Exception as e:
        shown = pg.evaluate(
            """() => { const m = document.getElementById('edit-message');
                return {message: m.innerText, cls: m.className,
                        date: document.getElementById('edit-date').value,
                        focus: document.activeElement.id || document.activeElement.tagName}; }"""
        )
        raise AssertionError(f"no 'Saved' message; the page shows {shown}") from e


def test_keyboard_only_select_read_and_correct(served: tuple[str, Path], page: object) -> None:
    url, events = served
    pg = page
    pg.goto(url)
    pg.wait_for_selector(DATE_CELLS, timeout=WAIT_MS)
    pg.wait_for_function(
        "() => { const gd = document.querySelector('#timeline .js-plotly-plot');"
        " return gd && gd.data && gd.data.some(t => t.customdata); }",
        timeout=WAIT_MS,
    )
    # Tab to the timeline, walk its events with the arrow keys, select one with Enter.
    _press_until(pg, "Tab", "document.activeElement.id === 'timeline-nav'")
    pg.keyboard.press("ArrowRight")
    pg.wait_for_function(
        "() => document.getElementById('timeline-live').textContent.length > 0", timeout=WAIT_MS
    )
    _press_until(
        pg, "ArrowRight",
        "document.getElementById('timeline-live').textContent.includes('Finance committee')",
        limit=20,
    )  # fmt: skip
    pg.keyboard.press("Enter")
    pg.wait_for_function(
        "() => (document.getElementById('evidence-anchor') || {}).textContent === '2 April 2019'",
        timeout=WAIT_MS,
    )
    # The source is read where the evidence is: in view in the page.
    pg.wait_for_function(
        """() => { const r = document.getElementById('evidence-anchor').getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight; }""",
        timeout=WAIT_MS,
    )
    # Escape leaves the timeline; Tab goes on (no trap) to the date field; Enter saves.
    pg.focus("#timeline-nav")
    pg.keyboard.press("Escape")
    assert pg.evaluate("document.activeElement.id") != "timeline-nav"
    _press_until(pg, "Tab", "document.activeElement.id === 'edit-date'")
    pg.keyboard.press("Control+A")
    pg.keyboard.type("2019-04-04")
    pg.keyboard.press("Enter")
    _wait_saved(pg)
    raw = json.loads(events.read_text(encoding="utf-8"))
    assert next(e for e in raw["events"] if e["id"] == "e9")["date"] == "2019-04-04"
    # Other events in the text are reachable by Tab and selected with Enter.
    _press_until(pg, "Tab", "document.activeElement.classList.contains('other-event')")
    target = pg.evaluate("document.activeElement.textContent")
    pg.keyboard.press("Enter")
    pg.wait_for_function(
        "(t) => (document.getElementById('evidence-anchor') || {}).textContent === t",
        arg=target,
        timeout=WAIT_MS,
    )


def test_table_rows_are_selected_with_the_keyboard(
    served: tuple[str, Path], page: object
) -> None:
    url, _events = served
    pg = page
    pg.goto(url)
    pg.wait_for_selector(DATE_CELLS, timeout=WAIT_MS)
    pg.focus(f"{DATE_CELLS} >> nth=0")
    pg.keyboard.press("ArrowDown")
    pg.wait_for_function(
        "() => document.activeElement.closest('.ag-row')"
        " && document.activeElement.closest('.ag-row').getAttribute('row-index') === '1'",
        timeout=WAIT_MS,
    )
    pg.keyboard.press("Enter")
    pg.wait_for_function("() => location.search.includes('event=')", timeout=WAIT_MS)
    pg.wait_for_selector("#evidence-anchor", timeout=WAIT_MS)
    # Tab leaves the grid instead of walking every cell (the old table trapped focus).
    pg.focus(f"{DATE_CELLS} >> nth=0")
    pg.keyboard.press("Tab")
    assert pg.evaluate(
        "!!document.activeElement.closest('.ag-center-cols-container')"
    ) is False


# Installed before the page's scripts: the table's row requests wait until the test lets
# them go, so a row is still a loading stub when it is focused.
HOLD_ROWS = """(() => {
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    window.__releaseRows = () => release();
    const realFetch = window.fetch;
    window.fetch = function (url, options) {
        const body = options && options.body ? String(options.body) : '';
        return body.includes('getRowsRequest') ? held.then(() => realFetch(url, options))
                                               : realFetch(url, options);
    };
})();"""


def test_focus_stays_on_a_table_row_while_it_loads(served: tuple[str, Path], page: object) -> None:
    """The grid replaces a loading row's element when its data arrives; the keyboard focus
    stays on the table instead of falling to the page."""
    url, _events = served
    pg = page
    pg.add_init_script(HOLD_ROWS)
    pg.goto(url)
    stub = "#events-table .ag-center-cols-container .ag-row:not([row-id]) .ag-cell[col-id=date]"
    pg.wait_for_selector(stub, timeout=WAIT_MS)
    pg.focus(stub)
    pg.evaluate("window.__releaseRows()")
    pg.wait_for_selector(DATE_CELLS, timeout=WAIT_MS)
    pg.wait_for_function(
        "() => { const r = document.activeElement.closest('.ag-row[row-id]');"
        " return !!r && r.getAttribute('row-index') === '0'; }",
        timeout=WAIT_MS,
    )
    pg.keyboard.press("ArrowDown")
    pg.wait_for_function(
        "() => { const r = document.activeElement.closest('.ag-row[row-id]');"
        " return !!r && r.getAttribute('row-index') === '1'; }",
        timeout=WAIT_MS,
    )


# Installed before the page's scripts: the answers to typing in the date field arrive
# just after the answer to Enter (the save), and the page then redraws the editor late;
# the page counts the requests still unanswered.
LATE_TYPING = """(() => {
    window.__unanswered = 0;
    let saved;
    const save = new Promise((resolve) => { saved = resolve; });
    const later = (ms) => (r) => new Promise((ok) => setTimeout(() => ok(r), ms));
    const realFetch = window.fetch;
    window.fetch = function (url, options) {
        const body = options && options.body ? String(options.body) : '';
        const typing = body.includes('"changedPropIds":["edit-date.value"]');
        const submit = body.includes('"changedPropIds":["edit-date.n_submit"]');
        const redraw = body.includes('"changedPropIds":["version.data"]');
        window.__unanswered += 1;
        let answer = realFetch(url, options);
        if (typing) { answer = answer.then((r) => save.then(later(50)).then(() => r)); }
        if (submit) { answer = answer.then((r) => { saved(); return r; }); }
        if (redraw) { answer = answer.then(later(600)); }
        return answer.finally(() => { window.__unanswered -= 1; });
    };
})();"""


def test_saved_stays_saved_when_typing_is_answered_late(
    served: tuple[str, Path], page: object
) -> None:
    """Typing then Enter at once: whatever the page learns about the typing afterwards,
    the status line ends on "Saved", which is what happened to the value shown."""
    url, events = served
    pg = page
    pg.add_init_script(LATE_TYPING)
    pg.goto(url + "?event=e9")
    pg.wait_for_function(
        "() => (document.getElementById('edit-date') || {}).value === '2019-04-02'",
        timeout=WAIT_MS,
    )
    pg.fill("#edit-date", "2019-04-05")
    pg.press("#edit-date", "Enter")
    pg.wait_for_selector("#edit-message.ok", timeout=WAIT_MS)
    pg.wait_for_function("() => window.__unanswered === 0", timeout=WAIT_MS)
    assert "ok" in pg.get_attribute("#edit-message", "class")
    assert pg.input_value("#edit-date") == "2019-04-05"
    raw = json.loads(events.read_text(encoding="utf-8"))
    assert next(e for e in raw["events"] if e["id"] == "e9")["date"] == "2019-04-05"


def test_cut_lane_names_carry_their_whole_text(served: tuple[str, Path], page: object) -> None:
    """A lane name too long for the margin is cut on the page; hovering it (or a screen
    reader) gets the whole name."""
    url, events = served
    pg = page
    pg.goto(url)
    pg.wait_for_selector("#timeline .ytick text title", state="attached", timeout=WAIT_MS)
    ticks = pg.evaluate(
        """Array.from(document.querySelectorAll('#timeline .ytick text')).map(t => {
            const title = t.querySelector('title');
            const shown = Array.from(t.childNodes).filter(n => n !== title)
                .map(n => n.textContent).join('');
            return [shown, title ? title.textContent : null]; })"""
    )
    docs = {d["title"] for d in json.loads(events.read_text(encoding="utf-8"))["documents"]}
    assert any(shown.endswith("…") for shown, _ in ticks), ticks
    for shown, whole in ticks:
        assert whole in docs and whole.startswith(shown.rstrip("…")), (shown, whole)
