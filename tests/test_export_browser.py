"""The exported HTML page in headless Chromium: it opens with the network cut off, asks
for nothing outside itself, and a timeline marker leads to the event's quote."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from timeline.cli import main

try:  # the dashboard package's launch settings, wherever it is installed
    from timeline.dashboard.headless import CHROMIUM, LAUNCH_ARGS
except ImportError:
    from dashboard.headless import CHROMIUM, LAUNCH_ARGS

pytestmark = pytest.mark.browser
FIXTURE = Path(__file__).parent / "fixtures" / "dashboard"


def test_exported_page_opens_offline_and_links_an_event_to_its_quote(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing on CI: install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} not found")
    sync_api = pytest.importorskip("playwright.sync_api")
    page_file = tmp_path / "timeline.html"
    events = FIXTURE / "events.json"
    assert main(["export", "--events", str(events), "--format", "html", "--out", str(page_file),
                 "--docs", str(FIXTURE)]) == 0
    data = json.loads(events.read_text(encoding="utf-8"))
    chosen = next(e for e in data["events"] if e.get("status") != "rejected" and e.get("sentence"))
    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            context = browser.new_context(offline=True)
            page = context.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri())
            marker = page.locator(f'svg a[href="#ev-{chosen["id"]}"]')
            assert marker.count() == 1
            marker.click()
            assert page.evaluate("location.hash") == f"#ev-{chosen['id']}"
            target = page.locator(":target")
            assert target.get_attribute("id") == f"ev-{chosen['id']}"
            assert target.locator("blockquote").inner_text() == chosen["sentence"]["text"]
            target.locator("summary").click()
            assert chosen["sentence"]["text"] in target.locator("mark").inner_text()
            assert target.locator("mark").is_visible()
        finally:
            browser.close()
    assert all(u.startswith("file://") for u in requests), requests
