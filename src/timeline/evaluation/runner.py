"""Choosing files (all, development or held-out split), tagging them and scoring each."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from timeline.evaluation.scoring import DocResult, score_document
from timeline.schema import Timex

Tagger = Callable[[str, date | None], list[Timex]]
SPLITS = ("all", "dev", "heldout")


@dataclass
class Failure:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: {self.message}"
            if self.line
            else (f"{self.path}: {self.message}")
        )


def select(files: Sequence[Path], split: str) -> list[Path]:
    """dev = sorted index % 5 != 0, heldout = index % 5 == 0, all = everything."""
    if split == "all":
        return list(files)
    heldout = split == "heldout"
    return [f for i, f in enumerate(files) if (i % 5 == 0) == heldout]


def evaluate_files(files: Iterable[Path], tagger: Tagger) -> tuple[list[DocResult], list[Failure]]:
    """Tag and score each file; unreadable files and tagger crashes become failures."""
    from timeline import timeml

    results: list[DocResult] = []
    failures: list[Failure] = []
    for item in timeml.read_all(files):
        if isinstance(item, timeml.TimeMLError):
            failures.append(Failure(item.path, item.line, item.message))
            continue
        try:
            system = tagger(item.text, item.dct)
        except Exception as exc:  # a tagger bug must not hide the other documents' scores
            failures.append(Failure(item.path, None, f"tagger failed: {type(exc).__name__}: {exc}"))
            continue
        results.append(score_document(item.text, item.timexes, system, item.id, item.path))
    return results, failures
