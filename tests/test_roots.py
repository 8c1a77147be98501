"""Documents stay inside their roots: an events file cannot make us read or show other files."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from timeline.cli import main
from timeline.roots import OutsideRoots, default_roots, document_text, resolve_document

SECRET = "TOP-SECRET-CONTENT 1999"
DATA = Path(__file__).parents[1] / "data" / "events.json"
FIXTURE = Path(__file__).parent / "fixtures" / "dashboard" / "events.json"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """project/data/events.json beside project/docs/, a secret outside; run from elsewhere."""
    root = tmp_path / "project"
    (root / "data" / "docs").mkdir(parents=True)
    (root / "data" / "docs" / "river.txt").write_text("The dam was finished in 1998.\n")
    (tmp_path / "secret.txt").write_text(SECRET)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return root


def _events(root: Path, path: str, text: str = "The dam was finished in 1998.\n") -> Path:
    events = root / "data" / "events.json"
    start = text.index("199")
    events.write_text(json.dumps({
        "version": 1,
        "documents": [{"id": "d", "path": path, "title": "D"}],
        "events": [{
            "id": "e1", "doc": "d", "date": text[start:start + 4], "title": "t",
            "evidence": {"start": start, "end": start + 4, "text": text[start:start + 4]},
        }],
    }))
    return events


@pytest.mark.parametrize(
    "path",
    ["../../secret.txt", "{abs}", "docs/../../../secret.txt", "link.txt", "/etc/passwd",
     "/proc/self/environ"],
)
def test_escapes_are_refused_and_never_shown(
    project: Path, path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = project.parent / "secret.txt"
    (project / "data" / "link.txt").symlink_to(secret)
    path = path.replace("{abs}", str(secret))
    events = _events(project, path, SECRET)
    with pytest.raises(OutsideRoots, match="outside the document folders"):
        resolve_document(path, events, default_roots(events))
    code = main(["validate", str(events)])
    out = capsys.readouterr()
    assert code == 2
    assert "outside the document folders" in out.err and repr(path) in out.err
    assert SECRET not in out.out + out.err and "root:" not in out.out + out.err


def test_inside_paths_are_read_relative_or_absolute(project: Path) -> None:
    inside = project / "data" / "docs" / "river.txt"
    for path in ("docs/river.txt", str(inside)):
        events = _events(project, path)
        assert document_text({"id": "d", "path": path}, events) == inside.read_text()
        assert main(["validate", str(events)]) == 0


def test_docs_option_adds_a_trusted_folder(project: Path) -> None:
    shared = project.parent / "shared"
    shared.mkdir()
    shutil.copy(project / "data" / "docs" / "river.txt", shared / "river.txt")
    events = _events(project, str(shared / "river.txt"))
    assert main(["validate", str(events)]) == 2
    assert main(["validate", str(events), "--docs", str(shared)]) == 0


def test_symlink_inside_the_roots_is_followed(project: Path) -> None:
    (project / "data" / "alias.txt").symlink_to(project / "data" / "docs" / "river.txt")
    events = _events(project, "alias.txt")
    assert main(["validate", str(events)]) == 0


@pytest.mark.parametrize("events", [DATA, FIXTURE], ids=["data", "dashboard-fixture"])
def test_existing_events_files_still_read_their_documents(
    events: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not events.is_file():
        pytest.skip("no events file")
    monkeypatch.chdir(Path(__file__).parents[1])  # as the README runs them: from the project
    records = json.loads(events.read_text(encoding="utf-8"))["documents"]
    assert records and all(document_text(d, events) for d in records)


def test_extract_stores_paths_relative_to_the_events_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "note.txt").write_text("The bridge opened on 4 May 2001.\n")
    out = tmp_path / "out" / "deep" / "events.json"
    monkeypatch.chdir(tmp_path)
    assert main(["extract", "in", "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    [doc] = json.loads(out.read_text())["documents"]
    assert doc["path"] == "../../in/note.txt"
    monkeypatch.chdir(tmp_path / "out")  # validate from elsewhere, trusting the inputs
    assert main(["validate", str(out), "--docs", str(tmp_path / "in")]) == 0


def test_unreadable_and_missing_files_are_not_refusals(project: Path) -> None:
    events = _events(project, "docs/gone.txt")
    assert document_text({"id": "d", "path": "docs/gone.txt"}, events) is None
    assert os.path.exists(events)


@pytest.mark.parametrize("where", ["/", "home"])
def test_running_from_the_root_or_home_does_not_open_everything(
    project: Path, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "river.txt").write_text("The dam was finished in 1998.\n")
    events = _events(project, "../docs/river.txt")
    monkeypatch.setenv("HOME", str(project.parent))
    monkeypatch.chdir("/" if where == "/" else project.parent)
    with pytest.raises(OutsideRoots):
        resolve_document("../docs/river.txt", events, default_roots(events))
    assert main(["validate", str(events), "--docs", str(project / "docs")]) == 0
