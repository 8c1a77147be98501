"""Stories end to end through `timeline extract`: sources, conflicts, hand edits, seeds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from timeline.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "stories"
SEEDS = Path(__file__).parents[1] / "seeds"


def _extract(capsys: pytest.CaptureFixture[str], folder: Path, out: Path) -> tuple[int, str]:
    code = main(["extract", str(folder), "--out", str(out), "--jobs", "1"])
    return code, capsys.readouterr().err


def _story_with(data: dict[str, Any], *words: str) -> dict[str, Any] | None:
    """The story holding an event whose sentence has all these words."""
    ids = {
        e["id"]
        for e in data["events"]
        if all(w in (e.get("sentence") or {}).get("text", "") for w in words)
    }
    return next((s for s in data.get("stories", []) if ids & set(s["members"])), None)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(FIXTURE, folder)
    return folder


def test_three_reports_make_one_story_with_three_sources_and_a_conflict(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "events.json"
    code, err = _extract(capsys, articles, out)
    assert code == 0, err
    data = json.loads(out.read_text(encoding="utf-8"))
    story = _story_with(data, "Korvel dam collapsed in 2012")
    assert story is not None
    assert story["sources"]["documents"] == ["river_herald", "valley_post", "wire_digest"]
    assert story["conflict"] == "2012 in 2 sources, 2011 in 1"
    assert story["date"] == "2012?"
    assert (story["earliest"], story["latest"]) == ("2012-01-01", "2012-12-31")
    stories = data["stories"]
    told = sum(1 for s in stories if len(s["sources"]["documents"]) > 1)
    assert f"stories: {len(stories)} ({told} told by two or more documents, " in err
    # The unrelated happenings of the same articles stay out of it.
    assert _story_with(data, "irrigation canals") is None
    assert _story_with(data, "new reservoir") is None


def test_hand_merge_split_and_title_survive_reruns(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "events.json"
    assert _extract(capsys, articles, out)[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    dam = _story_with(data, "Korvel dam collapsed in 2012")
    inquiry = _story_with(data, "replaced its director")
    assert dam is not None and inquiry is not None and dam is not inquiry
    wire = next(m for m in dam["members"] if m in _ids(data, "2011"))
    inquiry["merged_into"] = dam["id"]
    dam["members"].remove(wire)
    dam["title"] = "The Korvel dam collapse"
    out.write_text(json.dumps(data, indent=2), encoding="utf-8")
    merged_members = set(dam["members"]) | set(inquiry["members"])
    for rerun in range(2):
        if rerun:  # a changed document: extraction runs again for real
            (articles / "wire_digest.txt").write_text(
                (articles / "wire_digest.txt").read_text(encoding="utf-8") + "\nMore later.\n",
                encoding="utf-8",
            )
        code, err = _extract(capsys, articles, out)
        assert code == 0, err
        data = json.loads(out.read_text(encoding="utf-8"))
        story = next(s for s in data["stories"] if s["id"] == dam["id"])
        assert set(story["members"]) == merged_members
        assert story["title"] == "The Korvel dam collapse"
        assert wire in story["split"] and not any(wire in s["members"] for s in data["stories"])
        # The 2011 source was split out; the inquiry merged in brings its own date.
        assert story["conflict"] == "2012 in 2 sources, 2014-06-02 in 1"
        assert set(story["edited"]) == {"members", "title"}
        assert inquiry["id"] not in {s["id"] for s in data["stories"]}


def _ids(data: dict[str, Any], date: str) -> set[str]:
    return {e["id"] for e in data["events"] if e["date"] == date}


def test_a_bad_story_is_named_and_nothing_is_written(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "events.json"
    assert _extract(capsys, articles, out)[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    data["stories"][0]["date"] = "sometime in 2012"
    data["stories"][1]["merged_into"] = "nosuch"
    out.write_text(json.dumps(data, indent=2), encoding="utf-8")
    before = out.read_bytes()
    code, err = _extract(capsys, articles, out)
    assert code == 2
    assert f"story {data['stories'][0]['id']}: field 'date'" in err
    assert "field 'merged_into': 'nosuch' is not the id of a story" in err
    assert out.read_bytes() == before


def test_an_old_file_without_stories_gets_them(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "events.json"
    assert _extract(capsys, articles, out)[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    stories = data.pop("stories")
    out.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert _extract(capsys, articles, out)[0] == 0
    assert json.loads(out.read_text(encoding="utf-8"))["stories"] == stories


@pytest.mark.parametrize(
    ("later", "earlier"),
    [
        (("The claim made the MEK seem",), ("made a theatrical claim", "2002")),
        (("run-up to the election",), ("election of Trump in 2016",)),
    ],
)
def test_seeds_later_mentions_join_the_happening_they_refer_to(
    later: tuple[str, ...],
    earlier: tuple[str, ...],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "events.json"
    assert _extract(capsys, SEEDS, out)[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    story = _story_with(data, *later)
    assert story is not None and story is _story_with(data, *earlier)
