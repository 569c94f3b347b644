"""Who is queued a DM about a trip, when, and never twice."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from bot.config import DefaultsSection
from bot.db.database import Database
from bot.domain.dates.model import DateRange
from bot.services import homes, members, trips
from models import OutboxMessage
from tests.support.places import BERLIN, MUNICH, POTSDAM

GUILD = 10
DEFAULTS = DefaultsSection()
NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)  # 13:00 in Berlin
MARCH = DateRange(date(2027, 3, 3), date(2027, 3, 7))


async def setup_member(db: Database, user: int, place=BERLIN, **prefs: object) -> None:  # type: ignore[no-untyped-def]
    async with db.session() as session:
        await homes.set_home(session=session, guild_id=GUILD, user_id=user, place=place, now=NOW)
        if prefs:
            await members.update_member_prefs(
                session=session,
                guild_id=GUILD,
                user_id=user,
                now=NOW,
                changes=dict(prefs),
                defaults=DEFAULTS,
            )


async def add_trip(db: Database, user: int = 99, place=BERLIN, window: DateRange = MARCH) -> int:  # type: ignore[no-untyped-def]
    async with db.session() as session:
        added = await trips.add_trip(
            session=session,
            guild_id=GUILD,
            user_id=user,
            place=place,
            window=window,
            note="",
            announce=None,
            defaults=DEFAULTS,
            now=NOW,
        )
        return added.trip.id


async def queued(db: Database) -> list[OutboxMessage]:
    async with db.read_session() as session:
        return list(
            await session.scalars(select(OutboxMessage).order_by(OutboxMessage.recipient_id))
        )


async def test_only_opted_in_members_are_queued(database: Database) -> None:
    await setup_member(database, 1, notify_dm=True)
    await setup_member(database, 2)
    await add_trip(database)
    rows = await queued(database)
    assert [row.recipient_id for row in rows] == [1]
    assert rows[0].due_at == NOW
    assert rows[0].detail["match"] == "local"


async def test_a_members_own_radius_narrows_who_is_told(database: Database) -> None:
    await setup_member(database, 1, POTSDAM, notify_dm=True, radius_km=10)
    await setup_member(database, 2, POTSDAM, notify_dm=True)
    await add_trip(database)
    assert [row.recipient_id for row in await queued(database)] == [2]


async def test_editing_a_trip_never_queues_a_second_notice(database: Database) -> None:
    await setup_member(database, 1, notify_dm=True)
    trip_id = await add_trip(database)
    async with database.session() as session:
        await trips.edit_trip(
            session=session,
            guild_id=GUILD,
            user_id=99,
            trip_id=trip_id,
            place=None,
            window=DateRange(date(2027, 3, 4), date(2027, 3, 9)),
            note=None,
            defaults=DEFAULTS,
            now=NOW,
        )
    assert len(await queued(database)) == 1


async def test_quiet_hours_hold_the_notice_until_they_end(database: Database) -> None:
    # Quiet 12:00-18:00 Berlin time; it is 13:00 there.
    await setup_member(
        database, 1, notify_dm=True, quiet_start_minute=12 * 60, quiet_end_minute=18 * 60
    )
    await add_trip(database)
    [row] = await queued(database)
    assert row.due_at == datetime(2026, 11, 21, 17, tzinfo=UTC)


async def test_digest_subscribers_get_it_on_monday_morning(database: Database) -> None:
    await setup_member(database, 1, notify_dm=True, digest=True)
    await add_trip(database)
    [row] = await queued(database)
    assert row.due_at == datetime(2026, 11, 23, 8, tzinfo=UTC)  # Monday 09:00 in Berlin
    assert row.detail["digest"] is True


async def test_co_travelers_who_opted_in_hear_of_new_trips(database: Database) -> None:
    async with database.session() as session:
        await members.update_member_prefs(
            session=session,
            guild_id=GUILD,
            user_id=5,
            now=NOW,
            changes={"notify_dm": True},
            defaults=DEFAULTS,
        )
    await add_trip(database, user=5, place=MUNICH)
    await add_trip(
        database, user=6, place=MUNICH, window=DateRange(date(2027, 3, 7), date(2027, 3, 12))
    )
    [row] = await queued(database)
    assert row.recipient_id == 5
    assert row.detail["match"] == "co_traveler"


async def test_cancelling_a_trip_drops_its_pending_notices(database: Database) -> None:
    await setup_member(database, 1, notify_dm=True)
    trip_id = await add_trip(database)
    async with database.session() as session:
        await trips.cancel_trip(session=session, guild_id=GUILD, user_id=99, trip_id=trip_id)
    assert await queued(database) == []


async def test_a_member_both_living_and_travelling_nearby_is_told_once_as_a_co_traveler(
    database: Database,
) -> None:
    await setup_member(database, 1, POTSDAM, notify_dm=True)
    await add_trip(database, user=1, place=BERLIN)
    await add_trip(database, user=99, place=BERLIN)
    [row] = await queued(database)
    assert row.recipient_id == 1
    assert row.detail["match"] == "co_traveler"
    assert row.detail["distance_km"] == 0  # the trip's city, not the home 27 km away
