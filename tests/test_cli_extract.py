"""`timeline extract` end to end: inputs, errors, determinism, cache and summary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from timeline.cli import main

SEEDS = Path(__file__).parents[1] / "seeds"
FIXTURES = Path(__file__).parent / "fixtures" / "docs"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    return folder


def _extract(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["extract", *argv])
    return code, capsys.readouterr().err


def test_seeds_to_events_file_with_summary(
    seeds: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "data" / "events.json"
    code, err = _extract(capsys, str(seeds), "--out", str(out), "--jobs", "1")
    assert code == 0, err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {d["id"] for d in data["documents"]} == {p.stem for p in seeds.glob("*.txt")}
    assert data["events"] and all(
        e["doc"] in {p.stem for p in seeds.iterdir()} for e in data["events"]
    )
    assert "documents read: 2" in err
    key = sum(1 for e in data["events"] if e["salience"] >= 0.5)
    assert f"events found: {len(data['events'])} ({key} key event{'' if key == 1 else 's'})" in err
    assert "wrote" in err


def test_output_is_byte_identical_across_runs_and_job_counts(
    seeds: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for f in sorted(FIXTURES.iterdir()):
        shutil.copyfile(f, seeds / f.name)
    outs = []
    for name, jobs in (("a", "1"), ("b", "2"), ("c", "2")):
        out = tmp_path / name / "events.json"
        code, err = _extract(capsys, str(seeds), "--out", str(out), "--jobs", jobs, "--no-cache")
        assert code == 0, err
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]


def test_unreadable_files_are_named_and_skipped(
    seeds: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("binary.txt", "empty.txt", "not_utf8.txt"):
        shutil.copyfile(FIXTURES / name, seeds / name)
    out = tmp_path / "events.json"
    code, err = _extract(capsys, str(seeds), "--out", str(out), "--quiet")
    assert code == 0
    assert err == ""
    code, err = _extract(capsys, str(seeds), "--out", str(out))
    assert "skipped: 3" in err
    assert "binary.txt: binary" in err and "not_utf8.txt: not valid UTF-8" in err
    assert "empty.txt: empty" in err
    ids = {d["id"] for d in json.loads(out.read_text(encoding="utf-8"))["documents"]}
    assert "binary" not in ids and len(ids) == 2


def test_nothing_readable_exits_non_zero_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(FIXTURES / "empty.txt", folder / "empty.txt")
    out = tmp_path / "events.json"
    code, err = _extract(capsys, str(folder), "--out", str(out))
    assert code == 1
    assert "no document could be read" in err and "empty.txt: empty" in err
    assert not out.exists()


def test_a_folder_without_documents_is_named_and_nothing_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    out = tmp_path / "data" / "events.json"
    code, err = _extract(capsys, str(folder), "--out", str(out))
    assert code == 1
    assert f"{folder}: no documents to read" in err and ".html" in err and ".pdf" in err
    assert not (tmp_path / "data").exists()


def test_missing_input_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _extract(capsys, str(tmp_path / "nope"), "--out", str(tmp_path / "e.json"))
    assert code == 2
    assert "nope: no such file or folder" in err


def test_id_clash_stops_before_writing(
    seeds: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (seeds / "sub").mkdir()
    first = sorted(seeds.glob("*.txt"))[0]
    shutil.copyfile(first, seeds / "sub" / (first.stem + ".md"))
    out = tmp_path / "events.json"
    code, err = _extract(capsys, str(seeds), "--out", str(out))
    assert code == 2
    assert first.stem in err and "sub/" in err
    assert not out.exists()


def test_invalid_events_file_is_left_untouched(
    seeds: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "events.json"
    broken = b'{"version": 1, "documents": [], "events": [{"id": 3}]}\n'
    out.write_bytes(broken)
    code, err = _extract(capsys, str(seeds), "--out", str(out))
    assert code != 0
    assert "not a valid events file" in err and "left untouched" in err
    assert out.read_bytes() == broken


def test_rerun_uses_the_cache_and_a_changed_document_alone_is_extracted(
    seeds: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "data" / "events.json"
    code, err = _extract(capsys, str(seeds), "--out", str(out), "--jobs", "1")
    assert code == 0 and "(2 extracted, 0 unchanged from cache)" in err
    first = out.read_bytes()
    assert (out.parent / ".timeline" / "cache").is_dir()
    code, err = _extract(capsys, str(seeds), "--out", str(out), "--jobs", "1")
    assert code == 0 and "(0 extracted, 2 unchanged from cache)" in err
    assert out.read_bytes() == first
    changed = sorted(seeds.glob("*.txt"))[0]
    text = changed.read_text(encoding="utf-8")
    cut = text.find("\n\n", len(text) // 3)  # in the body, away from header and footer
    added = "\n\nThe inquiry closed on 4 May 2021."
    changed.write_text(text[:cut] + added + text[cut:], encoding="utf-8")
    code, err = _extract(capsys, str(seeds), "--out", str(out), "--jobs", "1")
    assert code == 0 and "(1 extracted, 1 unchanged from cache)" in err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert any(e["date"] == "2021-05-04" and e["doc"] == changed.stem for e in data["events"])


def test_code_change_invalidates_the_cache(
    seeds: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "events.json"
    assert _extract(capsys, str(seeds), "--out", str(out), "--jobs", "1")[0] == 0
    import timeline.cache

    monkeypatch.setattr(timeline.cache, "code_version", lambda: "changed-rules")
    code, err = _extract(capsys, str(seeds), "--out", str(out), "--jobs", "1")
    assert code == 0 and "(2 extracted, 0 unchanged from cache)" in err


def test_bad_jobs_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _extract(capsys, str(SEEDS), "--out", str(tmp_path / "e.json"), "--jobs", "0")
    assert code == 2 and "--jobs must be 1 or more" in err


def test_hand_set_publication_date_re_extracts_that_document(
    seeds: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "events.json"
    assert _extract(capsys, str(seeds), "--out", str(out), "--jobs", "1")[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    doc = data["documents"][0]
    doc["published"], doc["published_source"] = "2001-02-03", "curated"
    out.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    code, err = _extract(capsys, str(seeds), "--out", str(out), "--jobs", "1")
    assert code == 0 and "(1 extracted, 1 unchanged from cache)" in err, err
    again = json.loads(out.read_text(encoding="utf-8"))
    kept = next(d for d in again["documents"] if d["id"] == doc["id"])
    assert (kept["published"], kept["published_source"]) == ("2001-02-03", "curated")


def test_hand_edited_title_survives_a_re_extraction(
    seeds: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "events.json"
    assert _extract(capsys, str(seeds), "--out", str(out), "--jobs", "1")[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    event = data["events"][0]
    event["title"] = "Renamed by hand"
    event["edited"] = ["title"]
    out.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    code, err = _extract(capsys, str(seeds), "--out", str(out), "--no-cache")
    assert code == 0, err
    assert "kept-as-edited 1" in err
    again = json.loads(out.read_text(encoding="utf-8"))
    assert any(e["id"] == event["id"] and e["title"] == "Renamed by hand" for e in again["events"])
