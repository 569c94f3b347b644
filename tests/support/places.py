"""A handful of real cities (GeoNames ids and coordinates) for service tests that should not
depend on loading the gazetteer."""

from __future__ import annotations

from bot.domain.places.model import Place


def _place(id: int, name: str, region: str, country: str, lat: float, lon: float, tz: str) -> Place:
    return Place(
        id=id,
        name=name,
        region=region,
        country=country,
        country_name=country,
        lat=lat,
        lon=lon,
        timezone=tz,
        population=100_000,
        label=f"{name}, {region}, {country}" if region else f"{name}, {country}",
    )


BERLIN = _place(2950159, "Berlin", "Berlin", "DE", 52.52437, 13.41053, "Europe/Berlin")
POTSDAM = _place(2852458, "Potsdam", "Brandenburg", "DE", 52.39886, 13.06566, "Europe/Berlin")
MUNICH = _place(2867714, "Munich", "Bavaria", "DE", 48.13743, 11.57549, "Europe/Berlin")
PARIS = _place(2988507, "Paris", "Île-de-France", "FR", 48.85341, 2.3488, "Europe/Paris")
SUVA = _place(2198148, "Suva", "Central", "FJ", -18.14161, 178.44149, "Pacific/Fiji")
TAVEUNI = _place(2198420, "Waiyevo", "Northern", "FJ", -16.7922, -179.9822, "Pacific/Fiji")
