"""Countries and regions: what "Texas" means on its own and what ", TX" means after a city.

One table serves two questions. Typed alone, an area name is *not a city* (the bot needs a
city to match people), unless a city of that name should win (see :meth:`AreaIndex.area`
and the resolver). After a city name, an area is a *qualifier* that narrows the candidates.
Qualifiers accept abbreviations ("OR", "NSW", "UK"); areas typed alone accept names only, since
"LA", "DC" or "SF" on their own mean cities.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from bot.domain.places.aliases import (
    ADMIN1_ALIASES,
    COUNTRY_ALIASES,
    STRICT_REGION_COUNTRIES,
    WELL_KNOWN_REGIONS,
)
from bot.domain.places.model import AreaKind
from bot.domain.places.normalize import fold

__all__ = ["Area", "AreaIndex", "Constraint", "Scope", "within"]

_T = TypeVar("_T")

# (country, admin1 code or None for the whole country)
Scope = tuple[str, str | None]
# A city satisfies a constraint when it lies in at least one scope of every group.
Constraint = tuple[frozenset[Scope], ...]


@dataclass(frozen=True, slots=True)
class Area:
    kind: AreaKind
    scopes: frozenset[Scope]
    suggestions: tuple[int, ...] = ()  # GeoNames ids, for areas that are not admin units
    curated: bool = False  # a well-known region: never loses to a city of the same name
    strict: bool = False  # a household-name region: loses only to a big same-country city


class AreaIndex:
    def __init__(
        self, countries: Mapping[str, str], admin1_names: Mapping[tuple[str, str], str]
    ) -> None:
        self.countries = dict(countries)
        self.admin1_names = dict(admin1_names)
        self._country_names: dict[str, set[str]] = {}
        for code, name in countries.items():
            self._add(self._country_names, name, code)
        for name, code in COUNTRY_ALIASES.items():
            self._add(self._country_names, name, code)

        self._region_names: dict[str, set[Scope]] = {}
        self._region_abbreviations: dict[str, set[Scope]] = {}
        by_name: dict[tuple[str, str], list[str]] = {}
        for (country, code), name in admin1_names.items():
            self._add(self._region_names, name, (country, code))
            by_name.setdefault((country, fold(name)), []).append(code)
            if country == "US":
                self._add(self._region_abbreviations, code, (country, code))
        for country, aliases in ADMIN1_ALIASES.items():
            for alias, name in aliases.items():
                for code in by_name.get((country, fold(name)), ()):
                    target = self._region_abbreviations if alias.isupper() else self._region_names
                    self._add(target, alias, (country, code))

        self._curated: dict[str, tuple[int, ...]] = {}
        for name, ids in WELL_KNOWN_REGIONS.items():
            self._curated[fold(name)] = ids

    def to_header(self) -> dict[str, Any]:
        """The folded tables as JSON data: folding thousands of names takes a fifth of a
        second, so the index file carries them ready (see :meth:`from_header`)."""
        return {
            "countries": self.countries,
            "admin1_names": [[c, a, name] for (c, a), name in self.admin1_names.items()],
            "country_names": {key: sorted(codes) for key, codes in self._country_names.items()},
            "region_names": _scopes_to_json(self._region_names),
            "region_abbreviations": _scopes_to_json(self._region_abbreviations),
            "curated": self._curated,
        }

    @classmethod
    def from_header(cls, data: Mapping[str, Any]) -> AreaIndex:
        areas = cls.__new__(cls)
        areas.countries = dict(data["countries"])
        areas.admin1_names = {(c, a): name for c, a, name in data["admin1_names"]}
        areas._country_names = {key: set(codes) for key, codes in data["country_names"].items()}
        areas._region_names = _scopes_from_json(data["region_names"])
        areas._region_abbreviations = _scopes_from_json(data["region_abbreviations"])
        areas._curated = {key: tuple(ids) for key, ids in data["curated"].items()}
        return areas

    @staticmethod
    def _add(table: dict[str, set[_T]], name: str, value: _T) -> None:
        key = fold(name)
        if key:
            table.setdefault(key, set()).add(value)

    def area(self, key: str) -> Area | None:
        """The country or region named exactly ``key`` (already folded), if any."""
        if key in self._curated:
            return Area(AreaKind.REGION, frozenset(), self._curated[key], curated=True)
        countries = self._country_names.get(key, set())
        regions = self._region_names.get(key, set())
        if not countries and not regions:
            return None
        scopes = frozenset({(c, None) for c in countries} | regions)
        kind = AreaKind.COUNTRY if countries else AreaKind.REGION
        strict = any(country in STRICT_REGION_COUNTRIES for country, _ in regions)
        return Area(kind, scopes, strict=strict)

    def qualifier(self, key: str) -> frozenset[Scope] | None:
        """The places a qualifier such as "OR", "Oregon", "UK" or "Canada" may stand for."""
        scopes: set[Scope] = set()
        scopes.update((code, None) for code in self._country_names.get(key, ()))
        if len(key) == 2 and key.upper() in self.countries:
            scopes.add((key.upper(), None))
        scopes.update(self._region_names.get(key, ()))
        scopes.update(self._region_abbreviations.get(key, ()))
        return frozenset(scopes) or None

    def region_name(self, country: str, admin1: str) -> str:
        return self.admin1_names.get((country, admin1), "")

    def country_name(self, country: str) -> str:
        return self.countries.get(country, country)


def _scopes_to_json(table: dict[str, set[Scope]]) -> dict[str, list[list[str | None]]]:
    return {key: [[c, a] for c, a in sorted(scopes, key=str)] for key, scopes in table.items()}


def _scopes_from_json(data: Mapping[str, list[list[str | None]]]) -> dict[str, set[Scope]]:
    return {key: {(str(c), a) for c, a in scopes} for key, scopes in data.items()}


def within(country: str, admin1: str, constraint: Constraint) -> bool:
    """Whether a city in (country, admin1) satisfies every group of ``constraint``."""
    return all((country, None) in group or (country, admin1) in group for group in constraint)
