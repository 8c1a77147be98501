"""Dashboard at scale: 1,000, 20,000 and 100,000 events, measured in headless Chromium.

For each size, writes a synthetic corpus (documents + a consistent events file, ten
events per document) to a temporary folder, serves it with
`python -m timeline.dashboard_command`, then measures:
  - time until the page is usable (timeline drawn and table filled), first visit and
    reloads (the server reads the events file when it starts, before the first visit);
  - time for a date-range filter change to redraw the timeline and the table;
  - time for a zoom to one year to be drawn (counts become single marks).
Prints one table, medians of `--trials`. Targets: first visit < 3 s, filter < 300 ms,
zoom < 1 s.

    python bench/dashboard_scale.py [--sizes 1000,20000,100000] [--trials 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timeline.dashboard.headless import CHROMIUM, LAUNCH_ARGS
from timeline.dates import bounds

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
]  # fmt: skip
ACTORS = [
    "The ministry", "Harbour officials", "The central bank", "Regional council",
    "The court", "Union leaders", "The company", "Investigators", "The governor",
    "Local residents", "The committee", "Aid agencies",
]  # fmt: skip
VERBS = [
    "announced a review of", "rejected", "approved", "reported on", "opened talks about",
    "suspended", "published findings on", "criticised", "launched", "completed",
]  # fmt: skip
OBJECTS = [
    "the port expansion", "the budget plan", "the water contract", "new housing rules",
    "the rail link", "the fishing quotas", "the energy tariff", "the flood defences",
]  # fmt: skip


def _phrase(rng: random.Random) -> tuple[str, str]:
    """A time expression as written and its EDTF reading."""
    year = rng.randint(1990, 2024)
    month = rng.randint(1, 12)
    kind = rng.random()
    if kind < 0.55:
        day = rng.randint(1, 28)
        return f"on {MONTHS[month - 1]} {day}, {year}", f"{year}-{month:02d}-{day:02d}"
    if kind < 0.75:
        return f"in {MONTHS[month - 1]} {year}", f"{year}-{month:02d}"
    if kind < 0.85:
        return f"in {year}", str(year)
    if kind < 0.9:
        decade = year // 10 * 10
        return f"in the early {decade}s", f"{decade}/{decade + 3}"
    if kind < 0.95:
        return f"since {year}", f"{year}/.."
    q = rng.randint(1, 4)
    return f"in Q{q} {year}", f"{year}-{3 * q - 2:02d}/{year}-{3 * q:02d}"


def write_corpus(root: Path, n_events: int, n_docs: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    docs_dir = root / "docs"
    docs_dir.mkdir(parents=True, exist_ok=True)
    documents, events = [], []
    per_doc = max(1, n_events // n_docs)
    hows = ["explicit"] * 6 + ["relative"] * 2 + ["inferred", "curated"]
    for d in range(n_docs):
        doc_id = f"doc{d:05d}"
        title = f"{rng.choice(ACTORS)} and {rng.choice(OBJECTS)}: report {d}"
        text = title + "\n\n"
        for k in range(per_doc):
            actor, verb, obj = rng.choice(ACTORS), rng.choice(VERBS), rng.choice(OBJECTS)
            phrase, edtf = _phrase(rng)
            sentence = f"{actor} {verb} {obj} {phrase}."
            s_start = len(text)
            e_start = s_start + sentence.index(phrase)
            text += sentence + (" " if k % 3 else "\n\n")
            earliest, latest = bounds(edtf)
            events.append({
                "id": f"{doc_id}-e{k}", "doc": doc_id, "date": edtf,
                "earliest": earliest, "latest": latest,
                "title": f"{actor} {verb} {obj}",
                "evidence": {"start": e_start, "end": e_start + len(phrase), "text": phrase},
                "sentence": {"start": s_start, "end": s_start + len(sentence),
                             "text": sentence},
                "how": rng.choice(hows), "confidence": round(rng.uniform(0.2, 1.0), 2),
                "status": "rejected" if rng.random() < 0.03 else "active",
            })  # fmt: skip
        path = docs_dir / f"{doc_id}.txt"
        path.write_text(text, encoding="utf-8")
        documents.append({"id": doc_id, "path": f"docs/{doc_id}.txt", "title": title})
    events_path = root / "events.json"
    events_path.write_text(
        json.dumps({"version": 1, "documents": documents, "events": events}), encoding="utf-8"
    )
    return events_path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"server did not start on port {port}")


USABLE_JS = """() => {
    const gd = document.querySelector('#timeline .js-plotly-plot');
    // Rows with a row-id hold data; a row still loading is a stub without one.
    const cells = document.querySelectorAll(
        '#events-table .ag-center-cols-container .ag-row[row-id] .ag-cell[col-id=date]');
    return !!(gd && gd._fullData && gd._fullData.length > 0 && cells.length > 0);
}"""

# Installed before the page's scripts: notes when the table's data arrives.
TABLE_WATCH_JS = """
window.__tableAt = 0;
const realFetch = window.fetch;
window.fetch = async function (url, options) {
    const response = await realFetch(url, options);
    const body = options && typeof options.body === 'string' ? options.body : '';
    if (body.includes('events-table.getRowsResponse')) {
        response.clone().text().then(() => {
            requestAnimationFrame(() => { window.__tableAt = performance.now(); });
        });
    }
    return response;
};
"""

ARM_JS = """() => {
    const gd = document.querySelector('#timeline .js-plotly-plot');
    window.__afterplot = 0;
    window.__tableAt = 0;
    if (!gd.__benchArmed) {
        gd.on('plotly_afterplot', () => { window.__afterplot = performance.now(); });
        gd.__benchArmed = true;
    }
    if (!window.__armed) {
        document.getElementById('f-from').addEventListener('keydown', (e) => {
            if (e.key === 'Enter') window.__t0 = performance.now();
        }, true);
        window.__armed = true;
    }
}"""

DONE_JS = """() => window.__afterplot > window.__t0 && window.__tableAt > window.__t0"""

ELAPSED_JS = """() => Math.max(window.__afterplot, window.__tableAt) - window.__t0"""


# Zoom to one year (as a drag on the axis would): the server answers with one mark per
# event in view, or finer counts when the year holds more than 1,500. Resolves with the
# time until that view is drawn.
ZOOM_JS = """(year) => new Promise((resolve, reject) => {
    const gd = document.querySelector('#timeline .js-plotly-plot');
    const t0 = performance.now();
    const done = () => {
        // Single marks in that year, or (over 1,500 events in it) counts binned by month
        // starting in that year: the server's zoomed view is drawn either way.
        if (gd.data.some((t) => (t.type === 'scatter' && t.customdata
                && t.x.some((x) => x && x.startsWith(year)))
                || (t.type === 'heatmap' && String(t.x[0]).startsWith(year)))) {
            gd.removeListener('plotly_afterplot', done);
            resolve(performance.now() - t0);
        }
    };
    gd.on('plotly_afterplot', done);
    setTimeout(() => reject(new Error('no zoomed view of ' + year + ' drawn')), 60000);
    Plotly.relayout(gd, {'xaxis.range': [year + '-01-01', year + '-12-31']});
})"""


def measure(url: str, trials: int) -> dict[str, float | list[float]]:
    from playwright.sync_api import sync_playwright

    out: dict[str, float | list[float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.add_init_script(TABLE_WATCH_JS)
        loads = []
        for _ in range(trials + 1):
            t0 = time.perf_counter()
            page.goto(url)
            page.wait_for_function(USABLE_JS, timeout=60000, polling=20)
            loads.append(time.perf_counter() - t0)
        out["usable_cold_s"] = loads[0]
        out["usable_warm_s"] = statistics.median(loads[1:])
        changes = []
        for year in (["2005", "2012", "1999", "2018", "2001", "2010"] * trials)[:trials]:
            page.evaluate(ARM_JS)
            page.fill("#f-from", year)
            page.press("#f-from", "Enter")
            page.wait_for_function(DONE_JS, timeout=20000, polling=10)
            changes.append(page.evaluate(ELAPSED_JS))
        out["filter_ms"] = changes
        zooms = []
        for year in range(2015, 2015 + trials):
            zooms.append(page.evaluate(ZOOM_JS, str(year)))
        out["zoom_ms"] = zooms
        browser.close()
    return out


def run_size(n_events: int, trials: int) -> dict[str, float | list[float]]:
    n_docs = max(1, n_events // 10)
    with tempfile.TemporaryDirectory(prefix="timeline-dash-bench-") as tmp:
        t0 = time.perf_counter()
        events = write_corpus(Path(tmp), n_events, n_docs)
        print(f"corpus: {n_events:,} events in {n_docs:,} documents "
              f"({events.stat().st_size / 1e6:.1f} MB) written in "
              f"{time.perf_counter() - t0:.1f} s", flush=True)  # fmt: skip
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "timeline.dashboard_command", "--events", str(events),
             "--port", str(port)],
            cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ},
        )  # fmt: skip
        try:
            t0 = time.perf_counter()
            _wait_for_port(port, timeout=600)
            started = time.perf_counter() - t0
            res = measure(f"http://127.0.0.1:{port}/", trials)
            res["server_start_s"] = started
        finally:
            server.terminate()
            server.wait(timeout=10)
    return res


def _verdict(value: float, target: float) -> str:
    return "ok" if value < target else "OVER"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,20000,100000",
                        help="event counts, comma-separated")  # fmt: skip
    parser.add_argument("--trials", type=int, default=3)
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} not found: install Debian's chromium", file=sys.stderr)
        return 2
    results = {n: run_size(n, args.trials) for n in map(int, args.sizes.split(","))}
    print(
        f"\nmachine: {os.cpu_count()} cores, 1-min load average {os.getloadavg()[0]:.2f} at "
        f"the end; Chromium with --disable-gpu; medians of {args.trials}"
    )
    print("| events | server start | first visit (< 3 s) | reload | filter (< 300 ms) "
          "| zoom to a year (< 1 s) |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for n, r in results.items():
        cold, warm = float(r["usable_cold_s"]), float(r["usable_warm_s"])  # type: ignore[arg-type]
        filt = statistics.median(r["filter_ms"])  # type: ignore[arg-type]
        zoom = statistics.median(r["zoom_ms"])  # type: ignore[arg-type]
        print(f"| {n:,} | {float(r['server_start_s']):.1f} s "  # type: ignore[arg-type]
              f"| {cold:.2f} s {_verdict(cold, 3)} | {warm:.2f} s "
              f"| {filt:.0f} ms {_verdict(filt, 300)} | {zoom:.0f} ms {_verdict(zoom, 1000)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
