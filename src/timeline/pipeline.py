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
        help=f".txt/.md files or folders searched recursively (default: {DEFAULT_INPUT}/)",
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
        help="run extraction on an existing Dask cluster, e.g. tcp://host:8786",
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
    from timeline.inputs import SUFFIXES, InputError, discover

    if args.jobs is not None and args.jobs < 1:
        _err(f"--jobs must be 1 or more, got {args.jobs}")
        return EXIT_USAGE
    try:
        files = discover(args.paths or [DEFAULT_INPUT])
    except InputError as exc:
        _err(str(exc))
        return EXIT_USAGE
    if not files:
        # Said before anything is created: an empty run leaves no cache folder behind.
        where = ", ".join(str(p) for p in (args.paths or [DEFAULT_INPUT]))
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
    plan = _plan(files, curated, cache)
    if untouched and not plan.todo and previous.get("inputs") == plan.digest:
        _count(plan, stats)
        stats.events = sum(len(r["events"]) for r in plan.slots if r and "error" not in r)
        stats.seconds = time.perf_counter() - started
        _summary(stats, out, args.quiet, written=False, up_to_date=True)
        return EXIT_OK
    try:
        results = _execute(plan, cache, args)
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

    new = base_form([r["document"] for r in results], [e for r in results for e in r["events"]])
    stats.events = len(new["events"])
    del results
    plan.slots.clear()  # the events now live in `new` only
    try:
        merged = curation.merge(out, new, loaded=loaded)
        from timeline.stories.curation import update_stories

        merged.warnings.extend(update_stories(out, merged.data, new))
        written_sha = curation.save_events_file(
            out,
            merged.data,
            expected_fingerprint=loaded.fingerprint if loaded else None,
            base=new,
            user=loaded.raw if loaded else None,
            known_ids=merged.known_ids,
        )
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
    stats.seconds = time.perf_counter() - started
    _summary(stats, out, args.quiet, written=True)
    return EXIT_OK


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


def _plan(files: list[Any], curated: dict[str, str], cache: Any) -> _Plan:
    """Which documents the cache already answers and which must be extracted."""
    from timeline.engines import Job

    slots: list[dict[str, Any] | None] = []
    todo: list[tuple[int, Any]] = []
    digest = hashlib.sha256(cache.version.encode())
    for f in files:
        published = curated.get(f.doc_id)
        try:
            sha, size = cache.sha256(f.path, str(f.path.absolute()))
        except OSError as exc:
            reason = f"cannot be read ({exc.strerror or exc})"
            slots.append({"id": f.doc_id, "display": f.display, "error": reason, "chars": 0})
            digest.update(f"{f.display}\0{reason}\n".encode())
            continue
        key = cache.key(sha, published)
        digest.update(f"{f.display}\0{f.doc_id}\0{key}\n".encode())
        hit = cache.get(key)
        if hit is not None and hit.get("display") == f.display and hit.get("id") == f.doc_id:
            slots.append(hit)
            continue
        todo.append((len(slots), Job(str(f.path.absolute()), f.display, f.doc_id, published, size)))
        slots.append(None)
    return _Plan(slots, todo, digest.hexdigest(), {str(f.path.absolute()) for f in files})


def _execute(plan: _Plan, cache: Any, args: argparse.Namespace) -> list[dict[str, Any]]:
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
                cache.put(cache.key(result["sha256"], job.published), result)
            plan.slots[slot] = result
            progress.advance(job.size, result.get("chars", 0))
    finally:
        progress.close()
    cache.save(plan.paths)
    return [r for r in plan.slots if r is not None and "error" not in r]


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
        lines.append(f"events found: {stats.events}")
        if stats.merge:
            counts = ", ".join(f"{k.replace('_', '-')} {v}" for k, v in stats.merge.items())
            lines.append(f"merge with {out}: {counts}")
        lines.extend(f"warning: {w}" for w in stats.warnings)
        lines.append(f"wrote {out} in {stats.seconds:.2f}s")
    elif up_to_date:
        lines.append(f"events found: {stats.events}")
        lines.append(f"{out} is up to date (nothing changed), checked in {stats.seconds:.2f}s")
    print("\n".join(lines), file=sys.stderr)
