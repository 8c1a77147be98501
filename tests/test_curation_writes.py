"""Writes that cannot lose a save: compare-and-swap replace, side-file generations, recovery.

The races are provoked deterministically: the editor's save is made from inside the
replace step (by wrapping the file-system call it would race with), and kills are
reproduced by leaving the files a killed writer leaves. `bench/stress_curation.py`
runs the same races with real timing and real SIGKILLs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from timeline.curation import CurationError, load_events_file, save_events_file
from timeline.curation import replace as replace_module
from timeline.curation.replace import FileChanged, aside_path, replace_if_unchanged, sha256
from timeline.curation.sidecar import backup_path, base_path, next_path, removed_path
from timeline.curation.sidestate import side_state
from timeline.curation.store import dumps, dumps_compact

OLD, NEW, EDITOR = b'{"v": "old"}\n', b'{"v": "new"}\n', b'{"v": "saved by the editor"}\n'


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".aside")))


def test_replace_when_unchanged_keeps_the_old_file_as_backup(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_bytes(OLD)
    assert replace_if_unchanged(path, NEW, sha256(OLD)) == OLD
    assert path.read_bytes() == NEW and backup_path(path).read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def _editor_renames_after(call: str, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """The editor's save (write a temporary, rename it over the path) lands right after
    the replace step's `call` returns."""
    real = getattr(os, call)

    def racing(*args: Any, **kwargs: Any) -> Any:
        out = real(*args, **kwargs)
        if not racing.done:  # type: ignore[attr-defined]
            racing.done = True  # type: ignore[attr-defined]
            tmp = path.with_name("editor.tmp")
            tmp.write_bytes(EDITOR)
            os.replace(tmp, path)
        return out

    racing.done = False  # type: ignore[attr-defined]
    monkeypatch.setattr(replace_module.os, call, racing)


def _editor_writes_in_place_into(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """The editor opened the file before it was moved aside and writes into it after
    the new file was linked in (its save lands in the file moved aside)."""
    real = os.link

    def racing(src: Any, dst: Any, **kwargs: Any) -> None:
        real(src, dst, **kwargs)
        aside_path(path).write_bytes(EDITOR)

    monkeypatch.setattr(replace_module.os, "link", racing)


RACES = [
    pytest.param("before-read-check", id="editor-save-before-the-move-aside"),
    pytest.param("rename", id="editor-rename-while-the-file-is-aside"),
    pytest.param("in-place", id="editor-write-in-place-into-the-moved-file"),
]


@pytest.mark.parametrize("race", RACES)
def test_an_editor_save_during_the_replace_is_never_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, race: str
) -> None:
    path = tmp_path / "events.json"
    path.write_bytes(OLD)
    if race == "before-read-check":
        path.write_bytes(EDITOR)  # saved after extract read OLD
    elif race == "rename":
        _editor_renames_after("rename", monkeypatch, path)
    else:
        _editor_writes_in_place_into(monkeypatch, path)
    with pytest.raises(FileChanged, match="nothing was written"):
        replace_if_unchanged(path, NEW, sha256(OLD))
    assert path.read_bytes() == EDITOR
    assert _leftovers(tmp_path) == []


def test_a_file_created_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_bytes(EDITOR)
    with pytest.raises(FileChanged, match="was created"):
        replace_if_unchanged(path, NEW, None)
    assert path.read_bytes() == EDITOR


def test_a_file_deleted_meanwhile_is_not_recreated(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    with pytest.raises(FileChanged, match="was deleted"):
        replace_if_unchanged(path, NEW, sha256(OLD))
    assert not path.exists()


def _project(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "river.txt").write_text("The dam was finished in 1998.", encoding="utf-8")
    path = tmp_path / "data" / "events.json"
    path.parent.mkdir()
    ev = {
        "id": "e1",
        "doc": "river",
        "date": "1998",
        "earliest": "1998-01-01",
        "latest": "1998-12-31",
        "title": "Dam finished",
        "evidence": {"start": 24, "end": 28, "text": "1998"},
        "how": "explicit",
        "confidence": 0.9,
        "status": "active",
    }
    raw = {"version": 1, "documents": [{"id": "river", "path": "docs/river.txt"}], "events": [ev]}
    path.write_bytes(dumps(raw))
    return path


def test_writer_killed_while_the_file_was_aside_is_recovered(tmp_path: Path) -> None:
    path = _project(tmp_path)
    content = path.read_bytes()
    os.rename(path, path.with_name(f".{path.name}.99999.aside"))  # killed right there
    loaded = load_events_file(path)
    assert loaded is not None and path.read_bytes() == content
    assert _leftovers(path.parent) == []


def _with_event(raw: dict[str, Any], eid: str, title: str) -> dict[str, Any]:
    ev = {**raw["events"][0], "id": eid, "title": title}
    return {**raw, "events": [*raw["events"], ev]}


# Where a killed write stopped -> which generation of side files must be used.
KILLS = [
    pytest.param("before-replace", "old", id="killed-before-the-events-file-was-replaced"),
    pytest.param("after-replace", "new", id="killed-after-replace-before-side-files-moved"),
    pytest.param("half-moved", "new", id="killed-between-the-two-side-file-renames"),
]


@pytest.mark.parametrize(("stop", "expected"), KILLS)
@pytest.mark.parametrize("edited_since", [False, True], ids=["as-written", "edited-since"])
def test_side_files_of_a_killed_write_match_the_events_file(
    tmp_path: Path, stop: str, expected: str, edited_since: bool
) -> None:
    path = _project(tmp_path)
    loaded = load_events_file(path)
    assert loaded is not None
    save_events_file(path, loaded.raw, expected_fingerprint=loaded.fingerprint, base=loaded.raw)
    old_raw = json.loads(path.read_bytes())
    # The next write: a new extraction with another event, stopped at `stop`.
    new_raw = _with_event(old_raw, "e2", "Dam opened")
    body = dumps(new_raw)
    tag = sha256(body)
    nexts = {
        base_path(path): {**new_raw, "layout": tag},
        removed_path(path): {"removed": [], "written": ["e1", "e2"], "layout": tag},
    }
    for side, content in nexts.items():
        next_path(side).write_bytes(dumps_compact(content))
    if stop != "before-replace":
        path.write_bytes(body)
    if stop == "half-moved":
        os.replace(next_path(base_path(path)), base_path(path))
    if edited_since:  # the user edits the file the killed run left
        raw = json.loads(path.read_bytes())
        raw["events"][0]["title"] = "Dam finished (by hand)"
        path.write_bytes(dumps(raw))
    now = load_events_file(path)
    assert now is not None
    state = side_state(path, now.fingerprint, now.raw)
    assert state.base is not None
    base_ids = {e["id"] for e in state.base["events"]}
    assert base_ids == ({"e1", "e2"} if expected == "new" else {"e1"})
    assert state.written == base_ids


def test_deep_nesting_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_text('{"version": 1, "events": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(CurationError, match=r"events.json:1: .*nested more than 32 levels deep"):
        load_events_file(path)


def test_extract_merges_again_with_a_save_made_during_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from timeline import curation
    from timeline.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    doc = tmp_path / "docs" / "dam.txt"
    doc.write_text("The dam was finished in 1998. It burst on 3 May 2004.\n", encoding="utf-8")
    assert main(["extract", "docs", "--jobs", "1"]) == 0
    path = tmp_path / "data" / "events.json"
    real_save = curation.save_events_file

    def editor_saves_first(*args: Any, **kwargs: Any) -> str:
        if not editor_saves_first.done:  # type: ignore[attr-defined]
            editor_saves_first.done = True  # type: ignore[attr-defined]
            raw = json.loads(path.read_bytes())
            raw["events"][0]["title"] = "Saved in the editor"
            path.write_bytes(dumps(raw))
        return real_save(*args, **kwargs)

    editor_saves_first.done = False  # type: ignore[attr-defined]
    monkeypatch.setattr(curation, "save_events_file", editor_saves_first)
    doc.write_text("Note.\n\nThe dam was finished in 1998. It burst on 3 May 2004.\n", "utf-8")
    assert main(["extract", "docs", "--jobs", "1"]) == 0, capsys.readouterr().err
    titles = [e["title"] for e in json.loads(path.read_bytes())["events"]]
    assert "Saved in the editor" in titles


def _many(n: int) -> dict[str, Any]:
    events = [
        {
            "id": f"e{i}",
            "doc": "d",
            "date": f"{1990 + i}",
            "earliest": f"{1990 + i}-01-01",
            "latest": f"{1990 + i}-12-31",
            "title": f"Event {i} \u2014 été",
            "evidence": {"start": i, "end": i + 4, "text": f"{1990 + i}"},
            "sentence": {"start": 0, "end": 9, "text": "In 1990."},
        }
        for i in range(7)
    ]
    return {"version": 1, "documents": [{"id": "d", "path": "d.txt"}], "events": events}


@pytest.mark.parametrize("has_file", [False, True])
def test_a_file_written_in_pieces_is_the_one_piece_file_with_its_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, has_file: bool
) -> None:
    """Events encoded a few at a time: the same bytes, sha256, `.bak` and side files."""
    from timeline.curation import layout

    monkeypatch.setattr(layout, "CHUNK_EVENTS", 2)
    path = tmp_path / "events.json"
    data = _many(7)
    expected = None
    if has_file:
        path.write_bytes(OLD)
        expected = sha256(OLD)
    sha = save_events_file(path, data, expected_fingerprint=expected, base=data)
    assert path.read_bytes() == dumps(data) and sha == sha256(dumps(data))
    assert (backup_path(path).read_bytes() if has_file else None) == (OLD if has_file else None)
    assert backup_path(path).exists() is has_file
    base = base_path(path).read_bytes()
    assert base == dumps_compact({**data, "layout": sha})
    assert json.loads(removed_path(path).read_bytes())["layout"] == sha
    assert side_state(path, sha, data).base == {**data, "layout": sha}
    assert _leftovers(tmp_path) == [] and _leftovers(base_path(path).parent) == []
    assert not next_path(base_path(path)).exists()


def test_a_file_changed_meanwhile_leaves_no_piece_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline.curation import layout

    monkeypatch.setattr(layout, "CHUNK_EVENTS", 2)
    path = tmp_path / "events.json"
    path.write_bytes(EDITOR)
    with pytest.raises(FileChanged):
        save_events_file(path, _many(7), expected_fingerprint=sha256(OLD), base=_many(7))
    assert path.read_bytes() == EDITOR
    assert _leftovers(tmp_path) == [] and _leftovers(base_path(path).parent) == []
    assert not next_path(base_path(path)).exists() and not base_path(path).exists()
