"""Finding the documents of a run: files and folders in, a deterministic list of files out.

Discovery only lists paths (it never reads a file), so a corpus of any size costs
one directory walk; reading happens later, one document at a time.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".txt", ".md")


class InputError(Exception):
    """The inputs cannot make a run (missing path, clashing ids); nothing is written."""


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path  # where to read it
    display: str  # how it is named to the user and in the events file
    doc_id: str  # file name without extension, unique within a run


def display_path(path: Path) -> str:
    """Relative to the working directory when below it, else absolute, always with `/`."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # .git, .timeline cache
        found.extend(
            Path(root, f) for f in files if f.lower().endswith(SUFFIXES) and not f.startswith(".")
        )
    return found


def discover(paths: list[str]) -> list[InputFile]:
    """Every `.txt`/`.md` under `paths`, sorted by displayed path, each listed once.

    A path given explicitly is taken whatever its extension; folders are searched
    recursively for `.txt` and `.md` only. Raises InputError for a missing path or
    when two files would get the same document id.
    """
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise InputError("; ".join(f"{p}: no such file or folder" for p in missing))
    seen: dict[str, InputFile] = {}
    for p in paths:
        path = Path(p)
        candidates = _walk(path) if path.is_dir() else [path]
        for c in candidates:
            shown = display_path(c)
            if shown not in seen:
                seen[shown] = InputFile(path=c, display=shown, doc_id=c.stem)
    files = sorted(seen.values(), key=lambda f: f.display)
    by_id: dict[str, list[str]] = defaultdict(list)
    for f in files:
        by_id[f.doc_id].append(f.display)
    clashes = {i: shown for i, shown in by_id.items() if len(shown) > 1}
    if clashes:
        lines = [f"document id {i!r} is used by {', '.join(s)}" for i, s in sorted(clashes.items())]
        raise InputError(
            "document ids must be unique (the file name without extension): "
            + "; ".join(lines)
            + ". Rename one of each pair."
        )
    return files
