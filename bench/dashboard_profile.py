"""Where the dashboard's time goes: server CPU and wall time per step, and per callback.

Drives the same steps as `bench/dashboard_scale.py` (same synthetic corpora, same
headless Chromium) and prints, per size and step, the server process's CPU time (user +
system, from psutil before and after the step) next to the step's wall time. CPU time is
what a busy machine does not inflate, so it is the figure to compare between versions.
The server runs with `TIMELINE_DASH_TIMING=1`, so each callback response says how much
CPU its thread spent; the second table sums those per callback output and step.

    python bench/dashboard_profile.py [--sizes 1000,20000,100000] [--trials 3]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dashboard_scale import (  # noqa: E402
    ARM_JS,
    DONE_JS,
    ELAPSED_JS,
    USABLE_JS,
    ZOOM_JS,
    _free_port,
    _wait_for_port,
    write_corpus,
)
from timeline.dashboard.headless import CHROMIUM, LAUNCH_ARGS  # noqa: E402

# Installed before the page's scripts: the table watch of dashboard_scale, plus a record
# of every callback request (its outputs, wall time and the server's CPU header).
WATCH_JS = """
window.__tableAt = 0;
window.__calls = [];
window.__pending = 0;
window.__lastDone = performance.now();
const realFetch = window.fetch;
window.fetch = async function (url, options) {
    const body = options && typeof options.body === 'string' ? options.body : '';
    const isCallback = String(url).includes('_dash-update-component');
    let output = '';
    if (isCallback) {
        try { output = JSON.parse(body).output; } catch (e) { output = '?'; }
        window.__pending += 1;
    }
    const t0 = performance.now();
    try {
        const response = await realFetch(url, options);
        if (isCallback) {
            const timing = response.headers.get('Server-Timing') || '';
            const m = timing.match(/cpu;dur=([0-9.]+)/);
            window.__calls.push({output: output, wall: performance.now() - t0,
                                 cpu: m ? parseFloat(m[1]) : null});
        }
        if (body.includes('events-table.getRowsResponse')) {
            response.clone().text().then(() => {
                requestAnimationFrame(() => { window.__tableAt = performance.now(); });
            });
        }
        return response;
    } finally {
        if (isCallback) {
            window.__pending -= 1;
            window.__lastDone = performance.now();
        }
    }
};
"""

# No callback in flight for this long: the step's follow-up callbacks have all run.
QUIET_JS = """(ms) => window.__pending === 0 && performance.now() - window.__lastDone > ms"""

CLICK_ROW = "#events-table .ag-center-cols-container .ag-row[row-index='1'] .ag-cell[col-id=title]"
SOURCE_SHOWN = """() => !!document.querySelector('#source .evidence')"""


class Steps:
    """One browser page on one server: each step returns its wall ms; the server's CPU
    time and the callbacks are collected around it."""

    def __init__(self, page: Any, server: psutil.Process) -> None:
        self.page = page
        self.server = server
        self.rows: list[tuple[str, float, float, list[dict[str, Any]]]] = []

    def _cpu_ms(self) -> float:
        t = self.server.cpu_times()
        return (t.user + t.system) * 1000

    def run(self, name: str, action: Any) -> None:
        with contextlib.suppress(Exception):  # before the first page there is no window
            self.page.evaluate("() => { window.__calls = []; }")
        cpu0 = self._cpu_ms()
        wall = action()
        self.page.wait_for_function(QUIET_JS, arg=300, timeout=60000, polling=50)
        cpu = self._cpu_ms() - cpu0
        calls = self.page.evaluate("() => window.__calls")
        self.rows.append((name, cpu, wall, calls))


def _visit(page: Any, url: str) -> float:
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_function(USABLE_JS, timeout=120000, polling=20)
    return (time.perf_counter() - t0) * 1000


def _filter(page: Any, year: str) -> float:
    page.evaluate(ARM_JS)
    page.fill("#f-from", year)
    page.press("#f-from", "Enter")
    page.wait_for_function(DONE_JS, timeout=60000, polling=10)
    return float(page.evaluate(ELAPSED_JS))


def _click(page: Any) -> float:
    t0 = time.perf_counter()
    page.click(CLICK_ROW)
    page.wait_for_function(SOURCE_SHOWN, timeout=60000, polling=20)
    return (time.perf_counter() - t0) * 1000


def profile(url: str, server: psutil.Process, trials: int) -> Steps:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.add_init_script(WATCH_JS)
        steps = Steps(page, server)
        steps.run("first visit", lambda: _visit(page, url))
        for _ in range(trials):
            steps.run("reload", lambda: _visit(page, url))
        for year in (["2005", "2012", "1999", "2018", "2001", "2010"] * trials)[:trials]:
            steps.run("filter", lambda y=year: _filter(page, y))
        for year in range(2015, 2015 + trials):
            steps.run("zoom", lambda y=year: float(page.evaluate(ZOOM_JS, str(y))))
        steps.run("click a row", lambda: _click(page))
        browser.close()
    return steps


def run_size(n_events: int, trials: int) -> Steps:
    n_docs = max(1, n_events // 10)
    with tempfile.TemporaryDirectory(prefix="timeline-dash-profile-") as tmp:
        events = write_corpus(Path(tmp), n_events, n_docs)
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "timeline.dashboard_command", "--events", str(events),
             "--port", str(port)],
            cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "TIMELINE_DASH_TIMING": "1"},
        )  # fmt: skip
        try:
            _wait_for_port(port, timeout=600)
            proc = psutil.Process(server.pid)
            # Let the start-up work finish, so the first visit is measured alone.
            time.sleep(1.0)
            while proc.cpu_percent(interval=0.5) > 5:
                pass
            return profile(f"http://127.0.0.1:{port}/", proc, trials)
        finally:
            server.terminate()
            server.wait(timeout=10)


def _short_output(output: str) -> str:
    """`..timeline.figure...summary.children..` -> `timeline.figure+summary.children`."""
    parts = [p.split("@")[0] for p in output.strip(".").split("...") if p]
    return "+".join(parts[:2]) + ("+…" if len(parts) > 2 else "")


def print_steps(n: int, steps: Steps) -> None:
    by_step: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for name, cpu, wall, _calls in steps.rows:
        by_step[name].append((cpu, wall))
    print(f"\n{n:,} events: server CPU and wall per step (median of the runs)")
    print("| step | runs | server CPU ms | wall ms |")
    print("|---|---|---|---|")
    for name, runs in by_step.items():
        cpu = statistics.median(c for c, _ in runs)
        wall = statistics.median(w for _, w in runs)
        print(f"| {name} | {len(runs)} | {cpu:.0f} | {wall:.0f} |")
    calls: dict[tuple[str, str], list[float]] = defaultdict(list)
    walls: dict[tuple[str, str], list[float]] = defaultdict(list)
    counts = {name: len(runs) for name, runs in by_step.items()}
    for name, _cpu, _wall, step_calls in steps.rows:
        for call in step_calls:
            key = (name, _short_output(str(call["output"])))
            calls[key].append(float(call["cpu"] or 0))
            walls[key].append(float(call["wall"]))
    print(f"\n{n:,} events: callbacks per step (thread CPU and request wall, ms per run)")
    print("| step | callback outputs | calls/run | CPU ms/run | wall ms/run |")
    print("|---|---|---|---|---|")
    for (name, output), cpus in sorted(calls.items(), key=lambda kv: (kv[0][0], -sum(kv[1]))):
        runs = counts[name]
        print(f"| {name} | {output} | {len(cpus) / runs:.1f} | {sum(cpus) / runs:.0f} "
              f"| {sum(walls[(name, output)]) / runs:.0f} |")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,20000,100000",
                        help="event counts, comma-separated")  # fmt: skip
    parser.add_argument("--trials", type=int, default=3)
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} not found: install Debian's chromium", file=sys.stderr)
        return 2
    for n in map(int, args.sizes.split(",")):
        steps = run_size(n, args.trials)
        print_steps(n, steps)
    print(f"\nmachine: {os.cpu_count()} cores, 1-min load average "
          f"{os.getloadavg()[0]:.2f} at the end")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
