"""Who may write through the page: same-machine requests to the address the server was
started on, never a page of another site.

A DNS-rebinding page reaches the server under a foreign `Host`; a cross-site form or
script sends a foreign `Origin`; a framing page can turn a click into an edit. Writing
callbacks are refused (403, nothing written) unless both headers name this server, and
no page may frame this one.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterable
from ipaddress import ip_address
from urllib.parse import urlsplit

from flask import Flask, Response, abort, request

LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "localhost.localdomain"})
WILDCARDS = frozenset({"0.0.0.0", "::", ""})
CALLBACK_PATH = "_dash-update-component"
FRAME_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
}


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() in LOCAL_NAMES:
        return True
    try:
        return ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(bound: str) -> frozenset[str]:
    """Host names a legitimate request may carry: localhost names, the bound address and,
    when bound to every interface, this machine's own names."""
    names = set(LOCAL_NAMES) | {bound.strip("[]").lower()}
    if bound in WILDCARDS:
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    return frozenset(n for n in names if n and n not in WILDCARDS)


def _host_name(netloc: str) -> str:
    """`example.org:8050` -> `example.org`; `[::1]:8050` -> `::1`."""
    if netloc.startswith("["):
        return netloc[1 : netloc.find("]")].lower()
    return netloc.rsplit(":", 1)[0].lower() if netloc.count(":") == 1 else netloc.lower()


def request_is_local(host_header: str, origin: str | None, allowed: Iterable[str]) -> bool:
    """The Host names this server and the Origin, when sent, is this very address."""
    allowed = set(allowed)
    if not host_header or _host_name(host_header) not in allowed:
        return False
    if origin is None:
        return True
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host_header.lower()


def _writes(outputs: str, write_outputs: Iterable[str]) -> bool:
    return any(f"{o}." in outputs for o in write_outputs)


def protect(server: Flask, bound_host: str, write_outputs: Iterable[str]) -> None:
    """Refuse foreign writing callbacks and forbid framing, on every response."""
    allowed = allowed_hosts(bound_host)
    writers = tuple(write_outputs)

    @server.before_request
    def _refuse_foreign_writes() -> None:
        if request.method != "POST" or not request.path.endswith(CALLBACK_PATH):
            return
        try:
            body = json.loads(request.get_data(cache=True) or b"{}")
        except ValueError:
            abort(400)
        outputs = str(body.get("output", "")) if isinstance(body, dict) else ""
        local = request_is_local(request.host, request.headers.get("Origin"), allowed)
        if _writes(outputs, writers) and not local:
            abort(403)

    @server.after_request
    def _no_framing(response: Response) -> Response:
        response.headers.update(FRAME_HEADERS)
        return response
