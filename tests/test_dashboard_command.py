"""The `dashboard` command: safe defaults and clear refusals before any server starts."""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys

import pytest

from timeline import dashboard_command


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    dashboard_command.configure(parser)
    return parser.parse_args(argv)


def test_defaults_serve_this_machine_only() -> None:
    args = _parse([])
    assert (args.events, args.host, args.port) == ("data/events.json", "127.0.0.1", 8050)
    assert args.allow_remote_edits is False
    assert _parse(["--host", "0.0.0.0", "--allow-remote-edits"]).allow_remote_edits is True


def test_configure_does_not_import_dash() -> None:
    code = (
        "import argparse, sys; from timeline import dashboard_command; "
        "dashboard_command.configure(argparse.ArgumentParser()); "
        "print(sorted(m for m in ('dash', 'plotly', 'flask') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_bad_port_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert dashboard_command.run(_parse(["--port", "0"])) == 2
    assert "expected a port number" in capsys.readouterr().err


def test_busy_port_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert dashboard_command.run(_parse(["--port", str(port)])) == 1
    err = capsys.readouterr().err
    assert f"127.0.0.1:{port}" in err and "cannot serve" in err
