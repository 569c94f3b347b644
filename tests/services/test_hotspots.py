"""Saving a hot spot: once per city and window, never beside a live suggestion nearby, its
DMs naming the id the insert returned, and the "already suggested?" check reading only
the guild's hot spots that are not over yet."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.db.database import Database
from bot.domain.dates.model import DateRange
from bot.domain.places import Place
from bot.services import hotspots
from bot.services.hotspots import PlannedSpot
from models import HotSpot, OutboxMessage, Trip
from tests.support.places import BERLIN, MUNICH, POTSDAM
from tests.support.statements import sqlite_plan, statements_sent

GUILD = 10
NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
MARCH = DateRange(date(2027, 3, 3), date(2027, 3, 7))
APRIL = DateRange(date(2027, 4, 3), date(2027, 4, 7))
ANA, BEN, CAI = 1, 2, 3


def trip_to(place: Place) -> Trip:
    """What ``save_spot`` reads of the saved trip: where it is (no row needed)."""
    return Trip(
        guild_id=GUILD,
        user_id=ANA,
        place_id=place.id,
        place_label=place.label,
        lat=place.lat,
        lon=place.lon,
        timezone=place.timezone,
    )


def plan(window: DateRange, notify: frozenset[int] = frozenset({BEN})) -> PlannedSpot:
    return PlannedSpot(50, window, (ANA, BEN, CAI), notify)


async def save(db: Database, place: Place, spot: PlannedSpot, now: datetime = NOW) -> int | None:
    async with db.short_session() as session:
        return await hotspots.save_spot(
            session=session, plan=spot, trip=trip_to(place), channel_id=None, now=now
        )


async def test_a_new_spot_returns_its_id_and_its_dms_name_it(database: Database) -> None:
    spot_id = await save(database, BERLIN, plan(MARCH, notify=frozenset({BEN, CAI})))
    assert spot_id is not None
    async with database.session() as session:
        spot = await session.get(HotSpot, spot_id)
        assert spot is not None
        assert (spot.place_id, spot.start_date) == (BERLIN.id, MARCH.start)
        dms = list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    assert [(m.recipient_id, m.dedupe_key, m.detail) for m in dms] == [
        (member, f"hotspot:{spot_id}:{member}", {"hot_spot_id": spot_id}) for member in (BEN, CAI)
    ]


async def test_never_twice_near_a_live_suggestion(database: Database) -> None:
    assert await save(database, BERLIN, plan(MARCH)) is not None
    # The same city and days, and a town 27 km away on overlapping days: already suggested.
    assert await save(database, BERLIN, plan(MARCH)) is None
    overlapping = DateRange(MARCH.end, MARCH.end + timedelta(days=3))
    assert await save(database, POTSDAM, plan(overlapping)) is None
    # Other days, or another city far away: a new suggestion each.
    assert await save(database, BERLIN, plan(APRIL)) is not None
    assert await save(database, MUNICH, plan(MARCH)) is not None
    async with database.session() as session:
        assert len(list(await session.scalars(select(HotSpot)))) == 3


async def test_a_spot_whose_days_are_over_does_not_block_later_days(database: Database) -> None:
    past = DateRange(date(2026, 11, 1), date(2026, 11, 4))
    assert await save(database, BERLIN, plan(past)) is not None
    assert await save(database, BERLIN, plan(MARCH)) is not None


async def test_sqlite_checks_only_live_spots_from_the_index(sqlite_database_url: str) -> None:
    """The check inside the write transaction reads ``ix_hot_spots_guild_end_date`` from
    the window's first day on, no table row: a guild's past spots are never read."""
    database = Database.from_url(sqlite_database_url)
    try:
        with statements_sent(database, "SELECT hot_spots.lat") as ran:
            await save(database, BERLIN, plan(MARCH))
        [(statement, values)] = ran
        assert await sqlite_plan(database, statement, values) == [
            "SEARCH hot_spots USING COVERING INDEX ix_hot_spots_guild_end_date "
            "(guild_id=? AND end_date>?)"
        ]
    finally:
        await database.dispose()


async def test_two_trips_saved_at_once_in_nearby_towns_make_one_spot(
    pg_database_url: str,
) -> None:
    """PostgreSQL: each transaction would miss the other's uncommitted spot (Berlin and
    Potsdam are different keys); the second waits for the first's turn, then sees it."""
    db = Database.from_url(pg_database_url)
    try:
        async with db.short_session() as first:
            made = await hotspots.save_spot(
                session=first, plan=plan(MARCH), trip=trip_to(BERLIN), channel_id=None, now=NOW
            )
            assert made is not None
            second = asyncio.create_task(save(db, POTSDAM, plan(MARCH)))
            await asyncio.sleep(0.3)
            assert not second.done()  # it waits for the first transaction's turn
        assert await asyncio.wait_for(second, timeout=10) is None
        async with db.session() as session:
            spots = list(await session.scalars(select(HotSpot.place_id)))
        assert spots == [BERLIN.id]
    finally:
        await db.dispose()
