"""Headless Chromium as the browser test and the scale bench start it.

Debian's `chromium` runs here as root, without a GPU and without network: no sandbox,
software drawing, no background traffic. One list, so the test and the bench measure
the same browser.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
