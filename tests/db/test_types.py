"""Instants survive the round trip on every backend, with their zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.db.database import Database
from models import GuildSettings

BERLIN_WINTER = timezone(timedelta(hours=1))


def settings_row(instant: datetime) -> GuildSettings:
    return GuildSettings(
        guild_id=1,
        radius_km=50,
        announce_trips=False,
        trip_retention_days=30,
        created_at=instant,
        updated_at=instant,
    )


async def test_an_offset_instant_comes_back_as_the_same_instant_in_utc(database: Database) -> None:
    local = datetime(2026, 12, 5, 19, 0, tzinfo=BERLIN_WINTER)
    async with database.session() as session:
        session.add(settings_row(local))
    async with database.session() as session:
        row = (await session.execute(select(GuildSettings))).scalar_one()
    assert row.created_at == local
    assert row.created_at.tzinfo is UTC
    assert row.created_at.hour == 18


async def test_ordering_by_instant_is_chronological(database: Database) -> None:
    base = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    async with database.session() as session:
        for offset_hours, guild_id in ((5, 1), (-3, 2), (1, 3)):
            row = settings_row(base.astimezone(timezone(timedelta(hours=offset_hours))))
            row.guild_id = guild_id
            row.created_at = base + timedelta(minutes=guild_id)
            session.add(row)
    async with database.session() as session:
        ids = (
            await session.execute(select(GuildSettings.guild_id).order_by(GuildSettings.created_at))
        ).scalars()
        assert list(ids) == [1, 2, 3]


async def test_naive_datetimes_are_refused(database: Database) -> None:
    with pytest.raises(Exception, match="naive datetime"):
        async with database.session() as session:
            session.add(settings_row(datetime(2026, 12, 5, 19, 0)))
