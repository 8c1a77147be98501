"""The shortcuts a re-run takes must give exactly what the general paths give."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

from timeline.curation import load_events_file, merge, merge_data, save_events_file
from timeline.curation.sidecar import base_path, removed_path
from timeline.curation.store import base_dump, base_form
from timeline.documents import document_record, load_document
from timeline.engines import Job, extract_file
from timeline.schema import EventsFile

REPORT = """# Harbour report

The harbour authority was founded in 1962. A new pier opened on 12 June 1987.
The old crane was dismantled in March 2001, and the ferry service stopped in 2015.
Dredging resumed in the early 2000s, officials said last month.
"""


def _results(tmp_path: Path) -> list[dict[str, Any]]:
    """Extraction results exactly as the engines return them (and the cache keeps them)."""
    out = []
    for name, text in (("harbour.txt", REPORT), ("pier.txt", REPORT.replace("1987", "1988"))):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out.append(extract_file(Job(str(path), name, path.stem, None, path.stat().st_size)))
    assert all("error" not in r and r["events"] for r in out)
    return out


def test_base_form_is_the_pydantic_round_trip(tmp_path: Path) -> None:
    results = _results(tmp_path)
    docs = [r["document"] for r in results]
    events = [e for r in results for e in r["events"]]
    events[0] = {**events[0], "edited": ["title"], "reviewer": "kim", "note": None}
    slow = base_dump(EventsFile.model_validate({"documents": docs, "events": events}))
    fast = base_form(docs, events)
    assert json.dumps(fast) == json.dumps(slow)  # same values and same key order


def test_merge_with_the_loaded_file_equals_merge_reading_it(tmp_path: Path) -> None:
    results = _results(tmp_path)
    (tmp_path / "data").mkdir()
    events = tmp_path / "data" / "events.json"
    first = base_form([r["document"] for r in results], [e for r in results for e in r["events"]])
    merged = merge(events, copy.deepcopy(first))
    save_events_file(events, merged.data, expected_fingerprint=None, base=first)
    # Hand edits: one title changed, one event deleted.
    raw = json.loads(events.read_text(encoding="utf-8"))
    raw["events"][0]["title"] = "Founded, by the archive"
    deleted = raw["events"].pop(1)["id"]
    events.write_text(json.dumps(raw, indent=2, ensure_ascii=False), encoding="utf-8")

    doc = load_document(tmp_path / "harbour.txt", "harbour.txt")
    model = EventsFile(
        documents=[document_record(doc)] + [results[1]["document"]],
        events=[e for r in results for e in r["events"]],
    )
    loaded = load_events_file(events)
    assert loaded is not None
    slow = merge(events, model)
    fast = merge(events, base_dump(model), loaded=loaded)
    assert fast.data == slow.data and fast.summary == slow.summary
    assert fast.known_ids is not None and deleted in fast.known_ids

    # Saving with what the merge already knows writes the same side files.
    other = tmp_path / "copy" / "events.json"
    other.parent.mkdir()
    for src, dst in ((events, other), (base_path(events), base_path(other))):
        dst.parent.mkdir(exist_ok=True)
        dst.write_bytes(src.read_bytes())
    removed_path(other).write_bytes(removed_path(events).read_bytes())
    sha = save_events_file(
        events,
        fast.data,
        expected_fingerprint=loaded.fingerprint,
        base=fast.extraction or {},
        user=loaded.raw,
        known_ids=fast.known_ids,
    )
    save_events_file(other, slow.data, expected_fingerprint=loaded.fingerprint, base=model)
    assert events.read_bytes() == other.read_bytes()
    assert json.loads(removed_path(events).read_text()) == json.loads(
        removed_path(other).read_text()
    )
    assert deleted in json.loads(removed_path(events).read_text())["removed"]
    assert json.loads(base_path(events).read_text()) == json.loads(base_path(other).read_text())
    assert sha == hashlib.sha256(events.read_bytes()).hexdigest()


def test_shared_new_is_left_as_it_was(tmp_path: Path) -> None:
    results = _results(tmp_path)
    new = base_form([r["document"] for r in results], [e for r in results for e in r["events"]])
    user = copy.deepcopy(new)
    user["events"][0]["title"] = "By hand"
    user["events"].append({"doc": results[0]["id"], "date": "1990", "title": "x", "text": "pier"})
    before = copy.deepcopy(new)
    texts = {r["id"]: (tmp_path / r["display"]).read_text(encoding="utf-8") for r in results}
    shared = merge_data(new, user, new, text_of=texts.get, share_new=True)
    assert new == before
    copied = merge_data(copy.deepcopy(new), user, copy.deepcopy(new), text_of=texts.get)
    assert shared.data == copied.data and shared.summary == copied.summary
