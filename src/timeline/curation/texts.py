"""Document texts for checking and re-anchoring spans, read lazily and only once."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def resolve(doc_path: str, events_path: Path) -> Path | None:
    """A document file inside the default roots (see `timeline.roots`), else None."""
    from timeline.roots import OutsideRoots, default_roots, resolve_document

    try:
        return resolve_document(doc_path, events_path, default_roots(events_path))
    except OutsideRoots:
        return None


def read_text(path: Path) -> str | None:
    """The decoded text with the same offsets the extractor used."""
    from timeline.readers import ReadError, read_bytes

    try:
        return read_bytes(path.read_bytes(), path.name).text
    except (ReadError, OSError):
        return None


class DocumentTexts:
    """doc id -> text, from the records of an events file; None when unreadable.

    Files are read only inside `roots` (default: see `timeline.roots.default_roots`);
    a document whose path escapes them is listed in `refused` with the reason.
    """

    def __init__(
        self,
        events_path: Path,
        documents: list[dict[str, Any]],
        roots: Sequence[Path] | None = None,
    ) -> None:
        from timeline.roots import default_roots

        self.events_path = events_path
        self.records = {
            d["id"]: d
            for d in documents
            if isinstance(d, dict)
            and isinstance(d.get("id"), str)
            and isinstance(d.get("path"), str)
        }
        self.paths = {i: d["path"] for i, d in self.records.items()}
        self.roots = list(roots) if roots is not None else default_roots(events_path)
        self.cache: dict[str, str | None] = {}
        self.missing: set[str] = set()
        self.refused: dict[str, str] = {}

    def __call__(self, doc_id: str) -> str | None:
        from timeline.roots import OutsideRoots, document_text

        if doc_id not in self.cache:
            record = self.records.get(doc_id)
            text = None
            if record is not None:
                try:
                    text = document_text(record, self.events_path, self.roots)
                except OutsideRoots as exc:
                    self.refused[doc_id] = str(exc)
            self.cache[doc_id] = text
            if text is None and doc_id not in self.refused:
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
