"""Documents stay inside their roots: which files an events file may make us read.

An events file is data a person may have received from anyone, so its
`documents[].path` values are not trusted: a path is read only when, with symlinks
resolved, it lies under the events file's folder or under a document folder the user
named (`--docs`; by default the folder the command runs from). Anything else
(`/etc/passwd`, `../../..`, a symlink out) is refused by name, never read, and its
content is never shown. Extraction stores paths relative to the events file's folder.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Any

TEXT_FOLDER = Path(".timeline") / "text"  # extracted texts of web pages and PDFs
_trusted: ContextVar[tuple[Path, ...]] = ContextVar("trusted_roots", default=())


class OutsideRoots(Exception):
    """A document path that points outside every allowed folder; it was not read."""


def is_remote(path: str) -> bool:
    return path == "-" or path.startswith(("http://", "https://"))


def default_roots(events_path: Path, docs: Sequence[str | Path] | None = None) -> list[Path]:
    """The events file's folder, the `--docs` folders (else the current folder, unless it is
    the file system's root or the home folder: far too wide), and the input folders of the
    extraction running in this process."""
    roots = [Path(events_path).absolute().parent]
    if docs:
        roots.extend(Path(d) for d in docs)
    elif not _too_wide(Path.cwd()):
        roots.append(Path.cwd())
    roots.extend(_trusted.get())
    return [r.resolve() for r in roots]


@contextlib.contextmanager
def trusting(folders: Sequence[Path]) -> Iterator[None]:
    """Also allow these folders (the inputs a user just named to `extract`) for a while."""
    token = _trusted.set(_trusted.get() + tuple(Path(f).resolve() for f in folders))
    try:
        yield
    finally:
        _trusted.reset(token)


def _too_wide(folder: Path) -> bool:
    real = folder.resolve()
    return real == Path(real.anchor) or real == Path.home().resolve()


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    return any(path == r or path.is_relative_to(r) for r in roots)


def resolve_document(path: str, events_path: Path, roots: Sequence[Path]) -> Path | None:
    """The real file a document path names, if it lies inside the roots.

    Relative paths are tried against the events file's folder (how extract writes
    them), then the current folder and the events folder's parent (how earlier
    versions wrote them). Returns None when no allowed candidate exists; raises
    OutsideRoots when every candidate lies outside the roots or one that exists does.
    """
    if is_remote(path) or not path or "\x00" in path:
        raise OutsideRoots(f"{path!r} is not a file path")
    p = Path(path)
    base = Path(events_path).absolute().parent
    anchors = [p] if p.is_absolute() else [base / p, Path.cwd() / p, base.parent / p]
    allowed = escaped = False
    for candidate in anchors:
        real = candidate.resolve()
        if not _inside(real, roots):
            escaped = escaped or real.exists()  # e.g. a symlink inside pointing out
            continue
        allowed = True
        if real.is_file():
            return real
    if escaped or not allowed:
        shown = ", ".join(_shown(r) for r in roots)
        raise OutsideRoots(
            f"{path!r} is outside the document folders ({shown}); it was not read. "
            "Give its folder with --docs if you trust it."
        )
    return None


def _shown(folder: Path) -> str:
    try:
        rel = os.path.relpath(folder)
    except ValueError:
        return folder.as_posix()
    return "." if rel == "." else (folder.as_posix() if rel.startswith("..") else rel)


def stored_path(path: Path, events_path: Path) -> str:
    """How extract records a document file: relative to the events file's folder.
    (`os.path` on strings: it runs for every document, and `relpath` makes both sides
    absolute itself.)"""
    base = _folder_of(os.getcwd(), os.fspath(events_path))
    try:
        return os.path.relpath(path, base).replace(os.sep, "/")
    except ValueError:  # another drive (Windows)
        return Path(path).absolute().as_posix()


_FOLDERS: dict[tuple[str, str], str] = {}


def _folder_of(cwd: str, events_path: str) -> str:
    """The events file's folder, absolute, once per working directory and file."""
    found = _FOLDERS.get((cwd, events_path))
    if found is None:
        if len(_FOLDERS) > 64:
            _FOLDERS.clear()
        found = _FOLDERS[(cwd, events_path)] = os.fspath(Path(events_path).absolute().parent)
    return found


def text_file(text: str) -> Path:
    """Where a derived text is kept, relative to the events file's folder (by its hash)."""
    import hashlib

    return TEXT_FOLDER / f"{hashlib.sha256(text.encode('utf-8')).hexdigest()}.txt"


def keep_text(text: str, events_path: Path) -> str:
    """Write a web page's or PDF's extracted text beside the events file; its stored path."""
    rel = text_file(text)
    target = Path(events_path).absolute().parent / rel
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(text.encode("utf-8"))
        os.replace(tmp, target)
    return rel.as_posix()


def document_text(
    record: dict[str, Any], events_path: Path, roots: Sequence[Path] | None = None
) -> str | None:
    """The text a document's offsets count into, read only inside the roots.

    None when the file is missing or unreadable; OutsideRoots when a path escapes.
    This is the one call for any view that shows or checks a document's text.
    """
    from timeline.readers import ReadError, decode_text, read_bytes

    roots = default_roots(events_path) if roots is None else roots
    kept = record.get("text_path")
    if isinstance(kept, str) and kept:
        found = resolve_document(kept, events_path, roots)
        if found is None:
            return None
        try:
            return decode_text(found.read_bytes())
        except (OSError, ReadError):
            return None
    path = record.get("path")
    if not isinstance(path, str):
        return None
    found = resolve_document(path, events_path, roots)
    if found is None:
        return None
    try:
        fmt = record.get("format") if isinstance(record.get("format"), str) else None
        return read_bytes(found.read_bytes(), found.name, fmt).text
    except (OSError, ReadError):
        return None
