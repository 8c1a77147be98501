"""The incremental cache: re-extract only documents whose bytes, curated date or code changed.

Entries are keyed by sha256(raw bytes) + curated publication date + a version of the
extraction code and rules, so editing a document, correcting its date by hand or
changing a rule all miss the cache, while moving or re-saving an identical file hits.
A stat index (size and mtime per path) avoids re-hashing unchanged files; a file
whose size or mtime moved is hashed again, so a content change is always seen.
The cache is disposable: a damaged entry is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

_CODE_SUFFIXES = (".py", ".tsv", ".json", ".txt", ".toml")


def code_files(root: Path | None = None) -> list[Path]:
    """Every code and rule file of the package. All of them count: a list of the modules
    that shape extraction went stale each time a new one was added."""
    root = root or Path(__file__).resolve().parent
    return sorted(
        f for f in root.rglob("*")
        if f.is_file() and f.suffix in _CODE_SUFFIXES and "__pycache__" not in f.parts
    )


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the package's code and rule files: any edit changes it."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for f in code_files(root):
        digest.update(f.relative_to(root).as_posix().encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()[:16]


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _atomic_write(path: Path, data: bytes | Iterable[bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            for piece in [data] if isinstance(data, bytes) else data:
                f.write(piece)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Cache:
    """Extraction results on disk beside the events file (`<dir>/.timeline/cache/<name>/`).

    Results of the last run live in one pack file (`results.json`), read in one go:
    thousands of small entry files would cost more in opening than in parsing.
    Only the results of the current run are written back, so the pack tracks the
    corpus instead of growing forever.
    """

    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.root = root
        self.enabled = enabled
        self.version = code_version()
        self._index_path = root / "index.json"
        self._pack_path = root / "results.json"
        self._run_path = root / "last-run.json"
        self._stats: dict[str, list[Any]] = {}
        self._pack: dict[str, dict[str, Any]] | None = None
        self._kept: dict[str, dict[str, Any]] = {}
        self._dirty = False
        if enabled:
            loaded = _read_json(self._index_path)
            if isinstance(loaded, dict) and isinstance(loaded.get("files"), dict):
                self._stats = loaded["files"]

    @classmethod
    def beside(cls, events_path: Path, enabled: bool = True) -> Cache:
        """`data/events.json` caches in `data/.timeline/cache/events.json/`."""
        folder = events_path.absolute().parent / ".timeline" / "cache" / events_path.name
        return cls(folder, enabled)

    def sha256(self, path: Path, display: str) -> tuple[str, int]:
        """The file's content hash (from the stat index when size and mtime are unchanged)."""
        st = path.stat()
        known = self._stats.get(display)
        if known and known[0] == st.st_size and known[1] == st.st_mtime_ns:
            return known[2], st.st_size
        sha = file_sha256(path)
        if self.enabled:
            self._stats[display] = [st.st_size, st.st_mtime_ns, sha]
            self._dirty = True
        return sha, st.st_size

    def key(self, sha256: str, published: str | None) -> str:
        return hashlib.sha256(f"{sha256}|{published or ''}|{self.version}".encode()).hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        if not self.enabled:
            return None
        if self._pack is None:
            loaded = _read_json(self._pack_path)
            ok = isinstance(loaded, dict) and loaded.get("version") == self.version
            self._pack = loaded.get("results", {}) if ok else {}  # type: ignore[union-attr]
        value = self._pack.get(key)  # type: ignore[union-attr]
        if isinstance(value, dict):
            self._kept[key] = value
            return value
        return None

    def put(self, key: str, result: dict[str, Any]) -> None:
        if self.enabled:
            self._kept[key] = result

    def save(self, keep: set[str]) -> None:
        """Persist this run's results and the stat index of its files (others are forgotten)."""
        if not self.enabled:
            return
        stats = {k: v for k, v in self._stats.items() if k in keep}
        if self._dirty or stats.keys() != self._stats.keys():
            _atomic_write(self._index_path, json.dumps({"files": stats}, sort_keys=True).encode())
        if self._pack is None or self._kept.keys() != self._pack.keys():
            _atomic_write(self._pack_path, _pack_pieces(self.version, self._kept))
        self._pack, self._kept = None, {}  # the caller holds what it needs; free the rest

    def last_run(self) -> dict[str, Any]:
        """What the previous run wrote (its inputs digest and output hash), or {}."""
        loaded = _read_json(self._run_path) if self.enabled else None
        return loaded if isinstance(loaded, dict) else {}

    def record_run(self, inputs_digest: str, output_sha256: str, curated: dict[str, str]) -> None:
        """Remember what was written from what, so an unchanged re-run can stop early."""
        if self.enabled:
            body = {"inputs": inputs_digest, "output": output_sha256, "curated": curated}
            _atomic_write(self._run_path, json.dumps(body).encode())


def _pack_pieces(version: str, results: dict[str, dict[str, Any]]) -> Iterator[bytes]:
    """The pack's JSON, `{"version": ..., "results": {key: result}}`, a result at a time
    and a large result's events a few thousand at a time (never one giant string)."""
    from timeline.curation.layout import compact_chunks

    yield f'{{"version":{json.dumps(version)},"results":{{'.encode()
    for i, (key, result) in enumerate(results.items()):
        yield (b"," if i else b"") + json.dumps(key).encode() + b":"
        yield from compact_chunks(result)
    yield b"}}"


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
