"""The guild's city ranking (``known_place_ids``): read from its index alone."""

from __future__ import annotations

from bot.db.database import Database
from bot.services.places import known_place_ids, note_place_in_use
from tests.support.places import BERLIN, MUNICH
from tests.support.statements import sqlite_plan, statements_sent

GUILD = 42


async def test_sqlite_reads_the_ranking_from_the_index_alone(sqlite_database_url: str) -> None:
    """The top cities by uses come from ``(guild_id, uses, place_id)`` with no table row
    read per city: 200 random reads when the table is out of the page cache."""
    database = Database.from_url(sqlite_database_url)
    try:
        async with database.session() as session:
            for place in (BERLIN, MUNICH, MUNICH):
                await note_place_in_use(
                    session=session, guild_id=GUILD, place_id=place.id, lat=place.lat,
                    lon=place.lon,
                )  # fmt: skip
        with statements_sent(database) as ran:
            async with database.read_session() as session:
                found = await known_place_ids(session=session, guild_id=GUILD)
        assert found == {BERLIN.id, MUNICH.id}
        [(statement, values)] = ran
        assert await sqlite_plan(database, statement, values) == [
            "SEARCH guild_places USING COVERING INDEX ix_guild_places_guild_uses_place (guild_id=?)"
        ]
    finally:
        await database.dispose()
