"""Typo tolerance, kept cheap enough to run inside a Discord autocomplete callback.

Comparing a query with every one of several hundred thousand spellings costs tens of
milliseconds, so only the spellings people plausibly mistype are searched (main names,
curated aliases, and the alternate names of the largest cities) and only those sharing the
query's first character: typos almost never hit the first letter, and this cuts the work ~20x.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from bot.domain.places.index import Hit

__all__ = ["FuzzyHit", "FuzzyIndex"]


@dataclass(frozen=True, slots=True)
class FuzzyHit:
    key: str
    score: float  # 0..100
    hits: tuple[Hit, ...]  # (kind, city) spelled ``key``


class FuzzyIndex:
    def __init__(
        self, keys: dict[str, list[str]], cities: dict[str, list[tuple[int, ...]]]
    ) -> None:
        self._keys = keys
        self._cities = cities

    @classmethod
    def build(cls, spellings: Iterable[tuple[str, int, int]]) -> FuzzyIndex:
        """Index (key, city, kind) triples."""
        buckets: dict[str, dict[str, dict[int, int]]] = {}
        for key, city, kind in spellings:
            if key:
                found = buckets.setdefault(key[0], {}).setdefault(key, {})
                found[city] = min(kind, found.get(city, kind))
        keys: dict[str, list[str]] = {}
        cities: dict[str, list[tuple[int, ...]]] = {}
        for first, by_key in buckets.items():
            keys[first] = list(by_key)
            cities[first] = [
                tuple(city << 2 | kind for city, kind in sorted(found.items()))
                for found in by_key.values()
            ]
        return cls(keys, cities)

    def to_state(self) -> tuple[object, ...]:
        return (self._keys, self._cities)

    @classmethod
    def from_state(cls, state: tuple[Any, ...]) -> FuzzyIndex:
        keys, cities = state
        return cls(dict(keys), dict(cities))

    def search(self, query: str, *, limit: int, cutoff: float) -> list[FuzzyHit]:
        """Whole-name typos ("Pittsburh", "Barcellona"), scored by edit similarity."""
        return self._extract(query, fuzz.ratio, limit, cutoff, scale=1.0)

    def search_prefix(self, query: str, *, limit: int, cutoff: float) -> list[FuzzyHit]:
        """Typos in a name still being typed: Jaro-Winkler rewards a shared beginning and
        forgives the missing tail, so "minneap" and "minnaepolis" both reach Minneapolis."""
        scorer = JaroWinkler.normalized_similarity
        return self._extract(query, scorer, limit, cutoff / 100, scale=100.0)

    def _extract(
        self, query: str, scorer: Any, limit: int, cutoff: float, *, scale: float
    ) -> list[FuzzyHit]:
        if not query:
            return []
        keys = self._keys.get(query[0])
        if not keys:
            return []
        cities = self._cities[query[0]]
        found = process.extract(query, keys, scorer=scorer, limit=limit, score_cutoff=cutoff)
        return [
            FuzzyHit(key, float(score) * scale, tuple((p & 3, p >> 2) for p in cities[i]))
            for key, score, i in found
        ]
