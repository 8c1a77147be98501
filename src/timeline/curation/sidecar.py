"""Where the previous extraction (the merge base) and removed ids live beside an events file.

`data/events.json` gets `data/.timeline/events.json.base.json` (the extractor's last
output, exactly as extracted) and `data/.timeline/events.json.removed.json` (ids of events
the user deleted, so they never come back).
"""

from __future__ import annotations

from pathlib import Path


def side_folder(events_path: Path) -> Path:
    return Path(events_path).absolute().parent / ".timeline"


def base_path(events_path: Path) -> Path:
    return side_folder(events_path) / f"{Path(events_path).name}.base.json"


def removed_path(events_path: Path) -> Path:
    return side_folder(events_path) / f"{Path(events_path).name}.removed.json"


def backup_path(events_path: Path) -> Path:
    p = Path(events_path)
    return p.with_name(p.name + ".bak")


def lock_path(events_path: Path) -> Path:
    """The OS lock's file: it stays after use (waiters must share one inode)."""
    return side_folder(events_path) / f"{Path(events_path).name}.lock"


def next_path(side_file: Path) -> Path:
    """Where a side file of the write in progress waits until the events file is in."""
    return side_file.with_name(side_file.name + ".next")
