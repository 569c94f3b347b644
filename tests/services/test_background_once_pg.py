"""Background jobs run by several processes on one PostgreSQL database do each unit of work
once: every series occurrence is created once, every guild's weekly digest is claimed once,
every expired trip is deleted once (one process purges, the others skip at once).

Each runner has its own engine (its own connections), as separate processes would; a slow
trigger holds the first runner's transaction open so that the runs overlap for sure.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

import pytest
from sqlalchemy import func, select, text

from bot.config import DefaultsSection
from bot.db.database import Database
from bot.domain.tweetups.permissions import Actor
from bot.services import community, series, trips, tweetups
from models import GuildSettings, Trip, Tweetup
from tests.support.databases import pg_url
from tests.support.places import BERLIN

pytestmark = [
    pytest.mark.pg,
    pytest.mark.skipif(pg_url() is None, reason="TWEETUP_TEST_PG_URL is not set"),
]

RUNNERS = 3
GUILDS = [1000 + n for n in range(6)]
DEFAULTS = DefaultsSection()
NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
STARTS = datetime(2026, 11, 26, 18, tzinfo=UTC)
T = TypeVar("T")


async def slow(db: Database, table: str, operation: str) -> None:
    """Each row ``operation``-ed in ``table`` holds its transaction 20 ms longer."""
    async with db.session() as session:
        await session.execute(
            text(
                "CREATE FUNCTION test_slow() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN PERFORM pg_sleep(0.02); RETURN NULL; END $$"
            )
        )
        await session.execute(
            text(
                f"CREATE TRIGGER test_slow AFTER {operation} ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION test_slow()"
            )
        )


async def together(url: str, job: Callable[[Database], Awaitable[T]]) -> list[T]:
    """Run ``job`` in ``RUNNERS`` runners at once, each on its own engine."""
    runners = [Database.from_url(url) for _ in range(RUNNERS)]
    try:
        return list(await asyncio.gather(*(job(db) for db in runners)))
    finally:
        for db in runners:
            await db.dispose()


async def test_each_series_occurrence_is_created_once(pg_database_url: str) -> None:
    db = Database.from_url(pg_database_url)
    try:
        async with db.session() as session:
            for guild_id in GUILDS:
                await series.create_series(
                    session=session,
                    guild_id=guild_id,
                    actor=Actor(user_id=guild_id + 1, role_ids=(), is_admin=True),
                    rule="every Thursday at 18:00",
                    draft=tweetups.Draft(
                        title="Coffee",
                        place=BERLIN,
                        starts_at=STARTS,
                        ends_at=STARTS + timedelta(hours=2),
                    ),
                    defaults=DEFAULTS,
                    now=NOW,
                )
            first = await session.scalar(select(func.count()).select_from(Tweetup))
        await slow(db, "tweetups", "INSERT")
    finally:
        await db.dispose()

    later = NOW + timedelta(days=21)  # three more Thursdays come within the horizon

    async def materialize(runner: Database) -> int:
        async with runner.session() as session:
            cards = await series.materialize_all(session=session, defaults=DEFAULTS, now=later)
        return len(cards)

    created = await together(pg_database_url, materialize)
    db = Database.from_url(pg_database_url)
    try:
        async with db.read_session() as session:
            rows = (await session.execute(select(Tweetup.series_id, Tweetup.starts_at))).all()
    finally:
        await db.dispose()
    assert sum(created) > 0
    assert sum(created) == len(rows) - (first or 0)
    repeated = {row: n for row, n in Counter(rows).items() if n > 1}
    assert repeated == {}


async def test_each_guilds_weekly_digest_is_claimed_once(pg_database_url: str) -> None:
    db = Database.from_url(pg_database_url)
    try:
        async with db.session() as session:
            for guild_id in GUILDS:
                await community.set_digest(
                    session=session, guild_id=guild_id, enabled=True, now=NOW
                )
        await slow(db, "guild_digests", "UPDATE")
    finally:
        await db.dispose()

    async def claim(runner: Database) -> list[int]:
        claimed = []
        async with runner.session() as session:
            for guild_id in await community.guilds_due(session=session, now=NOW):
                if await community.claim_week(session=session, guild_id=guild_id, now=NOW):
                    claimed.append(guild_id)
        return claimed

    claims = await together(pg_database_url, claim)
    assert sorted(g for claimed in claims for g in claimed) == GUILDS


async def test_expired_trips_are_purged_by_one_process(pg_database_url: str) -> None:
    db = Database.from_url(pg_database_url)
    try:
        async with db.session() as session:
            session.add_all(
                GuildSettings(
                    guild_id=guild_id,
                    radius_km=50,
                    announce_trips=False,
                    trip_retention_days=30,
                    created_at=NOW,
                    updated_at=NOW,
                )
                for guild_id in GUILDS
            )
            session.add_all(
                Trip(
                    guild_id=guild_id,
                    user_id=user,
                    start_date=date(2026, 9, 1),
                    end_date=date(2026, 9, 5),
                    announce=False,
                    place_id=BERLIN.id,
                    place_label=BERLIN.label,
                    lat=BERLIN.lat,
                    lon=BERLIN.lon,
                    timezone=BERLIN.timezone,
                    created_at=NOW,
                    updated_at=NOW,
                )
                for guild_id in GUILDS
                for user in range(10)
            )
        await slow(db, "trips", "DELETE")
    finally:
        await db.dispose()

    async def purge(runner: Database) -> tuple[int, float]:
        async with runner.session() as session:
            deleted = await trips.purge_past_trips(
                session=session, today=NOW.date(), default_retention_days=30
            )
        return deleted, time.monotonic()

    runs = sorted(await together(pg_database_url, purge))
    assert [deleted for deleted, _ in runs] == [0] * (RUNNERS - 1) + [len(GUILDS) * 10]
    # The others skipped at once instead of queueing behind the purge's row locks.
    purged_at = runs[-1][1]
    assert all(done < purged_at for _, done in runs[:-1])
