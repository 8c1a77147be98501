"""A very long document read in windows: exact offsets, the whole reading's events but
at window edges, and documents of ordinary length read exactly as before."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from timeline.documents import analyse
from timeline.engines import Job, extract_file
from timeline.events import extract_events
from timeline.events import windows as windows_module
from timeline.events.build import dict_order
from timeline.events.windows import extract_in_windows, windows

ROOT = Path(__file__).resolve().parents[1]
SPANS = ("evidence", "sentence", "date_source", "attribution")


def _news() -> str:
    """Every example text of the repository, one after another as paragraphs."""
    fixtures = ROOT / "tests" / "fixtures"
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
        p
        for folder in ("stories", "temporal", "dashboard/docs")
        for p in (fixtures / folder).iterdir()
        if p.suffix in (".txt", ".md")
    )
    parts = [p.read_text(encoding="utf-8").strip() for p in files]
    return "\n\n".join(part for part in parts if part) + "\n"


def _dumped(events: list) -> dict[str, dict]:
    return {e.id: e.model_dump(mode="json", exclude_none=True) for e in events}


def test_windows_end_at_paragraph_breaks_and_cover_the_text() -> None:
    text = _news()
    parts = windows(text, 3_000)
    assert len(parts) > 5
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    for (lo, hi), (nxt, _) in zip(parts, parts[1:], strict=False):
        assert hi == nxt and hi - lo >= 3_000
        assert text[:hi].rstrip(" \t").endswith("\n\n") or "\n\n" in text[hi - 40 : hi]
        assert not text[hi].isspace()
    assert windows("no break " * 1000, 100) == [(0, 9000)]
    assert windows("short", 100) == [(0, 5)]


def test_a_document_read_in_windows_has_the_events_of_a_whole_reading() -> None:
    text = _news()
    source = analyse(text, doc_id="long", path="long.txt")
    whole = _dumped(extract_events(source, published=date(2013, 1, 1)))
    parts = list(extract_in_windows(source, published=date(2013, 1, 1), size=3_000))
    assert len(parts) == len(windows(text, 3_000))
    read = _dumped([e for part in parts for e in part])
    assert len(read) == sum(len(p) for p in parts)  # ids stay unique across windows
    for ev in read.values():
        for name in SPANS:
            span = ev.get(name)
            if span:
                assert text[span["start"] : span["end"]] == span["text"], (ev["id"], name)
    differing = set(whole) ^ set(read) | {i for i in set(whole) & set(read) if whole[i] != read[i]}
    assert len(whole) > 50
    # Only what a window cannot see before its start (a story's reference time) differs.
    assert len(differing) <= max(2, len(whole) // 50), sorted(differing)


def test_an_ordinary_document_is_read_whole() -> None:
    text = _news()[:20_000]
    source = analyse(text, doc_id="d", path="d.txt")
    parts = list(extract_in_windows(source, published=date(2013, 1, 1)))
    assert len(parts) == 1
    assert _dumped(parts[0]) == _dumped(extract_events(source, published=date(2013, 1, 1)))


@pytest.mark.parametrize("lines", [False, True])
def test_extract_file_orders_a_windowed_documents_events_as_a_whole_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: bool
) -> None:
    import json

    path = tmp_path / "long.txt"
    path.write_text(_news(), encoding="utf-8")
    job = Job(str(path), "long.txt", "long", "2013-01-01", path.stat().st_size)
    whole = extract_file(job)["events"]
    monkeypatch.setattr(windows_module, "WINDOW_CHARS", 3_000)
    got = extract_file(job, lines=lines)["events"]
    events = [json.loads(line)["event"] for line in got] if lines else got
    assert events == sorted(events, key=dict_order)
    assert len(events) >= len(whole) * 0.98
    assert {e["id"] for e in events} & {e["id"] for e in whole}
