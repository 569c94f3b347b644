"""Hot spots: when enough members will be in one city on the same days, suggest a meetup once.

Checked when a trip is added or edited. Only members visible in the guild count and are named (a
member hidden with ``/notify visible:False`` never appears); those who asked for DMs get one
with a button that opens a poll for the group and the days they share. A row per city and
window (unique) makes the suggestion happen once, however often trips are added or the
check races with itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import DefaultsSection
from bot.db.exclusive import take_turn
from bot.db.upsert import insert_ignoring_duplicates, insert_unless_present
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


@dataclass(frozen=True, slots=True)
class PlannedSpot:
    """The hot spot a trip about to be saved makes (see ``plan_spot``)."""

    radius_km: int
    window: DateRange
    members: tuple[int, ...]
    notify: frozenset[int]
    """Members who get a DM about it."""


async def plan_spot(
    *,
    session: AsyncSession,
    guild_id: int,
    user_id: int,
    trip_id: int | None,
    lat: float,
    lon: float,
    window: DateRange,
    radius_km: int,
    hotspot_size: int,
) -> PlannedSpot | None:
    """Whether the trip as it will be saved makes a new hot spot: reads only, so on SQLite it
    runs before the write lock (a 500 km circle can hold thousands of trips), with the trip
    as planned in place of its saved version ``trip_id`` (an edit)."""
    if hotspot_size < 2:
        return None
    nearby = [
        t
        for t in await _trips_near(session, guild_id, lat, lon, window, radius_km)
        if t.id != trip_id
    ]
    prefs = await prefs_for(
        session=session, guild_id=guild_id, user_ids={t.user_id for t in nearby} | {user_id}
    )
    stays = [
        Stay(t.user_id, t.start_date, t.end_date) for t in nearby if prefs[t.user_id].discoverable
    ]
    if prefs[user_id].discoverable:
        stays.append(Stay(user_id, window.start, window.end))
    found = gathering(window, stays, hotspot_size)
    if found is None or user_id not in found.members:
        return None
    if await _already_suggested(session, guild_id, lat, lon, radius_km, found.window):
        return None
    notify = frozenset(member for member in found.members if prefs[member].notify_dm)
    return PlannedSpot(radius_km, found.window, found.members, notify)


async def save_spot(
    *,
    session: AsyncSession,
    plan: PlannedSpot | None,
    trip: Trip,
    channel_id: int | None,
    now: datetime,
) -> int | None:
    """Record the planned hot spot of the saved ``trip`` and queue its DMs; its id when it
    is new. A few indexed statements inside the trip's write transaction: a suggestion
    another trip made meanwhile is looked for again, and the new row's id comes back from
    the insert (no second read of it). On PostgreSQL two trips saved at once in nearby towns
    would each miss the other's uncommitted spot (the unique key is per town): the guild's
    spots are saved one transaction at a time, which only trips that make one wait for."""
    if plan is None:
        return None
    await take_turn(session, f"tweetup.hot_spots:{trip.guild_id}")
    if await _already_suggested(
        session, trip.guild_id, trip.lat, trip.lon, plan.radius_km, plan.window
    ):
        return None
    spot_id: int | None = await insert_unless_present(
        session,
        HotSpot,
        {
            "guild_id": trip.guild_id,
            "place_id": trip.place_id,
            "start_date": plan.window.start,
            "end_date": plan.window.end,
            "place_label": trip.place_label,
            "lat": trip.lat,
            "lon": trip.lon,
            "timezone": trip.timezone,
            "member_ids": list(plan.members),
            "channel_id": channel_id,
            "created_at": now,
            "updated_at": now,
        },
    )
    if spot_id is None:
        return None
    rows = [
        {
            "kind": HOT_SPOT,
            "dedupe_key": f"hotspot:{spot_id}:{member}",
            "guild_id": trip.guild_id,
            "recipient_id": member,
            "due_at": now,
            "status": PENDING,
            "attempts": 0,
            "detail": {"hot_spot_id": spot_id},
            "created_at": now,
        }
        for member in plan.members
        if member in plan.notify
    ]
    await insert_ignoring_duplicates(session, OutboxMessage, rows)
    return spot_id


async def _trips_near(
    session: AsyncSession,
    guild_id: int,
    lat: float,
    lon: float,
    window: DateRange,
    radius_km: int,
) -> list[Trip]:
    box = bounding_box(lat, lon, radius_km)
    rows = await session.scalars(
        select(Trip).where(
            Trip.guild_id == guild_id,
            Trip.lat.between(box.min_lat, box.max_lat),
            or_(*(Trip.lon.between(west, east) for west, east in box.lon_ranges)),
            Trip.start_date <= window.end,
            Trip.end_date >= window.start,
        )
    )
    return [t for t in rows if distance_km(t, (lat, lon)) <= radius_km]


async def _already_suggested(
    session: AsyncSession,
    guild_id: int,
    lat: float,
    lon: float,
    radius_km: int,
    window: DateRange,
) -> bool:
    """One suggestion per meetup opportunity: a hot spot near here on overlapping days.
    Read from ``ix_hot_spots_guild_end_date`` alone, starting at the window's first day:
    the spots whose days are over (kept for their polls) are never read, and each spot is
    two floats, not an object (this also runs inside the trip's write transaction)."""
    box = bounding_box(lat, lon, radius_km)
    connection = await session.connection()
    rows = await connection.execute(
        select(HotSpot.lat, HotSpot.lon).where(
            HotSpot.guild_id == guild_id,
            HotSpot.end_date >= window.start,
            HotSpot.start_date <= window.end,
            HotSpot.lat.between(box.min_lat, box.max_lat),
        )
    )
    return any(
        distance_km((spot_lat, spot_lon), (lat, lon)) <= radius_km for spot_lat, spot_lon in rows
    )


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
