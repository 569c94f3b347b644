"""INSERT … ON CONFLICT DO UPDATE on both backends: new keys inserted, existing ones updated
in the named columns only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.db.database import Database
from bot.db.upsert import insert_or_update
from models import GuildSettings

THEN = datetime(2026, 1, 1, tzinfo=UTC)
NOW = THEN + timedelta(days=30)


def settings(guild_id: int, radius_km: int, at: datetime) -> dict[str, object]:
    return {
        "guild_id": guild_id,
        "radius_km": radius_km,
        "announce_trips": False,
        "trip_retention_days": 0,
        "created_at": at,
        "updated_at": at,
    }


async def test_new_keys_are_inserted_and_existing_ones_updated(database: Database) -> None:
    async with database.session() as session:
        await insert_or_update(
            session,
            GuildSettings,
            [settings(1, 10, THEN), settings(2, 20, THEN)],
            update=("radius_km",),
        )
    async with database.session() as session:
        await insert_or_update(
            session,
            GuildSettings,
            [settings(2, 25, NOW), settings(3, 30, NOW)],
            update=("radius_km", "updated_at"),
        )
        await insert_or_update(session, GuildSettings, [], update=("radius_km",))
    async with database.read_session() as session:
        rows = await session.scalars(select(GuildSettings).order_by(GuildSettings.guild_id))
        found = [(r.guild_id, r.radius_km, r.created_at, r.updated_at) for r in rows]
    assert found == [(1, 10, THEN, THEN), (2, 25, THEN, NOW), (3, 30, NOW, NOW)]
