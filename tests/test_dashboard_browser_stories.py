"""The stories view in headless Chromium: choose a story mark (mouse and keyboard), read its
quotes, share it by its address, and merge two stories from the page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from test_dashboard_access import _axe
from test_dashboard_browser import OUTPUT, WAIT_MS, open_page, serve
from test_dashboard_support import add_stories, copy_fixture

pytestmark = pytest.mark.browser
MARKS = "#stories-figure .js-plotly-plot .scatterlayer .point"
QUOTES = "#stories-quotes .story-quote"


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    yield from serve(add_stories(copy_fixture(tmp_path / "corpus")))


@pytest.fixture()
def page() -> Iterator[object]:
    yield from open_page()


def _wait_drawn(pg: object, ids: list[str]) -> None:
    pg.wait_for_function(
        """(want) => { const gd = document.querySelector('#stories-figure .js-plotly-plot');
            const got = (gd && gd.data || []).flatMap(t => t.customdata || []).sort();
            return JSON.stringify(got) === JSON.stringify(want); }""",
        arg=sorted(ids),
        timeout=WAIT_MS,
    )


def _click_story(pg: object, story_id: str) -> None:
    """Hover the story's mark until plotly's label names it, then click it."""
    found = pg.evaluate(
        """(id) => {
            const gd = document.querySelector('#stories-figure .js-plotly-plot');
            for (const t of gd.data) {
                const i = (t.customdata || []).indexOf(id);
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
        story_id,
    )
    assert found, f"story {story_id} is not drawn"
    x, y, title = found
    pg.mouse.move(x, y)
    pg.wait_for_function(
        """(t) => [...document.querySelectorAll('#stories-figure .hoverlayer .hovertext')]
            .some(h => h.textContent.includes(t))""",
        arg=title,
        timeout=WAIT_MS,
    )
    pg.mouse.click(x, y)


def _wait_heading(pg: object, text: str) -> None:
    pg.wait_for_function(
        "(t) => (document.querySelector('#stories-quotes h3') || {}).textContent === t",
        arg=text,
        timeout=WAIT_MS,
    )


def test_choose_a_story_mark_read_its_quotes_and_share_it(
    served: tuple[str, Path], page: object
) -> None:
    url, _events = served
    pg = page
    pg.goto(url + "?stories=1")
    _wait_drawn(pg, ["s-quay", "s-storm"])
    # The mouse: the quay's mark lists both sources' quotes and goes in the address.
    _click_story(pg, "s-quay")
    _wait_heading(pg, "Who says so: North quay money and reopening")
    assert len(pg.query_selector_all(QUOTES)) == 2
    assert "sources disagree: 2019-03-14 in 1 source, 2019-04-02 in 1" in pg.inner_text(
        "#stories-quotes"
    )
    pg.wait_for_function("() => location.search.includes('story=s-quay')", timeout=WAIT_MS)
    pg.click(f"{QUOTES}:has-text('Council minutes')")
    pg.wait_for_function(
        "() => (document.getElementById('evidence-anchor') || {}).textContent "
        "=== '2 April 2019'",
        timeout=WAIT_MS,
    )
    # The keyboard: Tab to the figure, Home goes to the earliest story, Enter chooses it.
    pg.focus("#stories-nav")
    pg.keyboard.press("Home")
    pg.wait_for_function(
        "() => document.getElementById('stories-live').textContent.includes('Winter storm')",
        timeout=WAIT_MS,
    )
    pg.keyboard.press("Enter")
    _wait_heading(pg, "Who says so: Winter storm")
    pg.wait_for_function("() => location.search.includes('story=s-storm')", timeout=WAIT_MS)
    pg.screenshot(path=str(OUTPUT / "dashboard_stories.png"), full_page=True)
    found = _axe(pg)  # the view with a story chosen: no serious WCAG A/AA violation
    assert found == [], json.dumps(found, indent=1)
    # The address reopens the same story; a document filter keeps the stories it tells.
    shared = pg.evaluate("location.href")
    pg.goto("about:blank")
    pg.goto(shared)
    _wait_heading(pg, "Who says so: Winter storm")
    pg.goto(url + "?stories=1&doc=council")
    _wait_drawn(pg, ["s-quay"])
    pg.wait_for_function(
        "() => document.getElementById('stories-note').textContent"
        ".includes('1 story also told outside them')",
        timeout=WAIT_MS,
    )


def test_merge_two_stories_from_the_page_with_a_confirm_step(
    served: tuple[str, Path], page: object
) -> None:
    url, events = served
    pg = page
    pg.goto(url + "?stories=1&story=s-storm")
    _wait_heading(pg, "Who says so: Winter storm")
    pg.click("#story-merge-target")
    pg.get_by_role("option", name="North quay money and reopening").click()
    try:
        pg.click("#story-merge", timeout=WAIT_MS)
    except Exception:
        pg.screenshot(path=str(OUTPUT / "dashboard_stories_merge_failed.png"), full_page=True)
        raise
    pg.wait_for_selector("#story-confirm-box", state="visible", timeout=WAIT_MS)
    text = pg.inner_text("#story-confirm-text")
    assert "Merge “Winter storm” into “North quay money and reopening”?" in text
    assert "told by 2 sources" in text and "applies at the next extract" in text
    assert "merged_into" not in events.read_text(encoding="utf-8")  # not before Confirm
    # Confirm with the keyboard.
    pg.focus("#story-confirm")
    pg.keyboard.press("Enter")
    pg.wait_for_function(
        "() => document.getElementById('story-write-note').textContent.startsWith('Merged')",
        timeout=WAIT_MS,
    )
    stories = {s["id"]: s for s in json.loads(events.read_text(encoding="utf-8"))["stories"]}
    assert stories["s-storm"]["merged_into"] == "s-quay"
    # The merged story is drawn once, previewed, and becomes the chosen one.
    _wait_drawn(pg, ["s-quay"])
    pg.wait_for_function("() => location.search.includes('story=s-quay')", timeout=WAIT_MS)
    pg.wait_for_selector("#story-confirm-box", state="hidden", timeout=WAIT_MS)
    pg.wait_for_function(
        "(sel) => document.querySelectorAll(sel).length === 3", arg=QUOTES, timeout=WAIT_MS
    )
    assert "applies at the next extract" in pg.inner_text("#stories-quotes")
