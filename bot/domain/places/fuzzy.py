"""Typo tolerance, kept cheap enough to run inside a Discord autocomplete callback.

Comparing a query with every one of several hundred thousand spellings costs tens of
milliseconds, so only the spellings people plausibly mistype are searched (main names,
curated aliases, and the alternate names of the largest cities) and only those sharing the
query's first character: typos almost never hit the first letter, and this cuts the work ~20x.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from bot.domain.places.index import Hit
from bot.domain.places.packed import Packed, Section, pack_strings

__all__ = ["FuzzyHit", "FuzzyIndex"]


@dataclass(frozen=True, slots=True)
class FuzzyHit:
    key: str
    score: float  # 0..100
    hits: tuple[Hit, ...]  # (kind, city) spelled ``key``


class FuzzyIndex:
    """The typo-searchable spellings, bucketed by first character, read from the packed file.

    A bucket is decoded into a list (what rapidfuzz scans fastest) the first time a query
    needs it, sorted by length: a spelling much shorter or longer than the query cannot
    reach the cutoff (see :func:`_length_bounds`), so only the slice of plausible lengths is
    scored, and ties keep the order of the original bucket.
    """

    def __init__(self, packed: Packed) -> None:
        self._keys = packed.strings("fuzzy")
        self._offsets = packed.array("fuzzy_offsets")
        self._postings = packed.array("fuzzy_postings")
        self._order = packed.array("fuzzy_order")
        self._buckets: dict[str, list[int]] = packed.header["fuzzy_buckets"]
        self._decoded: dict[str, _Bucket] = {}

    @staticmethod
    def sections(
        spellings: Iterable[tuple[str, int, int]],
    ) -> tuple[dict[str, Section], dict[str, list[int]]]:
        """The packed arrays for (key, city, kind) triples, each bucket sorted by length, and
        the header's first character -> [lo, hi) of its bucket."""
        buckets: dict[str, dict[str, dict[int, int]]] = {}
        for key, city, kind in spellings:
            if key:
                found = buckets.setdefault(key[0], {}).setdefault(key, {})
                found[city] = min(kind, found.get(city, kind))
        keys: list[str] = []
        order = array("i")
        offsets = array("i", [0])
        postings = array("i")
        bounds: dict[str, list[int]] = {}
        for first, by_key in buckets.items():
            bounds[first] = [len(keys), len(keys) + len(by_key)]
            listed = list(by_key)
            for i in sorted(range(len(listed)), key=lambda i: len(listed[i])):
                keys.append(listed[i])
                order.append(i)
                postings.extend(
                    city << 2 | kind for city, kind in sorted(by_key[listed[i]].items())
                )
                offsets.append(len(postings))
        key_offsets, key_data = pack_strings(keys)
        arrays: dict[str, Section] = {
            "fuzzy.offsets": key_offsets,
            "fuzzy.data": key_data,
            "fuzzy_order": order,
            "fuzzy_offsets": offsets,
            "fuzzy_postings": postings,
        }
        return arrays, bounds

    def search(self, query: str, *, limit: int, cutoff: float) -> list[FuzzyHit]:
        """Whole-name typos ("Pittsburh", "Barcellona"), scored by edit similarity."""
        # ratio = 2·common / (len(a) + len(b)) ≤ 2·shorter / (shorter + longer)
        shortest = cutoff / (200.0 - cutoff)
        return self._extract(query, fuzz.ratio, limit, cutoff, 1.0, shortest)

    def search_prefix(self, query: str, *, limit: int, cutoff: float) -> list[FuzzyHit]:
        """Typos in a name still being typed: Jaro-Winkler rewards a shared beginning and
        forgives the missing tail, so "minneap" and "minnaepolis" both reach Minneapolis."""
        scorer = JaroWinkler.normalized_similarity
        # Winkler adds at most 4 x 0.1 of the gap to 1, so Jaro must reach (c - 0.4) / 0.6;
        # Jaro ≤ (1 + shorter/longer + 1) / 3 (every character of the shorter one matched).
        jaro = (cutoff / 100 - 0.4) / 0.6
        return self._extract(query, scorer, limit, cutoff / 100, 100.0, 3 * jaro - 2)

    def _extract(
        self, query: str, scorer: Any, limit: int, cutoff: float, scale: float, shortest: float
    ) -> list[FuzzyHit]:
        bucket = self._bucket(query[:1])
        if bucket is None:
            return []
        lo, hi = bucket.lengths(len(query), shortest)
        found = process.extract(
            query, bucket.keys[lo:hi], scorer=scorer, limit=None, score_cutoff=cutoff
        )
        found.sort(key=lambda hit: (-hit[1], bucket.order[lo + hit[2]]))
        hits = []
        for key, score, i in found[:limit]:
            start, end = self._offsets[bucket.start + lo + i : bucket.start + lo + i + 2]
            postings = self._postings[start:end]
            hits.append(
                FuzzyHit(key, float(score) * scale, tuple((p & 3, p >> 2) for p in postings))
            )
        return hits

    def _bucket(self, first: str) -> _Bucket | None:
        bucket = self._decoded.get(first)
        if bucket is None:
            bounds = self._buckets.get(first)
            if bounds is None:
                return None
            lo, hi = bounds
            keys = self._keys.decode_range(lo, hi)
            bucket = self._decoded[first] = _Bucket(lo, keys, self._order[lo:hi].tolist())
        return bucket


class _Bucket:
    """One first character's spellings, shortest first, and where each stood before."""

    def __init__(self, start: int, keys: list[str], order: list[int]) -> None:
        self.start = start
        self.keys = keys
        self.key_lengths = [len(key) for key in keys]
        self.order = order  # breaks score ties as a scan of the unsorted bucket would

    def lengths(self, size: int, shortest: float) -> tuple[int, int]:
        """The slice of keys whose length can score: shorter/longer ≥ ``shortest``."""
        if shortest <= 0:
            return 0, len(self.keys)
        lo = bisect_left(self.key_lengths, math.ceil(size * shortest - 1e-9))
        hi = bisect_right(self.key_lengths, math.floor(size / shortest + 1e-9))
        return lo, hi
