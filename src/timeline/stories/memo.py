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
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

from timeline.stories.features import Features, features

# Every event field that `features` or `describe` reads.
FIELDS = (
    "id", "doc", "title", "sentence", "evidence", "attribution", "earliest", "latest",
    "date", "date_source", "salience", "confidence",
)
_FORMAT = 2  # the layout of the file itself (2: an event's words as a tuple)


def event_key(ev: dict[str, Any]) -> bytes | None:
    """A digest of what grouping reads of an event, None when a value cannot be keyed."""
    try:  # version 2 writes no back-references, whose use follows reference counts
        raw = marshal.dumps(tuple(map(ev.get, FIELDS)), 2)
    except ValueError:
        return None
    return hashlib.blake2b(raw, digest_size=16).digest()


class Memo:
    """Features and story descriptions by key: those read from `path` and this run's."""

    def __init__(self, path: Path | None, version: str) -> None:
        self.path = path
        self.version = version
        self._old_events: dict[bytes, tuple[Any, ...]] = {}
        self._old_stories: dict[bytes, dict[str, Any]] = {}
        self.events: dict[bytes, tuple[Any, ...]] = {}
        self.stories: dict[bytes, dict[str, Any]] = {}
        self.keys: dict[str, bytes] = {}  # event id -> key, for story keys
        self.hits = 0
        if path is not None:
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            body = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return
        if (
            isinstance(body, tuple) and len(body) == 4 and body[0] == _FORMAT
            and body[1] == self.version and isinstance(body[2], dict)
            and isinstance(body[3], dict)
        ):
            self._old_events, self._old_stories = body[2], body[3]

    def features(self, index: int, ev: dict[str, Any]) -> Features:
        """`features(index, ev)`, read back when the event is unchanged."""
        key = event_key(ev)
        if key is None:
            return features(index, ev)
        self.keys[ev["id"]] = key
        known = self.events.get(key) or self._old_events.get(key)
        if known is not None and _fits(known):
            self.hits += 1
            self.events[key] = known
            return Features(index, *known)
        f = features(index, ev)
        self.events[key] = (
            f.id, f.doc, f.lo, f.hi, f.years, f.span, f.sentence, f.words, f.core,
            f.speakers, f.refers, f.date_from,
        )
        return f

    def story_key(self, members: list[str]) -> bytes | None:
        """A digest of a story's members (sorted ids), None when one has no key."""
        keys = [self.keys.get(m) for m in members]
        if any(k is None for k in keys):
            return None
        return hashlib.blake2b(b"".join(keys), digest_size=16).digest()  # type: ignore[arg-type]

    def description(self, key: bytes) -> dict[str, Any] | None:
        """Last run's description of a story of these exact members (a fresh copy)."""
        known = self._old_stories.get(key) or self.stories.get(key)
        if not isinstance(known, dict):
            return None
        self.stories[key] = known
        return marshal.loads(marshal.dumps(known))

    def remember(self, key: bytes, description: dict[str, Any]) -> None:
        with contextlib.suppress(ValueError):  # a value marshal cannot hold: not kept
            self.stories[key] = marshal.loads(marshal.dumps(description))

    def save(self) -> None:
        """Write this run's entries, unless they are exactly the ones read."""
        if self.path is None:
            return
        if self.events.keys() == self._old_events.keys() and (
            self.stories.keys() == self._old_stories.keys()
        ):
            return
        body = marshal.dumps((_FORMAT, self.version, self.events, self.stories))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".marshal")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(body)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _fits(known: Any) -> bool:
    return isinstance(known, tuple) and len(known) == 12
