"""Watches ("Tell me when they're in town"): toggling, the limits, and which trips queue a
DM for whom."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bot.config import DefaultsSection
from bot.db.database import Database
from bot.domain.dates.model import DateRange
from bot.domain.errors import InvalidInput
from bot.domain.places import Place
from bot.services import homes, members, trips, watches
from models import OutboxMessage
from tests.support.places import BERLIN, MUNICH, POTSDAM

GUILD = 10
DEFAULTS = DefaultsSection()
NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
MARCH = DateRange(date(2027, 3, 3), date(2027, 3, 7))
SAM, ALICE, BOB = 1, 2, 3


async def member(db: Database, user: int, home: Place, **prefs: object) -> None:
    async with db.session() as session:
        await homes.set_home(session=session, guild_id=GUILD, user_id=user, place=home, now=NOW)
        await members.update_member_prefs(
            session=session,
            guild_id=GUILD,
            user_id=user,
            now=NOW,
            changes=dict(prefs),
            defaults=DEFAULTS,
        )


async def toggle(db: Database, watcher: int, watched: int) -> watches.Watching:
    async with db.session() as session:
        return await watches.toggle(
            session=session, guild_id=GUILD, watcher_id=watcher, watched_id=watched, now=NOW
        )


async def travel(db: Database, place: Place) -> None:
    async with db.session() as session:
        await trips.add_trip(
            session=session,
            guild_id=GUILD,
            user_id=SAM,
            place=place,
            window=MARCH,
            note="",
            announce=False,
            defaults=DEFAULTS,
            now=NOW,
        )


async def queued(db: Database) -> list[int]:
    async with db.read_session() as session:
        return list(
            await session.scalars(
                select(OutboxMessage.recipient_id).where(OutboxMessage.kind == watches.TRIP_WATCH)
            )
        )


async def test_toggling_and_what_the_watcher_is_told(database: Database) -> None:
    first = await toggle(database, ALICE, SAM)
    assert (first.watching, first.has_home, first.takes_dms) == (True, False, False)
    await member(database, ALICE, BERLIN, notify_dm=True)
    assert (await toggle(database, ALICE, SAM)).watching is False
    again = await toggle(database, ALICE, SAM)
    assert (again.watching, again.has_home, again.takes_dms) == (True, True, True)
    with pytest.raises(InvalidInput):
        await toggle(database, SAM, SAM)


async def test_only_watchers_near_home_and_not_told_otherwise_hear(database: Database) -> None:
    await member(database, ALICE, BERLIN, notify_dm=True, digest=True)  # waits for Monday
    await member(database, BOB, MUNICH, notify_dm=True, digest=True)  # far away
    await member(database, SAM, POTSDAM)
    await toggle(database, ALICE, SAM)
    await toggle(database, BOB, SAM)
    await travel(database, POTSDAM)
    assert await queued(database) == [ALICE]


async def test_a_hidden_traveler_queues_nothing(database: Database) -> None:
    await member(database, ALICE, BERLIN, notify_dm=True, digest=True)
    await member(database, SAM, POTSDAM, discoverable=False)
    await toggle(database, ALICE, SAM)
    await travel(database, BERLIN)
    assert await queued(database) == []


async def test_at_most_fifty_watches(database: Database) -> None:
    for watched in range(100, 100 + watches.MAX_WATCHES):
        await toggle(database, ALICE, watched)
    with pytest.raises(InvalidInput):
        await toggle(database, ALICE, SAM)
