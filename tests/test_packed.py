"""Events held packed (a long document's) are the same events: round trips, writers,
merge, stories, and the `extract` command writing the same bytes as with dicts."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from timeline import engines
from timeline.cli import main
from timeline.curation.layout import CHUNK_EVENTS, compact_chunks, indented_chunks
from timeline.curation.merge import merge_data
from timeline.curation.store import base_form, next_base
from timeline.packed import PackedEvents, as_list, pack, unpack
from timeline.stories import build_stories
from timeline.stories.curation import merge_stories

ROOT = Path(__file__).resolve().parents[1]


def _event(i: int) -> dict:
    return {
        "id": f"e{i:05d}",
        "doc": f"d{i % 3}",
        "title": f"Événement “{i}” — ok",
        "date": f"20{i % 20:02d}-03-0{1 + i % 9}",
        "earliest": f"20{i % 20:02d}-03-0{1 + i % 9}",
        "salience": i / 7,
        "confidence": 0.1 + i % 3 * 0.3,
        "evidence": {"start": i * 10, "end": i * 10 + 4, "text": "said"},
        "attribution": None,
        "tags": ["a", 1, True, None, {"x": [1.5e-7, -0.0]}],
    }


def test_an_event_round_trips_exactly() -> None:
    ev = _event(7)
    packed = pack(ev)
    assert packed == json.dumps(ev, ensure_ascii=False, separators=(",", ":")).encode()
    back = unpack(packed)
    assert back == ev and list(back) == list(ev)
    assert list(back["evidence"]) == list(ev["evidence"])
    lone = {"id": "x", "text": "a\udc80b"}  # a lone surrogate from a badly encoded file
    assert unpack(pack(lone)) == lone


def test_packed_events_read_like_a_list() -> None:
    events = [_event(i) for i in range(10)]
    packed = PackedEvents.of(events)
    assert len(packed) == 10 and list(packed) == events and packed == events
    assert packed[3] == events[3] and packed[-1] == events[-1]
    assert packed[2:5] == events[2:5]
    assert pickle.loads(pickle.dumps(packed)) == packed
    assert (packed + [events[0]]) == events + [events[0]]
    assert (packed + []) is packed
    assert as_list(packed) == events and as_list(events) is events
    packed[0]["title"] = "changed"  # a fresh dict each read: nothing changes inside
    assert packed[0] == events[0]
    assert list(packed.drain()) == events and len(packed) == 0


@pytest.mark.parametrize("n", [3, CHUNK_EVENTS + 5])
def test_writers_give_the_bytes_of_a_list(n: int) -> None:
    events = [_event(i) for i in range(n)]
    data = {"version": 1, "documents": [{"id": "d0"}], "events": events, "stories": []}
    packed = {**data, "events": PackedEvents.of(events)}
    assert b"".join(indented_chunks(packed)) == b"".join(indented_chunks(data))
    assert b"".join(compact_chunks(packed)) == b"".join(compact_chunks(data))
    assert b"".join(compact_chunks(next_base(packed, data))) == b"".join(
        compact_chunks(next_base(data, data))
    )


def test_first_merge_and_base_form_keep_packed_events_equal() -> None:
    events = [_event(i) for i in reversed(range(40))] + [_event(5)]  # a repeated id
    docs = [{"id": "d0"}]
    plain = base_form(docs, [dict(e) for e in events])
    packed = base_form(docs, [dict(e) for e in events], packed=True)
    assert isinstance(packed["events"], PackedEvents)
    assert list(packed["events"]) == plain["events"]
    a = merge_data(None, None, plain, share_new=True).data
    b = merge_data(None, None, packed, share_new=True).data
    assert isinstance(b["events"], PackedEvents)
    assert list(b["events"]) == a["events"] and b["documents"] == a["documents"]


def test_stories_of_packed_events_are_those_of_dicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "events.json"
    assert main(["extract", str(ROOT / "tests/fixtures/stories"), "--out", str(out),
                 "--jobs", "1", "--no-cache"]) == 0
    capsys.readouterr()
    events = json.loads(out.read_text(encoding="utf-8"))["events"]
    packed = PackedEvents.of(events)
    expected = build_stories(events)
    assert expected and build_stories(packed) == expected
    a = merge_stories(None, None, expected, events)
    b = merge_stories(None, None, build_stories(packed), packed)
    assert (a.stories, a.base) == (b.stories, b.base)


def _documents() -> list[Path]:
    return sorted((ROOT / "seeds").glob("*.txt"))[:6]


def test_a_long_document_gives_packed_events_equal_to_dicts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _documents()[0]
    job = engines.Job(str(path), path.name, path.stem, None, path.stat().st_size)
    plain = engines.extract_file(job)
    monkeypatch.setattr(engines, "PACK_CHARS", 10)
    packed = engines.extract_file(job)
    assert isinstance(packed["events"], PackedEvents) and packed["events"]
    assert list(packed["events"]) == plain["events"]
    assert {k: v for k, v in packed.items() if k != "events"} == {
        k: v for k, v in plain.items() if k != "events"
    }


def test_extract_writes_the_same_files_with_packed_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for p in _documents():
        (folder / p.name).write_bytes(p.read_bytes())
    written = []
    for name, limit in (("dicts", engines.PACK_CHARS), ("packed", 10)):
        monkeypatch.setattr(engines, "PACK_CHARS", limit)
        out = tmp_path / name / "events.json"
        assert main(["extract", str(folder), "--out", str(out), "--jobs", "1"]) == 0
        side = out.parent / ".timeline"
        # (The stories memo is left out: marshal's back-references, and so its bytes,
        # follow how objects are shared in memory, not their values.)
        written.append(
            {p.relative_to(out.parent).as_posix(): p.read_bytes()
             for p in [out, *sorted(side.rglob("*"))]
             if p.is_file() and p.suffix not in (".lock", ".marshal")}
        )
    capsys.readouterr()
    assert written[0] == written[1]


@pytest.fixture
def small_spill(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bytes go to the temporary file after a few events, so every path is taken."""
    monkeypatch.setattr("timeline.packed.SPILL_BYTES", 3000)


def test_spilled_events_read_back_exactly(small_spill: None) -> None:
    events = [_event(i) for i in range(60)]
    packed = PackedEvents.of(events[:-1])
    if len(packed.items.store.buffer) + len(pack(events[-1])) > 3000:
        packed.items.store._flush()
    packed.items.append(pack(events[-1]))
    assert packed.items.store.written and packed.items.store.buffer  # both are read
    assert list(packed) == events and packed == events
    assert [packed[k] for k in range(60)] == events and packed[-1] == events[-1]
    assert packed[5:47:3] == events[5:47:3]
    assert packed.compact_texts(7, 51) == json.dumps(
        events[7:51], ensure_ascii=False, separators=(",", ":"))[1:-1]
    assert pickle.loads(pickle.dumps(packed)) == packed


def test_reordered_events_share_the_bytes(small_spill: None) -> None:
    events = [_event(i) for i in range(40)]
    packed = PackedEvents.of(events)
    order = [39, 0, 17, 3, 3, 22]
    again = packed.reordered(order)
    assert again.items.store is packed.items.store
    assert list(again) == [events[k] for k in order]
    again.items.append(pack(events[1]))  # appends after the shared bytes: both still read
    assert again[-1] == events[1] and list(packed) == events


def test_draining_spilled_events_leaves_none(small_spill: None) -> None:
    events = [_event(i) for i in range(30)]
    packed = PackedEvents.of(events)
    assert list(packed.drain()) == events
    assert len(packed) == 0 and list(packed) == []
    assert PackedEvents.of(events[:3]) + PackedEvents.of(events[3:]) == events


@pytest.mark.parametrize("lines", [False, True])
def test_spilled_events_of_many_windows_come_in_the_order_of_dicts(
    monkeypatch: pytest.MonkeyPatch, small_spill: None, lines: bool
) -> None:
    """Spilled as they are made, window after window, then put in order by their keys:
    the events (or `--shards` lines) of held texts, in the same order."""
    from timeline.events import windows

    path = max(_documents(), key=lambda p: p.stat().st_size)
    job = engines.Job(str(path), path.name, path.stem, None, path.stat().st_size)
    monkeypatch.setattr(windows, "WINDOW_CHARS", 800)
    held = engines.extract_file(job, lines=lines)
    monkeypatch.setattr(engines, "PACK_CHARS", 10)
    spilled = engines.extract_file(job, lines=lines)
    assert not isinstance(spilled["events"], list) and len(spilled["events"]) > 10
    assert list(spilled["events"]) == held["events"]


def test_a_re_run_merges_packed_events_as_it_merges_dicts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A changed long document merged into the events file of an earlier run: its new
    events are merged, not dropped, exactly as a short document's dicts are."""
    written = []
    for name, limit in (("dicts", engines.PACK_CHARS), ("packed", 10)):
        monkeypatch.setattr(engines, "PACK_CHARS", limit)
        folder = tmp_path / name / "in"
        folder.mkdir(parents=True)
        for p in _documents():
            (folder / p.name).write_bytes(p.read_bytes())
        out = tmp_path / name / "events.json"
        assert main(["extract", str(folder), "--out", str(out), "--jobs", "1"]) == 0
        changed = sorted(folder.iterdir())[0]
        changed.write_text(changed.read_text(encoding="utf-8") + "\n\nThe mayor resigned on "
                           "4 March 2013.\n", encoding="utf-8")
        assert main(["extract", str(folder), "--out", str(out), "--jobs", "1"]) == 0
        data = json.loads(out.read_text(encoding="utf-8"))
        assert len(data["events"]) > 10
        written.append(data)
    capsys.readouterr()
    for data in written:  # the file time of the changed document is this run's
        for d in data["documents"]:
            d.pop("retrieved", None)
    assert written[0] == written[1]
