"""Where extraction runs: in this process, in local worker processes, or on a Dask cluster.

Every engine runs the same `extract_file` on each document and yields results in
input order, so the output does not depend on the engine or the number of workers.
Local workers read the files themselves (the parent sends paths and keeps only the
results); a Dask cluster may not share this machine's files, so its workers receive
each document's bytes instead, one batch at a time.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any

# One document's outcome as plain data (picklable, JSON-ready for the cache):
# {"id", "display", "chars", "sha256", "document": {...}, "events": [{...}, ...]}
# or {"id", "display", "chars": 0, "sha256": "", "error": "why it was skipped"}.
Result = dict[str, Any]

# A document longer than this keeps its events packed (`timeline.packed`) instead of as
# dicts: a 50 MB document's 300,000 events are 600 MB as dicts, a fifth of it packed.
PACK_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class Job:
    path: str  # absolute, so a worker with another working directory finds it; "-": stdin
    display: str
    doc_id: str
    published: str | None  # curated publication date (ISO), overriding what the text says
    size: int  # bytes on disk, to weigh batches and estimate time left
    data: bytes | None = None  # the document's bytes, when the worker must not read `path`
    url: str | None = None  # where a downloaded document came from
    retrieved: str | None = None  # file time or download time, ISO 8601 UTC
    fmt: str | None = None  # a download's format from its Content-Type (else by name/bytes)

    def with_bytes(self) -> Job:
        """The same job carrying its document's bytes and no local path (for remote workers)."""
        if self.data is not None:
            return self
        from timeline.readers import utc_timestamp

        try:
            data = Path(self.path).read_bytes()
            retrieved = self.retrieved or utc_timestamp(os.stat(self.path).st_mtime)
        except OSError:
            return self  # the worker reports it unreadable, as for a local run
        return replace(self, path="", data=data, retrieved=retrieved)


def _load(job: Job) -> Any:
    from timeline.documents import load_bytes, load_document

    if job.data is None:
        return load_document(Path(job.path), display_path=job.display)
    return load_bytes(
        job.data,
        job.doc_id,
        job.display,
        fmt=job.fmt,
        url=job.url,
        retrieved=job.retrieved,
    )


def extract_file(job: Job, lines: bool = False) -> Result:
    """Read, analyse and extract one document; one that cannot be read or extracted is an
    error result naming why, so a single bad document never aborts a whole batch.

    A web page's or PDF's extracted text (and any document not read from a file)
    travels back in `text`, so the caller can keep it beside the events file. With
    `lines`, the events come as their JSON Lines text (`{"event": {...}}` and a newline)
    instead of dicts: a fifth of the memory, for a caller that only writes them. A
    document longer than `PACK_CHARS` gives its events as `PackedEvents` (the same dicts
    when read).
    """
    from timeline.documents import DocumentError

    try:
        return _extract(job, lines)
    except DocumentError as exc:
        return _failed(job, exc.reason)
    except RecursionError:
        return _failed(job, "extraction failed: structure nested too deeply")
    except Exception as exc:  # any bug on one document's text: skip it, keep the run going
        return _failed(job, f"extraction failed: {type(exc).__name__}: {_short(exc)}")


def _short(exc: Exception, limit: int = 200) -> str:
    """The error on one line and short: a message may quote a whole document."""
    said = " ".join(str(exc).split())
    return said if len(said) <= limit else said[: limit - 1] + "…"


def _failed(job: Job, reason: str) -> Result:
    return {"id": job.doc_id, "display": job.display, "chars": 0, "sha256": "", "error": reason}


def _extract(job: Job, lines: bool = False) -> Result:
    from timeline.documents import document_record
    from timeline.events.build import dict_order
    from timeline.events.windows import extract_in_windows
    from timeline.events.years import infer_published
    from timeline.packed import PackedEvents, Spilled, SpilledLines, pack, text_bytes
    from timeline.readers import DERIVED

    doc = _load(job)
    curated = date.fromisoformat(job.published) if job.published else None
    if curated is None:
        doc = infer_published(doc)  # "last February" in a text that names no date of its own
    record = document_record(doc, published=curated) if curated else document_record(doc)
    # A long document's events go to a temporary file as they are made (`Spilled`): as
    # texts in memory they would hold 175 MB at 50 MB of text.
    spill = Spilled() if len(doc.text) > PACK_CHARS else None
    encode = _line if lines else None
    dumped: list[Any] = []
    windows = 0
    for events in extract_in_windows(doc, published=curated):  # one list unless very long
        windows += 1
        events.reverse()
        while events:  # each model freed as its dict is made: one form in memory, not two
            event = events.pop().model_dump(mode="json", exclude_none=True)
            if spill is not None:  # only its sort key stays
                dumped.append(dict_order(event))
                spill.append(text_bytes(_line(event)) if lines else pack(event))
            else:
                dumped.append((dict_order(event), encode(event)) if encode else event)
        del events
    if spill is not None:
        found = _in_order(spill, dumped, windows > 1)
        del dumped
        found_events: Any = SpilledLines(found) if lines else PackedEvents(found)
    else:
        if windows > 1:
            dumped.sort(key=itemgetter(0) if encode else dict_order)
        found_events = [text for _, text in dumped] if encode else dumped
    result = {
        "id": doc.id,
        "display": job.display,
        "chars": len(doc.text),
        "sha256": doc.sha256,
        "document": record.model_dump(mode="json"),
        "events": found_events,
    }
    if record.format in DERIVED or job.url or job.path == "-":
        result["text"] = doc.text
    return result


def _in_order(spill: Any, keys: list[Any], sort: bool) -> Any:
    """The spilled events in the order of their keys (a stable sort, as `list.sort`)."""
    order = sorted(range(len(keys)), key=keys.__getitem__) if sort else range(len(keys))
    return spill.permuted(order)


def _line(event: dict[str, Any]) -> str:
    return json.dumps({"event": event}, ensure_ascii=False) + "\n"


def extract_batch(jobs: Sequence[Job]) -> list[Result]:
    """A batch of documents in one task, so scheduling costs little next to the work."""
    return [extract_file(j) for j in jobs]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def batches(
    jobs: Sequence[Job], target_bytes: int = 256_000, max_docs: int = 64
) -> list[list[Job]]:
    """Consecutive runs of jobs of about `target_bytes` of text each (order kept)."""
    out: list[list[Job]] = []
    current: list[Job] = []
    weight = 0
    for j in jobs:
        current.append(j)
        weight += j.size
        if weight >= target_bytes or len(current) >= max_docs:
            out.append(current)
            current, weight = [], 0
    if current:
        out.append(current)
    return out


def run_local(jobs: Sequence[Job], processes: int) -> Iterator[Result]:
    """Results in input order; `processes == 1` runs in this process (easy to debug, no pool)."""
    if processes <= 1 or len(jobs) <= 1:
        for j in jobs:
            yield extract_file(j)
        return
    # Small batches keep memory flat and the progress bar moving while still
    # amortising inter-process traffic.
    groups = batches(jobs, target_bytes=64_000, max_docs=32)
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    if method == "fork":
        preload()
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(min(processes, len(groups))) as pool:
        for results in pool.imap(extract_batch, groups):
            yield from results


_WARM_UP = b"---\ndate: 2014-03-04\n---\nOn 3 March 2014 the council said it approved the plan.\n"


def preload() -> None:
    """Load the extraction modules, rules and models in this process before workers fork
    from it: they share them instead of each loading its own (about 0.3 CPU s a worker).
    One short text is extracted, since much is loaded on first use."""
    extract_file(Job(path="", display="warm-up", doc_id="warm-up", published=None,
                     size=len(_WARM_UP), data=_WARM_UP, fmt="text"))


def run_dask(
    jobs: Sequence[Job], address: str, batch_bytes: int = 256_000, batch_docs: int = 64
) -> Iterator[Result]:
    """Results in input order from an existing Dask cluster at `address`.

    Documents travel as batches of their bytes (workers need no access to this
    machine's files), read only when their batch is sent; a bounded number of batches
    is in flight, so neither side holds the whole corpus or its results twice.
    """
    from distributed import Client, as_completed

    groups = batches(jobs, batch_bytes, batch_docs)
    if not groups:
        return
    with Client(address, timeout="20s") as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        in_flight = 4 * workers
        pending: dict[int, list[Result]] = {}
        next_index = 0
        futures = {}
        submitted = 0

        run_key = os.urandom(4).hex()

        def submit(i: int) -> Any:
            payload = [j.with_bytes() for j in groups[i]]
            fut = client.submit(extract_batch, payload, key=f"timeline-extract-{run_key}-{i}")
            futures[fut] = i
            return fut

        while submitted < min(in_flight, len(groups)):
            submit(submitted)
            submitted += 1
        done = as_completed(list(futures))
        for fut in done:
            i = futures.pop(fut)
            pending[i] = fut.result()
            fut.release()
            if submitted < len(groups):
                done.add(submit(submitted))
                submitted += 1
            while next_index in pending:
                yield from pending.pop(next_index)
                next_index += 1


def write_shard(jobs: Sequence[Job], path: str) -> Result:
    """Extract a batch and write it as one JSON Lines shard; only a tally travels back.

    Line by line: `{"document": {...}}` for each readable document followed by its
    `{"event": {...}}` lines. Written to a temporary name and renamed, so a shard is
    either complete or absent, and a re-run simply replaces it.
    """
    tally: Result = {"documents": 0, "events": 0, "chars": 0, "skipped": []}
    target = os.path.abspath(path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    tmp = f"{target}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for job in jobs:
            r = extract_file(job, lines=True)
            if "error" in r:
                tally["skipped"].append([r["display"], r["error"]])
                continue
            f.write(json.dumps({"document": r["document"]}, ensure_ascii=False) + "\n")
            f.writelines(r["events"])
            tally["documents"] += 1
            tally["events"] += len(r["events"])
            tally["chars"] += r["chars"]
    os.replace(tmp, target)
    return tally


def shard_tasks(jobs: Sequence[Job], folder: str) -> list[tuple[list[Job], str]]:
    """Batches of jobs and their shard file names (`part-00000.jsonl`, ...), in input order."""
    return [
        (group, os.path.join(folder, f"part-{i:05d}.jsonl"))
        for i, group in enumerate(batches(jobs, target_bytes=4_000_000, max_docs=2_000))
    ]


def _write_shard_task(task: tuple[list[Job], str]) -> Result:
    return write_shard(*task)


def run_shards(
    jobs: Sequence[Job], folder: str, processes: int = 1, address: str | None = None
) -> Iterator[Result]:
    """Write the corpus as JSON Lines shards, on local processes or a Dask cluster."""
    tasks = shard_tasks(jobs, folder)
    if address:
        from distributed import Client

        with Client(address, timeout="20s") as client:
            futures = client.map(_write_shard_task, tasks, pure=False)
            for fut in futures:
                yield fut.result()
                fut.release()
        return
    if processes <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield _write_shard_task(task)
        return
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    if method == "fork":
        preload()
    with multiprocessing.get_context(method).Pool(min(processes, len(tasks))) as pool:
        yield from pool.imap(_write_shard_task, tasks)
