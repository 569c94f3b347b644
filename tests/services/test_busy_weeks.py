"""How many towns a guild's trips are in during a week (PostgreSQL: ``town_weeks``; SQLite:
its trips, an upper bound, in ``trip_boxes``), and the travelers statement reading a quiet
guild's circle at once."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.db.database import Database
from bot.services import busy_weeks
from bot.services.busy_weeks import few_towns_in_week
from bot.services.matching import travelers_near, week
from tests.services.test_matching import GUILD, MARCH, OTHER_GUILD, around, days, trip
from tests.support.places import BERLIN, MUNICH, PARIS, POTSDAM
from tests.support.statements import statements_run


@pytest.fixture
async def database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Database]:
    monkeypatch.setattr(busy_weeks, "_remembered", {})
    db = Database.from_url(database_url)
    yield db
    await db.dispose()


async def few(database: Database) -> bool:
    async with database.read_session() as session:
        return await few_towns_in_week(session=session, guild_id=GUILD, week=week(MARCH.start))


async def test_the_guilds_towns_of_the_week_are_counted_up_to_the_threshold(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    for user, town in enumerate((BERLIN, POTSDAM, MUNICH), start=1):
        await trip(database, user, town, days(0, 2))
    await trip(database, 4, BERLIN, days(1, 2))  # a town counts once (SQLite: a trip)
    await trip(database, 5, PARIS, days(0, 2), guild=OTHER_GUILD)  # another guild's
    await trip(database, 6, PARIS, days(14, 2))  # another week's
    counted = 3 if database.dialect == "postgresql" else 4
    monkeypatch.setattr(busy_weeks, "_remembered", {})  # saving a trip looked, before it
    monkeypatch.setattr(busy_weeks, "FEW_TOWNS", counted)
    assert await few(database)
    monkeypatch.setattr(busy_weeks, "FEW_TOWNS", counted - 1)
    monkeypatch.setattr(busy_weeks, "_remembered", {})
    assert not await few(database)


async def test_a_count_is_remembered_for_a_while_then_read_again(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1000.0]
    monkeypatch.setattr(busy_weeks, "monotonic", lambda: now[0])
    monkeypatch.setattr(busy_weeks, "FEW_TOWNS", 1)
    await trip(database, 1, BERLIN, days(0, 2))
    monkeypatch.setattr(busy_weeks, "_remembered", {})  # saving it looked, before it
    assert await few(database)
    await trip(database, 2, MUNICH, days(0, 2))
    now[0] += busy_weeks.REMEMBERED_S - 1
    assert await few(database)  # a plan's choice: minutes old is good enough
    now[0] += 1
    assert not await few(database)


@pytest.mark.parametrize("quiet", [True, False])
async def test_a_quiet_guilds_wide_circle_is_read_at_once(
    database: Database, monkeypatch: pytest.MonkeyPatch, quiet: bool
) -> None:
    """Same answer either way; only the statement differs. PostgreSQL: the circle alone, or
    its rings (600 km: 15, 90, 600). SQLite: one R*Tree read of the circle, or first a
    choice among the candidate rings by counting their boxes. Not quiet (-1): ring by ring
    whatever the count, as in a big guild."""
    monkeypatch.setattr(busy_weeks, "FEW_TOWNS", 1000 if quiet else -1)
    await trip(database, 1, MUNICH, days(0, 2))
    await trip(database, 2, POTSDAM, days(1, 2))
    monkeypatch.setattr(busy_weeks, "_remembered", {})  # saving a trip looked, before it
    postgres = database.dialect == "postgresql"
    with statements_run(database, "LATERAL" if postgres else "trip_weeks") as ran:
        async with database.read_session() as session:
            found = await travelers_near(session=session, around=around(BERLIN, radius=600))
    assert [m.user_id for m in found.matches] == [2, 1]
    assert len(ran) == 1
    if postgres:
        assert sum(f"ring{level}" in ran[0] for level in range(4)) == (1 if quiet else 3)
    else:
        assert ("chosen AS" in ran[0]) is not quiet
