"""The guild's city ranking as autocomplete serves it: read once, then refreshed in the
background so that no keystroke after a guild's first waits for the database."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

import pytest
from sqlalchemy import event, text

from bot.db.database import Database
from bot.services.places import note_place_in_use
from bot.ui.cities import PlaceBoosts

GUILD = 42


async def use(database: Database, place_id: int) -> None:
    async with database.session() as session:
        await note_place_in_use(
            session=session, guild_id=GUILD, place_id=place_id, lat=1.0, lon=2.0
        )


def count_reads(database: Database) -> list[str]:
    seen: list[str] = []

    def before(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().startswith("SELECT") and "guild_places" in statement:
            seen.append(statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", before)
    return seen


async def test_first_keystroke_reads_and_later_ones_are_served_from_the_copy(
    database: Database,
) -> None:
    await use(database, 1)
    boosts, client = PlaceBoosts(), SimpleNamespace(db=database)
    reads = count_reads(database)
    assert await boosts.for_guild(client, GUILD) == {1}
    await use(database, 2)
    assert await boosts.for_guild(client, GUILD) == {1}
    assert len(reads) == 1


async def test_keystrokes_during_the_first_read_share_it(database: Database) -> None:
    await use(database, 1)
    boosts, client = PlaceBoosts(), SimpleNamespace(db=database)
    reads = count_reads(database)
    answers = await asyncio.gather(*(boosts.for_guild(client, GUILD) for _ in range(5)))
    assert answers == [{1}] * 5
    assert len(reads) == 1


async def test_an_old_copy_is_served_while_one_background_read_replaces_it(
    database: Database,
) -> None:
    await use(database, 1)
    boosts, client = PlaceBoosts(), SimpleNamespace(db=database)
    await boosts.for_guild(client, GUILD)
    await use(database, 2)
    boosts.stale(GUILD)
    reads = count_reads(database)
    # Expired: both keystrokes get the old copy at once; one read starts behind them.
    assert await boosts.for_guild(client, GUILD) == {1}
    assert await boosts.for_guild(client, GUILD) == {1}
    for _ in range(50):
        if await boosts.for_guild(client, GUILD) == {1, 2}:
            break
        await asyncio.sleep(0.01)
    assert await boosts.for_guild(client, GUILD) == {1, 2}
    assert len(reads) == 1


async def test_a_saved_city_joins_the_copy_at_once(database: Database) -> None:
    await use(database, 1)
    boosts, client = PlaceBoosts(), SimpleNamespace(db=database)
    await boosts.for_guild(client, GUILD)
    boosts.note(GUILD, 7)
    assert await boosts.for_guild(client, GUILD) == {1, 7}


async def test_a_failed_refresh_keeps_the_old_copy(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    await use(database, 1)
    boosts, client = PlaceBoosts(), SimpleNamespace(db=database)
    await boosts.for_guild(client, GUILD)
    async with database.session() as session:
        await session.execute(text("DROP TABLE guild_places"))
    boosts.stale(GUILD)
    with caplog.at_level(logging.ERROR, logger="bot.ui.cities"):
        assert await boosts.for_guild(client, GUILD) == {1}
        for _ in range(50):
            if caplog.records:
                break
            await asyncio.sleep(0.01)
    assert await boosts.for_guild(client, GUILD) == {1}
    assert "city ranking" in caplog.text


async def test_leaving_a_guild_drops_its_copy(database: Database) -> None:
    await use(database, 1)
    boosts, client = PlaceBoosts(), SimpleNamespace(db=database)
    await boosts.for_guild(client, GUILD)
    boosts.forget(GUILD)
    await use(database, 2)
    assert await boosts.for_guild(client, GUILD) == {1, 2}
