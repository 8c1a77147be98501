"""End to end with the real extractor: hand edits survive `timeline extract` re-runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.cli import main

REPORT = """# Harbour report

The harbour authority was founded in 1962. A new pier opened on 12 June 1987.
The old crane was dismantled in March 2001, and the ferry service stopped in 2015.
"""


def _extract(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code = main(["extract", "docs", "--jobs", "1", "--no-cache"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.err


def _events(root: Path) -> list[dict]:
    return json.loads((root / "data" / "events.json").read_text(encoding="utf-8"))["events"]


def test_hand_edits_survive_real_reextraction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    doc = tmp_path / "docs" / "harbour.txt"
    doc.write_text(REPORT, encoding="utf-8")
    _extract(tmp_path, capsys)
    events = _events(tmp_path)
    assert len(events) >= 3, f"the report should give three events or more, got {events}"
    path = tmp_path / "data" / "events.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    first, second, third = raw["events"][:3]
    first["date"] = "1962-04"
    second["title"] = "Pier opened by hand"
    deleted = third["id"]
    raw["events"].remove(third)
    raw["events"].append({"doc": first["doc"], "date": "1990", "title": "Added", "text": "pier"})
    path.write_text(json.dumps(raw, indent=2, ensure_ascii=False), encoding="utf-8")

    # The document grows a paragraph at the top: every span moves.
    doc.write_text("Editor's note: updated.\n\n" + REPORT, encoding="utf-8")
    summary = _extract(tmp_path, capsys)
    assert "kept_as_edited" in summary.replace("-", "_")
    by_id = {e["id"]: e for e in _events(tmp_path)}
    text = doc.read_text(encoding="utf-8")
    assert by_id[first["id"]]["date"] == "1962-04"
    assert by_id[first["id"]]["how"] == "curated"
    assert by_id[second["id"]]["title"] == "Pier opened by hand"
    assert deleted not in by_id
    added = next(e for e in by_id.values() if e["title"] == "Added")
    assert text[added["evidence"]["start"] : added["evidence"]["end"]] == "pier"
    assert main(["validate", "data/events.json"]) == 0


PARAGRAPHS = [
    "The harbour authority was founded in 1962.",
    "A new pier opened on 12 June 1987.",
    "The old crane was dismantled in March 2001, and the ferry service stopped in 2015.",
    "Dredging resumed in the early 2000s after a long pause.",
    "A storm damaged the breakwater on 3 February 2014.",
]


def _real_extraction(root: Path, paragraphs: list[str]) -> tuple[dict, dict[str, str]]:
    from timeline.curation.store import base_dump
    from timeline.documents import document_record, load_document
    from timeline.events import extract_events
    from timeline.schema import EventsFile

    path = root / "harbour.txt"
    path.write_text("# Harbour report\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    doc = load_document(path, "harbour.txt")
    model = EventsFile(documents=[document_record(doc)], events=extract_events(doc, None))
    return base_dump(model), {doc.id: doc.text}


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.data())
def test_real_extractor_random_edits_and_document_changes(tmp_path: Path, data) -> None:
    from test_curation_merge import Store

    store = Store()
    paragraphs = list(PARAGRAPHS)
    titles: dict[str, str] = {}
    for run in range(data.draw(st.integers(2, 4), label="runs")):
        new, texts = _real_extraction(tmp_path, paragraphs)
        store.run(new, texts)
        assert store.user is not None
        by_id = {e["id"]: e for e in store.user["events"]}
        for eid, title in titles.items():
            assert by_id[eid]["title"] == title and "title" in by_id[eid]["edited"]
            ev = by_id[eid]
            if ev["status"] != "orphaned":
                text = texts[ev["doc"]]
                assert (
                    text[ev["evidence"]["start"] : ev["evidence"]["end"]] == ev["evidence"]["text"]
                )
        events = [e for e in store.user["events"] if e["id"] not in titles]
        if events:
            target = data.draw(st.sampled_from(events), label="edited event")
            target["title"] = f"checked by hand {run}"
            titles[target["id"]] = target["title"]
        change = data.draw(st.sampled_from(["none", "prefix", "drop", "swap"]), label="change")
        if change == "prefix":
            paragraphs.insert(0, f"Note {run}: figures revised.")
        elif change == "drop" and len(paragraphs) > 1:
            paragraphs.pop(data.draw(st.integers(0, len(paragraphs) - 1)))
        elif change == "swap":
            paragraphs.reverse()
