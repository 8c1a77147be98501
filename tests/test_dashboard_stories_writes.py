"""Merges and splits from the stories view: written safely, refused from foreign pages, and
kept by every later `extract`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from test_dashboard_support import add_stories, copy_fixture
from timeline.cli import main
from timeline.curation import load_events_file
from timeline.dashboard import story_edits
from timeline.dashboard.app import create_app

STORIES_FIXTURE = Path(__file__).parent / "fixtures" / "stories"
MERGE = {"op": "merge", "story": "s-storm", "target": "s-quay", "title": "Winter storm",
         "target_title": "North quay money and reopening"}  # fmt: skip
SPLIT = {"op": "split", "story": "s-quay", "event": "e1", "title": "North quay"}


@pytest.fixture()
def events(tmp_path: Path) -> Path:
    return add_stories(copy_fixture(tmp_path / "corpus"))


def _stories(path: Path) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in json.loads(path.read_text(encoding="utf-8"))["stories"]}


def test_a_merge_is_written_as_the_hand_edit_extract_keeps(events: Path) -> None:
    result = story_edits.write_story_action(events, MERGE)
    assert result.ok, result.message
    assert result.message.startswith("Merged: “Winter storm” now belongs to “North quay")
    assert "next extract" in result.message
    stories = _stories(events)
    assert stories["s-storm"]["merged_into"] == "s-quay"
    assert "members" in stories["s-quay"]["edited"]
    assert load_events_file(events, strict_derived=True) is not None  # still valid


def test_a_split_records_the_event_so_no_rerun_puts_it_back(events: Path) -> None:
    result = story_edits.write_story_action(events, SPLIT)
    assert result.ok, result.message
    quay = _stories(events)["s-quay"]
    assert quay["members"] == ["e9"] and quay["split"] == ["e1"]
    assert quay["edited"] == ["members"]


@pytest.mark.parametrize("action", [
    {**MERGE, "target": "s-gone"},  # the target was merged away meanwhile
    {**MERGE, "target": "s-storm"},  # into itself
    {**SPLIT, "event": "e3"},  # not a member
    {"op": "rename", "story": "s-quay"},
])  # fmt: skip
def test_a_refused_action_names_why_and_writes_nothing(events: Path, action: dict) -> None:
    before = events.read_bytes()
    result = story_edits.write_story_action(events, action)
    assert not result.ok and result.message
    assert events.read_bytes() == before


def test_a_file_changed_while_writing_is_not_overwritten(
    events: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compare-and-swap: another writer's bytes on disk are never replaced unseen."""
    from timeline.curation import store

    theirs = events.read_text(encoding="utf-8").replace("Winter storm", "Winter gale")
    real_dumps = store.dumps

    def dumps_while_another_writes(data: Any) -> bytes:
        events.write_text(theirs, encoding="utf-8")
        return real_dumps(data)

    monkeypatch.setattr(store, "dumps", dumps_while_another_writes)
    result = story_edits.write_story_action(events, MERGE)
    assert not result.ok and "nothing was written" in result.message
    assert events.read_text(encoding="utf-8") == theirs


def _payload(app: Any, first_output: str, values: dict, changed: str) -> dict:
    """The request the page sends to the callback whose first output is `first_output`."""
    key = next(k for k in app.callback_map if k.startswith(f"..{first_output}"))
    spec = app.callback_map[key]

    def items(kind: str) -> list[dict]:
        return [{**d, "value": values.get((d["id"], d["property"]))} for d in spec[kind]]

    return {"output": key, "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1]}
            for o in key.strip(".").split("...")], "inputs": items("inputs"),
            "state": items("state"), "changedPropIds": [changed]}  # fmt: skip


def _write_payload(app: Any, action: dict, button: str = "story-confirm") -> dict:
    """The request the page sends when Confirm (or Cancel) is pressed."""
    values = {(button, "n_clicks"): 1, ("story-pending", "data"): action}
    return _payload(app, "story-write-note.children", values, f"{button}.n_clicks")


def _post(app: Any, payload: dict) -> str:
    response = app.server.test_client().post(
        "/_dash-update-component", json=payload, headers={"Host": "localhost:8050"}
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_cancel_writes_nothing(events: Path) -> None:
    app = create_app(events)
    before = events.read_bytes()
    assert "Cancelled: nothing was written." in _post(
        app, _write_payload(app, MERGE, "story-cancel")
    )
    assert events.read_bytes() == before


@pytest.mark.parametrize(("values", "changed", "said"), [
    ({("story-merge", "n_clicks"): 1, ("story-selected", "data"): "s-storm",
      ("story-merge-target", "value"): "s-quay"}, "story-merge.n_clicks", '"op": "merge"'),
    ({("story-merge", "n_clicks"): 1, ("story-selected", "data"): "s-storm"},
     "story-merge.n_clicks", "Choose the story to merge into first."),
])  # fmt: skip
def test_merge_asks_first_and_writes_nothing(
    events: Path, values: dict, changed: str, said: str
) -> None:
    app = create_app(events)
    before = events.read_bytes()
    answer = _post(app, _payload(app, "story-pending.data", values, changed))
    assert said in answer.replace('":"', '": "')
    assert events.read_bytes() == before


@pytest.mark.parametrize(("host", "origin", "status"), [
    ("evil.example:8050", None, 403),
    ("127.0.0.1:8050", "http://evil.example", 403),
    ("127.0.0.1:8050", "http://127.0.0.1:8050", 200),
])  # fmt: skip
def test_merges_need_our_host_and_origin(
    events: Path, host: str, origin: str | None, status: int
) -> None:
    app = create_app(events)
    before = events.read_bytes()
    headers = {"Host": host} | ({"Origin": origin} if origin else {})
    response = app.server.test_client().post(
        "/_dash-update-component", json=_write_payload(app, MERGE), headers=headers
    )
    assert response.status_code == status
    if status == 403:
        assert events.read_bytes() == before
    else:
        assert _stories(events)["s-storm"]["merged_into"] == "s-quay"


def test_a_read_only_server_merges_nothing(events: Path) -> None:
    app = create_app(events, host="0.0.0.0", read_only=True)
    before = events.read_bytes()
    response = app.server.test_client().post(
        "/_dash-update-component", json=_write_payload(app, MERGE),
        headers={"Host": "localhost:8050"},
    )  # fmt: skip
    assert response.status_code == 200 and "Read-only" in response.get_data(as_text=True)
    assert events.read_bytes() == before


def _extract(capsys: pytest.CaptureFixture[str], folder: Path, out: Path) -> None:
    code = main(["extract", str(folder), "--out", str(out), "--jobs", "1"])
    assert code == 0, capsys.readouterr().err


def _story_with(data: dict[str, Any], words: str) -> dict[str, Any]:
    ids = {e["id"] for e in data["events"] if words in (e.get("sentence") or {}).get("text", "")}
    return next(s for s in data["stories"] if ids & set(s["members"]))


def test_a_merge_and_split_from_the_page_survive_reruns_of_extract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = tmp_path / "in"
    shutil.copytree(STORIES_FIXTURE, articles)
    out = tmp_path / "events.json"
    _extract(capsys, articles, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    dam = _story_with(data, "Korvel dam collapsed in 2012")
    inquiry = _story_with(data, "replaced its director")
    wire = next(m for m in dam["members"]
                if next(e for e in data["events"] if e["id"] == m)["date"] == "2011")  # fmt: skip
    merge = {"op": "merge", "story": inquiry["id"], "target": dam["id"]}
    assert story_edits.write_story_action(out, merge).ok
    assert story_edits.write_story_action(out, {"op": "split", "story": dam["id"],
                                                "event": wire}).ok  # fmt: skip
    merged = (set(dam["members"]) | set(inquiry["members"])) - {wire}
    for rerun in range(2):
        if rerun:  # a changed document: extraction runs again for real
            wire_text = articles / "wire_digest.txt"
            wire_text.write_text(wire_text.read_text(encoding="utf-8") + "\nMore later.\n",
                                 encoding="utf-8")  # fmt: skip
        _extract(capsys, articles, out)
        data = json.loads(out.read_text(encoding="utf-8"))
        story = next(s for s in data["stories"] if s["id"] == dam["id"])
        assert set(story["members"]) == merged
        assert wire in story["split"] and not any(wire in s["members"] for s in data["stories"])
        assert inquiry["id"] not in {s["id"] for s in data["stories"]}
        assert "members" in story["edited"]
