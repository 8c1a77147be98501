"""Nothing exposed: foreign pages cannot write, frame the page or inject markup."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from test_dashboard_support import ROOT, copy_fixture, fixture_model, free_port, row
from timeline.dashboard import figures, security
from timeline.dashboard.app import create_app


def _edit_payload(app: object, event_id: str, new_date: str) -> dict:
    """The request the page sends when Save is pressed, built from the app's own callback."""
    key = next(k for k in app.callback_map if "edit-message.children" in k and "version" in k)
    title = next(e.title for e in fixture_model().events if e.id == event_id)
    spec = app.callback_map[key]
    values = {("edit-save", "n_clicks"): 1, ("selected", "data"): event_id,
              ("edit-date", "value"): new_date, ("edit-title", "value"): title}  # fmt: skip

    def items(kind: str) -> list[dict]:
        return [{**d, "value": values.get((d["id"], d["property"]))} for d in spec[kind]]

    return {"output": key, "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1]}
            for o in key.strip(".").split("...")], "inputs": items("inputs"),
            "state": items("state"), "changedPropIds": ["edit-save.n_clicks"]}  # fmt: skip


def _post(app: object, payload: dict, host: str, origin: str | None = None) -> object:
    headers = {"Host": host} | ({"Origin": origin} if origin else {})
    client = app.server.test_client()
    return client.post("/_dash-update-component", json=payload, headers=headers)


@pytest.mark.parametrize(
    ("host", "origin", "status"),
    [
        ("evil.example:8050", None, 403),  # DNS rebinding: a foreign name for our address
        ("127.0.0.1:8050", "http://evil.example", 403),  # a foreign page's script
        ("127.0.0.1:8050", "http://127.0.0.1:9999", 403),  # another local server's page
        ("localhost:8050", "null", 403),  # a sandboxed frame or a file:// page
        ("127.0.0.1:8050", "http://127.0.0.1:8050", 200),
        ("localhost:8050", None, 200),
    ],
)
def test_writes_need_our_host_and_origin(
    tmp_path: Path, host: str, origin: str | None, status: int
) -> None:
    path = copy_fixture(tmp_path)
    app = create_app(path)
    before = path.read_bytes()
    response = _post(app, _edit_payload(app, "e9", "2019-04-05"), host, origin)
    assert response.status_code == status
    written = json.loads(path.read_text(encoding="utf-8"))
    date = next(e["date"] for e in written["events"] if e["id"] == "e9")
    if status == 403:
        assert path.read_bytes() == before
    else:
        assert date == "2019-04-05"  # the same request from the page itself does write


def test_reads_from_anywhere_are_served_but_never_framed(tmp_path: Path) -> None:
    app = create_app(copy_fixture(tmp_path))
    response = app.server.test_client().get("/", headers={"Host": "evil.example"})
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Content-Security-Policy"] == "frame-ancestors 'none'"


def test_read_only_server_writes_nothing(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    app = create_app(path, host="0.0.0.0", read_only=True)
    before = path.read_bytes()
    response = _post(app, _edit_payload(app, "e9", "2019-04-05"), "localhost:8050")
    assert response.status_code == 200 and "Read-only" in response.get_data(as_text=True)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
     ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)],
)  # fmt: skip
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert security.is_loopback(host) is loopback


def test_remote_host_starts_read_only_and_says_so(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "timeline.dashboard_command", "--events", str(path),
         "--host", "0.0.0.0", "--port", str(free_port())],
        env={"PYTHONPATH": f"{ROOT / 'src'}:{ROOT}", "PATH": ""}, stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        line = proc.stderr.readline() if proc.stderr else ""
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert "read-only" in line and "--allow-remote-edits" in line


def test_document_text_is_never_plotly_markup() -> None:
    evil = '<a href="http://evil.example">Breadcrumb</a> <b>bold</b>'
    r = replace(row("x", title=evil, doc="d"), doc_title=evil)
    fig = figures.build_figure([r])
    labels = fig["layout"]["yaxis"]["ticktext"]
    hovers = [h for t in fig["data"] for h in t.get("hovertext", [])]
    for text in [*labels, *hovers]:
        assert "<a" not in text and "&lt;a href=" in text
