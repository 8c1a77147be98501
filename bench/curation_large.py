"""Time loading, validating, merging and saving a large events file (default about 50 MB).

Run: python bench/curation_large.py [MEGABYTES]
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from timeline.curation import load_events_file, merge, save_events_file
from timeline.curation.checks import id_lines, validate_events_data
from timeline.dates import bounds
from timeline.schema import EventsFile


def build(megabytes: float) -> dict:
    sentence = "The committee met again to review the budget and the schedule of works. " * 4
    events = []
    size, i = 0, 0
    while size < megabytes * 1_000_000:
        year = 1900 + i % 120
        ev = {
            "id": f"ev{i:07d}",
            "doc": f"doc{i % 500:03d}",
            "date": f"{year}-{1 + i % 12:02d}",
            "title": f"Meeting number {i}",
            "evidence": {"start": 0, "end": 4, "text": str(year)},
            "sentence": {"start": 0, "end": len(sentence), "text": sentence},
            "how": "explicit",
            "confidence": 0.8,
            "timex": str(year),
            "status": "active",
        }
        ev["earliest"], ev["latest"] = bounds(ev["date"])
        events.append(ev)
        size += len(json.dumps(ev)) + 40
        i += 1
    docs = [{"id": f"doc{d:03d}", "path": f"docs/doc{d:03d}.txt"} for d in range(500)]
    return {"version": 1, "documents": docs, "events": events}


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 50
    data = build(megabytes)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.json"
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        raw_bytes = path.read_bytes()
        print(f"file: {len(raw_bytes) / 1e6:.1f} MB, {len(data['events'])} events")
        t = time.perf_counter()
        check = validate_events_data(json.loads(raw_bytes), lines=id_lines(raw_bytes))
        print(
            f"validate (parse + checks, no spans): {time.perf_counter() - t:.2f}s, "
            f"{len(check.problems)} problems"
        )
        t = time.perf_counter()
        loaded = load_events_file(path)
        assert loaded is not None
        print(f"load_events_file (parse, checks, model): {time.perf_counter() - t:.2f}s")
        new = EventsFile.model_validate(data)
        t = time.perf_counter()
        merged = merge(path, new, texts={})
        print(f"merge with a same-size extraction: {time.perf_counter() - t:.2f}s {merged.summary}")
        t = time.perf_counter()
        save_events_file(path, merged.data, expected_fingerprint=loaded.fingerprint, base=new)
        print(f"save_events_file (.bak, base copy, atomic): {time.perf_counter() - t:.2f}s")


if __name__ == "__main__":
    main()
