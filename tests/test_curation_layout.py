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
