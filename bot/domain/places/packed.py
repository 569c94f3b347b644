"""The compact file format of the places index: a JSON header and flat typed arrays.

The index is read through :mod:`mmap` straight from the file built at install time (see
:mod:`bot.domain.places.build`): every array is a zero-copy :class:`memoryview` and every
string table is decoded one entry at a time, so opening it costs milliseconds and the
process only ever holds the pages a lookup touched (shared with the OS page cache), instead
of ~100 MB of Python objects. Layout: 8-byte magic, 8-byte header length, the UTF-8 JSON
header (section name -> offset, length, type code), then the sections, 8-byte aligned.
"""

from __future__ import annotations

import json
import mmap
import os
import struct
import tempfile
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeAlias, overload

__all__ = ["Packed", "StringTable", "pack_strings", "write"]

MAGIC = b"TWPLACE1"
_ALIGN = 8
_SAMPLE_STEP = 64

# what a section is written from (a string annotation: array is not subscriptable at run time)
Section: TypeAlias = "array[int] | array[float] | bytes"


def pack_strings(strings: Sequence[str]) -> tuple[array[int], bytes]:
    """The (offsets, UTF-8 data) of a :class:`StringTable`."""
    encoded = [text.encode() for text in strings]
    offsets = array("q", [0])
    total = 0
    for item in encoded:
        total += len(item)
        offsets.append(total)
    return offsets, b"".join(encoded)


def _layout(header: Mapping[str, Any], sections: Mapping[str, Section]) -> list[bytes]:
    table: dict[str, tuple[int, int, str]] = {}
    offset = 0
    for name, data in sections.items():
        size = len(data) * data.itemsize if isinstance(data, array) else len(data)
        code = data.typecode if isinstance(data, array) else "B"
        table[name] = (offset, size, code)
        offset += size + (-size % _ALIGN)
    head = json.dumps({"sections": table, **header}, ensure_ascii=False).encode()
    head += b" " * (-len(head) % _ALIGN)
    parts = [MAGIC, struct.pack("<q", len(head)), head]
    for data in sections.values():
        raw = data.tobytes() if isinstance(data, array) else data
        parts += [raw, b"\0" * (-len(raw) % _ALIGN)]
    return parts


def to_bytes(header: Mapping[str, Any], sections: Mapping[str, Section]) -> bytes:
    return b"".join(_layout(header, sections))


def write(path: Path, header: Mapping[str, Any], sections: Mapping[str, Section]) -> None:
    """Write atomically: a reader maps either the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.writelines(_layout(header, sections))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Packed:
    """A packed index in memory (``bytes``) or mapped from a file."""

    def __init__(self, buffer: bytes | mmap.mmap) -> None:
        view = memoryview(buffer)
        if bytes(view[:8]) != MAGIC:
            raise ValueError("not a places index")
        (size,) = struct.unpack("<q", view[8:16])
        self.header: dict[str, Any] = json.loads(bytes(view[16 : 16 + size]))
        self._body = view[16 + size :]  # views keep the mapping open as long as they live

    @classmethod
    def open(cls, path: Path) -> Packed:
        with open(path, "rb") as fh:
            return cls(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))

    @staticmethod
    def read_header(path: Path) -> dict[str, Any] | None:
        """Only the header (to check that the file is current); None if unreadable."""
        try:
            with open(path, "rb") as fh:
                if fh.read(8) != MAGIC:
                    return None
                (size,) = struct.unpack("<q", fh.read(8))
                header: dict[str, Any] = json.loads(fh.read(size))
                return header
        except (OSError, ValueError, struct.error):
            return None

    def array(self, name: str) -> memoryview:
        offset, size, code = self.header["sections"][name]
        return self._body[offset : offset + size].cast(code)

    def strings(self, name: str) -> StringTable:
        return StringTable(self.array(f"{name}.offsets"), self.array(f"{name}.data"))


class StringTable(Sequence[str]):
    """A read-only list of strings decoded on access (bisect works on it: keys are sorted
    by code point, which is also the order of their UTF-8 bytes)."""

    def __init__(self, offsets: memoryview, data: memoryview) -> None:
        self._offsets = offsets
        self._data = data
        self._sample: list[str] | None = None  # every _SAMPLE_STEP-th entry, on first search

    def bisect_left(self, key: str, lo: int = 0, hi: int | None = None) -> int:
        """:func:`bisect.bisect_left` for sorted tables: an in-memory sample of every 64th
        entry narrows the search to 64 entries, so only ~6 entries are decoded per search."""
        hi = len(self) if hi is None else hi
        sample = self._sample
        if sample is None:
            sample = self._sample = [self[i] for i in range(0, len(self), _SAMPLE_STEP)]
        # entries before sample[k] are < key: start there; sample[k + 1] >= key: stop there
        k = bisect_left(sample, key)
        lo = min(max(lo, (k - 1) * _SAMPLE_STEP), hi)
        hi = max(min(hi, k * _SAMPLE_STEP), lo)
        offsets, data = self._offsets, self._data
        while lo < hi:
            mid = (lo + hi) // 2
            if str(data[offsets[mid] : offsets[mid + 1]], "utf-8") < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return str(self._data[self._offsets[index] : self._offsets[index + 1]], "utf-8")

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))

    def decode_range(self, lo: int, hi: int) -> list[str]:
        """Entries [lo, hi) at once: one decode, then splits (for a whole fuzzy bucket)."""
        offsets = self._offsets
        start = offsets[lo]
        raw = bytes(self._data[start : offsets[hi]])
        return [
            str(raw[offsets[i] - start : offsets[i + 1] - start], "utf-8") for i in range(lo, hi)
        ]
