"""What grouping computed about each event and story last run, kept for the next one.

A one-document change regroups every event (word weights are idf over the whole pile,
so every score moves), but an unchanged event's words, dates and speakers are what they
were, and so is the description of a story whose members are all unchanged. Both are
read back from one marshal file beside the cache instead of being computed again: for
24,000 events about 0.1 s to read against 1 s to compute (JSON cost as much as the
computing). Entries are keyed by a digest of every field that `features` and `describe`
read, so a changed event misses; the file carries the code version, so a changed rule
or word list misses everything; a damaged file is a miss, never an error. Only this
run's entries are written back, so the file tracks the events file.

Memory: a 50 MB document gives 300,000 events, so this run's entries are not held as
objects: each event's row is marshalled as it is made and written, a few thousand at a
time, to an unnamed temporary file that `save` copies; last run's rows are held as
their marshal bytes and each is read back (or dropped) once; events are known by their
feature index, whose key is 16 bytes in one `bytearray`.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO, Any

from timeline.stories.features import Features, features

# Every event field that `features` or `describe` reads.
FIELDS = (
    "id", "doc", "title", "sentence", "evidence", "attribution", "earliest", "latest",
    "date", "date_source", "salience", "confidence",
)
# The layout of the file itself (3: a header, chunks of rows as marshal bytes, None, the
# stories as marshal bytes; a row's words hold its core words first, then their count).
_FORMAT = 3
_KEY = 16  # bytes of a key
_NO_KEY = bytes(_KEY)  # the key of an event that has none (`event_key` gave None)
CHUNK_ROWS = 4096  # rows written to the temporary file at a time


def event_key(ev: dict[str, Any]) -> bytes | None:
    """A digest of what grouping reads of an event, None when a value cannot be keyed."""
    try:  # version 2 writes no back-references, whose use follows reference counts
        raw = marshal.dumps(tuple(map(ev.get, FIELDS)), 2)
    except ValueError:
        return None
    return hashlib.blake2b(raw, digest_size=_KEY).digest()


def _row(f: Features) -> bytes:
    """The marshal bytes of `f` without its index (interned words stay interned)."""
    return marshal.dumps((
        f.id, f.doc, f.lo, f.hi, f.years, f.span, f.sentence, f.words, f.ncore,
        f.speakers, f.refers, f.date_from,
    ))


class Memo:
    """Features and story descriptions by key: those read from `path` and this run's."""

    def __init__(self, path: Path | None, version: str) -> None:
        self.path = path
        self.version = version
        self._old_events: dict[bytes, bytes] = {}  # last run's rows not yet read back
        self._old_stories: dict[bytes, bytes] = {}
        self.stories: dict[bytes, bytes] = {}  # this run's descriptions
        self.keys = bytearray()  # feature index -> key, `_KEY` bytes each
        self.hits = 0
        self.fresh = 0  # rows and descriptions computed this run, not read back
        self._pending: dict[bytes, bytes] = {}  # rows not yet written to `_rows`
        self._rows: IO[bytes] | None = None
        if path is not None:
            self._load(path)

    def _load(self, path: Path) -> None:
        events: dict[bytes, bytes] = {}
        try:
            with open(path, "rb") as f:
                if marshal.load(f) != (_FORMAT, self.version):
                    return
                while (chunk := marshal.load(f)) is not None:
                    events.update(chunk)
                stories = marshal.load(f)
        except (OSError, EOFError, ValueError, TypeError):
            return
        if isinstance(stories, dict):
            self._old_events, self._old_stories = events, stories

    def features(self, index: int, ev: dict[str, Any]) -> Features:
        """`features(index, ev)`, read back when the event is unchanged."""
        key = event_key(ev)
        self._set_key(index, key or _NO_KEY)
        if key is None:
            return features(index, ev)
        known = self._old_events.pop(key, None)
        if known is not None:
            with contextlib.suppress(EOFError, ValueError, TypeError):
                row = marshal.loads(known)
                if _fits(row):
                    self.hits += 1
                    self._keep(key, known)
                    return Features(index, *row)
        f = features(index, ev)
        self.fresh += 1
        self._keep(key, _row(f))
        return f

    def _set_key(self, index: int, key: bytes) -> None:
        at = index * _KEY
        if at == len(self.keys):
            self.keys += key
        else:
            self.keys[at : at + _KEY] = key

    def _keep(self, key: bytes, row: bytes) -> None:
        """This run's row, for `save`: written out a chunk at a time."""
        if self.path is None:
            return
        self._pending[key] = row
        if len(self._pending) >= CHUNK_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._rows is None:
            # Unnamed: nothing is left behind when the run ends without `save`.
            self._rows = tempfile.TemporaryFile()  # noqa: SIM115 - open until `save`
        marshal.dump(self._pending, self._rows)
        self._pending = {}

    def story_key(self, indices: list[int]) -> bytes | None:
        """A digest of a story's members (feature indices, in sorted id order), None when
        one has no key."""
        keys = [bytes(self.keys[i * _KEY : (i + 1) * _KEY]) for i in indices]
        if _NO_KEY in keys:
            return None
        return hashlib.blake2b(b"".join(keys), digest_size=_KEY).digest()

    def description(self, key: bytes) -> dict[str, Any] | None:
        """Last run's description of a story of these exact members (a fresh copy)."""
        known = self._old_stories.pop(key, None) or self.stories.get(key)
        if known is None:
            return None
        try:
            story = marshal.loads(known)
        except (EOFError, ValueError, TypeError):
            return None
        if not isinstance(story, dict):
            return None
        self.stories[key] = known
        return story

    def remember(self, key: bytes, description: dict[str, Any]) -> None:
        with contextlib.suppress(ValueError):  # a value marshal cannot hold: not kept
            self.stories[key] = marshal.dumps(description)
            self.fresh += 1

    def save(self) -> None:
        """Write this run's entries, unless they are exactly the ones read."""
        if self.path is None:
            return
        if not self.fresh and not self._old_events and not self._old_stories:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".marshal")
        try:
            with os.fdopen(fd, "wb") as f:
                self._write(f)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _write(self, f: IO[bytes]) -> None:
        marshal.dump((_FORMAT, self.version), f)
        if self._rows is not None:
            self._rows.seek(0)
            shutil.copyfileobj(self._rows, f)
            self._rows.seek(0, os.SEEK_END)
        if self._pending:
            marshal.dump(self._pending, f)
        marshal.dump(None, f)
        marshal.dump(self.stories, f)


def _fits(known: Any) -> bool:
    return isinstance(known, tuple) and len(known) == 12
