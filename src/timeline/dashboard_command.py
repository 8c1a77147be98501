"""`python -m timeline dashboard`: serve the interactive timeline on this machine."""

from __future__ import annotations

import argparse
import logging
import socket
import sys
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--events",
        default="data/events.json",
        help="events file to show and correct (default: data/events.json)",
    )
    parser.add_argument("--port", type=int, default=8050, help="port (default: 8050)")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default: 127.0.0.1, reachable from this machine only)",
    )
    parser.add_argument(
        "--allow-remote-edits",
        action="store_true",
        help="with a --host other machines can reach, let them save corrections too "
        "(by default such a server is read-only)",
    )
    parser.add_argument(
        "--docs",
        action="append",
        metavar="DIR",
        help="a folder the page may read documents from, besides the events file's own "
        "(repeatable; default: the current folder unless it is / or your home folder)",
    )
    parser.add_argument("--debug", action="store_true", help="Dash debug mode with hot reload")


def _port_problem(host: str, port: int) -> str | None:
    """Say why the address cannot be bound before starting the server, not in a traceback."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            # As the server will: a port left in TIME_WAIT by a previous run is usable.
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        print(f"error: --port {args.port}: expected a port number 1-65535", file=sys.stderr)
        return 2
    problem = _port_problem(args.host, args.port)
    if problem:
        print(f"error: cannot serve on {args.host}:{args.port}: {problem}", file=sys.stderr)
        return 1
    from timeline.dashboard.app import create_app  # heavy: only when the command runs
    from timeline.dashboard.security import is_loopback

    events = Path(args.events)
    if not events.is_file():
        # Still serve: the page explains what is missing and picks the file up once it exists.
        print(f"warning: no events file at {events}; the page will say so", file=sys.stderr)
    read_only = not is_loopback(args.host) and not args.allow_remote_edits
    if read_only:
        print(
            f"note: {args.host} is reachable from other machines, so the page is read-only; "
            "start with --allow-remote-edits to let it save corrections",
            file=sys.stderr,
        )
    elif not is_loopback(args.host):
        print(
            f"warning: {args.host} is reachable from other machines and "
            "--allow-remote-edits lets them change the events file",
            file=sys.stderr,
        )
    app = create_app(events, host=args.host, read_only=read_only, docs=args.docs)
    # One line per request (the page polls the file every 2 s) would drown real messages.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    print(f"Timeline dashboard for {events} at http://{args.host}:{args.port}/", flush=True)
    try:
        app.run(host=args.host, port=args.port, debug=args.debug)
    except OSError as exc:
        print(f"error: cannot serve on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command alone, without building every other command's parser."""
    parser = argparse.ArgumentParser(prog="timeline dashboard")
    configure(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
