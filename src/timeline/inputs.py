"""Finding the documents of a run: files and folders in, a deterministic list of files out.

Discovery only lists paths (it never reads a file), so a corpus of any size costs
one directory walk; reading happens later, one document at a time.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from timeline.readers import SUFFIXES

STDIN = "-"
FETCH_TIMEOUT = 20.0  # seconds for a whole download
FETCH_LIMIT = 20_000_000  # bytes: a larger answer is refused, not truncated


class InputError(Exception):
    """The inputs cannot make a run (missing path, clashing ids); nothing is written."""


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path | None  # where to read it (None for a URL or stdin)
    display: str  # how it is named to the user and in the events file
    doc_id: str  # file name without extension, unique within a run
    url: str | None = None  # an http(s) address to download

    @property
    def is_stdin(self) -> bool:
        return self.path is None and self.url is None


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def url_doc_id(url: str) -> str:
    """`https://news.example/2021/port-closes.html` -> `port-closes`; the host otherwise."""
    parts = urlsplit(url)
    stem = Path(parts.path.rstrip("/")).stem if parts.path.strip("/") else ""
    return re.sub(r"[^\w.-]+", "-", stem or parts.hostname or "page").strip("-") or "page"


def read_list(path: str) -> list[str]:
    """The paths and URLs of a list file: one per line, blank lines and `#` comments skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise InputError(f"--from-list {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"--from-list {path}: cannot be read ({exc})") from None
    entries = [line.strip() for line in lines]
    return [e for e in entries if e and not e.startswith("#")]


def display_path(path: Path) -> str:
    """Relative to the working directory when below it, else absolute, always with `/`."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # .git, .timeline cache
        found.extend(
            Path(root, f) for f in files if f.lower().endswith(SUFFIXES) and not f.startswith(".")
        )
    return found


def discover(paths: list[str]) -> list[InputFile]:
    """Every document under `paths`, sorted by displayed path, each listed once.

    A path given explicitly is taken whatever its extension; folders are searched
    recursively for `.txt`, `.md`, `.html`, `.htm` and `.pdf`. `-` is stdin and an
    `http(s)://` address is downloaded later. Raises InputError for a missing path or
    when two documents would get the same document id.
    """
    missing = [p for p in paths if p != STDIN and not is_url(p) and not Path(p).exists()]
    if missing:
        raise InputError("; ".join(f"{p}: no such file or folder" for p in missing))
    seen: dict[str, InputFile] = {}
    for p in paths:
        if p == STDIN:
            seen.setdefault("<stdin>", InputFile(path=None, display="<stdin>", doc_id="stdin"))
            continue
        if is_url(p):
            seen.setdefault(p, InputFile(path=None, display=p, doc_id=url_doc_id(p), url=p))
            continue
        path = Path(p)
        candidates = _walk(path) if path.is_dir() else [path]
        for c in candidates:
            shown = display_path(c)
            if shown not in seen:
                seen[shown] = InputFile(path=c, display=shown, doc_id=c.stem)
    files = sorted(seen.values(), key=lambda f: f.display)
    by_id: dict[str, list[str]] = defaultdict(list)
    for f in files:
        by_id[f.doc_id].append(f.display)
    clashes = {i: shown for i, shown in by_id.items() if len(shown) > 1}
    if clashes:
        lines = [f"document id {i!r} is used by {', '.join(s)}" for i, s in sorted(clashes.items())]
        raise InputError(
            "document ids must be unique (the file name without extension): "
            + "; ".join(lines)
            + ". Rename one of each pair."
        )
    return files


def fetch(url: str, timeout: float = FETCH_TIMEOUT, limit: int = FETCH_LIMIT) -> tuple[bytes, str]:
    """A URL's body and content type; OSError with the reason when it cannot be had.

    Redirects are followed; the whole body must arrive within `timeout` seconds per
    read and be at most `limit` bytes, so a slow or huge answer cannot hang a run.
    """
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "timeline (document reader)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise OSError(f"larger than the {limit:,}-byte limit ({int(declared):,} bytes)")
            body = response.read(limit + 1)
            if len(body) > limit:
                raise OSError(f"larger than the {limit:,}-byte limit")
            return body, response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        raise OSError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise OSError(f"cannot be fetched ({exc.reason})") from None
    except TimeoutError:
        raise OSError(f"no answer within {timeout:g}s") from None
