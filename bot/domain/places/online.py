"""Optional online geocoding, for the rare place the offline gazetteer does not know.

Off by default: a deployment opts in by constructing :class:`NominatimGeocoder` (OpenStreetMap's
public Nominatim allows at most one request per second and requires an identifying user
agent, so both are enforced here). Everything else depends only on the :class:`Geocoder`
protocol, so tests use a fake and never touch the network. Calls block: run them in a worker
thread. Caching answers in the database is the calling service's job, which is why results
carry a stable ``source_id``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from bot.domain.places.errors import GeocodingUnavailable

if TYPE_CHECKING:
    from bot.domain.places.gazetteer import Gazetteer

__all__ = ["GeocodedPlace", "Geocoder", "NominatimGeocoder", "NullGeocoder"]

# Nominatim's usage policy: an absolute maximum of one request per second.
NOMINATIM_MIN_DELAY_SECONDS = 1.0
_LOCALITY_KEYS = ("city", "town", "village", "municipality", "hamlet", "suburb", "county")


@dataclass(frozen=True, slots=True)
class GeocodedPlace:
    """A geocoder's answer: like :class:`~bot.domain.places.model.Place`, minus a GeoNames id.

    ``source_id`` ("nominatim:relation/62422") identifies it for caching. ``timezone`` comes
    from the nearest gazetteer city when a gazetteer is given, else it is "".
    """

    source_id: str
    name: str
    region: str
    country: str
    country_name: str
    lat: float
    lon: float
    timezone: str
    label: str


class Geocoder(Protocol):
    def geocode(self, query: str, *, limit: int = 5) -> list[GeocodedPlace]:
        """Places matching ``query``, best first; raises GeocodingUnavailable on failure."""
        ...


class NullGeocoder:
    """The default: online geocoding disabled, nothing is ever found."""

    def geocode(self, query: str, *, limit: int = 5) -> list[GeocodedPlace]:
        return []


class NominatimGeocoder:
    """OpenStreetMap Nominatim through geopy, rate limited to one request per second."""

    def __init__(
        self,
        user_agent: str,
        *,
        gazetteer: Gazetteer | None = None,
        domain: str = "nominatim.openstreetmap.org",
        timeout: float = 5.0,
        language: str = "en",
        lookup: Callable[..., Any] | None = None,
    ) -> None:
        """``lookup`` replaces the rate-limited geopy call (tests inject a fake here)."""
        if not user_agent.strip():
            raise ValueError("Nominatim requires an identifying user agent")
        self._gazetteer = gazetteer
        self._language = language
        if lookup is None:
            client = Nominatim(user_agent=user_agent, domain=domain, timeout=timeout)
            lookup = RateLimiter(
                client.geocode,
                min_delay_seconds=NOMINATIM_MIN_DELAY_SECONDS,
                max_retries=1,
                swallow_exceptions=False,
            )
        self._lookup = lookup

    def geocode(self, query: str, *, limit: int = 5) -> list[GeocodedPlace]:
        query = " ".join(query.split())[:200]
        if not query:
            return []
        try:
            found = self._lookup(
                query,
                exactly_one=False,
                limit=max(1, min(limit, 10)),
                addressdetails=True,
                language=self._language,
                featuretype="settlement",
            )
        except GeopyError as exc:
            raise GeocodingUnavailable(
                "The online map service is not answering right now; try a nearby big city."
            ) from exc
        return [place for place in map(self._convert, found or ()) if place is not None]

    def _convert(self, location: Any) -> GeocodedPlace | None:
        raw: Mapping[str, Any] = getattr(location, "raw", None) or {}
        address: Mapping[str, Any] = raw.get("address") or {}
        try:
            lat, lon = float(location.latitude), float(location.longitude)
        except (AttributeError, TypeError, ValueError):
            return None
        name = next((str(address[k]) for k in _LOCALITY_KEYS if address.get(k)), "")
        if not name:
            name = str(raw.get("name") or getattr(location, "address", "")).split(",")[0]
        name = name.strip()
        if not name:
            return None
        country = str(address.get("country_code") or "").upper()
        region = str(address.get("state") or "")
        timezone = ""
        country_name = str(address.get("country") or country)
        if self._gazetteer is not None:
            nearest = self._gazetteer.nearest(lat, lon)
            if nearest is not None:
                timezone = nearest.timezone
            country_name = self._gazetteer.areas.country_name(country) if country else ""
        label = ", ".join(part for part in (name, region, country) if part)
        source_id = f"nominatim:{raw.get('osm_type', '?')}/{raw.get('osm_id', '?')}"
        return GeocodedPlace(
            source_id=source_id,
            name=name,
            region=region,
            country=country,
            country_name=country_name,
            lat=lat,
            lon=lon,
            timezone=timezone,
            label=label,
        )
