"""The browser tests, run again and again: each run a fresh pytest process, so a flake
shows as one red cell in a row of green instead of hiding behind a retry.

The tests run are every test file that starts Chromium: files that mention
`chromium`/`playwright` or use the dashboard browser tests' `open_page`/`serve`.
Prints one row per test (P passed, F failed, E error, S skipped, per run), the clean
runs out of N, and the first lines of each failure.

    python bench/browser_repeat.py --runs 10 [--files tests/a.py,tests/b.py] [-k EXPR]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
# What a test file contains when it drives the browser, directly or through the shared
# helpers of the dashboard browser tests.
LAUNCHES = re.compile(r"chromium|playwright|\bopen_page\b|from test_dashboard_browser import")
MARK = {"passed": "P", "failed": "F", "error": "E", "skipped": "S"}
FAILURE_LINES = 6


def browser_test_files(tests: Path = TESTS) -> list[Path]:
    """Every test module that launches Chromium (never the helpers, which start nothing)."""
    return sorted(
        p for p in tests.glob("test_*.py") if LAUNCHES.search(p.read_text(encoding="utf-8"))
    )


def outcomes(junit: Path) -> dict[str, tuple[str, str]]:
    """Test id -> (outcome, failure text) from pytest's JUnit XML report."""
    results: dict[str, tuple[str, str]] = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        name = f"{case.get('classname', '').rsplit('.', 1)[-1]}::{case.get('name')}"
        outcome, text = "passed", ""
        for child in case:
            if child.tag in ("failure", "error"):
                # A teardown error after a failure keeps the failure's verdict.
                outcome = "failed" if child.tag == "failure" or outcome == "failed" else "error"
                text += f"{child.get('message', '')}\n{child.text or ''}\n"
            elif child.tag == "skipped" and outcome == "passed":
                outcome, text = "skipped", child.get("message", "")
        results[name] = (outcome, text)
    return results


def run_once(files: list[Path], extra: list[str], timeout: float) -> tuple[dict, float, str]:
    """One fresh pytest process over the files; its outcomes, wall seconds and tail."""
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               f"--junitxml={junit}", *extra, *map(str, files)]  # fmt: skip
        start = time.monotonic()
        try:
            proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True,
                                  timeout=timeout)  # fmt: skip
            tail = (proc.stdout + proc.stderr)[-2000:]
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
            tail = f"pytest still running after {timeout:.0f} s\n{out[-2000:]}"
        seconds = time.monotonic() - start
        found = outcomes(junit) if junit.exists() else {}
    return found, seconds, tail


def first_lines(text: str, n: int = FAILURE_LINES) -> str:
    """The failure's assertion lines (`E ...`) first, as pytest prints them."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    marked = [ln for ln in lines if ln.startswith("E ")]
    # Where in the test it failed: the last line pytest marks with ">" in a test file.
    where = [ln for ln in lines if ln.startswith(">")][-1:]
    return "\n".join(where + (marked or lines)[:n])


def table(runs: list[dict[str, tuple[str, str]]]) -> list[str]:
    names = sorted({name for r in runs for name in r})
    width = max((len(n) for n in names), default=4)
    head = f"{'test':<{width}} " + " ".join(f"{i + 1:>2}" for i in range(len(runs)))
    lines = [head + "  passed", "-" * (len(head) + 8)]
    for name in names:
        cells = [MARK.get(r.get(name, ("missing", ""))[0], "?") for r in runs]
        passed = sum(c in "PS" for c in cells)
        lines.append(f"{name:<{width}} " + " ".join(f"{c:>2}" for c in cells)
                     + f"  {passed}/{len(runs)}")  # fmt: skip
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--files", default="", help="comma-separated test files (default: found)")
    ap.add_argument("-k", default="", help="pytest -k expression")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per run")
    args = ap.parse_args(argv)
    files = [Path(f) for f in args.files.split(",") if f] or browser_test_files()
    extra = ["-k", args.k] if args.k else []
    print("files:", " ".join(str(f.relative_to(ROOT) if f.is_absolute() else f) for f in files))
    runs, failures, clean = [], [], 0
    for i in range(args.runs):
        found, seconds, tail = run_once(files, extra, args.timeout)
        bad = {n: t for n, (o, t) in found.items() if o in ("failed", "error")}
        if not found:
            bad = {"(no report)": tail}
        clean += not bad
        runs.append(found)
        failures += [(i + 1, n, t) for n, t in bad.items()]
        names = f" ({', '.join(sorted(bad))})" if bad else ""
        print(f"run {i + 1}: {len(found)} tests, {len(bad)} failed{names}, {seconds:.0f} s",
              flush=True)  # fmt: skip
    print()
    print("\n".join(table(runs)))
    print(f"\nclean runs: {clean}/{args.runs}")
    for run, name, text in failures:
        print(f"\n--- run {run}: {name}\n{first_lines(text)}")
    return 0 if clean == args.runs else 1


if __name__ == "__main__":
    raise SystemExit(main())
