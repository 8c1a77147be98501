"""Replacing the events file only if it still holds the bytes that were read.

A plain `os.replace` after a "file unchanged" check leaves a window in which an editor's
save (by rename, as most editors save) is overwritten and lost. Here the current file
is first moved aside (an atomic rename: from then on an editor's save creates a new file
at the path), its bytes are checked against the fingerprint read, and the new file is
linked in with no-replace semantics (`os.link` fails if the path exists). So:

- an editor's rename before the move-aside is caught by the byte check: it is put back;
- an editor's rename after it makes the link fail: the editor's file stays;
- an editor writing in place into the file being moved aside is caught by checking the
  aside bytes once more after the link: the user's file is put back over ours.

Every failure leaves the user's newest content at the path and raises `FileChanged`.
The file read becomes `.bak`. A writer killed between the move-aside and the link
leaves the path missing and the file aside: `recover` puts it back (under the lock).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from timeline.curation.errors import CurationError
from timeline.curation.sidecar import backup_path
from timeline.curation.texts import fsync_dir

NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}


class FileChanged(CurationError):
    """The events file is not the one read: nothing was written, a new merge may succeed."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_temporary(path: Path, data: bytes | Iterable[bytes]) -> Path:
    """`data` in a new, fsynced file beside `path` (same filesystem, so links work).

    `data` may come in pieces (written as they come, never joined in memory).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            for piece in [data] if isinstance(data, bytes) else data:
                f.write(piece)
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o644)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def aside_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.aside")


def stranded(path: Path) -> list[Path]:
    """Files moved aside by writers that were killed before finishing, newest first."""
    found = list(path.parent.glob(f".{path.name}.*.aside"))
    return sorted(found, key=lambda p: p.stat().st_mtime_ns, reverse=True)


def recover(path: Path) -> None:
    """Put back a file left aside by a killed writer. Call with the lock held."""
    for aside in stranded(path):
        _put_back(aside, path)


def _changed(path: Path, expected: str | None, what: str) -> FileChanged:
    return FileChanged(
        f"{path}: {what} on disk after it was read; nothing was written, so that change "
        "is kept. Run the command again to merge with it"
    )


def _put_back(aside: Path, path: Path) -> None:
    """The aside file back at `path`, unless a newer save is there: then it is `.bak`."""
    try:
        os.link(aside, path)
    except FileExistsError:
        os.replace(aside, backup_path(path))
    else:
        os.unlink(aside)
    fsync_dir(path.parent)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


class Hashed:
    """Pieces of bytes passed through while their sha256 is computed."""

    def __init__(self, pieces: Iterable[bytes]) -> None:
        self.pieces = pieces
        self.digest = hashlib.sha256()

    def __iter__(self) -> Iterator[bytes]:
        for piece in self.pieces:
            self.digest.update(piece)
            yield piece

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


def replace_if_unchanged(path: Path, data: bytes, expected: str | None) -> bytes | None:
    """Write `data` at `path` if it holds the bytes of sha256 `expected` (None: absent).

    Returns the bytes replaced (also kept as `.bak`). Raises `FileChanged`, having
    written nothing, if the file is not the one read. Call with the lock held.
    """
    path = Path(path)
    return replace_with_temporary(path, write_temporary(path, data), expected)


def replace_with_temporary(path: Path, tmp: Path, expected: str | None) -> bytes | None:
    """`replace_if_unchanged` with the new content already in `tmp` (from
    `write_temporary`), which is always gone afterwards."""
    try:
        if expected is None:
            return _create(path, tmp)
        return _swap(path, tmp, expected)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        fsync_dir(path.parent)


def _create(path: Path, tmp: Path) -> None:
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise _changed(path, None, "was created") from None
    except OSError as exc:
        if exc.errno not in NO_HARD_LINKS:
            raise
        if path.exists():
            raise _changed(path, None, "was created") from None
        os.replace(tmp, path)
    return None


def _swap(path: Path, tmp: Path, expected: str) -> bytes:
    aside = aside_path(path)
    try:
        os.rename(path, aside)
    except FileNotFoundError:
        raise _changed(path, expected, "was deleted") from None
    previous = aside.read_bytes()
    if sha256(previous) != expected:
        _put_back(aside, path)  # saved after it was read: the save stays
        raise _changed(path, expected, "was changed")
    try:
        os.link(tmp, path)
    except FileExistsError:  # an editor saved while the file was aside: its save stays
        os.replace(aside, backup_path(path))
        raise _changed(path, expected, "was changed") from None
    except OSError as exc:
        if exc.errno not in NO_HARD_LINKS:
            _put_back(aside, path)
            raise
        os.rename(tmp, path)  # no hard links here: the last check below still holds
    if _read(aside) != previous:  # written in place while it was being moved aside
        os.replace(aside, path)
        raise _changed(path, expected, "was changed")
    os.replace(aside, backup_path(path))
    return previous
