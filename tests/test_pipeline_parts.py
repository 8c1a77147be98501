"""Discovery, cache keys, batching, engines and progress of the extract pipeline."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from timeline.cache import Cache, code_files, code_version
from timeline.engines import Job, batches, extract_file, run_local
from timeline.inputs import InputError, discover
from timeline.progress import Progress

ARTICLE = (
    "---\ndate: 2019-03-04\n---\n"
    "The council approved the bridge on 12 January 2018. "
    "Work started in May 2018 and the bridge opened last month.\n"
)


def _write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _job(path: Path, published: str | None = None) -> Job:
    return Job(str(path.absolute()), path.name, path.stem, published, path.stat().st_size)


def test_discover_is_recursive_sorted_and_filters_extensions(tmp_path: Path) -> None:
    _write(tmp_path / "b" / "two.md", ARTICLE)
    _write(tmp_path / "a" / "one.txt", ARTICLE)
    _write(tmp_path / "a" / "notes.docx", "x")
    _write(tmp_path / "a" / "page.html", "<html></html>")
    _write(tmp_path / "c" / "report.PDF", "x")
    _write(tmp_path / ".hidden" / "three.txt", ARTICLE)
    files = discover([str(tmp_path)])
    assert [f.doc_id for f in files] == ["one", "page", "two", "report"]
    assert [f.display for f in files] == sorted(f.display for f in files)


def test_discover_lists_a_file_given_twice_once(tmp_path: Path) -> None:
    one = _write(tmp_path / "one.txt", ARTICLE)
    assert len(discover([str(tmp_path), str(one)])) == 1


def test_discover_missing_path_names_it(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nowhere.txt: no such file"):
        discover([str(tmp_path / "nowhere.txt")])


def test_discover_id_clash_names_both_files(tmp_path: Path) -> None:
    _write(tmp_path / "a" / "report.txt", ARTICLE)
    _write(tmp_path / "b" / "report.md", ARTICLE)
    with pytest.raises(InputError) as err:
        discover([str(tmp_path)])
    assert "'report'" in str(err.value)
    assert "a/report.txt" in str(err.value) and "b/report.md" in str(err.value)


def test_extract_file_reports_unreadable_documents(tmp_path: Path) -> None:
    bad = _write(tmp_path / "latin.txt", "caf\xe9 ouvert".encode("latin-1"))
    result = extract_file(_job(bad))
    assert "not valid UTF-8" in result["error"]
    empty = _write(tmp_path / "empty.txt", b"")
    assert extract_file(_job(empty))["error"].startswith("empty")


def test_extract_file_uses_curated_date_over_front_matter(tmp_path: Path) -> None:
    doc = _write(tmp_path / "bridge.txt", ARTICLE)
    plain = extract_file(_job(doc))
    assert plain["document"]["published"] == "2019-03-04"
    assert plain["document"]["published_source"] == "front-matter"
    curated = extract_file(_job(doc, published="2020-07-01"))
    assert curated["document"]["published"] == "2020-07-01"
    assert curated["document"]["published_source"] == "curated"
    # "last month" is read against the curated date
    assert {e["date"] for e in curated["events"]} != {e["date"] for e in plain["events"]}


def test_local_processes_give_the_same_results_in_the_same_order(tmp_path: Path) -> None:
    paths = [
        _write(tmp_path / f"d{i:02d}.txt", ARTICLE.replace("12 January", f"{i + 1} January"))
        for i in range(12)
    ]
    _write(tmp_path / "zz_bad.txt", b"\x00\x01binary")
    jobs = [_job(p) for p in sorted(tmp_path.iterdir())]
    one = list(run_local(jobs, 1))
    two = list(run_local(jobs, 2))
    assert one == two
    assert [r["id"] for r in two] == [j.doc_id for j in jobs]
    assert "error" in two[-1] and len(paths) == 12


def test_preload_extracts_its_warm_up_text() -> None:
    """Workers fork from a parent that has loaded the extraction: its warm-up text must
    go through the whole chain (a failure would leave each worker to load its own)."""
    from timeline import engines

    warm = Job("", "warm-up", "warm-up", None, len(engines._WARM_UP), data=engines._WARM_UP,
               fmt="text")
    result = extract_file(warm)
    assert "error" not in result and result["events"]
    engines.preload()


def test_batches_keep_order_and_bound_size() -> None:
    jobs = [Job(f"/x/{i}", f"{i}", f"{i}", None, 100 * (i % 7 + 1)) for i in range(200)]
    groups = batches(jobs, target_bytes=1_000, max_docs=10)
    assert [j for g in groups for j in g] == jobs
    assert all(len(g) <= 10 for g in groups)
    assert all(sum(j.size for j in g[:-1]) < 1_000 for g in groups)


def test_cache_key_depends_on_bytes_curated_date_and_code(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    k = cache.key("abc", None)
    assert k != cache.key("abd", None)
    assert k != cache.key("abc", "2020-01-01")
    cache.version = "other-code"
    assert k != cache.key("abc", None)
    assert len(code_version()) == 16


def test_code_version_covers_every_module_and_rule_file(tmp_path: Path) -> None:
    import timeline

    package = Path(timeline.__file__).parent
    hashed = {f.relative_to(package).as_posix() for f in code_files(package)}
    modules = {f.relative_to(package).as_posix() for f in package.rglob("*.py")
               if "__pycache__" not in f.parts}
    assert modules <= hashed
    assert {"events/happenings.py", "events/attribution.py", "resources/speech_verbs.txt",
            "temporal/resources/rules.tsv"} <= hashed
    (tmp_path / "new_rules.py").write_text("X = 1\n")
    (tmp_path / "notes.md").write_text("not code\n")
    assert [f.name for f in code_files(tmp_path)] == ["new_rules.py"]


def test_cache_round_trip_and_damaged_pack_is_a_miss(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    key = cache.key("abc", None)
    assert cache.get(key) is None
    cache.put(key, {"id": "x", "events": [{"title": "é"}]})
    cache.save(set())
    assert Cache(tmp_path / "cache").get(key)["events"] == [{"title": "é"}]  # type: ignore[index]
    other = Cache(tmp_path / "cache")
    other.version = "other-code"
    assert other.get(key) is None  # a pack written by other code is not trusted
    (tmp_path / "cache" / "results.json").write_text("{not json", encoding="utf-8")
    assert Cache(tmp_path / "cache").get(key) is None
    assert Cache(tmp_path / "cache", enabled=False).get(key) is None


def test_cache_keeps_only_this_runs_results(tmp_path: Path) -> None:
    first = Cache(tmp_path / "cache")
    for k in ("a", "b"):
        first.get(first.key(k, None))
        first.put(first.key(k, None), {"id": k})
    first.save(set())
    second = Cache(tmp_path / "cache")
    assert second.get(second.key("a", None)) == {"id": "a"}
    second.save(set())
    third = Cache(tmp_path / "cache")
    assert third.get(third.key("b", None)) is None


def test_stat_index_detects_content_change_with_same_size_and_mtime(tmp_path: Path) -> None:
    doc = _write(tmp_path / "d.txt", "alpha")
    cache = Cache(tmp_path / "cache")
    first, _ = cache.sha256(doc, str(doc))
    cache.save({str(doc)})
    st = doc.stat()
    doc.write_text("bravo", encoding="utf-8")  # same size
    os.utime(doc, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    again = Cache(tmp_path / "cache")
    assert again.sha256(doc, str(doc))[0] != first
    untouched = _write(tmp_path / "e.txt", "charlie")
    sha, size = again.sha256(untouched, str(untouched))
    assert size == 7 and sha == again.sha256(untouched, str(untouched))[0]


def test_progress_plain_lines_when_not_a_terminal() -> None:
    out = io.StringIO()
    p = Progress(3, 300, stream=out)
    for _ in range(3):
        p.advance(100, 100)
    p.close()
    lines = out.getvalue().splitlines()
    assert lines[-1].startswith("extract: 3/3 documents") and "done in" in lines[-1]
    assert "\r" not in out.getvalue()


def test_progress_bar_on_a_terminal_and_silence_when_quiet() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Tty()
    p = Progress(2, 200, stream=out)
    p.advance(100, 100)
    p.advance(100, 100)
    assert "\r" in out.getvalue() and "[" + "#" * 24 + "]" in out.getvalue()
    quiet = Tty()
    q = Progress(2, 200, stream=quiet, quiet=True)
    q.advance(100, 100)
    q.close()
    assert quiet.getvalue() == ""


def test_shards_hold_every_document_and_event_once(tmp_path: Path) -> None:
    import json

    from timeline.engines import run_shards

    docs = [
        _write(tmp_path / "in" / f"d{i}.txt", ARTICLE.replace("12 January", f"{i + 1} January"))
        for i in range(5)
    ]
    _write(tmp_path / "in" / "zz.txt", b"")
    jobs = [_job(p) for p in sorted((tmp_path / "in").iterdir())]
    tallies = list(run_shards(jobs, str(tmp_path / "shards"), processes=2))
    lines = [
        json.loads(line)
        for f in sorted((tmp_path / "shards").glob("part-*.jsonl"))
        for line in f.read_text(encoding="utf-8").splitlines()
    ]
    assert [x["document"]["id"] for x in lines if "document" in x] == [p.stem for p in docs]
    events = [x["event"] for x in lines if "event" in x]
    assert len(events) == sum(t["events"] for t in tallies) > 0
    assert events == [e for r in run_local(jobs, 1) for e in r.get("events", [])]
    assert [s for t in tallies for s in t["skipped"]] == [["zz.txt", "empty"]]
