"""Speed and memory of `timeline extract` on the TempEval-3 silver corpus, from files.

Materialises the corpus once into a temporary folder (one `.txt` per document with
its DCT in a front-matter block), then runs the real command in a subprocess and
prints: wall time, chars/s per core and peak RSS (the whole process tree) for
`--jobs 1` and `--jobs 2`; an unchanged re-run; a run after changing one document;
and 1x/2x/4x copies of the corpus (documents repeated under new ids) to show that
time grows linearly. The runs use a snapshot of the package taken at start, so edits
made to the source meanwhile do not invalidate the cache between runs; the snapshot's
bytecode is compiled first, as an installed package's is (otherwise, with
PYTHONDONTWRITEBYTECODE set, every run would compile every module again). Usage:

    python bench/extract_corpus.py [--corpus PATH] [--docs N] [--skip-jobs1] [--no-scaling]
                                   [--repeat N] [--full-runs N] [--instructions]

The machine may be shared: wall times then suffer, so CPU seconds (user + system of the
command and its workers) are printed too, as a load-independent measure of the work. A
virtual machine's speed also drifts by several percent from minute to minute: with
`--full-runs N` the `--jobs 1` extraction runs N times and the median and range of its
chars per CPU second are printed. `--instructions` also runs it once under valgrind
(`cachegrind`, no cache simulation; Debian's `valgrind` package) and prints the
instructions it executed per character: a count that does not drift with the machine,
to compare two versions of the code (the run takes about fifty times as long).
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

import timeline
from timeline.timeml import iter_tarball

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "corpus" / "te3-silver-timeml.tar.gz"


def materialise(corpus: Path, folder: Path, limit: int | None) -> tuple[int, int]:
    """Write each document as `<id>.txt` with a front-matter date; (documents, chars)."""
    folder.mkdir(parents=True, exist_ok=True)
    docs = chars = 0
    for doc_id, dct, text in iter_tarball(corpus):
        if limit is not None and docs >= limit:
            break
        head = f"---\ndate: {dct.isoformat()}\n---\n" if dct else ""
        body = head + text.strip() + "\n"
        (folder / f"{doc_id}.txt").write_text(body, encoding="utf-8")
        docs += 1
        chars += len(body)
    return docs, chars


def replicate(source: Path, folder: Path, times: int) -> None:
    """`times` copies of every document, each copy under a new id (a new file name)."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in sorted(source.glob("*.txt")):
        for k in range(times):
            name = f.name if k == 0 else f"{f.stem}__copy{k}.txt"
            shutil.copyfile(f, folder / name)


ENV = dict(os.environ)


def snapshot_code(folder: Path) -> None:
    """Run a copy of the package, so edits made during the bench do not invalidate the cache."""
    shutil.copytree(
        Path(timeline.__file__).parent,
        folder / "timeline",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    compileall.compile_dir(folder / "timeline", quiet=1)
    ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [str(folder), ENV.get("PYTHONPATH")]))


CPU = [0.0]  # CPU seconds (user + system) of the last run's whole process tree


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(inputs: Path, out: Path, *extra: str) -> tuple[float, float, str]:
    """(wall seconds, peak RSS of the process tree in MB, stderr) of one extract run."""
    cpu_before = _children_cpu()
    cmd = [sys.executable, "-m", "timeline", "extract", str(inputs), "--out", str(out), *extra]
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=ENV
    )
    watched = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.02)
    wall = time.perf_counter() - started
    CPU[0] = _children_cpu() - cpu_before  # the command reaps its workers, so they count
    err = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"extract failed ({proc.returncode}):\n{err}")
    return wall, peak / 2**20, err


def instructions(inputs: Path, out: Path, chars: int) -> str:
    """The instructions one `--jobs 1 --no-cache` extraction executes, counted by valgrind."""
    if shutil.which("valgrind") is None:
        return "instructions: valgrind is not installed (apt-get install valgrind)"
    cmd = [
        "valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
        sys.executable, "-m", "timeline", "extract", str(inputs), "--out", str(out),
        "--jobs", "1", "--no-cache", "--quiet",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, env=ENV)
    m = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode != 0 or m is None:
        return f"instructions: valgrind run failed ({done.returncode})"
    count = int(m.group(1).replace(",", ""))
    return f"instructions, --jobs 1: {count:,} ({count / chars:,.0f} per character)"


def summary_line(err: str, prefix: str) -> str:
    return next((ln for ln in err.splitlines() if ln.startswith(prefix)), "?")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--docs", type=int, default=None, help="use only the first N documents")
    parser.add_argument("--skip-jobs1", action="store_true", help="skip the one-process run")
    parser.add_argument("--no-scaling", action="store_true", help="skip the 1x/2x/4x runs")
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs of the one-document change (default 5)"
    )
    parser.add_argument(
        "--full-runs", type=int, default=1, help="runs of the --jobs 1 extraction (default 1)"
    )
    parser.add_argument(
        "--instructions", action="store_true",
        help="count the --jobs 1 extraction's instructions under valgrind (slow)",
    )
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (skipping)")
        return 0

    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as tmp:
        base = Path(tmp)
        snapshot_code(base / "code")
        corpus = base / "corpus"
        docs, chars = materialise(args.corpus, corpus, args.docs)
        print(f"corpus: {docs} documents, {chars:,} chars")

        for jobs in [2] if args.skip_jobs1 else [1, 2]:
            out = base / f"out-j{jobs}" / "events.json"
            speeds = []
            for _ in range(args.full_runs if jobs == 1 else 1):
                shutil.rmtree(out.parent, ignore_errors=True)  # each run a first run
                wall, rss, err = run(corpus, out, "--jobs", str(jobs), "--no-cache", "--quiet")
                speeds.append(chars / CPU[0])
                print(
                    f"full extract --jobs {jobs}: {wall:.2f} s wall, {chars / wall:,.0f} chars/s, "
                    f"{chars / wall / jobs:,.0f} chars/s per core by wall time, "
                    f"{chars / CPU[0]:,.0f} chars/s per CPU second ({CPU[0]:.1f} CPU s), "
                    f"peak RSS {rss:.0f} MB, {out.stat().st_size / 2**20:.1f} MB written"
                )
            if len(speeds) > 1:
                print(
                    f"--jobs 1 over {len(speeds)} runs: median "
                    f"{statistics.median(speeds):,.0f} chars per CPU second "
                    f"(range {min(speeds):,.0f}-{max(speeds):,.0f})"
                )
        if args.instructions:
            print(instructions(corpus, base / "out-valgrind" / "events.json", chars))
        if not args.skip_jobs1:
            same = (base / "out-j1/events.json").read_bytes() == (
                base / "out-j2/events.json"
            ).read_bytes()
            print(f"--jobs 1 and --jobs 2 outputs byte-identical: {same}")

        out = base / "incremental" / "events.json"
        wall, rss, err = run(corpus, out, "--jobs", "2")
        print(f"first cached run --jobs 2: {wall:.2f} s wall, peak RSS {rss:.0f} MB")
        wall, rss, err = run(corpus, out, "--jobs", "2")
        print(f"unchanged re-run: {wall:.2f} s wall ({summary_line(err, 'documents read')})")
        all_docs = sorted(corpus.glob("*.txt"))
        victim = all_docs[len(all_docs) // 2]
        text = victim.read_text(encoding="utf-8")
        walls, cpus, alone = [], [], True
        for k in range(args.repeat):  # the document alternates between two versions
            changed = text + "\nThe review ended on 3 March 2014.\n" if k % 2 == 0 else text
            victim.write_text(changed, encoding="utf-8")
            wall, rss, err = run(corpus, out, "--jobs", "2")
            walls.append(wall)
            cpus.append(CPU[0])
            read = summary_line(err, "documents read")
            m = re.search(r"\((\d+) extracted", read)
            alone = alone and m is not None and m.group(1) == "1"
        walls.sort()
        print(
            f"one document changed ({args.repeat} runs): median {statistics.median(walls):.2f} s "
            f"wall (range {walls[0]:.2f}-{walls[-1]:.2f}), median "
            f"{statistics.median(cpus):.2f} CPU s, peak RSS {rss:.0f} MB, "
            f"load average {os.getloadavg()[0]:.2f}"
        )
        print(f"re-extracted alone: {alone} (of {len(all_docs)})")
        if not args.no_scaling:
            for times in (1, 2, 4):
                folder = base / f"x{times}"
                replicate(corpus, folder, times)
                out = base / f"out-x{times}" / "events.json"
                wall, rss, _ = run(folder, out, "--jobs", "2", "--no-cache", "--quiet")
                print(
                    f"{times}x corpus ({docs * times} documents): {wall:.2f} s wall, "
                    f"{wall / times:.2f} s per 1x, {CPU[0]:.1f} CPU s "
                    f"({CPU[0] / times:.1f} per 1x), peak RSS {rss:.0f} MB"
                )
                shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
