"""Online geocoding is asked once per name; its places get ids that never clash."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.db.database import Database
from bot.domain.places.online import GeocodedPlace
from bot.services import geocoding

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


class FakeGeocoder:
    """Stands in for the public Nominatim service (tests never call the network)."""

    def __init__(self, answers: dict[str, list[GeocodedPlace]]) -> None:
        self.answers = answers
        self.calls: list[str] = []

    def geocode(self, query: str, *, limit: int = 5) -> list[GeocodedPlace]:
        self.calls.append(query)
        return self.answers.get(query, [])[:limit]


HAMLET = GeocodedPlace(
    source_id="nominatim:node/1",
    name="Tinyhamlet",
    region="Tyrol",
    country="AT",
    country_name="Austria",
    lat=47.1,
    lon=11.4,
    timezone="Europe/Vienna",
    label="Tinyhamlet, Tyrol, AT",
)


async def test_each_name_is_asked_once_and_cached(database: Database) -> None:
    fake = FakeGeocoder({"Tinyhamlet": [HAMLET]})
    for _ in range(3):
        async with database.session() as session:
            [place] = await geocoding.lookup(
                session=session, query="Tinyhamlet", geocoder=fake, now=NOW
            )
    assert fake.calls == ["Tinyhamlet"]
    assert place.id < 0
    assert place.timezone == "Europe/Vienna"
    async with database.read_session() as session:
        again = await geocoding.get(session=session, place_id=place.id)
    assert again == place


async def test_nothing_found_is_remembered_too(database: Database) -> None:
    fake = FakeGeocoder({})
    for _ in range(2):
        async with database.session() as session:
            assert (
                await geocoding.lookup(session=session, query="Nowhere", geocoder=fake, now=NOW)
                == []
            )
    assert fake.calls == ["Nowhere"]


async def test_places_without_a_time_zone_are_dropped(database: Database) -> None:
    fake = FakeGeocoder({"Sea": [GeocodedPlace("x:1", "Sea", "", "", "", 0.0, 0.0, "", "Sea")]})
    async with database.session() as session:
        assert await geocoding.lookup(session=session, query="Sea", geocoder=fake, now=NOW) == []
