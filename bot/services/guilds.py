"""A guild's settings, and forgetting a guild entirely when the bot leaves it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import DefaultsSection
from bot.domain.errors import InvalidInput
from models import (
    Attendance,
    ComingCard,
    DmChannel,
    GuildDigest,
    GuildPlace,
    GuildSettings,
    Home,
    HotSpot,
    MemberSettings,
    OutboxMessage,
    Poll,
    PollVote,
    Profile,
    RadarChannel,
    RadarNudge,
    RadarSettings,
    Rsvp,
    Trip,
    TripWatch,
    Tweetup,
    TweetupSeries,
)


@dataclass(frozen=True, slots=True)
class GuildConfig:
    guild_id: int
    announce_channel_id: int | None
    organizer_role_id: int | None
    radius_km: int
    announce_trips: bool
    trip_retention_days: int
    sociable_start_hour: int
    sociable_end_hour: int
    hotspot_size: int


_EDITABLE = {f.name for f in fields(GuildConfig)} - {"guild_id"}


def _view(row: GuildSettings) -> GuildConfig:
    return GuildConfig(**{f.name: getattr(row, f.name) for f in fields(GuildConfig)})


def _defaults(guild_id: int, defaults: DefaultsSection) -> GuildConfig:
    """What a guild that never changed its settings gets."""
    return GuildConfig(
        guild_id=guild_id,
        announce_channel_id=None,
        organizer_role_id=None,
        radius_km=defaults.radius_km,
        announce_trips=False,
        trip_retention_days=defaults.trip_retention_days,
        sociable_start_hour=defaults.sociable_hours[0],
        sociable_end_hour=defaults.sociable_hours[1],
        hotspot_size=defaults.hotspot_size,
    )


async def guild_config(
    *, session: AsyncSession, guild_id: int, defaults: DefaultsSection
) -> GuildConfig:
    row = await session.get(GuildSettings, guild_id)
    return _view(row) if row is not None else _defaults(guild_id, defaults)


async def update_guild_config(
    *,
    session: AsyncSession,
    guild_id: int,
    defaults: DefaultsSection,
    now: datetime,
    changes: dict[str, Any],
) -> GuildConfig:
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise ValueError(f"not guild settings: {sorted(unknown)}")
    radius = changes.get("radius_km")
    if radius is not None and not 1 <= radius <= defaults.max_radius_km:
        raise InvalidInput(f"The radius must be between 1 and {defaults.max_radius_km} km.")
    retention = changes.get("trip_retention_days")
    if retention is not None and not 0 <= retention <= 3650:
        raise InvalidInput("Past trips can be kept between 0 and 3650 days.")
    if changes.get("hotspot_size") == 1:
        raise InvalidInput("A hot spot needs at least 2 members (or 0 to turn hot spots off).")
    start = changes.get("sociable_start_hour")
    end = changes.get("sociable_end_hour")
    if start is not None or end is not None:
        current = await guild_config(session=session, guild_id=guild_id, defaults=defaults)
        start = current.sociable_start_hour if start is None else start
        end = current.sociable_end_hour if end is None else end
        if not 0 <= start < end <= 24:
            raise InvalidInput("Meetup hours must start before they end, within one day (0-24).")
    row = await session.get(GuildSettings, guild_id)
    if row is None:
        row = GuildSettings(**asdict(_defaults(guild_id, defaults)), created_at=now)
        session.add(row)
    for key, value in changes.items():
        setattr(row, key, value)
    row.updated_at = now
    await session.flush()
    return _view(row)


async def forget_guild(*, session: AsyncSession, guild_id: int) -> None:
    """Delete everything stored for a guild (the bot was removed from it)."""
    for model in (
        Attendance,
        ComingCard,
        Profile,
        GuildDigest,
        OutboxMessage,
        Rsvp,
        PollVote,
        Tweetup,
        Poll,
        TweetupSeries,
        Trip,
        Home,
        MemberSettings,
        GuildPlace,
        HotSpot,
        RadarChannel,
        RadarNudge,
        RadarSettings,
        TripWatch,
    ):
        await session.execute(delete(model).where(model.guild_id == guild_id))
    await session.execute(delete(GuildSettings).where(GuildSettings.guild_id == guild_id))
    await _forget_orphan_dm_channels(session)


async def _forget_orphan_dm_channels(session: AsyncSession) -> None:
    """A user's DM channel is kept only while some guild still has data about them."""
    still_known = union(
        select(MemberSettings.user_id), select(Home.user_id), select(Trip.user_id)
    ).subquery()
    await session.execute(
        delete(DmChannel).where(DmChannel.user_id.not_in(select(still_known.c[0])))
    )
