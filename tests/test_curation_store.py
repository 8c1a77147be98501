"""Reading, validating and writing events files: precise errors, safe writes."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from timeline.cli import main
from timeline.curation import (
    CurationError,
    apply_edit,
    curated_published,
    load_events_file,
    save_events_file,
)
from timeline.curation.sidecar import backup_path, base_path

DOC_TEXT = "The dam was finished in 1998. It burst on 3 May 2004."


def _project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "river.txt").write_text(DOC_TEXT, encoding="utf-8")
    (tmp_path / "data").mkdir()
    events = tmp_path / "data" / "events.json"
    start = DOC_TEXT.index("1998")
    events.write_text(
        json.dumps(
            {
                "version": 1,
                "documents": [{"id": "river", "path": "docs/river.txt", "title": "River"}],
                "events": [
                    {
                        "id": "e1",
                        "doc": "river",
                        "date": "1998",
                        "earliest": "1998-01-01",
                        "latest": "1998-12-31",
                        "title": "Dam finished",
                        "evidence": {"start": start, "end": start + 4, "text": "1998"},
                        "status": "active",
                    }
                ],
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return events


def _validate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["validate", str(path)])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_valid_file_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    events = _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out = _validate(events, capsys)
    assert code == 0, out
    assert "valid (1 documents, 1 events)" in out


def test_truncated_json_reports_line_and_column(tmp_path: Path, capsys) -> None:
    events = _project(tmp_path)
    good = events.read_bytes()
    events.write_bytes(good[: len(good) // 2])
    code, out = _validate(events, capsys)
    assert code == 2
    assert f"{events}:" in out and "invalid JSON" in out and "cut short" in out
    with pytest.raises(CurationError) as err:
        load_events_file(events)
    line = good[: len(good) // 2].count(b"\n") + 1
    assert err.value.problems[0].startswith(f"{events}:{line}:")


def test_bad_fields_name_event_field_value_and_what_is_allowed(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    events = _project(tmp_path)
    monkeypatch.chdir(tmp_path)  # the documents' folder is a root: the project folder
    raw = json.loads(events.read_text())
    ev = raw["events"][0]
    raw["events"].append({**ev, "date": "2018-13", "how": "guessed", "confidence": 1.5})
    raw["events"].append({**ev, "id": "e3", "doc": "nowhere", "status": "hidden"})
    raw["events"].append({**ev, "id": "e4", "earliest": "1999-01-01"})
    raw["events"].append({**ev, "id": "e5", "evidence": {"start": 0, "end": 4, "text": "1998"}})
    raw["events"].append({**ev, "id": "e6", "title": 7, "extra_note": "keep me"})
    events.write_text(json.dumps(raw, indent=2))
    code, out = _validate(events, capsys)
    assert code == 2
    assert "event e1: duplicate id" in out
    assert "field 'date': value '2018-13' is not a valid date (there is no month 13" in out
    assert "expected an EDTF date" in out
    assert "field 'how': value 'guessed'" in out and "explicit or relative" in out
    assert "field 'confidence': value 1.5" in out and "from 0 to 1" in out
    assert "event e3: field 'doc': value 'nowhere'" in out
    assert "field 'status': value 'hidden'" in out
    assert "event e4: field 'earliest': value '1999-01-01' is inconsistent with date '1998'" in out
    assert "event e5: field 'evidence': text '1998' does not match the document at 0-4" in out
    assert "event e6: field 'title': value 7" in out
    assert "note: fields of your own, kept as they are" in out and "field 'extra_note'" in out
    line = events.read_text().splitlines().index('      "id": "e3",') + 1
    assert f"{events}:{line}: event e3" in out


def test_wrong_types_at_the_top_are_reported(tmp_path: Path) -> None:
    events = tmp_path / "events.json"
    events.write_text('{"version": 1, "documents": {}, "events": [3]}')
    with pytest.raises(CurationError) as err:
        load_events_file(events)
    text = "\n".join(err.value.problems)
    assert "'documents' is not a list" in text and "events[0] is int" in text


def test_unknown_fields_are_kept_through_a_save(tmp_path: Path) -> None:
    events = _project(tmp_path)
    raw = json.loads(events.read_text())
    raw["events"][0]["note"] = "ask the archive"
    raw["events"][0]["dtae"] = "1999"
    raw["reviewer"] = "kim"
    events.write_text(json.dumps(raw, indent=2))
    loaded = load_events_file(events)
    assert loaded is not None
    # a field of the user's own is no warning; a misspelt one is, with the likely name
    assert not any("'note'" in w or "'reviewer'" in w for w in loaded.warnings)
    assert any("'dtae'" in w and "did you mean 'date'" in w for w in loaded.warnings)
    save_events_file(events, loaded.raw, expected_fingerprint=loaded.fingerprint, base=loaded.model)
    again = json.loads(events.read_text())
    assert again["events"][0]["note"] == "ask the archive" and again["reviewer"] == "kim"
    assert again["events"][0]["dtae"] == "1999"


def test_save_keeps_a_backup_and_refuses_a_file_changed_since_read(tmp_path: Path) -> None:
    events = _project(tmp_path)
    before = events.read_bytes()
    loaded = load_events_file(events)
    assert loaded is not None
    data = json.loads(before)
    data["events"][0]["title"] = "Dam completed"
    save_events_file(events, data, expected_fingerprint=loaded.fingerprint, base=loaded.model)
    assert backup_path(events).read_bytes() == before
    assert base_path(events).exists()
    assert events.read_text().startswith('{\n  "version": 1,')
    # Someone edits the file after it was read: the stale write is refused.
    events.write_text(events.read_text().replace("Dam completed", "Dam done"))
    edited = events.read_bytes()
    with pytest.raises(CurationError, match="changed on disk"):
        save_events_file(events, data, expected_fingerprint=loaded.fingerprint, base=loaded.model)
    assert events.read_bytes() == edited


_HOLDER = """
import sys, time
from timeline.curation.store import locked
with locked(sys.argv[1]):
    print("holding", flush=True)
    time.sleep(60)
"""


def test_second_writer_waits_then_fails_clearly(tmp_path: Path, monkeypatch) -> None:
    events = _project(tmp_path)
    before = events.read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(events)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        monkeypatch.setattr("timeline.curation.store.LOCK_WAIT_SECONDS", 0.3)
        with pytest.raises(CurationError, match="is being written by another process"):
            apply_edit(events, "e1", {"title": "x"})
        assert events.read_bytes() == before
    finally:
        holder.kill()  # SIGKILL: no clean-up code runs, the kernel frees the lock
        holder.wait()
    assert apply_edit(events, "e1", {"title": "Dam built"}).title == "Dam built"


def test_apply_edit_validates_marks_and_recomputes(tmp_path: Path) -> None:
    events = _project(tmp_path)
    before = events.read_bytes()
    with pytest.raises(CurationError, match="not a valid EDTF date") as err:
        apply_edit(events, "e1", {"date": "April 2nd"})
    assert "expected an EDTF date" in str(err.value)
    assert events.read_bytes() == before
    with pytest.raises(CurationError, match="no event with id"):
        apply_edit(events, "nope", {"title": "x"})
    ev = apply_edit(events, "e1", {"date": "1998-06~"})
    assert (ev.date, ev.earliest, ev.latest, ev.how) == (
        "1998-06~",
        "1998-06-01",
        "1998-06-30",
        "curated",
    )
    raw = json.loads(events.read_text())
    assert raw["events"][0]["edited"] == ["date"]
    assert list(raw["events"][0])[:3] == ["id", "doc", "date"]
    assert backup_path(events).read_bytes() == before


def test_curated_published_reads_hand_set_dates(tmp_path: Path) -> None:
    events = _project(tmp_path)
    raw = json.loads(events.read_text())
    raw["documents"][0].update(published="2004-05-04", published_source="curated")
    events.write_text(json.dumps(raw))
    assert {k: v.isoformat() for k, v in curated_published(load_events_file(events)).items()} == {
        "river": "2004-05-04"
    }
    assert curated_published(None) == {}


_WRITER = """
import json, sys
from timeline.curation import load_events_file, save_events_file
path = sys.argv[1]
loaded = load_events_file(path)
data = json.loads(open(sys.argv[2]).read())
print("ready", flush=True)
save_events_file(path, data, expected_fingerprint=loaded.fingerprint, base=loaded.model)
"""


def test_killed_writer_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    events = _project(tmp_path)
    raw = json.loads(events.read_text())
    template = raw["events"][0]
    raw["events"] = [{**template, "id": f"e{i}", "title": "x" * 200} for i in range(20000)]
    payload = tmp_path / "payload.json"
    payload.write_text(json.dumps(raw))
    new_bytes = (json.dumps(raw, indent=2, ensure_ascii=False) + "\n").encode()
    rng = random.Random(7)
    old_bytes = events.read_bytes()
    for _ in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(events), str(payload)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        now = events.read_bytes()
        assert now in (old_bytes, new_bytes)
        assert load_events_file(events) is not None
        events.write_bytes(old_bytes)
    loaded = load_events_file(events)
    assert loaded is not None
    save_events_file(events, raw, expected_fingerprint=loaded.fingerprint, base=loaded.model)
    assert events.read_bytes() == new_bytes
    assert not list(events.parent.glob(".events.json.*.tmp"))  # leftovers of killed writers


def test_fifty_megabyte_file_is_validated_and_its_one_bad_date_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sentence = "The committee met again to review the budget and the schedule of works. " * 5
    event = {
        "doc": "d",
        "date": "2001-05",
        "earliest": "2001-05-01",
        "latest": "2001-05-31",
        "title": "Committee meeting",
        "sentence": {"start": 0, "end": len(sentence), "text": sentence},
        "confidence": 0.7,
    }
    one = len(json.dumps(event, indent=2)) + 30
    count = 50_000_000 // one + 1
    events = [{"id": f"e{i}", **event} for i in range(count)]
    events[-1]["date"] = "2001-02-30"
    path = tmp_path / "big.json"
    path.write_text(
        json.dumps(
            {"version": 1, "documents": [{"id": "d", "path": "d.txt"}], "events": events}, indent=2
        ),
        encoding="utf-8",
    )
    assert path.stat().st_size > 50_000_000
    code, out = _validate(path, capsys)
    assert code == 2
    line = next(
        n for n, text in enumerate(path.open(encoding="utf-8"), 1) if f'"e{count - 1}"' in text
    )
    assert f"{path}:{line}: event e{count - 1}: field 'date': value '2001-02-30'" in out
    assert out.count("\n") < 10  # only that problem (and the missing document file)
