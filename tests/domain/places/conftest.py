"""One gazetteer for the whole session: mapping the prebuilt index takes milliseconds, and
its pages, once read, serve every test."""

from __future__ import annotations

import pytest

from bot.domain.places import Gazetteer, get_gazetteer
from bot.domain.places.source import RawCity


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return get_gazetteer()


def raw_city(
    place_id: int,
    name: str,
    *,
    country: str = "US",
    admin1: str = "OR",
    population: int = 10_000,
    alternates: tuple[str, ...] = (),
    lat: float = 45.0,
    lon: float = -122.0,
) -> RawCity:
    """A made-up city for tests that need a tiny, fully known gazetteer."""
    return RawCity(
        id=place_id,
        name=name,
        alternate_names=alternates,
        country=country,
        admin1=admin1,
        lat=lat,
        lon=lon,
        population=population,
        timezone="America/Los_Angeles",
    )


TINY_COUNTRIES = {"US": "United States", "GB": "United Kingdom", "DE": "Germany"}
TINY_ADMIN1 = {("US", "OR"): "Oregon", ("US", "ME"): "Maine", ("GB", "ENG"): "England"}


@pytest.fixture(scope="session")
def tiny() -> Gazetteer:
    """Five cities, no aliases: small enough to reason about every answer."""
    cities = [
        raw_city(1, "Portland", population=650_000, alternates=("PDX", "Rose City")),
        raw_city(2, "Portland", admin1="ME", population=67_000, alternates=("Casco",)),
        raw_city(3, "Salem", population=175_000, alternates=("Chemeketa",)),
        raw_city(4, "London", country="GB", admin1="ENG", population=9_000_000),
        raw_city(5, "Oshkosh", admin1="ME", population=66_000, alternates=("Salem Town",)),
    ]
    return Gazetteer.build(
        cities, countries=TINY_COUNTRIES, admin1_names=TINY_ADMIN1, aliases={"PDX": 1}
    )
