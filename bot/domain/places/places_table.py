"""Every place of the gazetteer, stored column by column in the packed file.

A :class:`~bot.domain.places.model.Place` is assembled only when asked for (and the most
recently used few thousand are kept), so the 69k places cost no memory until used.
Positions are the gazetteer's: bigger cities first.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import overload

from bot.domain.places.model import Place
from bot.domain.places.packed import Packed, Section, pack_strings

__all__ = ["PlaceTable"]

_CACHED_PLACES = 8192
_TEXT_COLUMNS = ("name", "region", "country", "timezone", "label", "admin1")


class PlaceTable(Sequence[Place]):
    def __init__(self, packed: Packed, country_names: Mapping[str, str]) -> None:
        self.ids = packed.array("place_id")
        self.lats = packed.array("place_lat")
        self.lons = packed.array("place_lon")
        self.populations = packed.array("place_population")
        self.admin1 = packed.strings("place_admin1")
        self._names = packed.strings("place_name")
        self._regions = packed.strings("place_region")
        self._countries = packed.strings("place_country")
        self._timezones = packed.strings("place_timezone")
        self._labels = packed.strings("place_label")
        self._sorted_ids = packed.array("place_sorted_ids")
        self._by_id = packed.array("place_by_id")  # the position of each of the sorted ids
        self._country_names = country_names
        self._place: Callable[[int], Place] = lru_cache(maxsize=_CACHED_PLACES)(self._assemble)
        # the guild's cities are looked up by id on every keystroke
        self._position = lru_cache(maxsize=_CACHED_PLACES)(self._find)

    @staticmethod
    def sections(places: Sequence[Place], admin1: Sequence[str]) -> dict[str, Section]:
        columns: dict[str, Section] = {
            "place_id": array("q", (p.id for p in places)),
            "place_lat": array("d", (p.lat for p in places)),
            "place_lon": array("d", (p.lon for p in places)),
            "place_population": array("q", (p.population for p in places)),
        }
        by_id = sorted(range(len(places)), key=lambda i: places[i].id)
        columns["place_sorted_ids"] = array("q", (places[i].id for i in by_id))
        columns["place_by_id"] = array("i", by_id)
        for column in _TEXT_COLUMNS:
            texts = admin1 if column == "admin1" else [getattr(p, column) for p in places]
            columns[f"place_{column}.offsets"], columns[f"place_{column}.data"] = pack_strings(
                texts
            )
        return columns

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Place: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Place, ...]: ...
    def __getitem__(self, index: int | slice) -> Place | tuple[Place, ...]:
        if type(index) is int and index >= 0:  # the hot path: memoryviews check the bound
            return self._place(index)
        if isinstance(index, slice):
            return tuple(self._place(i) for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._place(index)

    def __iter__(self) -> Iterator[Place]:
        return (self._place(i) for i in range(len(self)))

    def _assemble(self, i: int) -> Place:
        country = self._countries[i]
        return Place(
            id=self.ids[i],
            name=self._names[i],
            region=self._regions[i],
            country=country,
            country_name=self._country_names.get(country, country),
            lat=self.lats[i],
            lon=self.lons[i],
            timezone=self._timezones[i],
            population=self.populations[i],
            label=self._labels[i],
        )

    def position(self, place_id: int) -> int | None:
        return self._position(place_id)

    def _find(self, place_id: int) -> int | None:
        found = bisect_left(self._sorted_ids, place_id)
        if found < len(self._sorted_ids) and self._sorted_ids[found] == place_id:
            return int(self._by_id[found])
        return None

    def nearest(self, lat: float, lon: float) -> int | None:
        """The position closest to (lat, lon): a linear scan (~50 ms), for rare calls."""
        scale = math.cos(math.radians(lat)) ** 2
        best, best_distance = None, math.inf
        for i, (plat, plon) in enumerate(zip(self.lats, self.lons, strict=True)):
            dlon = abs(plon - lon)
            dlon = min(dlon, 360.0 - dlon)
            distance = (plat - lat) ** 2 + scale * dlon * dlon
            if distance < best_distance:
                best, best_distance = i, distance
        return best
