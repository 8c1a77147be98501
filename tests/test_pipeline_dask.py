"""Extraction on a Dask cluster gives exactly what the local run gives."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from timeline.engines import Job, run_dask, run_local

FIXTURES = Path(__file__).parent / "fixtures" / "docs"
SEEDS = Path(__file__).parents[1] / "seeds"


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=50,
    ) as c:
        yield c.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for f in sorted(FIXTURES.iterdir()):
        shutil.copyfile(f, folder / f.name)
    for f in sorted(SEEDS.glob("*.txt")):
        shutil.copyfile(f, folder / f.name)
    return folder


def _jobs(folder: Path) -> list[Job]:
    return [
        Job(str(p.absolute()), p.name, p.stem, None, p.stat().st_size)
        for p in sorted(folder.iterdir())
    ]


def test_dask_engine_matches_local_in_order(cluster: str, corpus: Path) -> None:
    jobs = _jobs(corpus)
    local = list(run_local(jobs, 1))
    remote = list(run_dask(jobs, cluster, batch_bytes=2_000, batch_docs=3))  # many batches
    assert remote == local
    assert any("error" in r for r in remote) and any(r.get("events") for r in remote)


def test_extract_command_with_dask_writes_the_same_file(
    cluster: str, corpus: Path, tmp_path: Path
) -> None:
    from timeline.cli import main

    local_out = tmp_path / "local" / "events.json"
    dask_out = tmp_path / "dask" / "events.json"
    assert main(["extract", str(corpus), "--out", str(local_out), "--jobs", "1", "--quiet"]) == 0
    code = main(["extract", str(corpus), "--out", str(dask_out), "--dask", cluster, "--quiet"])
    assert code == 0
    assert dask_out.read_bytes() == local_out.read_bytes()


def test_shards_written_by_dask_workers_match_local_shards(
    cluster: str, corpus: Path, tmp_path: Path
) -> None:
    from timeline.cli import main

    local, remote = tmp_path / "local", tmp_path / "remote"
    assert main(["extract", str(corpus), "--shards", str(local), "--jobs", "1", "--quiet"]) == 0
    assert (
        main(["extract", str(corpus), "--shards", str(remote), "--dask", cluster, "--quiet"]) == 0
    )
    names = sorted(p.name for p in local.iterdir())
    assert names and names == sorted(p.name for p in remote.iterdir())
    assert all((local / n).read_bytes() == (remote / n).read_bytes() for n in names)
