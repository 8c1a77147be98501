"""Identity across re-extraction: deleted ids stay deleted, edits never move to other text.

Each case is a reproduction run through the real command, table-driven: a document, the
hand edits, a change to the document, and what must hold afterwards.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from timeline.cli import main

HEADER = "Council notes\n\nPublished: 2004-03-10\n\n"
SENTENCES = [
    "The council approved the harbour plan on Wednesday.",
    "The mayor opened the new bridge on Wednesday.",
    "Inspectors closed the old ferry terminal in May 2003.",
]


def _write(doc: Path, sentences: list[str]) -> None:
    doc.write_text(HEADER + " ".join(sentences) + "\n", encoding="utf-8")


def _extract(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["extract", "docs", "--jobs", "1", "--no-cache"])
    out = capsys.readouterr()
    assert code == 0, out.err


def _load(root: Path) -> dict[str, Any]:
    return json.loads((root / "data" / "events.json").read_text(encoding="utf-8"))


def _save(root: Path, raw: dict[str, Any]) -> None:
    path = root / "data" / "events.json"
    path.write_text(json.dumps(raw, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _of(raw: dict[str, Any], words: str) -> dict[str, Any]:
    return next(e for e in raw["events"] if words in e["sentence"]["text"])


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    _write(tmp_path / "docs" / "notes.txt", SENTENCES)
    _extract(capsys)
    raw = _load(tmp_path)
    assert {_of(raw, "council")["evidence"]["text"], _of(raw, "mayor")["evidence"]["text"]} == {
        "Wednesday"
    }, "both sentences should be dated by the same word"
    return tmp_path


# (hand edit of the council event, delete the mayor event?, sentences kept afterwards)
CASES = [
    pytest.param({"date": "2004-03-03"}, True, [1, 2], id="issue-repro-deleted-id-not-claimed"),
    pytest.param({"date": "2004-03-03"}, False, [1, 2], id="edited-event-orphaned-not-moved"),
    pytest.param({"title": "Plan approved"}, False, [1, 2], id="edited-title-orphaned-not-moved"),
    pytest.param({"status": "rejected"}, False, [1, 2], id="rejected-text-gone-still-valid"),
    pytest.param({"status": "rejected"}, True, [1, 2], id="rejected-and-deleted-text-gone"),
]


@pytest.mark.parametrize(("edit", "delete_mayor", "kept"), CASES)
def test_sentence_deleted_after_hand_edits(
    project: Path, capsys, edit: dict[str, str], delete_mayor: bool, kept: list[int]
) -> None:
    raw = _load(project)
    council, mayor = _of(raw, "council"), _of(raw, "mayor")
    council.update(edit)
    if delete_mayor:
        raw["events"].remove(mayor)
    _save(project, raw)
    _write(project / "docs" / "notes.txt", [SENTENCES[i] for i in kept])  # council's is gone
    _extract(capsys)
    after = {e["id"]: e for e in _load(project)["events"]}

    if delete_mayor:
        assert mayor["id"] not in after, "a deleted id came back"
    else:
        back = after[mayor["id"]]
        assert "edited" not in back, f"another event's edits moved onto it: {back}"
        assert back["date"] == mayor["date"] and back["title"] == mayor["title"]
    kept_council = after[council["id"]]
    for field, value in edit.items():
        assert kept_council[field] == value
    if edit.get("status") != "rejected":
        assert kept_council["status"] == "orphaned"
    assert "council" in (kept_council.get("sentence") or {"text": "council"})["text"]
    assert not any("edited" in e for e in after.values() if e["id"] != council["id"]), (
        "no other event may be marked as edited"
    )
    assert main(["validate", "data/events.json"]) == 0, capsys.readouterr().err


def test_reworded_sentence_keeps_its_edits(project: Path, capsys) -> None:
    """A sentence the author rewords gets a new id from the extractor; the hand edit
    follows it, found by the quoted words, their surroundings and the date."""
    raw = _load(project)
    council = _of(raw, "council")
    council["title"] = "Harbour plan approved"
    _save(project, raw)
    reworded = "The town council approved the harbour plan on Wednesday."
    _write(project / "docs" / "notes.txt", [reworded, *SENTENCES[1:]])
    _extract(capsys)
    events = _load(project)["events"]
    moved = next(e for e in events if e["title"] == "Harbour plan approved")
    assert moved["sentence"]["text"] == reworded and moved["status"] == "active"
    assert [e for e in events if "mayor" in e["sentence"]["text"]][0].get("edited") is None
    assert main(["validate", "data/events.json"]) == 0


def test_deleted_id_is_not_reissued_when_its_sentence_returns(project: Path, capsys) -> None:
    raw = _load(project)
    mayor = _of(raw, "mayor")
    raw["events"].remove(mayor)
    _save(project, raw)
    _write(project / "docs" / "notes.txt", [SENTENCES[0], SENTENCES[2]])
    _extract(capsys)
    _write(project / "docs" / "notes.txt", SENTENCES)  # the sentence is back
    _extract(capsys)
    assert mayor["id"] not in {e["id"] for e in _load(project)["events"]}


def test_an_orphan_rejected_later_does_not_keep_stale_offsets(project: Path, capsys) -> None:
    raw = _load(project)
    _of(raw, "council")["title"] = "Plan approved"
    _save(project, raw)
    _write(project / "docs" / "notes.txt", SENTENCES[1:])
    _extract(capsys)
    raw = _load(project)
    orphan = next(e for e in raw["events"] if e["title"] == "Plan approved")
    assert orphan["status"] == "orphaned"
    orphan["status"] = "rejected"  # the document did not change since the last run
    _save(project, raw)
    _extract(capsys)
    assert main(["validate", "data/events.json"]) == 0, capsys.readouterr().err
    kept = next(e for e in _load(project)["events"] if e["title"] == "Plan approved")
    assert kept["status"] == "rejected" and kept["evidence"] is None


def test_an_event_added_by_hand_never_takes_over_an_extracted_one(project: Path, capsys) -> None:
    raw = _load(project)
    raw["events"].append(
        {"doc": "notes", "date": "2004-03-03", "title": "Added", "text": "Wednesday"}
    )
    _save(project, raw)
    _extract(capsys)
    added = next(e for e in _load(project)["events"] if e["title"] == "Added")
    assert "council" in added["sentence"]["text"]
    # The sentence goes; one much like it arrives: the extractor's new event stays its own.
    reworded = "The town council approved the harbour plan on Wednesday."
    _write(project / "docs" / "notes.txt", [reworded, *SENTENCES[1:]])
    _extract(capsys)
    events = {e["id"]: e for e in _load(project)["events"]}
    assert events[added["id"]]["status"] == "orphaned"
    extracted = next(e for e in events.values() if e["sentence"]["text"] == reworded)
    assert extracted["title"] != "Added" and "edited" not in extracted
