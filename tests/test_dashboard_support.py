"""Shared helpers for the dashboard tests: the fixture corpus and row builders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from dashboard.data import Row, build_rows

from timeline.schema import EventsFile

FIXTURE_DIR = Path(__file__).parent / "fixtures" / "dashboard"


def copy_fixture(dest: Path) -> Path:
    """Copy the fixture events file and its documents; return the copied events path."""
    shutil.copytree(FIXTURE_DIR, dest, dirs_exist_ok=True)
    return dest / "events.json"


def fixture_model() -> EventsFile:
    return EventsFile.model_validate(json.loads((FIXTURE_DIR / "events.json").read_text()))


def fixture_rows() -> list[Row]:
    return build_rows(fixture_model())


def row(
    id: str = "e",
    doc: str = "d",
    date: str = "2019-03-14",
    earliest: str | None = "2019-03-14",
    latest: str | None = "2019-03-14",
    title: str = "Something happened",
    how: str = "explicit",
    confidence: float = 0.9,
    status: str = "active",
    sentence: str = "",
) -> Row:
    return Row(
        id=id,
        doc=doc,
        doc_title=f"Doc {doc}",
        date=date,
        earliest=earliest,
        latest=latest,
        title=title,
        evidence=date,
        sentence=sentence,
        how=how,
        confidence=confidence,
        status=status,
        edited=False,
        haystack=f"{title}\n{sentence}\n{date}".lower(),
    )
