"""Output regression check for speed work: does `timeline extract` still write the same file?

Materialises a fixed sample (the seeds plus the first N documents of the TempEval-3
silver corpus, each with a fixed file time), runs the real `extract` command on it in
a subprocess (`--jobs 1 --no-cache`) and either saves the events file it wrote or
compares it byte for byte with a saved one, naming the first differing documents and
events. Usage:

    python bench/extract_regression.py --save FILE [--docs N]
    python bench/extract_regression.py --compare FILE [--docs N]

Optimisations must leave this output unchanged; run `--save` before, `--compare` after.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from extract_corpus import DEFAULT, materialise  # beside this script

ROOT = Path(__file__).resolve().parents[1]
FILE_TIME = 1_577_836_800  # 2020-01-01T00:00:00Z: `retrieved` comes from the file time


def sample(folder: Path, corpus: Path, docs: int) -> int:
    """The seeds and the first `docs` corpus documents in `folder`; their characters."""
    _, chars = materialise(corpus, folder, docs)
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copyfile(seed, folder / seed.name)
        chars += len(seed.read_text(encoding="utf-8"))
    for f in folder.iterdir():
        os.utime(f, (FILE_TIME, FILE_TIME))
    return chars


def extract(folder: Path, out: Path) -> tuple[bytes, float]:
    """The events file written for `folder`, and the command's CPU seconds."""
    before = os.times()
    cmd = [sys.executable, "-m", "timeline", "extract", str(folder), "--out", str(out),
           "--jobs", "1", "--no-cache", "--quiet"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"extract failed ({done.returncode}):\n{done.stderr}")
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return out.read_bytes(), cpu


def differences(old: dict[str, Any], new: dict[str, Any], limit: int = 10) -> list[str]:
    """The first differing documents, events and stories, by id."""
    found: list[str] = []
    for part in ("documents", "events", "stories"):
        a = {x.get("id"): x for x in old.get(part, [])}
        b = {x.get("id"): x for x in new.get(part, [])}
        for key in sorted(a.keys() | b.keys(), key=str):
            if a.get(key) != b.get(key):
                found.append(f"{part} {key}: was {a.get(key)}\n  now {b.get(key)}")
                if len(found) >= limit:
                    return found
        if list(a) != list(b):
            found.append(f"{part}: same items, different order")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--save", type=Path, help="write the events file produced here")
    what.add_argument("--compare", type=Path, help="compare with an events file saved earlier")
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--docs", type=int, default=300, help="corpus documents (default 300)")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (pass --corpus PATH)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="timeline-regression-") as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        chars = sample(folder, args.corpus, args.docs)
        started = time.perf_counter()
        produced, cpu = extract(folder, Path(tmp) / "out" / "events.json")
        wall = time.perf_counter() - started
    print(f"sample: {chars:,} chars; extract --jobs 1: {wall:.2f} s wall, {cpu:.2f} CPU s "
          f"({chars / cpu:,.0f} chars per CPU second, start-up included)")
    if args.save:
        args.save.write_bytes(produced)
        print(f"saved {len(produced):,} bytes to {args.save}")
        return 0
    expected = args.compare.read_bytes()
    if produced == expected:
        print("identical: the events file is byte for byte the saved one")
        return 0
    print("DIFFERENT from the saved events file:")
    for line in differences(json.loads(expected), json.loads(produced)):
        print(f"  {line}")
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
