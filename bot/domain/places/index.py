"""The name index: every folded spelling of every city, searchable by exact key and by prefix.

Cities are numbered by descending population (ties broken by number, so results are
deterministic). Keys live in one sorted table (a prefix is a contiguous slice found by
bisection) and postings in flat integer arrays; all of it is read in place from the packed
file (:mod:`bot.domain.places.packed`), so several hundred thousand spellings cost no Python
objects until a lookup touches them.

Autocomplete must answer in a few milliseconds, but a one-letter prefix covers tens of
thousands of spellings. So every prefix whose slice is larger than :data:`SCAN_LIMIT` gets its
best :data:`TOP_N` cities precomputed at load time (bottom-up, each posting read once); smaller
slices are scanned on demand.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Final

from bot.domain.places.packed import Packed, Section, StringTable, pack_strings

__all__ = [
    "ALIAS",
    "ALT",
    "ALT_DISCOUNT",
    "MAIN",
    "SCAN_LIMIT",
    "TOP_N",
    "Hit",
    "NameIndex",
    "weight",
]

# Posting kinds, strongest first; a posting is ``city << 2 | kind``.
ALIAS: Final = 0
MAIN: Final = 1
ALT: Final = 2

# A match on an alternate name counts as a match on a city this many times smaller. GeoNames
# alternate names include every language's exonym and some junk ("Brooklyn" is one of
# Oshkosh's), so they must not crowd out main names, yet "München" must still find Munich
# before "Münchenstein" (pop. 12 k): 1.5 M / 50 = 30 k.
ALT_DISCOUNT: Final = 50

SCAN_LIMIT: Final = 600
_CACHED_CITIES: Final = 4096
TOP_N: Final = 25
_END: Final = "\U0010ffff"

# (kind, city)
Hit = tuple[int, int]


def weight(population: int, kind: int) -> float:
    """How strongly a match of ``kind`` on a city of ``population`` should rank."""
    return population / ALT_DISCOUNT if kind == ALT else float(population)


class NameIndex:
    def __init__(
        self,
        keys: Sequence[str],
        postings: Sequence[int],
        offsets: Sequence[int],
        city_keys: Sequence[int],
        city_offsets: Sequence[int],
        top: Mapping[str, Sequence[Hit]],
        populations: Sequence[int],
    ) -> None:
        self.keys = keys
        self._postings = postings
        self._offsets = offsets
        self._city_keys = city_keys
        self._city_offsets = city_offsets
        self._top: Mapping[str, Sequence[Hit]] = top
        self._populations = populations
        # the guild's cities are checked on every keystroke: keep their key lists at hand
        self._keys_of: Callable[[int], list[int]] = lru_cache(maxsize=_CACHED_CITIES)(
            self._city_key_positions
        )

    def _city_key_positions(self, city: int) -> list[int]:
        """The positions of every key of ``city``, ascending."""
        return list(self._city_keys[self._city_offsets[city] : self._city_offsets[city + 1]])

    @classmethod
    def build(
        cls, spellings: Iterable[tuple[int, int, Iterable[str]]], populations: Sequence[int]
    ) -> NameIndex:
        """Index (city, kind, keys) triples; cities are positions into ``populations``."""
        # One posting per key is the norm, so keep ints and only make lists for the rest:
        # a dict of dicts here would cost ~100 MB at peak.
        single: dict[str, int] = {}
        multiple: dict[str, list[int]] = {}
        for city, kind, keys in spellings:
            posting = city << 2 | kind
            for key in keys:
                if not key:
                    continue
                present = single.setdefault(key, posting)
                if present != posting:
                    multiple.setdefault(key, [present]).append(posting)
        keys = sorted(single)
        postings = array("i")
        offsets = array("i", [0])
        city_positions: list[list[int]] = [[] for _ in populations]
        for position, key in enumerate(keys):
            first = single.pop(key)
            several = multiple.pop(key, None)
            if several is None:
                postings.append(first)
                city_positions[first >> 2].append(position)
            else:
                strongest: dict[int, int] = {}
                for posting in several:
                    city, kind = posting >> 2, posting & 3
                    if kind < strongest.get(city, 3):
                        strongest[city] = kind
                for city, kind in sorted(strongest.items()):
                    postings.append(city << 2 | kind)
                    city_positions[city].append(position)
            offsets.append(len(postings))
        city_keys = array("i")
        city_offsets = array("i", [0])
        for positions in city_positions:
            city_keys.extend(positions)
            city_offsets.append(len(city_keys))
        top: dict[str, tuple[Hit, ...]] = {}
        index = cls(keys, postings, offsets, city_keys, city_offsets, top, populations)
        index._precompute("", 0, len(keys), top)
        return index

    def to_sections(self) -> dict[str, Section]:
        """The arrays of the packed file (see :meth:`from_packed`)."""
        key_offsets, key_data = pack_strings(self.keys)
        prefixes = sorted(self._top)
        top_offsets, top_data = pack_strings(prefixes)
        top_hits = array("i")
        top_bounds = array("i", [0])
        for prefix in prefixes:
            top_hits.extend(city << 2 | kind for kind, city in self._top[prefix])
            top_bounds.append(len(top_hits))
        return {
            "keys.offsets": key_offsets,
            "keys.data": key_data,
            "postings": array("i", self._postings),
            "offsets": array("i", self._offsets),
            "city_keys": array("i", self._city_keys),
            "city_offsets": array("i", self._city_offsets),
            "top.offsets": top_offsets,
            "top.data": top_data,
            "top_hits": top_hits,
            "top_bounds": top_bounds,
        }

    @classmethod
    def from_packed(cls, packed: Packed, populations: Sequence[int]) -> NameIndex:
        top = _TopTable(packed.strings("top"), packed.array("top_hits"), packed.array("top_bounds"))
        return cls(
            packed.strings("keys"),
            packed.array("postings"),
            packed.array("offsets"),
            packed.array("city_keys"),
            packed.array("city_offsets"),
            top,
            populations,
        )

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def posting_count(self) -> int:
        return len(self._postings)

    def postings(self, position: int) -> Iterator[Hit]:
        for posting in self._postings[self._offsets[position] : self._offsets[position + 1]]:
            yield posting & 3, posting >> 2

    def exact(self, key: str) -> list[Hit]:
        """Every (kind, city) spelled exactly ``key``."""
        lo, hi = self.exact_range(key)
        return list(self.postings(lo)) if hi > lo else []

    def exact_range(self, key: str) -> tuple[int, int]:
        """The key positions [lo, hi) holding exactly ``key``: one position, or none."""
        position = _search(self.keys, key)
        found = position < len(self.keys) and self.keys[position] == key
        return position, position + 1 if found else position

    def prefix_range(self, prefix: str, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
        hi = len(self.keys) if hi is None else hi
        start = _search(self.keys, prefix, lo, hi)
        return start, _search(self.keys, prefix + _END, start, hi)

    def cities_matching(self, cities: Iterable[int], lo: int, hi: int) -> list[Hit]:
        """The (kind, city) postings of ``cities`` among key positions [lo, hi), e.g. a prefix
        range: a bisection in each city's own sorted key list, no string comparisons."""
        found: list[Hit] = []
        keys_of = self._keys_of
        for city in cities:
            positions = keys_of(city)
            start = bisect_left(positions, lo)
            if start == len(positions) or positions[start] >= hi:
                continue  # the usual case: none of its names is in the range
            for position in positions[start : bisect_left(positions, hi, start)]:
                found += [(kind, city) for kind, other in self.postings(position) if other == city]
        return found

    def best_with_prefix(self, prefix: str) -> list[Hit]:
        """The best :data:`TOP_N` cities having some spelling that starts with ``prefix``.

        Each city appears once, with its strongest matching kind; ordered by :func:`weight`.
        """
        lo, hi = self.prefix_range(prefix)
        if hi - lo > SCAN_LIMIT:
            return list(self._top[prefix])
        return self._best(self._scan(lo, hi))

    def _scan(self, lo: int, hi: int) -> dict[int, int]:
        best: dict[int, int] = {}
        postings = self._postings
        for posting in postings[self._offsets[lo] : self._offsets[hi]]:
            city, kind = posting >> 2, posting & 3
            if kind < best.get(city, 3):
                best[city] = kind
        return best

    def _precompute(
        self, prefix: str, lo: int, hi: int, top: dict[str, tuple[Hit, ...]]
    ) -> dict[int, int]:
        """Fill ``_top`` for every oversized prefix under ``prefix``; return its best-per-city."""
        if hi - lo <= SCAN_LIMIT and prefix:
            return self._scan(lo, hi)
        merged: dict[int, int] = {}
        depth = len(prefix)
        position = lo
        while position < hi:
            key = self.keys[position]
            if len(key) == depth:  # the prefix itself is a key
                child: dict[int, int] = self._scan(position, position + 1)
                position += 1
            else:
                child_prefix = key[: depth + 1]
                child_hi = _search(self.keys, child_prefix + _END, position, hi)
                child = self._precompute(child_prefix, position, child_hi, top)
                position = child_hi
            for city, kind in child.items():
                if kind < merged.get(city, 3):
                    merged[city] = kind
        if not prefix:
            return {}
        best = self._best(merged)
        top[prefix] = tuple(best)
        # Only the best TOP_N of a child can be among the best TOP_N of its parent.
        return {city: kind for kind, city in best}

    def _best(self, best_kind_by_city: dict[int, int]) -> list[Hit]:
        population = self._populations
        hits = [(MAIN if kind == ALIAS else kind, city) for city, kind in best_kind_by_city.items()]
        hits.sort(key=lambda hit: (-weight(population[hit[1]], hit[0]), hit[1]))
        return hits[:TOP_N]


def _search(keys: Sequence[str], key: str, lo: int = 0, hi: int | None = None) -> int:
    """Where ``key`` would go in the sorted ``keys`` (a list while building, else a table)."""
    if isinstance(keys, StringTable):
        return keys.bisect_left(key, lo, hi)
    return bisect_left(keys, key, lo, len(keys) if hi is None else hi)


class _TopTable(Mapping[str, Sequence[Hit]]):
    """The precomputed best cities of every oversized prefix, read from the packed file."""

    def __init__(self, prefixes: StringTable, hits: Sequence[int], bounds: Sequence[int]) -> None:
        self._prefixes = prefixes
        self._hits = hits
        self._bounds = bounds

    def __getitem__(self, prefix: str) -> Sequence[Hit]:
        position = self._prefixes.bisect_left(prefix)
        if position == len(self._prefixes) or self._prefixes[position] != prefix:
            raise KeyError(prefix)
        found = self._hits[self._bounds[position] : self._bounds[position + 1]]
        return [(posting & 3, posting >> 2) for posting in found]

    def __len__(self) -> int:
        return len(self._prefixes)

    def __iter__(self) -> Iterator[str]:
        return iter(self._prefixes)
