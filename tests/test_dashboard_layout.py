"""The page on a laptop and on a phone: evidence in view, no sideways scrolling."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from test_dashboard_browser import DATE_CELLS, OUTPUT, WAIT_MS, open_page, serve
from test_dashboard_support import copy_fixture

pytestmark = pytest.mark.browser
EVIDENCE_IN_VIEW = """() => { const m = document.getElementById('evidence-anchor');
    if (!m) return false;
    const r = m.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0
        && r.right <= window.innerWidth; }"""
NO_SIDEWAYS_SCROLL = (
    "() => document.documentElement.scrollWidth <= window.innerWidth"
    " && document.body.scrollWidth <= window.innerWidth"
)


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    yield from serve(copy_fixture(tmp_path / "corpus"))


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_evidence_in_view_and_no_sideways_scroll(
    served: tuple[str, Path], width: int, height: int
) -> None:
    url, _events = served
    for pg in open_page(width, height):
        pg.goto(url + "?event=e12")
        pg.wait_for_selector(DATE_CELLS, timeout=WAIT_MS)
        pg.wait_for_function(EVIDENCE_IN_VIEW, timeout=WAIT_MS)
        pg.wait_for_function(NO_SIDEWAYS_SCROLL, timeout=WAIT_MS)
        pg.screenshot(path=str(OUTPUT / f"dashboard_{width}x{height}.png"))
        if width < 800:
            # One column: the table and the source are stacked, each as wide as the page.
            boxes = pg.evaluate(
                """() => ['.table-panel', '.source-panel'].map(s =>
                    document.querySelector(s).getBoundingClientRect().toJSON())"""
            )
            assert boxes[1]["top"] >= boxes[0]["bottom"]
            assert all(b["right"] <= width for b in boxes)
        # Selecting another event in the text scrolls its evidence into view too.
        pg.click("#source .other-event >> nth=0")
        pg.wait_for_function(EVIDENCE_IN_VIEW, timeout=WAIT_MS)
        pg.wait_for_function(NO_SIDEWAYS_SCROLL, timeout=WAIT_MS)
