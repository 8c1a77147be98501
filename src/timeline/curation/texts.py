"""Document texts for checking and re-anchoring spans, read lazily and only once."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def resolve(doc_path: str, events_path: Path) -> Path | None:
    """A document path as written by extract: relative to the cwd, else to the project root.

    The project root is the events file's folder's parent (`data/events.json` -> `.`).
    """
    p = Path(doc_path)
    if p.is_absolute():
        return p if p.is_file() else None
    for root in (Path.cwd(), Path(events_path).absolute().parent.parent):
        candidate = root / p
        if candidate.is_file():
            return candidate
    return None


def read_text(path: Path) -> str | None:
    """The decoded text with the same offsets the extractor used."""
    try:
        from timeline.documents import DocumentError, load_document
    except ImportError:  # pragma: no cover - documents module is part of the package
        return path.read_text(encoding="utf-8")
    try:
        return load_document(path).text
    except (DocumentError, OSError):
        return None


class DocumentTexts:
    """doc id -> text, from the paths listed in events files; None when unreadable."""

    def __init__(self, events_path: Path, documents: list[dict[str, Any]]) -> None:
        self.events_path = events_path
        self.paths = {
            d["id"]: d["path"]
            for d in documents
            if isinstance(d, dict)
            and isinstance(d.get("id"), str)
            and isinstance(d.get("path"), str)
        }
        self.cache: dict[str, str | None] = {}
        self.missing: set[str] = set()

    def __call__(self, doc_id: str) -> str | None:
        if doc_id not in self.cache:
            path = self.paths.get(doc_id)
            found = resolve(path, self.events_path) if path else None
            self.cache[doc_id] = read_text(found) if found else None
            if self.cache[doc_id] is None:
                self.missing.add(doc_id)
        return self.cache[doc_id]


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
