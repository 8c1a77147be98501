"""Events held as their compact JSON bytes until they are written: a fifth of a dict's size.

An event as a dict costs about 2 KB; its compact JSON text, about 540 bytes. A 50 MB
document gives 300,000 events, so a run that holds them all as dicts needs gigabytes.
`PackedEvents` keeps each event's `json.dumps(ensure_ascii=False, separators=(",", ":"))`
as UTF-8 bytes and decodes one when it is read: the decoded dict equals the one packed
(JSON keeps key order, and floats round-trip exactly), so every step that reads events
one at a time sees the same values. The compact text is also exactly what the merge
base and the cache write, so those copy the bytes instead of encoding them again.

Past `SPILL_BYTES`, the bytes themselves leave memory (`Spilled`): they are written to
an unnamed temporary file and each is read back with one `pread` when it is decoded,
so an event costs 12 bytes of memory (its place and size), not its 570 (a 50 MB
document's events hold 175 MB). The file is deleted when the last view of it goes.
"""

from __future__ import annotations

import json
import os
import tempfile
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any, overload

# Compact JSON as `json.dumps(obj, ensure_ascii=False, separators=(",", ":"))` writes it.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
# A lone surrogate (text decoded with `surrogateescape`) is kept, not refused.
_ERRORS = "surrogatepass"


def pack(event: dict[str, Any]) -> bytes:
    """One event's compact JSON as UTF-8 bytes."""
    return _ENCODE(event).encode("utf-8", _ERRORS)


def text_bytes(text: str) -> bytes:
    """`text` as the UTF-8 bytes `SpilledLines` reads back as the same text."""
    return text.encode("utf-8", _ERRORS)


def unpack(packed: bytes) -> dict[str, Any]:
    """The event dict of `pack(event)`: equal to `event`."""
    return json.loads(packed.decode("utf-8", _ERRORS))  # type: ignore[no-any-return]


SPILL_BYTES = 1 << 20  # bytes held in memory before they go to the temporary file


class _Store:
    """Append-only bytes: the first `SPILL_BYTES` in memory, all of them in an unnamed
    temporary file once there are more."""

    __slots__ = ("buffer", "file", "written")

    def __init__(self) -> None:
        self.file: IO[bytes] | None = None
        self.written = 0  # bytes in the file; `buffer` holds the ones after them
        self.buffer = bytearray()

    def add(self, data: bytes) -> int:
        """Append `data`; where it starts."""
        start = self.written + len(self.buffer)
        self.buffer += data
        if len(self.buffer) > SPILL_BYTES:
            self._flush()
        return start

    def _flush(self) -> None:
        if self.file is None:
            self.file = tempfile.TemporaryFile()  # noqa: SIM115 - open while a view lives
        view = memoryview(self.buffer)
        while view:
            view = view[os.write(self.file.fileno(), view) :]
        self.written += len(self.buffer)
        self.buffer = bytearray()

    def read(self, start: int, size: int) -> bytes:
        if start >= self.written:
            return bytes(self.buffer[start - self.written : start - self.written + size])
        assert self.file is not None
        data = os.pread(self.file.fileno(), size, start)
        while len(data) < size:  # a short read: rare, but allowed
            more = os.pread(self.file.fileno(), size - len(data), start + len(data))
            if not more:
                raise OSError(f"events spill file ended early at {start + len(data)}")
            data += more
        return data


class Spilled(Sequence[bytes]):
    """A list of byte strings whose bytes live in a `_Store`: each item is its place and
    size (12 bytes). Appending and reading are a list's; `permuted` is another order of
    the same items, sharing their bytes."""

    __slots__ = ("sizes", "starts", "store")

    def __init__(self, items: Iterable[bytes] = (), store: _Store | None = None) -> None:
        self.store = store or _Store()
        self.starts = array("q")
        self.sizes = array("i")
        for item in items:
            self.append(item)

    def append(self, item: bytes) -> None:
        self.starts.append(self.store.add(item))
        self.sizes.append(len(item))

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> bytes: ...

    @overload
    def __getitem__(self, index: slice) -> list[bytes]: ...

    def __getitem__(self, index: int | slice) -> bytes | list[bytes]:
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        return self.store.read(self.starts[index], self.sizes[index])

    def __iter__(self) -> Iterator[bytes]:
        read = self.store.read
        return map(read, self.starts, self.sizes)

    def permuted(self, order: Iterable[int]) -> Spilled:
        """The items at `order`, sharing these bytes."""
        out = Spilled(store=self.store)
        for k in order:
            out.starts.append(self.starts[k])
            out.sizes.append(self.sizes[k])
        return out


class PackedEvents(Sequence[dict[str, Any]]):
    """A read-only sequence of events stored packed; indexing and iterating decode them.

    Each read gives a fresh dict, so changing it changes nothing here: the steps that
    take packed events (the first merge, stories, the writers) only read them.
    """

    __slots__ = ("items",)

    def __init__(self, items: Iterable[bytes] = ()) -> None:
        self.items: Spilled = items if isinstance(items, Spilled) else Spilled(items)

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
        more = list(other.items) if isinstance(other, PackedEvents) else [pack(e) for e in other]
        return PackedEvents([*self.items, *more]) if more else self

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedEvents):
            return len(self) == len(other) and all(
                a == b for a, b in zip(self.items, other.items, strict=True)
            )
        if isinstance(other, list):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PackedEvents(<{len(self)} events>)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (PackedEvents, (list(self.items),))

    def reordered(self, order: Iterable[int]) -> PackedEvents:
        """The events at `order` (positions), their bytes shared, not copied."""
        return PackedEvents(self.items.permuted(order))

    def drain(self) -> Iterator[dict[str, Any]]:
        """The events in order, each decoded as it is read (this sequence ends empty)."""
        items, self.items = self.items, Spilled()
        yield from map(unpack, items)

    def compact_texts(self, start: int = 0, stop: int | None = None) -> str:
        """`json.dumps(list(self)[start:stop], ...)` compact, without its brackets."""
        return b",".join(self.items[start:stop]).decode("utf-8", _ERRORS)


class SpilledLines(Sequence[str]):
    """JSON Lines texts (`--shards`) kept as `Spilled` UTF-8 bytes, read back as text."""

    __slots__ = ("items",)

    def __init__(self, items: Spilled) -> None:
        self.items = items

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [b.decode("utf-8", _ERRORS) for b in self.items[index]]
        return self.items[index].decode("utf-8", _ERRORS)

    def __iter__(self) -> Iterator[str]:
        return (b.decode("utf-8", _ERRORS) for b in self.items)


def as_list(events: Any) -> Any:
    """Plain lists for code that needs them: packed events decoded, anything else as is."""
    return list(events) if isinstance(events, PackedEvents) else events
