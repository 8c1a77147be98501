"""Inputs from anywhere: web pages and PDFs in folders, URLs, lists, stdin, and Dask
workers that never see this machine's files."""

from __future__ import annotations

import http.server
import io
import json
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pdfs import pdf_bytes
from timeline.cli import main
from timeline.readers import page_of
from timeline.roots import document_text

PAGES = Path(__file__).parent / "fixtures" / "pages"
SEEDS = Path(__file__).parents[1] / "seeds"
PDF = pdf_bytes(
    [["Annual report of the harbour board", "The new crane was installed on 3 March 2021."],
     ["The ferry service stopped on 9 October 2015, the board said."]],
    title="Harbour board annual report",
)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("wire_story", "news_sidebar_comments"):
        shutil.copy(PAGES / f"{name}.html", folder / f"{name}.html")
    (folder / "report.pdf").write_bytes(PDF)
    (folder / "scan.pdf").write_bytes(pdf_bytes([[]]))
    (folder / "app.html").write_text("<html><body><nav><a href='/'>Home</a></nav>"
                                     "<div id='root'></div></body></html>")
    (folder / "note.txt").write_bytes(b"Minutes.\r\nThe pier opened on 12 June 1987.\r\n")
    return folder


def _load(out: Path) -> dict:
    return json.loads(out.read_text(encoding="utf-8"))


def test_folder_of_pages_and_pdfs_becomes_checkable_events(
    mixed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "data" / "events.json"
    assert main(["extract", str(mixed), "--out", str(out), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert "scan.pdf: PDF without a text layer" in err
    assert "app.html: web page with no main text" in err
    data = _load(out)
    docs = {d["id"]: d for d in data["documents"]}
    assert set(docs) == {"wire_story", "news_sidebar_comments", "report", "note"}
    wire = docs["wire_story"]
    assert wire["format"] == "html" and wire["published_source"] == "html-meta"
    assert wire["author"] == "Tomas Reyes" and wire["site"] == "Continental Wire Service"
    assert wire["path"] == "../in/wire_story.html" and wire["retrieved"].endswith("Z")
    assert wire["text_path"].startswith(".timeline/text/")
    assert docs["note"].get("text_path") is None  # a text file is its own text
    for doc in docs.values():  # every span checks against the text it counts into
        text = document_text(doc, out, [out.parent, mixed])
        for e in (e for e in data["events"] if e["doc"] == doc["id"]):
            assert text[e["evidence"]["start"] : e["evidence"]["end"]] == e["evidence"]["text"]
    report = docs["report"]
    by_text = {e["evidence"]["text"]: e for e in data["events"] if e["doc"] == "report"}
    assert page_of(report["pages"], by_text["9 October 2015"]["evidence"]["start"]) == 2
    assert page_of(report["pages"], by_text["3 March 2021"]["evidence"]["start"]) == 1
    assert main(["validate", str(out), "--docs", str(mixed)]) == 0
    assert "You may also like" not in (out.parent / wire["text_path"]).read_text()


def test_rerun_is_unchanged_and_a_lost_text_is_rebuilt(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "data" / "events.json"
    assert main(["extract", str(mixed), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    first = out.read_bytes()
    shutil.rmtree(out.parent / ".timeline" / "text")
    assert main(["extract", str(mixed), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    assert out.read_bytes() == first
    assert all(
        (out.parent / d["text_path"]).is_file() for d in _load(out)["documents"]
        if d.get("text_path")
    )


class _Pages(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[str, bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        if self.path not in self.routes:
            self.send_error(404, "Not Found")
            return
        kind, body = self.routes[self.path]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Pages.routes = {
        "/news/ferry": ("text/html; charset=utf-8",
                        (PAGES / "news_sidebar_comments.html").read_bytes()),
        "/files/report": ("application/pdf", PDF),
        "/huge.txt": ("text/plain", b"x" * 3_000),
    }
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_urls_are_fetched_with_their_time_and_type(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "events.json"
    code = main(["extract", f"{server}/news/ferry", f"{server}/files/report",
                 f"{server}/missing.html", "--out", str(out), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert f"{server}/missing.html: cannot be read (HTTP 404 Not Found)" in err
    docs = {d["id"]: d for d in _load(out)["documents"]}
    assert set(docs) == {"ferry", "report"}
    assert docs["ferry"]["path"] == docs["ferry"]["url"] == f"{server}/news/ferry"
    assert docs["ferry"]["format"] == "html" and docs["report"]["format"] == "pdf"
    assert docs["ferry"]["retrieved"].endswith("Z")
    assert main(["validate", str(out)]) == 0  # spans check against the kept texts


def test_size_limit_refuses_a_large_download(server: str) -> None:
    from timeline.inputs import fetch

    assert fetch(f"{server}/huge.txt", limit=5_000)[0] == b"x" * 3_000
    with pytest.raises(OSError, match="larger than the 1,000-byte limit"):
        fetch(f"{server}/huge.txt", limit=1_000)


def test_from_list_reads_paths_and_urls(server: str, mixed: Path, tmp_path: Path) -> None:
    listing = tmp_path / "sources.txt"
    listing.write_text(f"# sources\n{mixed / 'note.txt'}\n\n{server}/news/ferry\n")
    out = tmp_path / "events.json"
    assert main(["extract", "--from-list", str(listing), "--out", str(out), "--quiet"]) == 0
    assert {d["id"] for d in _load(out)["documents"]} == {"note", "ferry"}
    assert main(["extract", "--from-list", str(tmp_path / "nope.txt"), "--out", str(out)]) == 2


def test_stdin_is_a_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = (PAGES / "wire_story.html").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = tmp_path / "events.json"
    assert main(["extract", "-", "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    [doc] = _load(out)["documents"]
    assert doc["id"] == "stdin" and doc["path"] == "-" and doc["format"] == "html"
    assert main(["validate", str(out)]) == 0


def _forbid_reading(folder: str) -> None:
    """On a worker: any attempt to open or stat a file under `folder` fails."""
    import io as _io
    import os

    real_open, real_stat = _io.open, os.stat

    def guarded(path: object) -> None:
        if isinstance(path, str | os.PathLike) and os.path.abspath(path).startswith(folder):
            raise PermissionError(13, "this worker cannot see the input folder", str(path))

    def open_(file: object, *args: object, **kwargs: object) -> object:
        guarded(file)
        return real_open(file, *args, **kwargs)

    def stat_(path: object, *args: object, **kwargs: object) -> object:
        guarded(path)
        return real_stat(path, *args, **kwargs)

    import builtins

    builtins.open = _io.open = open_
    os.stat = stat_


def test_dask_workers_get_bytes_not_paths(mixed: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    for p in sorted(SEEDS.glob("*.txt")):
        shutil.copy(p, mixed / p.name)
    local = tmp_path / "local" / "events.json"
    remote = tmp_path / "remote" / "events.json"
    assert main(["extract", str(mixed), "--out", str(local), "--jobs", "1", "--quiet"]) == 0
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, silence_logs=50,
    ) as cluster, distributed.Client(cluster) as client:
        client.run(_forbid_reading, str(mixed.resolve()))
        code = main(["extract", str(mixed), "--out", str(remote), "--dask",
                     cluster.scheduler_address, "--quiet"])
    assert code == 0
    assert remote.read_bytes() == local.read_bytes()


def test_dask_without_distributed_says_how_to_install(
    mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "distributed" else real(name, *a))
    code = main(["extract", str(mixed), "--out", str(tmp_path / "e.json"), "--dask", "tcp://x:1"])
    assert code == 2
    assert "pip install 'timeline[dask]'" in capsys.readouterr().err
    assert not (tmp_path / "e.json").exists()


def test_repository_default_explained_when_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["extract"]) == 2
    err = capsys.readouterr().err
    assert "seeds/, is the repository's example folder" in err and "Example: timeline" in err
    assert not any(tmp_path.iterdir())


def test_version_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("timeline ")


@pytest.mark.parametrize("command", ["extract", "timex", "evaluate", "validate", "dashboard",
                                     "export"])
def test_every_help_has_an_example_and_exit_codes(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    assert "example" in out and "exit codes:" in out and f"timeline {command}" in out
