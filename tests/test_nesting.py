"""An events file nested without bound is refused with the file, line and limit, not a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from timeline.cli import main
from timeline.curation.checks import MAX_NESTING, nesting


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("It rained on 3 May 2019.\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("levels", "where"),
    [
        (MAX_NESTING + 5, "field 'x' is nested more than"),  # parsed, refused by the checks
        (5_000, ":LINE: lists and objects nested more than"),  # beyond the parser: the line
        (200_000, ":LINE: lists and objects nested more than"),
    ],
)
def test_deeply_nested_file_is_refused_by_extract_and_validate(
    tmp_path: Path, docs: Path, levels: int, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "events.json"
    assert main(["extract", str(docs), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    data["events"][0]["x"] = "@@"
    text = json.dumps(data, indent=1).replace('"@@"', "\n" + _deep(levels))
    line = text[: text.index("[[[")].count("\n") + 1
    where = where.replace(":LINE:", f":{line}:")
    out.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["extract", str(docs), "--out", str(out), "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert str(out) in err and where in err and f"at most {MAX_NESTING}" in err
    assert "Traceback" not in err and "RecursionError" not in err
    assert out.read_text(encoding="utf-8") == text  # left untouched
    assert main(["validate", str(out)]) == 2
    captured = capsys.readouterr()
    assert where in captured.out + captured.err


@pytest.mark.parametrize(
    ("value", "depth"), [(1, 0), ([], 1), ({"a": [1, {"b": []}]}, 4), (json.loads(_deep(50)), 33)]
)
def test_nesting_is_counted_up_to_just_past_the_limit(value: object, depth: int) -> None:
    assert nesting(value) == depth
