"""One document whose extraction fails is skipped and named; the run goes on.

The failure is injected into the real extractor for one document and the run goes
through the real CLI with every engine: in-process, local worker processes, shards
and a Dask cluster.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import timeline.events
from timeline.cli import main

SEEDS = Path(__file__).parents[1] / "seeds"
POISON = "poison"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / f"{POISON}.txt").write_text(
        "The council met on 3 March 2019 and voted.\n", encoding="utf-8"
    )
    return folder


@pytest.fixture
def poisoned(monkeypatch: pytest.MonkeyPatch) -> None:
    """The extractor raises on one document only (forked workers inherit the patch)."""
    real = timeline.events.extract_events

    def failing(doc, published=None):  # type: ignore[no-untyped-def]
        if doc.id == POISON:
            raise KeyError("injected failure " + "x" * 500)
        return real(doc, published)

    monkeypatch.setattr(timeline.events, "extract_events", failing)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["extract", *argv])
    return code, capsys.readouterr().err


def _assert_skipped(err: str) -> None:
    assert "skipped: 1" in err, err
    line = next(ln for ln in err.splitlines() if f"{POISON}.txt" in ln)
    assert "extraction failed: KeyError" in line and "injected failure" in line
    assert len(line.split(": extraction failed")[1]) < 250  # shortened, not a wall of text
    assert "Traceback" not in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_local_engines_skip_the_failing_document(
    corpus: Path, tmp_path: Path, poisoned: None, jobs: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "events.json"
    code, err = _run(capsys, str(corpus), "--out", str(out), "--jobs", jobs, "--no-cache")
    assert code == 0, err
    _assert_skipped(err)
    assert "documents read: 2" in err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {d["id"] for d in data["documents"]} == {p.stem for p in SEEDS.glob("*.txt")}
    assert data["events"] and all(e["doc"] != POISON for e in data["events"])


def test_a_failed_document_is_not_cached_and_is_tried_again(
    corpus: Path, tmp_path: Path, poisoned: None, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "events.json"
    assert _run(capsys, str(corpus), "--out", str(out), "--jobs", "1")[0] == 0
    monkeypatch.undo()  # the bug is fixed: the next run extracts the document
    code, err = _run(capsys, str(corpus), "--out", str(out), "--jobs", "1")
    assert code == 0 and "skipped" not in err, err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert any(e["doc"] == POISON for e in data["events"])


def test_shards_skip_the_failing_document(
    corpus: Path, tmp_path: Path, poisoned: None, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "shards"
    code, err = _run(capsys, str(corpus), "--shards", str(folder), "--jobs", "1")
    assert code == 0, err
    _assert_skipped(err)
    lines = [json.loads(x) for f in folder.glob("*.jsonl") for x in f.read_text().splitlines()]
    docs = {x["document"]["id"] for x in lines if "document" in x}
    assert docs == {p.stem for p in SEEDS.glob("*.txt")}


def test_only_failing_documents_means_nothing_written(
    tmp_path: Path, poisoned: None, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"{POISON}.txt").write_text("It rained on 3 March 2019.\n", encoding="utf-8")
    out = tmp_path / "events.json"
    code, err = _run(capsys, str(folder), "--out", str(out), "--jobs", "1")
    assert code == 1
    assert "extraction failed: KeyError" in err and not out.exists()


@pytest.fixture
def threaded_cluster() -> Iterator[str]:
    """Workers as threads of this process, so they run the patched extractor."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        dashboard_address=None,
        silence_logs=50,
    ) as c:
        yield c.scheduler_address


def test_dask_engine_skips_the_failing_document(
    corpus: Path,
    tmp_path: Path,
    poisoned: None,
    threaded_cluster: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "events.json"
    code, err = _run(capsys, str(corpus), "--out", str(out), "--dask", threaded_cluster)
    assert code == 0, err
    _assert_skipped(err)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert POISON not in {d["id"] for d in data["documents"]}
