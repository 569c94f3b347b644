"""Trips: announcing, listing, editing and cancelling them, and who to tell about each one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import DefaultsSection
from bot.db.exclusive import try_exclusive
from bot.domain.dates.model import DateRange
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.places.model import Place
from bot.domain.text import clean_text
from bot.services import hotspots, notices, watches
from bot.services.guilds import guild_config
from bot.services.matching import Around, Nearby, around_near
from bot.services.places import note_place_in_use
from models import GuildSettings, Trip
from models.places import NOTE_LENGTH

MAX_ACTIVE_TRIPS = 50


@dataclass(frozen=True, slots=True)
class TripMatches:
    """What the traveler is told right away: who is around, and how many will hear of it."""

    trip: Trip
    locals: Nearby
    travelers: Nearby
    notified: int
    radius_km: int
    announce_channel_id: int | None = None


@dataclass(frozen=True, slots=True)
class PlannedTrip:
    """A trip checked and matched, not saved yet: everything ``save_trip`` needs to write it
    in a short transaction (see ``plan_trip``)."""

    guild_id: int
    user_id: int
    place: Place
    window: DateRange
    note: str
    announce: bool
    radius_km: int
    announce_channel_id: int | None
    locals: Nearby
    travelers: Nearby
    notices: list[notices.PlannedNotice]
    spot: hotspots.PlannedSpot | None
    """The hot spot the trip makes (saved by ``hotspots.save_spot`` in the same write)."""


async def plan_trip(
    *,
    session: AsyncSession,
    guild_id: int,
    user_id: int,
    place: Place,
    window: DateRange,
    note: str,
    announce: bool | None,
    defaults: DefaultsSection,
    now: datetime,
) -> PlannedTrip:
    """Check a new trip and find who is around and whom to tell: reads only, so on SQLite
    it runs outside the write lock (a read session), and the write that follows is short.
    The matches exclude the traveler's own rows, so they do not depend on the trip itself.
    ``announce=None`` follows the guild's choice."""
    if len(note) > NOTE_LENGTH:
        raise InvalidInput(f"Notes can be at most {NOTE_LENGTH} characters.")
    config = await guild_config(session=session, guild_id=guild_id, defaults=defaults)
    await _check_active_trips(session, guild_id, user_id, now)
    around = Around(
        guild_id, place.lat, place.lon, config.radius_km, window, exclude_user_id=user_id
    )
    post = config.announce_trips if announce is None else announce
    found, going = await around_near(session=session, around=around)
    spot = await hotspots.plan_spot(
        session=session,
        guild_id=guild_id,
        user_id=user_id,
        trip_id=None,
        lat=place.lat,
        lon=place.lon,
        window=window,
        radius_km=config.radius_km,
        hotspot_size=config.hotspot_size,
    )
    return PlannedTrip(
        guild_id=guild_id,
        user_id=user_id,
        place=place,
        window=window,
        note=clean_text(note, limit=NOTE_LENGTH) if note else "",
        announce=post,
        radius_km=config.radius_km,
        announce_channel_id=config.announce_channel_id if post else None,
        locals=found,
        travelers=going,
        notices=await notices.plan_trip_notices(session=session, around=around, now=now),
        spot=spot,
    )


async def save_trip(*, session: AsyncSession, plan: PlannedTrip, now: datetime) -> TripMatches:
    """Write a planned trip and queue its notices: a handful of indexed statements."""
    await _check_active_trips(session, plan.guild_id, plan.user_id, now)
    place = plan.place
    trip = Trip(
        guild_id=plan.guild_id,
        user_id=plan.user_id,
        place_id=place.id,
        place_label=place.label,
        lat=place.lat,
        lon=place.lon,
        timezone=place.timezone,
        start_date=plan.window.start,
        end_date=plan.window.end,
        note=plan.note,
        announce=plan.announce,
        created_at=now,
        updated_at=now,
    )
    session.add(trip)
    await note_place_in_use(
        session=session, guild_id=plan.guild_id, place_id=place.id, lat=place.lat, lon=place.lon
    )
    await session.flush()
    notified = await notices.insert_trip_notices(
        session=session, trip=trip, planned=plan.notices, now=now
    )
    await _tell_watchers(session, trip, plan, now)
    return TripMatches(
        trip=trip,
        locals=plan.locals,
        travelers=plan.travelers,
        notified=notified,
        radius_km=plan.radius_km,
        announce_channel_id=plan.announce_channel_id,
    )


async def _tell_watchers(
    session: AsyncSession, trip: Trip, plan: PlannedTrip | PlannedEdit, now: datetime
) -> None:
    """Members who asked to hear of this traveler's trips near home ("Tell me when they're
    in town"), except those the ordinary notice reaches right away."""
    told = {n.recipient_id for n in plan.notices if not n.detail.get("digest")}
    await watches.queue_for_trip(
        session=session, trip=trip, radius_km=plan.radius_km, told_already=told, now=now
    )


async def _check_active_trips(
    session: AsyncSession, guild_id: int, user_id: int, now: datetime
) -> None:
    connection = await session.connection()  # Core: a column, no object to load
    active = await connection.scalar(
        select(Trip.id)
        .where(Trip.guild_id == guild_id, Trip.user_id == user_id, Trip.end_date >= now.date())
        .offset(MAX_ACTIVE_TRIPS - 1)
        .limit(1)
    )
    if active is not None:
        raise InvalidInput(
            f"You already have {MAX_ACTIVE_TRIPS} upcoming trips here; cancel one first."
        )


async def add_trip(
    *,
    session: AsyncSession,
    guild_id: int,
    user_id: int,
    place: Place,
    window: DateRange,
    note: str,
    announce: bool | None,
    defaults: DefaultsSection,
    now: datetime,
) -> TripMatches:
    """Save a trip and find who is around, in one session (``plan_trip`` then ``save_trip``;
    the bot runs the two in separate sessions to keep its write transaction short)."""
    plan = await plan_trip(
        session=session,
        guild_id=guild_id,
        user_id=user_id,
        place=place,
        window=window,
        note=note,
        announce=announce,
        defaults=defaults,
        now=now,
    )
    return await save_trip(session=session, plan=plan, now=now)


async def list_trips(
    *, session: AsyncSession, guild_id: int, user_id: int, today: date
) -> list[Trip]:
    """The member's current and upcoming trips in this guild, soonest first."""
    result = await session.scalars(
        select(Trip)
        .where(Trip.guild_id == guild_id, Trip.user_id == user_id, Trip.end_date >= today)
        .order_by(Trip.start_date, Trip.id)
    )
    return list(result)


async def get_own_trip(*, session: AsyncSession, guild_id: int, user_id: int, trip_id: int) -> Trip:
    trip = await session.get(Trip, trip_id)
    if trip is None or trip.guild_id != guild_id or trip.user_id != user_id:
        raise NotFound("I can't find that trip among yours. Pick one from the list.")
    return trip


@dataclass(frozen=True, slots=True)
class PlannedEdit:
    """A trip change checked and matched, not saved yet (see ``plan_edit``)."""

    guild_id: int
    user_id: int
    trip_id: int
    place: Place | None
    window: DateRange | None
    note: str | None
    radius_km: int
    locals: Nearby
    travelers: Nearby
    notices: list[notices.PlannedNotice]
    spot: hotspots.PlannedSpot | None


async def plan_edit(
    *,
    session: AsyncSession,
    guild_id: int,
    user_id: int,
    trip_id: int,
    place: Place | None,
    window: DateRange | None,
    note: str | None,
    defaults: DefaultsSection,
    now: datetime,
) -> PlannedEdit:
    """Check a change to a trip and match the trip as it will be: reads only, like
    ``plan_trip``, so the write that follows is short."""
    if note is not None and len(note) > NOTE_LENGTH:
        raise InvalidInput(f"Notes can be at most {NOTE_LENGTH} characters.")
    config = await guild_config(session=session, guild_id=guild_id, defaults=defaults)
    trip = await get_own_trip(session=session, guild_id=guild_id, user_id=user_id, trip_id=trip_id)
    lat, lon = (place.lat, place.lon) if place is not None else (trip.lat, trip.lon)
    dates = window or DateRange(trip.start_date, trip.end_date)
    around = Around(guild_id, lat, lon, config.radius_km, dates, exclude_user_id=user_id)
    found, going = await around_near(session=session, around=around)
    spot = await hotspots.plan_spot(
        session=session,
        guild_id=guild_id,
        user_id=user_id,
        trip_id=trip_id,
        lat=lat,
        lon=lon,
        window=dates,
        radius_km=config.radius_km,
        hotspot_size=config.hotspot_size,
    )
    return PlannedEdit(
        guild_id=guild_id,
        user_id=user_id,
        trip_id=trip_id,
        place=place,
        window=window,
        note=None
        if note is None
        else (clean_text(note, limit=NOTE_LENGTH) if note.strip() else ""),
        radius_km=config.radius_km,
        locals=found,
        travelers=going,
        notices=await notices.plan_trip_notices(session=session, around=around, now=now),
        spot=spot,
    )


def _cleaned_note(note: str) -> str:
    return clean_text(note, limit=NOTE_LENGTH) if note.strip() else ""


async def save_edit(*, session: AsyncSession, plan: PlannedEdit, now: datetime) -> TripMatches:
    """Write a planned change; people newly matched are told, those told before are not told
    again (the outbox's dedupe key)."""
    trip = await get_own_trip(
        session=session, guild_id=plan.guild_id, user_id=plan.user_id, trip_id=plan.trip_id
    )
    place = plan.place
    if place is not None:
        trip.place_id, trip.place_label = place.id, place.label
        trip.lat, trip.lon, trip.timezone = place.lat, place.lon, place.timezone
        await note_place_in_use(
            session=session, guild_id=plan.guild_id, place_id=place.id, lat=place.lat, lon=place.lon
        )
    if plan.window is not None:
        trip.start_date, trip.end_date = plan.window.start, plan.window.end
    if plan.note is not None:
        trip.note = plan.note
    trip.updated_at = now
    await session.flush()
    notified = await notices.insert_trip_notices(
        session=session, trip=trip, planned=plan.notices, now=now
    )
    await _tell_watchers(session, trip, plan, now)
    return TripMatches(
        trip=trip,
        locals=plan.locals,
        travelers=plan.travelers,
        notified=notified,
        radius_km=plan.radius_km,
    )


async def edit_trip(
    *,
    session: AsyncSession,
    guild_id: int,
    user_id: int,
    trip_id: int,
    place: Place | None,
    window: DateRange | None,
    note: str | None,
    defaults: DefaultsSection,
    now: datetime,
) -> TripMatches:
    """Change a trip in one session (``plan_edit`` then ``save_edit``)."""
    plan = await plan_edit(
        session=session,
        guild_id=guild_id,
        user_id=user_id,
        trip_id=trip_id,
        place=place,
        window=window,
        note=note,
        defaults=defaults,
        now=now,
    )
    return await save_edit(session=session, plan=plan, now=now)


async def cancel_trip(*, session: AsyncSession, guild_id: int, user_id: int, trip_id: int) -> Trip:
    trip = await get_own_trip(session=session, guild_id=guild_id, user_id=user_id, trip_id=trip_id)
    await session.delete(trip)
    await session.flush()
    return trip


PURGE_JOB = "purge past trips"


async def purge_past_trips(
    *, session: AsyncSession, today: date, default_retention_days: int
) -> int:
    """Delete trips that ended longer ago than their guild keeps them; returns how many.

    One DELETE per distinct retention period (there are few), not one per guild. Several
    processes on one PostgreSQL database: the first one purges, the others skip (0).
    """
    if not await try_exclusive(session, PURGE_JOB):
        return 0
    periods = set(await session.scalars(select(GuildSettings.trip_retention_days).distinct()))
    deleted = 0
    for days in periods:
        guilds = select(GuildSettings.guild_id).where(GuildSettings.trip_retention_days == days)
        result = await session.execute(
            delete(Trip).where(
                Trip.guild_id.in_(guilds), Trip.end_date < today - timedelta(days=days)
            )
        )
        deleted += result.rowcount  # type: ignore[attr-defined]
    result = await session.execute(
        delete(Trip).where(
            Trip.guild_id.not_in(select(GuildSettings.guild_id)),
            Trip.end_date < today - timedelta(days=default_retention_days),
        )
    )
    return deleted + int(result.rowcount)  # type: ignore[attr-defined]
