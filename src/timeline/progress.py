"""Progress on stderr: a redrawn bar on a terminal, plain periodic lines otherwise, or nothing."""

from __future__ import annotations

import sys
import time
from typing import TextIO

_LINE_EVERY = 5.0  # seconds between plain lines (logs, CI)
_BAR_EVERY = 0.1  # seconds between bar redraws
_BAR_WIDTH = 24


def _duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds}s"
    minutes, s = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{s:02d}s"
    hours, m = divmod(minutes, 60)
    return f"{hours}h{m:02d}m"


def _rate(chars_per_s: float) -> str:
    if chars_per_s >= 1e6:
        return f"{chars_per_s / 1e6:.1f}M chars/s"
    return f"{chars_per_s / 1e3:.0f}k chars/s"


class Progress:
    """Documents done out of a total, with throughput and time left (weighed by bytes)."""

    def __init__(
        self,
        total_docs: int,
        total_bytes: int,
        *,
        quiet: bool = False,
        stream: TextIO | None = None,
    ) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet or total_docs == 0
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.total_docs = total_docs
        self.total_bytes = max(1, total_bytes)
        self.docs = 0
        self.bytes = 0
        self.chars = 0
        self.started = time.perf_counter()
        self._last = self.started  # the first report waits one interval: rates settle

    def advance(self, size: int, chars: int, docs: int = 1) -> None:
        self.docs += docs
        self.bytes += size
        self.chars += chars
        if self.quiet:
            return
        now = time.perf_counter()
        every = _BAR_EVERY if self.tty else _LINE_EVERY
        if now - self._last >= every or self.docs == self.total_docs:
            self._last = now
            self._show(now)

    def _show(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-9)
        share = min(1.0, self.bytes / self.total_bytes)
        eta = elapsed * (1 - share) / share if share > 0 else 0.0
        finished = self.docs == self.total_docs
        when = f"done in {_duration(elapsed)}" if finished else f"ETA {_duration(eta)}"
        text = f"{self.docs}/{self.total_docs} documents, {_rate(self.chars / elapsed)}, {when}"
        if self.tty:
            filled = int(share * _BAR_WIDTH)
            bar = "#" * filled + "-" * (_BAR_WIDTH - filled)
            self.stream.write(f"\r\x1b[2K[{bar}] {text}")
            if self.docs == self.total_docs:
                self.stream.write("\n")
        else:
            self.stream.write(f"extract: {text}\n")
        self.stream.flush()

    def close(self) -> None:
        if not self.quiet and self.tty and self.docs != self.total_docs:
            self.stream.write("\n")
            self.stream.flush()
