"""Hot spots: when enough members will be in one city on the same days, suggest a meetup once.

Checked when a trip is added or edited. Only members visible in the guild count and are named (a
member hidden with ``/notify visible:False`` never appears); those who asked for DMs get one
with a button that opens a poll for the group and the days they share. A row per city and
window (unique) makes the suggestion happen once, however often trips are added or the
check races with itself.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import DefaultsSection
from bot.db.upsert import insert_ignoring_duplicates
from bot.domain.dates.model import DateRange
from bot.domain.errors import InvalidInput, NotFound, PermissionDenied
from bot.domain.hotspots import Stay, gathering
from bot.domain.places import bounding_box, distance_km
from bot.domain.tweetups import NoCommonTime
from bot.services import polls
from bot.services.guilds import guild_config
from bot.services.members import prefs_for
from bot.services.places import stored_place
from models import HotSpot, OutboxMessage, Trip
from models.outbox import PENDING

HOT_SPOT = "hot_spot"


async def spot(
    *,
    session: AsyncSession,
    trip: Trip,
    defaults: DefaultsSection,
    channel_id: int | None,
    now: datetime,
) -> HotSpot | None:
    """After ``trip`` was added or edited: a new hot spot (its DMs queued), or None."""
    config = await guild_config(session=session, guild_id=trip.guild_id, defaults=defaults)
    if config.hotspot_size < 2:
        return None
    nearby = await _trips_near(session, trip, config.radius_km)
    prefs = await prefs_for(
        session=session, guild_id=trip.guild_id, user_ids={t.user_id for t in nearby}
    )
    stays = [
        Stay(t.user_id, t.start_date, t.end_date) for t in nearby if prefs[t.user_id].discoverable
    ]
    found = gathering(DateRange(trip.start_date, trip.end_date), stays, config.hotspot_size)
    if found is None or trip.user_id not in found.members:
        return None
    if await _already_suggested(session, trip, config.radius_km, found.window):
        return None
    key = {
        "guild_id": trip.guild_id,
        "place_id": trip.place_id,
        "start_date": found.window.start,
        "end_date": found.window.end,
    }
    inserted = await insert_ignoring_duplicates(
        session,
        HotSpot,
        [
            {
                **key,
                "place_label": trip.place_label,
                "lat": trip.lat,
                "lon": trip.lon,
                "timezone": trip.timezone,
                "member_ids": list(found.members),
                "channel_id": channel_id,
                "created_at": now,
                "updated_at": now,
            }
        ],
    )
    if not inserted:
        return None
    row = await session.scalar(
        select(HotSpot).where(*(getattr(HotSpot, name) == value for name, value in key.items()))
    )
    assert row is not None
    rows = [
        {
            "kind": HOT_SPOT,
            "dedupe_key": f"hotspot:{row.id}:{member}",
            "guild_id": row.guild_id,
            "recipient_id": member,
            "due_at": now,
            "status": PENDING,
            "attempts": 0,
            "detail": {"hot_spot_id": row.id},
            "created_at": now,
        }
        for member in found.members
        if prefs[member].notify_dm
    ]
    await insert_ignoring_duplicates(session, OutboxMessage, rows)
    return row


async def _trips_near(session: AsyncSession, trip: Trip, radius_km: int) -> list[Trip]:
    box = bounding_box(trip.lat, trip.lon, radius_km)
    rows = await session.scalars(
        select(Trip).where(
            Trip.guild_id == trip.guild_id,
            Trip.lat.between(box.min_lat, box.max_lat),
            or_(*(Trip.lon.between(west, east) for west, east in box.lon_ranges)),
            Trip.start_date <= trip.end_date,
            Trip.end_date >= trip.start_date,
        )
    )
    return [t for t in rows if distance_km(t, trip) <= radius_km]


async def _already_suggested(
    session: AsyncSession, trip: Trip, radius_km: int, window: DateRange
) -> bool:
    """One suggestion per meetup opportunity: a hot spot near here on overlapping days."""
    box = bounding_box(trip.lat, trip.lon, radius_km)
    rows = await session.scalars(
        select(HotSpot).where(
            HotSpot.guild_id == trip.guild_id,
            HotSpot.lat.between(box.min_lat, box.max_lat),
            and_(HotSpot.start_date <= window.end, HotSpot.end_date >= window.start),
        )
    )
    return any(distance_km(row, trip) <= radius_km for row in rows)


async def propose(
    *,
    session: AsyncSession,
    hot_spot_id: int,
    user_id: int,
    defaults: DefaultsSection,
    now: datetime,
) -> polls.Proposal | NoCommonTime:
    """The DM's button: a poll for the group over the days they share, once.

    The first click claims the hot spot (an atomic update), so two members clicking at once
    open one poll; a claim that finds no common time is released for the others.
    """
    row = await session.get(HotSpot, hot_spot_id)
    if row is None:
        raise NotFound("That meetup suggestion is gone.")
    if user_id not in row.member_ids:
        raise PermissionDenied("This suggestion is for the members who will be there.")
    today = now.astimezone(ZoneInfo(row.timezone)).date()
    if row.end_date < today:
        raise InvalidInput("Those days are over.")
    claimed = await session.execute(
        update(HotSpot)
        .where(HotSpot.id == hot_spot_id, HotSpot.proposer_id.is_(None))
        .values(proposer_id=user_id, updated_at=now)
    )
    if not claimed.rowcount:  # type: ignore[attr-defined]
        await session.refresh(row)
        raise InvalidInput(f"<@{row.proposer_id}> already proposed a poll for this meetup.")
    result = await polls.propose(
        session=session,
        guild_id=row.guild_id,
        proposer_id=user_id,
        place=stored_place(row),
        member_ids=[m for m in row.member_ids if m != user_id],
        between=DateRange(max(row.start_date, today), row.end_date),
        defaults=defaults,
        now=now,
    )
    if isinstance(result, NoCommonTime):
        await session.execute(
            update(HotSpot).where(HotSpot.id == hot_spot_id).values(proposer_id=None)
        )
    else:
        await session.execute(
            update(HotSpot).where(HotSpot.id == hot_spot_id).values(poll_id=result.card.poll.id)
        )
    return result


async def poll_channel(
    *, session: AsyncSession, hot_spot_id: int, defaults: DefaultsSection
) -> int | None:
    """Where the hot spot's poll goes: the announcement channel, else where the trip that
    made the hot spot was added. Read before anything is created, to check permissions."""
    row = await session.get(HotSpot, hot_spot_id)
    if row is None:
        raise NotFound("That meetup suggestion is gone.")
    config = await guild_config(session=session, guild_id=row.guild_id, defaults=defaults)
    return config.announce_channel_id or row.channel_id
