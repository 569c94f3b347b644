"""The values the places package hands out: plain frozen data, safe to cache and share."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["AreaKind", "AutocompleteChoice", "MatchKind", "Place", "Resolution"]


@dataclass(frozen=True, slots=True)
class Place:
    """A populated place from GeoNames; ``id`` is its GeoNames id and is stable across releases."""

    id: int
    name: str
    region: str
    country: str
    country_name: str
    lat: float
    lon: float
    timezone: str
    population: int
    label: str

    def to_dict(self) -> dict[str, object]:
        """The JSON shape used by the CLI and by anything that stores a place verbatim."""
        return {
            "id": self.id,
            "name": self.name,
            "region": self.region,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "timezone": self.timezone,
            "population": self.population,
            "label": self.label,
        }


class MatchKind(StrEnum):
    """How the best candidate matched, strongest first: lets the UI say "did you mean ...?"."""

    ALIAS = "alias"
    NAME = "name"
    ALTERNATE = "alternate"
    PREFIX = "prefix"
    FUZZY = "fuzzy"
    AREA = "area"
    NONE = "none"


class AreaKind(StrEnum):
    """Why an input is not a city."""

    COUNTRY = "country"
    REGION = "region"


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a free-text place name turned out to be.

    ``candidates`` is ranked best first. When ``ambiguous`` the UI should ask which one was
    meant; when ``not_a_city`` the input named a country or region (``area_kind``) and the
    candidates are only suggestions of cities in it (the same-named city first, if any).
    """

    query: str
    candidates: tuple[Place, ...] = ()
    ambiguous: bool = False
    not_a_city: bool = False
    area_kind: AreaKind | None = None
    match: MatchKind = MatchKind.NONE

    @property
    def best(self) -> Place | None:
        """The single place to use without asking, or None when the user must choose."""
        if self.ambiguous or self.not_a_city or not self.candidates:
            return None
        return self.candidates[0]

    def to_dict(self) -> dict[str, object]:
        return {
            "query": self.query,
            "ambiguous": self.ambiguous,
            "not_a_city": self.not_a_city,
            "not_a_city_kind": self.area_kind.value if self.area_kind else None,
            "match": self.match.value,
            "candidates": [place.to_dict() for place in self.candidates],
        }


@dataclass(frozen=True, slots=True)
class AutocompleteChoice:
    """One Discord autocomplete entry: ``name`` is shown (1..100 chars), ``value`` is sent back."""

    name: str
    value: str
    place: Place = field(compare=False)
