"""Events held as their compact JSON bytes until they are written: a fifth of a dict's size.

An event as a dict costs about 2 KB; its compact JSON text, about 540 bytes. A 50 MB
document gives 300,000 events, so a run that holds them all as dicts needs gigabytes.
`PackedEvents` keeps each event's `json.dumps(ensure_ascii=False, separators=(",", ":"))`
as UTF-8 bytes and decodes one when it is read: the decoded dict equals the one packed
(JSON keeps key order, and floats round-trip exactly), so every step that reads events
one at a time sees the same values. The compact text is also exactly what the merge
base and the cache write, so those copy the bytes instead of encoding them again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

# Compact JSON as `json.dumps(obj, ensure_ascii=False, separators=(",", ":"))` writes it.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
# A lone surrogate (text decoded with `surrogateescape`) is kept, not refused.
_ERRORS = "surrogatepass"


def pack(event: dict[str, Any]) -> bytes:
    """One event's compact JSON as UTF-8 bytes."""
    return _ENCODE(event).encode("utf-8", _ERRORS)


def unpack(packed: bytes) -> dict[str, Any]:
    """The event dict of `pack(event)`: equal to `event`."""
    return json.loads(packed.decode("utf-8", _ERRORS))  # type: ignore[no-any-return]


class PackedEvents(Sequence[dict[str, Any]]):
    """A read-only sequence of events stored packed; indexing and iterating decode them.

    Each read gives a fresh dict, so changing it changes nothing here: the steps that
    take packed events (the first merge, stories, the writers) only read them.
    """

    __slots__ = ("items",)

    def __init__(self, items: Iterable[bytes] = ()) -> None:
        self.items: list[bytes] = list(items)

    @classmethod
    def of(cls, events: Iterable[dict[str, Any]]) -> PackedEvents:
        return cls(map(pack, events))

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [unpack(b) for b in self.items[index]]
        return unpack(self.items[index])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return map(unpack, self.items)

    def __add__(self, other: Iterable[dict[str, Any]]) -> PackedEvents:
        """These events followed by `other`'s (dicts or packed), as list `+` does."""
        more = other.items if isinstance(other, PackedEvents) else [pack(e) for e in other]
        return PackedEvents(self.items + more) if more else self

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedEvents):
            return self.items == other.items
        if isinstance(other, list):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PackedEvents(<{len(self)} events>)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (PackedEvents, (self.items,))

    def drain(self) -> Iterator[dict[str, Any]]:
        """The events in order, each let go as it is read (this sequence ends empty)."""
        items = self.items
        items.reverse()
        while items:
            yield unpack(items.pop())

    def compact_texts(self, start: int = 0, stop: int | None = None) -> str:
        """`json.dumps(list(self)[start:stop], ...)` compact, without its brackets."""
        return b",".join(self.items[start:stop]).decode("utf-8", _ERRORS)


def as_list(events: Any) -> Any:
    """Plain lists for code that needs them: packed events decoded, anything else as is."""
    return list(events) if isinstance(events, PackedEvents) else events
