"""The `timex` command: JSON contract, readable table, and clear errors."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from timeline.temporal import command


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    command.configure(parser)
    return command.run(parser.parse_args(argv))


def test_json_contract_with_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Published Oct. 4. Since 2003, output rose in the early 2000s and last month."
    f = tmp_path / "a.txt"
    f.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert _run([str(f), "--dct", "2018-10-04", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["text"] for r in rows] == ["Oct. 4", "2003", "the early 2000s", "last month"]
    for r in rows:
        assert text[r["start"] : r["end"]] == r["text"]
        assert set(r) <= {"start", "end", "text", "type", "value", "mod"}
    early = rows[2]
    assert (early["value"], early["mod"]) == ("200", "START")
    assert "mod" not in rows[1]
    assert rows[3]["value"] == "2018-09"


def test_table_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Sales fell on Sept 25.", encoding="utf-8")
    assert _run([str(f), "--dct", "2018-10-04"]) == 0
    out = capsys.readouterr().out
    assert "Sept 25" in out and "2018-09-25" in out and "dct" in out


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, [], "no such file"),
        (b"ok\n\xff\xfe", [], "line 2"),
        (b"ok", ["--dct", "2018-13-01"], "expected YYYY-MM-DD"),
    ],
)
def test_errors(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes | None,
    args: list[str],
    message: str,
) -> None:
    f = tmp_path / "in.txt"
    if content is not None:
        f.write_bytes(content)
    assert _run([str(f), *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert ("--dct" in err) if args else ("in.txt" in err)
