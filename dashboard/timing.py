"""Opt-in server timing for profiling: each response says how much CPU its thread spent.

With `TIMELINE_DASH_TIMING=1` in the server's environment every response carries
`Server-Timing: cpu;dur=<ms>` (the handling thread's CPU, not wall time, so a busy
machine does not inflate it). `bench/dashboard_profile.py` reads it per callback. Off by
default: nothing is added to normal responses.
"""

from __future__ import annotations

import os
import time

from flask import Flask, Response, g

ENV = "TIMELINE_DASH_TIMING"


def enabled() -> bool:
    return os.environ.get(ENV, "") not in ("", "0")


def install(server: Flask) -> None:
    """Add the CPU-time header to every response when `TIMELINE_DASH_TIMING` is set."""
    if not enabled():
        return

    @server.before_request
    def _start() -> None:
        g.timeline_cpu0 = time.thread_time()

    @server.after_request
    def _stamp(response: Response) -> Response:
        start = g.get("timeline_cpu0")
        if start is not None:
            ms = (time.thread_time() - start) * 1000
            response.headers.add("Server-Timing", f"cpu;dur={ms:.1f}")
        return response
