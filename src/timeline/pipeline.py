"""`timeline extract`: documents in, a curated events file out, re-runnable on every change.

The run: find the inputs, check the existing events file, reuse cached results for
unchanged documents, extract the rest (in this process, local processes or a Dask
cluster), merge with hand edits through `timeline.curation`, write atomically and
summarise. The output depends only on the inputs, never on the engine or worker count.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timeline.schema import KEY_SALIENCE

DEFAULT_INPUT = "seeds"
DEFAULT_OUTPUT = "data/events.json"

EXIT_OK = 0
EXIT_NOTHING_READ = 1
EXIT_USAGE = 2  # missing input, clashing ids, invalid events file
EXIT_NOT_WRITTEN = 3  # the events file changed or was locked meanwhile, or no cluster


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=".txt/.md/.html/.htm/.pdf files, folders searched recursively, http(s):// "
        f"addresses, or - for stdin (default: {DEFAULT_INPUT}/, the repository's examples)",
    )
    parser.add_argument(
        "--from-list",
        default=None,
        metavar="FILE",
        help="a text file of paths and URLs, one per line (# comments and blank lines skipped)",
    )
    parser.add_argument(
        "--out",
        default=DEFAULT_OUTPUT,
        metavar="FILE",
        help=f"events file to create or update (default: {DEFAULT_OUTPUT})",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="local worker processes (default: number of cores; 1 = in-process)",
    )
    parser.add_argument(
        "--dask",
        default=None,
        metavar="ADDRESS",
        help="run extraction on an existing Dask cluster, e.g. tcp://host:8786 (workers get "
        "the documents' bytes, no shared files needed; needs `pip install 'timeline[dask]'`)",
    )
    parser.add_argument(
        "--shards",
        default=None,
        metavar="DIR",
        help="write raw extraction as JSON Lines shards in DIR (no merge, no cache)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress or summary on stderr")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="extract every document again and leave the cache untouched",
    )


@dataclass
class RunStats:
    read: int = 0
    cached: int = 0
    extracted: int = 0
    chars: int = 0
    events: int = 0
    key_events: int = 0  # salience at or above KEY_SALIENCE
    stories: str = ""  # the stories line, once written
    skipped: list[tuple[str, str]] = field(default_factory=list)
    merge: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _err(message: str) -> None:
    print(f"timeline extract: {message}", file=sys.stderr)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while the run builds its data.

    A run allocates hundreds of thousands of small dicts (cached results, the events
    file, the merge), none of them in a reference cycle, so reference counting frees
    them all; the cyclic collector would only re-scan them again and again (about a
    fifth of a one-document re-run on a corpus of 12,000 events).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run(args: argparse.Namespace) -> int:
    with _no_cycle_collection():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    from timeline.inputs import SUFFIXES, InputError, discover, read_list

    if args.jobs is not None and args.jobs < 1:
        _err(f"--jobs must be 1 or more, got {args.jobs}")
        return EXIT_USAGE
    if args.dask and not _has_dask():
        _err("--dask needs Dask's distributed scheduler, which is not installed: "
             "pip install 'timeline[dask]'")
        return EXIT_USAGE
    try:
        paths = list(args.paths) + (read_list(args.from_list) if args.from_list else [])
        if not paths and not Path(DEFAULT_INPUT).is_dir():
            _err(f"no documents given: name files, folders or URLs (the default, "
                 f"{DEFAULT_INPUT}/, is the repository's example folder and is not here). "
                 "Example: timeline extract articles/ --out data/events.json")
            return EXIT_USAGE
        files = discover(paths or [DEFAULT_INPUT])
    except InputError as exc:
        _err(str(exc))
        return EXIT_USAGE
    if not files:
        # Said before anything is created: an empty run leaves no cache folder behind.
        where = ", ".join(str(p) for p in (paths or [DEFAULT_INPUT]))
        _err(f"{where}: no documents to read (expected files ending in "
             f"{' or '.join(SUFFIXES)}); nothing was written")
        return EXIT_NOTHING_READ
    if args.shards:
        try:
            return _run_shards(files, Path(args.shards), args, started)
        except (OSError, TimeoutError) as exc:
            if not args.dask:
                raise
            return _no_cluster(args.dask, exc)
    out = Path(args.out)
    if out.exists() and out.is_dir():
        _err(f"--out {out}: is a folder, expected an events file path")
        return EXIT_USAGE

    from timeline import curation
    from timeline.cache import Cache, file_sha256

    cache = Cache.beside(out, enabled=not args.no_cache)
    previous = cache.last_run()
    out_sha = file_sha256(out) if out.is_file() else None
    # The file is exactly what the last run wrote: its curated dates are known
    # and it need not be parsed unless something has to be merged into it.
    untouched = out_sha is not None and previous.get("output") == out_sha
    loaded = None
    if untouched:
        curated: dict[str, str] = dict(previous.get("curated", {}))
    else:
        try:
            loaded = curation.load_events_file(out)
        except curation.CurationError as exc:
            return _invalid(out, exc.problems)
        curated = (
            {k: v.isoformat() for k, v in curation.curated_published(loaded).items()}
            if loaded
            else {}
        )

    stats = RunStats()
    plan = _plan(files, curated, cache, out)
    if untouched and not plan.todo and previous.get("inputs") == plan.digest:
        _count(plan, stats)
        found = [e for r in plan.slots if r and "error" not in r for e in r["events"]]
        stats.events, stats.key_events = len(found), _key_count(found)
        stats.seconds = time.perf_counter() - started
        _summary(stats, out, args.quiet, written=False, up_to_date=True)
        return EXIT_OK
    try:
        results = _execute(plan, cache, args, out)
    except (OSError, TimeoutError) as exc:
        if not args.dask:
            raise
        return _no_cluster(args.dask, exc)
    _count(plan, stats)
    if stats.read == 0:
        _summary(stats, out, args.quiet, written=False)
        _err("no document could be read; nothing was written")
        return EXIT_NOTHING_READ
    if untouched:
        try:
            loaded = curation.load_events_file(out)
        except curation.CurationError as exc:
            return _invalid(out, exc.problems)

    from timeline.curation.store import base_form
    from timeline.packed import PackedEvents
    from timeline.roots import trusting

    packed = any(isinstance(r.get("events"), PackedEvents) for r in results)
    new = base_form([r["document"] for r in results], _drained(results), packed=packed)
    stats.events, stats.key_events = len(new["events"]), _key_count(new["events"])
    del results
    plan.slots.clear()  # the events now live in `new` only
    try:
        with trusting(_input_folders(files)):
            memo = cache.root / "stories.marshal" if cache.enabled else None
            merged, written_sha = _merge_and_write(out, new, loaded, memo)
    except curation.CurationError as exc:
        _err(f"{out} was not written:")
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_NOT_WRITTEN
    cache.record_run(plan.digest, written_sha, curated)
    stats.merge = (
        dict(merged.summary)
        if isinstance(merged.summary, dict)
        else {"summary": str(merged.summary)}
    )
    stats.warnings = [str(w) for w in merged.warnings]
    stats.stories = _stories_line(merged.data)
    stats.seconds = time.perf_counter() - started
    _summary(stats, out, args.quiet, written=True)
    return EXIT_OK


MERGE_ATTEMPTS = 3  # the events file changed while merging: read it and merge again


def _base_stories(out: Path, loaded: Any, data: dict[str, Any]) -> list[Any] | None:
    """The stories of the merge base that belongs to the events file read (the same
    generation the event merge used), when the file has stories to merge with."""
    if loaded is None or not data.get("stories"):
        return None
    from timeline.curation.sidestate import side_state

    base = side_state(out, loaded.fingerprint, loaded.raw).base or {}
    stories = base.get("stories")
    return stories if isinstance(stories, list) else None


def _merge_and_write(
    out: Path, new: dict[str, Any], loaded: Any, memo: Path | None = None
) -> tuple[Any, str]:
    """Merge into the events file and write it only if it is still the file merged with.

    A save made meanwhile (in an editor, the dashboard) is never overwritten: the file
    is read again and merged again, up to `MERGE_ATTEMPTS` times, then the run stops.
    """
    from timeline import curation
    from timeline.curation.replace import FileChanged
    from timeline.stories.curation import update_stories

    for attempt in range(MERGE_ATTEMPTS):
        if attempt:
            loaded = curation.load_events_file(out)
        merged = curation.merge(out, new, loaded=loaded)  # `new`'s events are never changed
        merged.warnings.extend(
            update_stories(
                out, merged.data, new, base=_base_stories(out, loaded, merged.data), memo=memo
            )
        )
        try:
            sha = curation.save_events_file(
                out,
                merged.data,
                expected_fingerprint=loaded.fingerprint if loaded else None,
                base=new,
                user=loaded.raw if loaded else None,
                known_ids=merged.known_ids,
            )
        except FileChanged:
            if attempt + 1 == MERGE_ATTEMPTS:
                raise
            continue
        return merged, sha
    raise AssertionError("unreachable")


def _run_shards(files: list[Any], folder: Path, args: argparse.Namespace, started: float) -> int:
    """Extraction straight to JSON Lines shards: for corpora too large for one events file.

    Each batch's worker writes its own shard, so this process never holds events;
    curation happens later on whichever part a person works with.
    """
    from timeline.engines import Job, default_jobs, run_shards
    from timeline.progress import Progress

    if folder.exists() and not folder.is_dir():
        _err(f"--shards {folder}: exists and is not a folder")
        return EXIT_USAGE
    stale = sorted(folder.glob("part-*.jsonl")) if folder.is_dir() else []
    remote = [f.display for f in files if f.path is None]
    if remote:
        _err(f"--shards reads files only; not {', '.join(remote)}")
        return EXIT_USAGE
    jobs = [
        Job(str(f.path.absolute()), f.display, f.doc_id, None, f.path.stat().st_size) for f in files
    ]
    progress = Progress(len(jobs), sum(j.size for j in jobs), quiet=args.quiet)
    stats = RunStats()
    written = 0
    try:
        for tally in run_shards(jobs, str(folder), args.jobs or default_jobs(), args.dask):
            written += 1
            stats.read += tally["documents"]
            stats.extracted += tally["documents"]
            stats.events += tally["events"]
            stats.skipped.extend((shown, why) for shown, why in tally["skipped"])
            progress.advance(
                tally["chars"], tally["chars"], tally["documents"] + len(tally["skipped"])
            )
    finally:
        progress.close()
    for old in stale[written:]:  # shards of an earlier, larger run
        old.unlink(missing_ok=True)
    stats.seconds = time.perf_counter() - started
    _summary(stats, folder, args.quiet, written=False)
    if not args.quiet and stats.read:
        print(
            f"events found: {stats.events}\nwrote {written} shard(s) to {folder} "
            f"in {stats.seconds:.2f}s",
            file=sys.stderr,
        )
    if stats.read == 0:
        _err("no document could be read")
        return EXIT_NOTHING_READ
    return EXIT_OK


def _has_dask() -> bool:
    import importlib.util

    return importlib.util.find_spec("distributed") is not None


def _no_cluster(address: str, exc: BaseException) -> int:
    _err(f"--dask {address}: cannot use the cluster ({exc}); nothing was written")
    return EXIT_NOT_WRITTEN


def _invalid(out: Path, problems: list[str]) -> int:
    _err(f"{out} is not a valid events file; it was left untouched. Problems:")
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    print("Fix it (see `timeline validate`) or choose another --out.", file=sys.stderr)
    return EXIT_USAGE


@dataclass
class _Plan:
    slots: list[dict[str, Any] | None]  # one per input file; None until extracted
    todo: list[tuple[int, Any]]  # (slot, Job) of the documents to extract
    digest: str  # identifies this run's inputs: paths, content, curated dates, code
    paths: set[str]  # absolute paths of all inputs (the stat index keeps these)


def _plan(files: list[Any], curated: dict[str, str], cache: Any, out: Path) -> _Plan:
    """Which documents the cache already answers and which must be extracted.

    Files are hashed (from the stat index when unchanged); URLs are downloaded and
    stdin is read here, once, so their bytes travel with the job.
    """
    from timeline.engines import Job

    slots: list[dict[str, Any] | None] = []
    todo: list[tuple[int, Any]] = []
    digest = hashlib.sha256(cache.version.encode())
    for f in files:
        published = curated.get(f.doc_id)
        try:
            sha, size, data, retrieved, fmt = _content(f, cache)
        except OSError as exc:
            reason = f"cannot be read ({exc.strerror or exc})"
            slots.append({"id": f.doc_id, "display": f.display, "error": reason, "chars": 0})
            digest.update(f"{f.display}\0{reason}\n".encode())
            continue
        key = cache.key(sha, published)
        digest.update(f"{f.display}\0{f.doc_id}\0{key}\n".encode())
        hit = cache.get(key)
        if (
            hit is not None
            and hit.get("display") == f.display
            and hit.get("id") == f.doc_id
            and _kept_text_present(hit, out)
        ):
            if retrieved is not None:  # same content downloaded again: a new fetch time
                hit = {**hit, "document": {**hit["document"], "retrieved": retrieved}}
            slots.append(hit)
            continue
        where = str(f.path.absolute()) if f.path is not None else "" if f.url else "-"
        job = Job(where, f.display, f.doc_id, published, size, data, f.url, retrieved, fmt)
        todo.append((len(slots), job))
        slots.append(None)
    paths = {str(f.path.absolute()) for f in files if f.path is not None}
    return _Plan(slots, todo, digest.hexdigest(), paths)


def _content(f: Any, cache: Any) -> tuple[str, int, bytes | None, str | None, str | None]:
    """sha256, size, bytes (for a URL or stdin; None for a file), retrieval time, format."""
    from timeline.readers import format_of, utc_timestamp

    if f.path is not None:
        sha, size = cache.sha256(f.path, str(f.path.absolute()))
        return sha, size, None, None, None
    if f.url is not None:
        from timeline.inputs import fetch

        data, content_type = fetch(f.url)
        fmt = format_of(f.url, data, content_type)
    else:
        data, fmt = sys.stdin.buffer.read(), None
    # A download is new each run; only its content decides whether to re-extract.
    retrieved = utc_timestamp(time.time())
    return hashlib.sha256(data).hexdigest(), len(data), data, retrieved, fmt


def _kept_text_present(hit: dict[str, Any], out: Path) -> bool:
    kept = hit.get("document", {}).get("text_path")
    return not kept or (out.absolute().parent / kept).is_file()


def _input_folders(files: list[Any]) -> list[Path]:
    """The folders of the files a user named: curation may read them during this run."""
    return sorted({f.path.absolute().parent for f in files if f.path is not None})


def _finish(result: dict[str, Any], job: Any, out: Path) -> None:
    """Record the document path relative to the events file and keep a derived text."""
    from timeline.roots import keep_text, stored_path

    record = result["document"]
    if job.url:
        record["path"] = job.url
        record.setdefault("url", job.url)
    elif job.path == "-":
        record["path"] = "-"
    else:
        record["path"] = stored_path(Path(job.path), out)
    text = result.pop("text", None)
    if text is not None:
        record["text_path"] = keep_text(text, out)


def _execute(
    plan: _Plan, cache: Any, args: argparse.Namespace, out: Path
) -> list[dict[str, Any]]:
    """Extract what the plan needs; the readable documents' results, in input order."""
    from timeline.engines import default_jobs, run_dask, run_local
    from timeline.progress import Progress

    jobs = [j for _, j in plan.todo]
    progress = Progress(len(jobs), sum(j.size for j in jobs), quiet=args.quiet)
    if args.dask:
        produced = run_dask(jobs, args.dask)
    else:
        produced = run_local(jobs, args.jobs or default_jobs())
    try:
        for (slot, job), result in zip(plan.todo, produced, strict=True):
            if "error" not in result:
                _finish(result, job, out)
                cache.put(cache.key(result["sha256"], job.published), result)
            plan.slots[slot] = result
            progress.advance(job.size, result.get("chars", 0))
    finally:
        progress.close()
    cache.save(plan.paths)
    return [r for r in plan.slots if r is not None and "error" not in r]


def _drained(results: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The results' events, each taken out of its result as it is handed on.

    Its base form replaces it (see `base_form`): with the events of a 50 MB document
    (300,000 of them), holding both forms at once would cost hundreds of megabytes.
    """
    for r in results:
        events = r.pop("events", [])
        if not isinstance(events, list):  # packed: decoded one at a time
            yield from events.drain()
            continue
        events.reverse()
        while events:
            yield events.pop()


def _count(plan: _Plan, stats: RunStats) -> None:
    fresh = {slot for slot, _ in plan.todo}
    for i, r in enumerate(plan.slots):
        if r is None:
            continue
        if "error" in r:
            stats.skipped.append((r["display"], r["error"]))
            continue
        stats.read += 1
        stats.chars += r.get("chars", 0)
        if i in fresh:
            stats.extracted += 1
        else:
            stats.cached += 1


def _key_count(events: list[dict[str, Any]]) -> int:
    return sum(1 for e in events if (e.get("salience") or 0.0) >= KEY_SALIENCE)


def _stories_line(data: dict[str, Any]) -> str:
    from timeline.stories.describe import summary

    stories = data.get("stories")
    return summary(stories) if isinstance(stories, list) else ""


def _found(stats: RunStats) -> str:
    key = stats.key_events
    return f"events found: {stats.events} ({key} key event{'' if key == 1 else 's'})"


def _summary(
    stats: RunStats, out: Path, quiet: bool, written: bool, up_to_date: bool = False
) -> None:
    if quiet:
        return
    lines = [
        f"documents read: {stats.read} ({stats.extracted} extracted, "
        f"{stats.cached} unchanged from cache)"
        if stats.read
        else "documents read: 0",
    ]
    if stats.skipped:
        lines.append(f"skipped: {len(stats.skipped)}")
        lines.extend(f"  {shown}: {why}" for shown, why in stats.skipped)
    if written:
        lines.append(_found(stats))
        if stats.stories:
            lines.append(stats.stories)
        if stats.merge:
            counts = ", ".join(f"{k.replace('_', '-')} {v}" for k, v in stats.merge.items())
            lines.append(f"merge with {out}: {counts}")
        lines.extend(f"warning: {w}" for w in stats.warnings)
        lines.append(f"wrote {out} in {stats.seconds:.2f}s")
    elif up_to_date:
        lines.append(_found(stats))
        lines.append(f"{out} is up to date (nothing changed), checked in {stats.seconds:.2f}s")
    print("\n".join(lines), file=sys.stderr)
