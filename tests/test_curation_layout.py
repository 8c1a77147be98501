"""The fast writer must give exactly the bytes of `json.dumps(indent=2, ensure_ascii=False)`."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.curation.layout import dumps_indented
from timeline.curation.store import dumps

FIXTURES = Path(__file__).parent / "fixtures"


def standard(obj: Any) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False)


scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()  # control characters, quotes, backslashes, non-ASCII, lone surrogates
)
keys = st.text(max_size=8)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(keys, inner, max_size=5)
    ),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(values)
def test_same_text_as_the_standard_encoder(obj: Any) -> None:
    assert dumps_indented(obj) == standard(obj)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(), keys),
        values,
        max_size=4,
    )
)
def test_non_string_keys_are_written_as_the_standard_encoder_writes_them(obj: Any) -> None:
    assert dumps_indented({"outer": obj, "list": [obj]}) == standard({"outer": obj, "list": [obj]})


def test_events_file_shapes() -> None:
    ev = {
        "id": "e1",
        "doc": "d",
        "date": "2019-03",
        "earliest": "2019-03-01",
        "latest": None,
        "title": 'He said "no" \\ \u00e9t\u00e9 \u2014 \x07',
        "evidence": {"start": 0, "end": 4, "text": "2019"},
        "sentence": {"start": 0, "end": 0, "text": ""},
        "confidence": 0.1 + 0.2,
        "edited": [],
        "note": {"nested": [[], {}, [1, [2, {"x": [True, False]}]]]},
    }
    data = {"version": 1, "documents": [], "events": [ev, {**ev, "edited": ["date", "title"]}]}
    assert dumps_indented(data) == standard(data)
    assert dumps(data) == (standard(data) + "\n").encode("utf-8")


def test_a_real_events_file_round_trips_byte_for_byte() -> None:
    files = sorted(FIXTURES.rglob("*.json"))
    assert files, "the fixtures hold events files"
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        assert dumps_indented(data) == standard(data), f


@pytest.mark.parametrize(
    "obj",
    [
        0,
        "x",
        None,
        [],
        {},
        [[]],
        {"a": {}},
        math.inf,
        {"n": math.nan},
        [float("-inf"), -0.0, 1e300],
        ("a", ("b",)),
    ],
)
def test_edge_values(obj: Any) -> None:
    assert dumps_indented(obj) == standard(obj)


def test_errors_are_the_standard_ones() -> None:
    loop: list[Any] = []
    loop.append(loop)
    for bad in (loop, {"when": object()}, {"k": {1j: 1}}):
        with pytest.raises((ValueError, TypeError)) as fast:
            dumps_indented(bad)
        with pytest.raises((ValueError, TypeError)) as slow:
            standard(bad)
        assert type(fast.value) is type(slow.value) and str(fast.value) == str(slow.value)


def _event(i: int) -> dict[str, Any]:
    return {
        "id": f"e{i}",
        "doc": "d",
        "date": f"{1990 + i}",
        "title": f'Event {i} \u2014 "quoted"',
        "evidence": {"start": i, "end": i + 4, "text": f"{1990 + i}"},
        "sentence": {"start": 0, "end": 9, "text": "In 1990."},
        "confidence": 0.5,
        "status": "active",
    }


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(["keep", "copy", "title", "reorder", "drop", "edited"]), min_size=1),
    st.integers(0, 3),
    st.randoms(use_true_random=False),
)
def test_reusing_unchanged_event_texts_gives_the_standard_bytes(
    actions: list[str], added: int, rnd: Any
) -> None:
    from timeline.curation.layout import dumps_reusing

    before = {"version": 1, "documents": [{"id": "d", "path": "d.txt"}], "events": []}
    before["events"] = [_event(i) for i in range(len(actions))]
    previous = dumps(before)
    before = json.loads(previous)  # as loaded: the values are the parsed objects
    events = []
    for action, u in zip(actions, before["events"], strict=True):
        if action == "keep":
            events.append(dict(u))  # the very values: the text is copied
        elif action == "copy":
            events.append(json.loads(json.dumps(u)))  # equal values, other objects
        elif action == "title":
            events.append({**u, "title": "changed"})
        elif action == "reorder":
            events.append(dict(reversed(list(u.items()))))
        elif action == "edited":
            events.append({**u, "edited": ["title"]})
    events += [_event(100 + k) for k in range(added)]
    rnd.shuffle(events)
    data = {"version": 1, "documents": before["documents"] + [{"id": "n", "path": "n"}]}
    data["events"] = events
    assert dumps_reusing(data, previous, before) in (None, dumps(data))
    if events:
        assert dumps_reusing(data, previous, before) == dumps(data)


def test_reuse_refuses_a_file_of_another_layout() -> None:
    from timeline.curation.layout import dumps_reusing

    before = {"version": 1, "documents": [], "events": [_event(1), _event(2)]}
    other = json.dumps(before, indent=4).encode()
    assert dumps_reusing(before, other, json.loads(other)) is None


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.dictionaries(keys, values, min_size=1, max_size=4), max_size=9),
    st.dictionaries(keys.filter(lambda k: k != "events"), values, max_size=3),
    st.integers(min_value=1, max_value=4),
)
def test_pieces_join_to_the_one_call_encodings(
    events: list[Any], others: dict[str, Any], chunk: int
) -> None:
    """Written in pieces of `chunk` events, the files are the one-string encodings."""
    from timeline.curation import layout

    data = {**others, "events": [_event(0), *events, _event(1)]}
    before = layout.CHUNK_EVENTS
    layout.CHUNK_EVENTS = chunk
    try:
        indented = b"".join(layout.indented_chunks(data))
        compact = b"".join(layout.compact_chunks(data))
    finally:
        layout.CHUNK_EVENTS = before
    assert indented == dumps(data)
    assert compact == json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
