"""Reading and writing events files so that nothing a user wrote is ever lost.

Reads report every problem with file, line and field. Writes hold an OS lock against a
second writer, replace the file only if it still holds the bytes that were read (see
`replace`), keep the previous version as `.bak`, and write the side files so that a kill
at any moment leaves a state the next run reads right (see `sidestate`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from pydantic import BaseModel

from timeline.curation.checks import id_lines, validate_events_data
from timeline.curation.errors import CurationError
from timeline.curation.layout import (
    compact_chunks,
    dumps_indented,
    dumps_reusing,
    indented_chunks,
)
from timeline.curation.replace import (
    Hashed,
    recover,
    replace_if_unchanged,
    replace_with_temporary,
    stranded,
    write_temporary,
)
from timeline.curation.sidecar import base_path, lock_path, next_path, removed_path
from timeline.curation.sidestate import SideState, read_json, side_state
from timeline.curation.texts import fsync_dir
from timeline.dates import bounds
from timeline.packed import PackedEvents, pack
from timeline.schema import SCHEMA_VERSION, Document, Event, EventsFile

LOCK_WAIT_SECONDS = 5.0


@dataclass
class LoadedFile:
    path: Path
    raw: dict[str, Any]  # exactly as parsed: key order kept
    fingerprint: str  # sha256 of the bytes read
    warnings: list[str]

    @cached_property
    def model(self) -> EventsFile:
        """The pydantic model, hand-added events completed; built on first use only,
        since the merge works on `raw` and 12,000 events take a tenth of a second."""
        return model_of(self.raw)


def fingerprint_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def new_event_id(ev: dict[str, Any]) -> str:
    """Deterministic id for an event added by hand, from what the user wrote."""
    evidence = ev.get("evidence")
    quoted = ev.get("text") or (evidence.get("text") if isinstance(evidence, dict) else "") or ""
    key = "\x1f".join(str(ev.get(k, "")) for k in ("doc", "date", "title")) + "\x1f" + quoted
    return "u" + hashlib.sha1(key.encode()).hexdigest()[:11]


def parse_json(data: bytes, source: str) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CurationError(f"{source}:{line}: not UTF-8 text ({exc.reason})") from None
    try:
        return json.loads(text)
    except RecursionError:
        from timeline.curation.checks import too_deep

        raise CurationError(too_deep(text, source)) from None
    except json.JSONDecodeError as exc:
        raise CurationError(
            f"{source}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}"
            + (" (the file looks cut short)" if exc.pos >= len(text.rstrip()) else "")
        ) from None


def read_json_file(path: Path) -> Any | None:
    """A side file's JSON, or None when absent or unreadable (side files are rebuildable)."""
    return read_json(path)


def model_of(raw: dict[str, Any]) -> EventsFile:
    """The pydantic model of validated raw data, hand-added events completed."""
    events = []
    for ev in raw.get("events", []):
        ev = dict(ev)
        if not ev.get("id"):
            ev["id"] = new_event_id(ev)
        ev["earliest"], ev["latest"] = bounds(ev["date"])
        events.append(ev)
    return EventsFile.model_validate({**raw, "events": events})


def load_events_file(path: str | Path, *, strict_derived: bool = False) -> LoadedFile | None:
    """The events file, or None if it does not exist; CurationError lists every problem.

    Evidence spans are not checked here: a document whose text changed is the normal
    case for a re-run, and the merge re-anchors them.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if not _recovered(path):
            return None
        return load_events_file(path, strict_derived=strict_derived)
    except IsADirectoryError:
        raise CurationError(f"{path}: is a folder, expected an events file") from None
    except OSError as exc:
        raise CurationError(f"{path}: cannot be read ({exc.strerror})") from None
    raw = parse_json(data, str(path))
    result = validate_events_data(raw, source=str(path), strict_derived=strict_derived)
    if result.problems or result.warnings:  # again, with line numbers in the messages
        result = validate_events_data(
            raw, source=str(path), lines=id_lines(data), strict_derived=strict_derived
        )
    if result.problems:
        raise CurationError(result.problems)
    return LoadedFile(path, raw, fingerprint_of(data), result.warnings)


def _recovered(path: Path) -> bool:
    """True when a file left aside by a killed writer was put back at `path`."""
    if not path.parent.is_dir() or not stranded(path):
        return False
    with locked(path):
        recover(path)
    return path.exists()


def side_state_of(loaded: LoadedFile) -> SideState:
    """The merge base and deleted ids that belong to the file as loaded."""
    return side_state(loaded.path, loaded.fingerprint, loaded.raw)


def curated_published(loaded: LoadedFile | None) -> dict[str, date]:
    """Publication dates set by hand: marked "curated", or differing from the last extraction."""
    if loaded is None:
        return {}
    base = side_state_of(loaded).base
    base_docs = {}
    if isinstance(base, dict) and isinstance(base.get("documents"), list):
        base_docs = {d.get("id"): d for d in base["documents"] if isinstance(d, dict)}
    out: dict[str, date] = {}
    for doc in loaded.raw.get("documents", []):
        published = doc.get("published")
        if not published:
            continue
        before = base_docs.get(doc["id"])
        by_hand = doc.get("published_source") == "curated" or (
            before is not None and before.get("published") != published
        )
        if by_hand:
            out[doc["id"]] = date.fromisoformat(published)
    return out


def dumps(data: Any) -> bytes:
    """The user-facing layout: 2-space indentation, non-ASCII kept, a final newline."""
    return (dumps_indented(data) + "\n").encode("utf-8")


def dumps_compact(data: Any) -> bytes:
    """Side files nobody reads by hand: no indentation, several times faster to write."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def atomic_write(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Either the old or the new content is ever visible at `path`, never a mix."""
    path = Path(path)
    tmp = write_temporary(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


@contextlib.contextmanager
def locked(events_path: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the events file's lock; a second writer waits `wait` seconds (default
    `LOCK_WAIT_SECONDS`), then gets a clear error.

    An OS lock (flock): the kernel releases it when its holder dies, however it dies,
    so there is no stale lock to take over and no race in taking it over. Re-entrant in
    one thread; two threads of one process exclude each other like two processes.
    """
    lock = lock_path(events_path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    holder = FileLock(lock, is_singleton=True)
    try:
        holder.acquire(timeout=LOCK_WAIT_SECONDS if wait is None else wait)
    except Timeout:
        raise CurationError(
            f"{events_path}: is being written by another process (it holds {lock}); "
            "try again when it has finished"
        ) from None
    try:
        yield
    finally:
        holder.release()


def _remove_stale_temporaries(events_path: Path) -> None:
    """Temporary files of writers that were killed mid-write (safe: we hold the lock)."""
    for folder in (events_path.parent, base_path(events_path).parent):
        for tmp in folder.glob(f".{events_path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink()


def write_checked(events_path: Path, data: bytes, expected: str | None) -> bytes | None:
    """Replace the events file if it is still the one read (sha256 `expected`). Call with
    the lock held. Returns the bytes replaced, kept as `.bak`; `replace.FileChanged`
    (nothing written) if the file changed."""
    _remove_stale_temporaries(events_path)
    recover(events_path)
    return replace_if_unchanged(events_path, data, expected)


def _ids(raw: Any) -> set[str]:
    if not isinstance(raw, dict) or not isinstance(raw.get("events"), (list, PackedEvents)):
        return set()
    return {e["id"] for e in raw["events"] if isinstance(e, dict) and isinstance(e.get("id"), str)}


def removed_ids(events_path: Path) -> set[str]:
    """Ids of events the user deleted: never brought back by a later extraction."""
    loaded_sha = _sha_of_file(events_path)
    return side_state(events_path, loaded_sha, None).removed


def _sha_of_file(path: Path) -> str | None:
    try:
        return fingerprint_of(Path(path).read_bytes())
    except OSError:
        return None


def save_events_file(
    events_path: str | Path,
    data: dict[str, Any],
    *,
    expected_fingerprint: str | None,
    base: EventsFile | dict[str, Any],
    user: dict[str, Any] | None = None,
    known_ids: set[str] | None = None,
) -> str:
    """Write a merged file, its `.bak`, the new merge base and the ids the user deleted.

    Deleted ids are those of the previous base missing from the file being replaced;
    they are remembered so that no later extraction brings them back. `base` is the
    extraction, as a model or already in `base_dump` form. `user` is the file's content
    as parsed by the caller (the bytes of `expected_fingerprint`), which spares parsing
    it again, and `known_ids` the ids of the previous base and written file as its merge
    read them (`MergeResult.known_ids`), which spares reading the base again. Returns
    the sha256 of the bytes written.
    """
    events_path = Path(events_path)
    extraction = base_dump(base) if isinstance(base, EventsFile) else base
    with locked(events_path):
        side = SideState()
        if expected_fingerprint is not None:
            if user is None:
                user = _parsed(events_path, expected_fingerprint)
            side = side_state(events_path, expected_fingerprint, user, need_base=known_ids is None)
        removed = set(side.removed)
        if user is not None:
            if known_ids is None:
                known_ids = _ids(side.base) | side.written
            removed |= known_ids - _ids(user)
        removed -= _ids(data)
        body: bytes | Iterable[bytes] | None = None
        if user is not None and expected_fingerprint == side.layout:
            previous = _bytes_if(events_path, expected_fingerprint)
            if previous is not None:  # the file is as this function wrote it
                body = dumps_reusing(data, previous, user)
        if body is None:
            body = indented_chunks(data)  # `dumps(data)`, never held whole
        return _write_generation(
            events_path, body, expected_fingerprint, extraction, data, removed
        )


def _write_generation(
    events_path: Path,
    body: bytes | Iterable[bytes],
    expected: str | None,
    extraction: dict[str, Any],
    data: dict[str, Any],
    removed: set[str],
) -> str:
    """The events file's new bytes in a temporary file (their sha256 computed as they
    are written), side files as `*.next`, the events file if unchanged, then the side
    files in place. Returns the sha256 of the bytes written."""
    _remove_stale_temporaries(events_path)
    recover(events_path)
    hashed = Hashed([body] if isinstance(body, bytes) else body)
    tmp = write_temporary(events_path, hashed)
    sha = hashed.hexdigest()
    side = {"removed": sorted(removed), "written": sorted(_ids(data)), "layout": sha}
    files = {
        base_path(events_path): {**next_base(extraction, data), "layout": sha},
        removed_path(events_path): side,
    }
    try:
        for path, content in files.items():
            atomic_write(next_path(path), compact_chunks(content))
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    try:
        replace_with_temporary(events_path, tmp, expected)  # removes `tmp` in any case
    except CurationError:
        for path in files:
            with contextlib.suppress(OSError):
                next_path(path).unlink()
        raise
    for path in files:
        os.replace(next_path(path), path)
    fsync_dir(base_path(events_path).parent)
    return sha


def _parsed(events_path: Path, expected: str) -> dict[str, Any] | None:
    previous = _bytes_if(events_path, expected)
    try:
        user = json.loads(previous.decode("utf-8-sig")) if previous is not None else None
    except ValueError:
        return None
    return user if isinstance(user, dict) else None


def _bytes_if(events_path: Path, expected: str) -> bytes | None:
    """The file's bytes if they are those of sha256 `expected`."""
    try:
        data = events_path.read_bytes()
    except OSError:
        return None
    return data if fingerprint_of(data) == expected else None


def next_base(extraction: dict[str, Any], written: dict[str, Any]) -> dict[str, Any]:
    """The next merge's base: the extraction, plus kept events as written now.

    Events the extractor did not produce (added or kept by hand) need a base too,
    or a later hand edit of them could not be told apart from the earlier ones.
    """
    ids = {e["id"] for e in extraction["events"]}
    kept = [e for e in written.get("events", []) if isinstance(e, dict) and e.get("id") not in ids]
    return {**extraction, "events": extraction["events"] + kept}


# Optional event fields written only when set, so most events stay short.
OMITTED_WHEN_NONE = ("edited", "date_source", "attribution")


def base_dump(model: EventsFile) -> dict[str, Any]:
    """The JSON form of an extraction, as stored for the next merge."""
    out = model.model_dump(mode="json")
    for ev in out["events"]:
        for name in OMITTED_WHEN_NONE:
            if ev.get(name) is None:
                ev.pop(name, None)
    return out


def _plain(model: type[BaseModel]) -> bool:
    """True when dumping the model is only filling in its fields in order (no validators)."""
    decorators = model.__pydantic_decorators__
    return not (
        model.model_computed_fields
        or decorators.validators
        or decorators.field_validators
        or decorators.model_validators
        or decorators.field_serializers
        or decorators.model_serializers
        or any(f.alias or f.serialization_alias for f in model.model_fields.values())
    )


def base_form(
    documents: list[dict[str, Any]], events: Iterable[dict[str, Any]], packed: bool = False
) -> dict[str, Any]:
    """`base_dump(EventsFile.model_validate(...))` of extraction results, without the models.

    `documents` are `Document.model_dump(mode="json")` and `events` are
    `Event.model_dump(mode="json", exclude_none=True)` of models the extractor built (as
    the extract engines return them): filling each event's missing fields back in as
    None, in the schema's order, gives the same dicts as a pydantic round trip, five
    times faster. Schemas with validators or aliases take the round trip. `events` is
    read once, in order: a caller may hand each over as it goes (see `pipeline`).
    With `packed`, the events come back as `PackedEvents` (equal dicts when read), each
    packed as it is made, for extractions too large to hold as dicts.
    """
    if not (_plain(Event) and _plain(Document) and _plain(EventsFile)):
        out = base_dump(
            EventsFile.model_validate({"documents": documents, "events": list(events)})
        )
        if packed:
            out["events"] = PackedEvents.of(out["events"])
        return out
    fields = tuple(Event.model_fields)
    declared = frozenset(fields)
    out_events: Any = PackedEvents() if packed else []
    keep = out_events.items.append if packed else out_events.append
    for ev in events:
        full = {f: ev.get(f) for f in fields}
        if len(ev) > len(ev.keys() & declared):  # unknown fields follow the declared ones
            full.update((k, v) for k, v in ev.items() if k not in declared)
        for name in OMITTED_WHEN_NONE:
            if full[name] is None:
                del full[name]
        keep(pack(full) if packed else full)
    return {"version": SCHEMA_VERSION, "documents": list(documents), "events": out_events}
