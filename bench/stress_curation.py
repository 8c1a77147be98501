"""Stress the curation guarantees: nothing a person writes is lost by `timeline extract`.

Four trials, each counting failures that must all be zero:

  cycles      random hand edits (dates, titles, rejections, deletions, added events) and
              source edits (sentences inserted and deleted) each followed by `extract`:
              edits lost, edited events moved onto another sentence, deletions undone,
              `validate` failures after a successful extract
  saves       an editor saving (write-temp-and-rename, or in place) at random moments
              while `extract` rewrites a large events file: saves lost
  lock races  a lock holder killed, then two writers racing for the lock: both inside
  kills       `extract` SIGKILLed at a random moment: events file partial or invalid,
              then after the next run: events falsely marked `edited`, edits lost

Runs use the real command (`timeline.cli.main`), in this process or in forked children
(a child started by fork skips the interpreter start-up, so hundreds of runs stay short).
POSIX only (fork, SIGKILL).

Run: python bench/stress_curation.py [--quick] [--cycles N] [--saves N] [--lock-races N]
                                     [--kills N] [--seed N] [--only cycles,saves,locks,kills]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from timeline.cli import main as cli

SUBJECTS = [
    "The council",
    "The mayor",
    "A spokesman",
    "The harbour board",
    "Police",
    "The ministry",
    "Local residents",
    "The court",
    "The company",
    "Inspectors",
]
VERBS = [
    "approved the plan",
    "opened the new bridge",
    "closed the ferry service",
    "announced an inquiry",
    "signed the contract",
    "reported the flooding",
    "rejected the appeal",
    "began the repairs",
    "published the figures",
    "held a vote",
]
WHEN = [
    "on Wednesday",
    "on Wednesday",
    "in 2004",
    "on 12 March 2004",
    "last year",
    "in May 2003",
    "on Friday",
    "in 1999",
    "on 3 June 2001",
    "in the spring of 2002",
]
EDTF_VALUES = ["1999", "2001-05", "2003-07-14", "2010~", "2002-03-01", "1987-06?", "2004-21"]
HEADER = "Report {n}\n\nPublished: 2004-03-10\n\n"


def sentence(rng: random.Random) -> str:
    tail = rng.choice(["", ", officials said", ", according to the minutes"])
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(WHEN)}{tail}."


class Project:
    """A folder of generated documents (kept as sentence lists) and its events file."""

    def __init__(self, root: Path, rng: random.Random, docs: int, sentences: int) -> None:
        self.root, self.rng = root, rng
        (root / "docs").mkdir(parents=True, exist_ok=True)
        self.docs = {f"d{i}": [sentence(rng) for _ in range(sentences)] for i in range(docs)}
        self.counter = 0
        for name in self.docs:
            self.write_doc(name)

    @property
    def out(self) -> Path:
        return self.root / "data" / "events.json"

    def write_doc(self, name: str) -> None:
        body = HEADER.format(n=name) + " ".join(self.docs[name]) + "\n"
        (self.root / "docs" / f"{name}.txt").write_text(body, encoding="utf-8")

    def unique(self, stem: str) -> str:
        """A sentence no document holds yet (a duplicate would make ids ambiguous)."""
        self.counter += 1
        return f"{stem} number {self.counter}"

    def edit_source(self) -> None:
        name = self.rng.choice(sorted(self.docs))
        sents = self.docs[name]
        if self.rng.random() < 0.5 and len(sents) > 3:
            del sents[self.rng.randrange(len(sents))]
        else:
            sents.insert(self.rng.randrange(len(sents) + 1), sentence(self.rng))
        self.write_doc(name)

    def extract(self) -> tuple[int, str]:
        return run_cli(["extract", "docs", "--out", str(self.out), "--jobs", "1", "--quiet"])

    def load(self) -> dict[str, Any]:
        return json.loads(self.out.read_text(encoding="utf-8"))

    def save(self, raw: dict[str, Any]) -> None:
        self.out.write_text(json.dumps(raw, indent=2, ensure_ascii=False) + "\n", "utf-8")


def run_cli(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli(argv)
    return code, err.getvalue()


@contextlib.contextmanager
def inside(folder: Path):
    here = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


# ---------------------------------------------------------------------------------------
# (a) edit / re-extract cycles


class Expectations:
    """What the simulated user did, to check every later run against."""

    def __init__(self) -> None:
        self.fields: dict[str, dict[str, Any]] = {}  # id -> field -> value set by hand
        self.sentence: dict[str, str] = {}  # id -> sentence text when first edited
        self.deleted: set[str] = set()
        self.added: set[str] = set()  # titles of events added by hand


def user_turn(p: Project, raw: dict[str, Any], exp: Expectations, n: int) -> None:
    events = raw["events"]
    live = [e for e in events if e.get("id")]
    for _ in range(p.rng.randint(1, 3)):
        if not live:
            break
        ev = p.rng.choice(live)
        action = p.rng.choice(["date", "title", "reject", "delete", "add"])
        if action in ("delete", "title"):
            exp.added.discard(ev.get("title"))  # no longer to be found by its title
        if action == "delete":
            events.remove(ev)
            live.remove(ev)
            exp.fields.pop(ev["id"], None)
            exp.deleted.add(ev["id"])
            continue
        if action == "add":
            quote = ev["evidence"]["text"] if ev.get("evidence") else "2004"
            title = p.unique("Added by hand")
            events.append({"doc": ev["doc"], "date": "2004", "title": title, "text": quote})
            exp.added.add(title)
            continue
        field, value = {
            "date": ("date", p.rng.choice(EDTF_VALUES)),
            "title": ("title", p.unique("Edited title")),
            "reject": ("status", "rejected"),
        }[action]
        if ev.get(field) == value:
            continue  # writing the value it already has changes nothing: no hand edit
        ev[field] = value
        exp.fields.setdefault(ev["id"], {})[field] = value
        if isinstance(ev.get("sentence"), dict):
            exp.sentence.setdefault(ev["id"], ev["sentence"]["text"])


def check_cycle(p: Project, exp: Expectations, tally: Counter, notes: list[str]) -> None:
    raw = p.load()
    by_id = {e["id"]: e for e in raw["events"]}
    for eid, fields in list(exp.fields.items()):
        ev = by_id.get(eid)
        for field, value in list(fields.items()):
            if ev is None or ev.get(field) != value:
                tally["edits lost"] += 1
                notes.append(f"lost {field}={value!r} of {eid}: now {ev and ev.get(field)!r}")
                del fields[field]
        if ev is not None and eid in exp.sentence and ev.get("status") != "orphaned":
            now = (ev.get("sentence") or {}).get("text")
            if now is None and ev.get("status") == "rejected":
                continue  # rejected, its text gone: its spans were cleared, not moved
            if now != exp.sentence[eid]:
                tally["edited events moved"] += 1
                notes.append(f"moved {eid}: {exp.sentence[eid]!r} -> {now!r}")
                del exp.sentence[eid]
    for eid in sorted(exp.deleted & set(by_id)):
        tally["deletions undone"] += 1
        notes.append(f"deleted {eid} is back: {by_id[eid].get('title')!r}")
        exp.deleted.discard(eid)
    titles = {e.get("title") for e in raw["events"]}
    for title in sorted(exp.added - titles):
        tally["edits lost"] += 1
        notes.append(f"added event {title!r} is gone")
        exp.added.discard(title)
    code, err = run_cli(["validate", str(p.out)])
    if code != 0:
        tally["validate failures"] += 1
        notes.append("validate: " + err.strip().splitlines()[0] if err.strip() else "validate")


def stress_cycles(n: int, seed: int, work: Path) -> tuple[Counter, list[str]]:
    rng = random.Random(seed)
    p = Project(work / "cycles", rng, docs=3, sentences=10)
    tally: Counter = Counter()
    notes: list[str] = []
    exp = Expectations()
    with inside(p.root):
        code, err = p.extract()
        assert code == 0, err
        for i in range(n):
            raw = p.load()
            user_turn(p, raw, exp, i)
            p.save(raw)
            for _ in range(rng.choice([0, 0, 1, 2])):
                p.edit_source()
            code, err = p.extract()
            tally["cycles"] += 1
            if code != 0:
                tally["extract refused"] += 1
                notes.append(f"cycle {i}: exit {code}: {err.strip()[:200]}")
                continue
            check_cycle(p, exp, tally, notes)
    return tally, notes


# ---------------------------------------------------------------------------------------
# Forked runs of extract (saves and kills)


def fork_extract(p: Project) -> int:
    pid = os.fork()
    if pid == 0:  # the child: one real extract run, then out without cleanup handlers
        code = 70
        try:
            code, _ = p.extract()
        finally:
            os._exit(code)
    return pid


def timed_run(p: Project) -> float:
    started = time.perf_counter()
    _, status = os.waitpid(fork_extract(p), 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return time.perf_counter() - started


def editor_save(p: Project, token: str, in_place: bool, busy: set[str]) -> str | None:
    """Read the file, retitle one event (not one of `busy`, whose saved titles are still
    checked), save the way editors do; the event's id."""
    try:
        raw = json.loads(p.out.read_bytes())
    except (OSError, ValueError):
        return None  # caught mid-write by an in-place save of ours: nothing saved
    ev = p.rng.choice([e for e in raw["events"] if e["id"] not in busy])
    ev["title"] = token
    data = (json.dumps(raw, indent=2, ensure_ascii=False) + "\n").encode()
    if in_place:
        with open(p.out, "r+b") as f:
            f.write(data)
            f.truncate()
    else:
        tmp = p.out.with_name(f"editor-{token}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, p.out)
    return ev["id"]


def stress_saves(n: int, seed: int, work: Path) -> tuple[Counter, list[str]]:
    rng = random.Random(seed)
    p = Project(work / "saves", rng, docs=40, sentences=60)
    tally: Counter = Counter()
    notes: list[str] = []
    with inside(p.root):
        p.extract()
        window = timed_run(p)
        saved: dict[str, str] = {}  # token -> event id
        while tally["saves"] < n:
            p.edit_source()  # so the run has something to merge and write
            pid = fork_extract(p)
            time.sleep(rng.uniform(0, window))
            in_place = rng.random() < 0.5
            token = p.unique("Saved in the editor")
            eid = editor_save(p, token, in_place, set(saved.values()))
            _, status = os.waitpid(pid, 0)
            code = os.waitstatus_to_exitcode(status)
            tally[f"extract exit {code}"] += 1
            if eid is None:
                continue
            tally["saves"] += 1
            tally["saves in place" if in_place else "saves by rename"] += 1
            saved[token] = eid
            raw = p.load()
            titles = {e.get("title") for e in raw["events"]}
            ids = {e["id"] for e in raw["events"]}
            for tok, ev_id in list(saved.items()):
                if tok not in titles and ev_id in ids:
                    kind = "in place" if in_place and tok == token else "by rename"
                    tally[f"saves lost ({kind})"] += 1
                    notes.append(f"save {tok!r} of {ev_id} lost (extract exit {code})")
                    del saved[tok]
            if rng.random() < 0.3:
                saved.clear()  # new edits only, so a long run does not re-check old ones
    tally["saves lost"] = tally["saves lost (in place)"] + tally["saves lost (by rename)"]
    return tally, notes


def stress_kills(n: int, seed: int, work: Path) -> tuple[Counter, list[str]]:
    rng = random.Random(seed)
    p = Project(work / "kills", rng, docs=12, sentences=40)
    tally: Counter = Counter()
    notes: list[str] = []
    exp = Expectations()
    falsely_marked: set[str] = set()
    with inside(p.root):
        p.extract()
        window = timed_run(p)
        for i in range(n):
            raw = p.load()
            user_turn(p, raw, exp, i)
            p.save(raw)
            for _ in range(rng.randint(1, 3)):
                p.edit_source()  # the run changes many events, so a stale base shows
            pid = fork_extract(p)
            time.sleep(rng.uniform(0, window * 1.2))
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            tally["kills"] += 1
            problem = unreadable(p.out)
            if problem:
                tally["partial or invalid files"] += 1
                notes.append(f"kill {i}: {problem[:200]}")
                continue
            code, err = p.extract()
            if code != 0:
                tally["next run refused"] += 1
                notes.append(f"kill {i}: next run exit {code}: {err.strip()[:200]}")
                continue
            raw = p.load()
            for ev in raw["events"]:
                marked = set(ev.get("edited") or [])
                expected = set(exp.fields.get(ev["id"], {}))
                if ev["id"].startswith("u"):
                    continue  # added by hand: all its fields are the user's
                false = (
                    marked - expected - {"status"}
                    if ev.get("status") == "rejected"
                    else marked - expected
                )
                if false and ev["id"] not in falsely_marked:
                    falsely_marked.add(ev["id"])
                    tally["false edited marks"] += 1
                    notes.append(f"kill {i}: {ev['id']} marked edited {sorted(false)}")
            for eid, fields in list(exp.fields.items()):
                ev = next((e for e in raw["events"] if e["id"] == eid), None)
                for field, value in list(fields.items()):
                    if ev is None or ev.get(field) != value:
                        tally["edits lost"] += 1
                        notes.append(f"kill {i}: lost {field}={value!r} of {eid}")
                        del fields[field]
            for eid in sorted(exp.deleted & {e["id"] for e in raw["events"]}):
                tally["deletions undone"] += 1
                exp.deleted.discard(eid)
    return tally, notes


def unreadable(path: Path) -> str | None:
    """Why the events file cannot be read as `extract` reads it (missing, cut short...)."""
    from timeline.curation import CurationError, load_events_file

    try:
        if load_events_file(path) is None:
            return f"{path}: missing"
    except CurationError as exc:
        return str(exc)
    return None


# ---------------------------------------------------------------------------------------
# (c) stale-lock races


def stress_locks(n: int, seed: int, work: Path) -> tuple[Counter, list[str]]:
    from timeline.curation.store import locked

    rng = random.Random(seed)
    folder = work / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    events = folder / "events.json"
    marker = folder / "inside"
    tally: Counter = Counter()
    for _ in range(n):
        holder = os.fork()
        if holder == 0:
            with locked(events):
                time.sleep(60)
            os._exit(0)
        time.sleep(0.15)  # the holder is in
        os.kill(holder, signal.SIGKILL)
        os.waitpid(holder, 0)
        go_r, go_w = os.pipe()
        racers = []
        for _ in range(2):
            pid = os.fork()
            if pid == 0:
                os.close(go_w)
                os.read(go_r, 1)
                code = 0
                try:
                    with locked(events, wait=5.0):
                        try:
                            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
                        except FileExistsError:
                            code = 9  # the other writer is inside too
                        else:
                            time.sleep(rng.uniform(0, 0.02))
                            os.close(fd)
                            os.unlink(marker)
                except Exception:
                    code = 8
                os._exit(code)
            racers.append(pid)
        os.close(go_r)
        os.write(go_w, b"gg")
        os.close(go_w)
        codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in racers]
        tally["races"] += 1
        tally["two writers inside"] += codes.count(9)
        tally["writer refused"] += codes.count(8)
        with contextlib.suppress(FileNotFoundError):
            marker.unlink()
    return tally, []


# ---------------------------------------------------------------------------------------

TRIALS = {
    "cycles": (stress_cycles, "cycles"),
    "saves": (stress_saves, "saves"),
    "locks": (stress_locks, "lock_races"),
    "kills": (stress_kills, "kills"),
}
MUST_BE_ZERO = (
    "edits lost",
    "edited events moved",
    "deletions undone",
    "validate failures",
    "saves lost",
    "two writers inside",
    "partial or invalid files",
    "false edited marks",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run (about a minute)")
    parser.add_argument("--cycles", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--lock-races", type=int, default=300)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--only", default=",".join(TRIALS), help="comma-separated trials")
    parser.add_argument("--notes", type=int, default=5, help="failure details shown per trial")
    args = parser.parse_args()
    if args.quick:
        args.cycles, args.saves, args.lock_races, args.kills = 60, 20, 30, 20
    failed = 0
    with tempfile.TemporaryDirectory(prefix="stress-curation-") as tmp:
        for name in args.only.split(","):
            fn, count = TRIALS[name]
            started = time.perf_counter()
            tally, notes = fn(getattr(args, count), args.seed, Path(tmp))
            seconds = time.perf_counter() - started
            print(f"\n{name} ({seconds:.0f} s)")
            for key in sorted(tally, key=lambda k: (k not in MUST_BE_ZERO, k)):
                flag = "  <- must be 0" if key in MUST_BE_ZERO and tally[key] else ""
                print(f"  {key:<28} {tally[key]:>6}{flag}")
                failed += tally[key] if key in MUST_BE_ZERO else 0
            for key in MUST_BE_ZERO:
                if key not in tally and _applies(name, key):
                    print(f"  {key:<28} {0:>6}")
            for note in notes[: args.notes]:
                print(f"    {note}")
            sys.stdout.flush()
    print(f"\nfailures that must be zero: {failed}")
    return 1 if failed else 0


def _applies(trial: str, key: str) -> bool:
    return (
        key
        in {
            "cycles": (
                "edits lost",
                "edited events moved",
                "deletions undone",
                "validate failures",
            ),
            "saves": ("saves lost",),
            "locks": ("two writers inside",),
            "kills": ("partial or invalid files", "false edited marks", "edits lost"),
        }[trial]
    )


if __name__ == "__main__":
    sys.exit(main())
