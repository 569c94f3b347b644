"""Trip radar over the database: where it reads, how sure it must be, and its nudges.

Nothing here stores a message's text: a message is read once (:func:`consider`) and only
ids, a hash of the trip read and times are kept, for the limits and the reaction's life.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.upsert import insert_ignoring_duplicates
from bot.domain.chatter import extract_trip
from bot.domain.dates import DateOrder
from bot.domain.errors import InvalidInput
from bot.domain.radar import DEFAULT_SENSITIVITY, SENSITIVITIES, Sighting, sighting, trip_key
from bot.services.homes import get_home
from bot.services.members import member_prefs
from bot.services.shards import owned_guilds
from models import RadarChannel, RadarNudge, RadarSettings

#: The bot's ✈️ comes off after this long: channels stay clean.
REACTION_LIFETIME = timedelta(hours=24)
#: At most one nudge per author in this long, whatever the trip.
PER_AUTHOR = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class RadarConfig:
    guild_id: int
    channel_ids: frozenset[int]
    sensitivity: str


@dataclass(frozen=True, slots=True)
class Nudge:
    guild_id: int
    channel_id: int
    message_id: int
    author_id: int


async def radar_config(*, session: AsyncSession, guild_id: int) -> RadarConfig:
    row = await session.get(RadarSettings, guild_id)
    channels = await session.scalars(
        select(RadarChannel.channel_id).where(RadarChannel.guild_id == guild_id)
    )
    sensitivity = row.sensitivity if row is not None else DEFAULT_SENSITIVITY
    return RadarConfig(guild_id, frozenset(channels), sensitivity)


async def configure(
    *,
    session: AsyncSession,
    guild_id: int,
    now: datetime,
    channel_id: int | None = None,
    enabled: bool | None = None,
    sensitivity: str | None = None,
) -> RadarConfig:
    """Turn radar on or off in one channel and/or set the guild's sensitivity."""
    if sensitivity is not None:
        if sensitivity not in SENSITIVITIES:
            raise InvalidInput(f"Sensitivity is one of: {', '.join(SENSITIVITIES)}.")
        row = await session.get(RadarSettings, guild_id)
        if row is None:
            row = RadarSettings(guild_id=guild_id, created_at=now)
            session.add(row)
        row.sensitivity = sensitivity
        row.updated_at = now
    if channel_id is not None and enabled is not None:
        existing = await session.get(RadarChannel, (guild_id, channel_id))
        if enabled and existing is None:
            session.add(RadarChannel(guild_id=guild_id, channel_id=channel_id, created_at=now))
        elif not enabled and existing is not None:
            await session.delete(existing)
    await session.flush()
    return await radar_config(session=session, guild_id=guild_id)


async def consider(
    *,
    session: AsyncSession,
    guild_id: int,
    channel_id: int,
    message_id: int,
    author_id: int,
    text: str,
    sensitivity: str,
    now: datetime,
) -> Sighting | None:
    """Read ``text`` (never kept) and record a nudge when radar should make one: the
    author has not opted out, and has had no nudge for this trip nor in the last day."""
    prefs = await member_prefs(session=session, guild_id=guild_id, user_id=author_id)
    if not prefs.radar:
        return None
    found = await read(
        session=session,
        guild_id=guild_id,
        author_id=author_id,
        text=text,
        sensitivity=sensitivity,
        now=now,
    )
    if found is None:
        return None
    key = trip_key(guild_id, author_id, found)
    recent = await session.scalar(
        select(RadarNudge.id)
        .where(RadarNudge.guild_id == guild_id, RadarNudge.author_id == author_id)
        .where((RadarNudge.trip_key == key) | (RadarNudge.nudged_at > now - PER_AUTHOR))
        .limit(1)
    )
    if recent is not None:
        return None
    after_trip = datetime.combine(found.window.end + timedelta(days=2), time(), now.tzinfo)
    # One nudge per message, whatever else ran meanwhile: a message and its quick edit can be
    # read at the same time, and both pass the checks above before either is saved.
    saved = await insert_ignoring_duplicates(
        session,
        RadarNudge,
        [
            {
                "guild_id": guild_id,
                "channel_id": channel_id,
                "message_id": message_id,
                "author_id": author_id,
                "trip_key": key,
                "nudged_at": now,
                "reaction_until": now + REACTION_LIFETIME,
                "forget_after": max(after_trip, now + PER_AUTHOR),
            }
        ],
    )
    return found if saved else None


async def read(
    *,
    session: AsyncSession,
    guild_id: int,
    author_id: int,
    text: str,
    sensitivity: str,
    now: datetime,
) -> Sighting | None:
    """The trip radar sees in ``text``, read on the author's home day and time zone, with
    their reading of 3/12."""
    prefs = await member_prefs(session=session, guild_id=guild_id, user_id=author_id)
    order = prefs.date_order
    home = await get_home(session=session, guild_id=guild_id, user_id=author_id)
    zone = home.timezone if home is not None else None
    today = _local_day(now, zone)
    date_order: DateOrder | None = "mdy" if order == "mdy" else "dmy" if order == "dmy" else None
    reading = extract_trip(text, today, zone, date_order)
    return sighting(reading, sensitivity=sensitivity, today=today)


def _local_day(now: datetime, zone: str | None) -> date:
    return now.astimezone(ZoneInfo(zone)).date() if zone else now.date()


async def pending_nudge(*, session: AsyncSession, message_id: int, author_id: int) -> Nudge | None:
    """The nudge on this message, if ``author_id`` wrote it and the bot's ✈️ is still on
    it (not saved yet, not taken off after a day)."""
    row = await session.scalar(select(RadarNudge).where(RadarNudge.message_id == message_id))
    if row is None or row.author_id != author_id or row.reaction_until is None:
        return None
    return Nudge(row.guild_id, row.channel_id, row.message_id, row.author_id)


async def settle(*, session: AsyncSession, message_id: int, trip_id: int | None = None) -> None:
    """The bot's reaction is off the message (and the trip saved, when ``trip_id``)."""
    values: dict[str, object] = {"reaction_until": None}
    if trip_id is not None:
        values["trip_id"] = trip_id
    await session.execute(
        update(RadarNudge).where(RadarNudge.message_id == message_id).values(**values)
    )


async def expired_reactions(
    *,
    session: AsyncSession,
    now: datetime,
    limit: int = 100,
    shard_count: int | None = None,
    shard_ids: Collection[int] | None = None,
) -> list[tuple[int, int]]:
    """(channel id, message id) of the bot's reactions due to come off, in the guilds of
    ``shard_ids`` (all guilds by default): the process that reacted takes its reaction off."""
    rows = await session.execute(
        select(RadarNudge.channel_id, RadarNudge.message_id)
        .where(
            RadarNudge.reaction_until <= now,
            owned_guilds(RadarNudge.guild_id, shard_count, shard_ids),
        )
        .order_by(RadarNudge.reaction_until)
        .limit(limit)
    )
    return [(channel_id, message_id) for channel_id, message_id in rows.all()]


async def forget_old(*, session: AsyncSession, now: datetime) -> int:
    """Nudges no limit needs any more (their trip is over, their reaction off)."""
    result = await session.execute(
        delete(RadarNudge).where(RadarNudge.forget_after < now, RadarNudge.reaction_until.is_(None))
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
