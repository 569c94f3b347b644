"""Places: an offline gazetteer of the world's cities, name resolution, autocomplete, distance.

Pure domain code: no Discord, no database, no network (the optional online geocoder lives in
:mod:`bot.domain.places.online` and is never imported from here). The module-level functions use
the process-wide gazetteer, which maps the index file built at install time on first use
(milliseconds; a stale file is rebuilt first, which takes seconds, hence the bot's warm-up
in a worker thread).
"""

from __future__ import annotations

from collections.abc import Collection

from bot.domain.places.distance import BoundingBox, bounding_box, distance_km
from bot.domain.places.errors import GeocodingUnavailable, InvalidCoordinates
from bot.domain.places.gazetteer import Gazetteer, get_gazetteer, set_gazetteer
from bot.domain.places.model import AreaKind, AutocompleteChoice, MatchKind, Place, Resolution

__all__ = [
    "AreaKind",
    "AutocompleteChoice",
    "BoundingBox",
    "Gazetteer",
    "GeocodingUnavailable",
    "InvalidCoordinates",
    "MatchKind",
    "Place",
    "Resolution",
    "autocomplete",
    "bounding_box",
    "distance_km",
    "get",
    "get_gazetteer",
    "resolve",
    "set_gazetteer",
]


def resolve(text: str) -> Resolution:
    """Which city ``text`` names (see :mod:`bot.domain.places.resolver`); never raises."""
    return get_gazetteer().resolve(text)


def autocomplete(
    prefix: str, *, boost_ids: Collection[int] = (), limit: int = 25
) -> list[AutocompleteChoice]:
    """Discord autocomplete choices for ``prefix``; ``boost_ids`` rank the guild's cities first."""
    return get_gazetteer().autocomplete(prefix, boost_ids=boost_ids, limit=limit)


def get(place_id: int) -> Place | None:
    """The place with this GeoNames id, if the gazetteer has it."""
    return get_gazetteer().get(place_id)
