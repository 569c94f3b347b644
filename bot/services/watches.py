"""“Tell me when they're in town”: watches, and the DM when a watched member's trip comes
near the watcher's home.

The watched member's visibility governs: a member hidden with ``/notify visible:False``
causes no watch DM at all (their trips are not shown to the guild, so a watch must not show
them either), and nobody is ever told who watches them. The watcher hears only if they asked
for DMs (``/notify dms:True``). A watcher who is about to get the ordinary "someone is coming"
notice for the same trip right away is not told twice.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.upsert import insert_ignoring_duplicates
from bot.domain.errors import InvalidInput
from bot.domain.places import distance_km
from bot.services.members import prefs_for
from models import Home, OutboxMessage, Trip, TripWatch
from models.outbox import PENDING

TRIP_WATCH = "trip_watch"
MAX_WATCHES = 50


@dataclass(frozen=True, slots=True)
class Watching:
    """The answer to a click: whether the member now watches, and what would stop a DM."""

    watching: bool
    has_home: bool
    takes_dms: bool


async def toggle(
    *, session: AsyncSession, guild_id: int, watcher_id: int, watched_id: int, now: datetime
) -> Watching:
    """Start watching ``watched_id``, or stop if the member already does."""
    if watcher_id == watched_id:
        raise InvalidInput("That's you! You'll know when you're in town.")
    key = (guild_id, watcher_id, watched_id)
    existing = await session.get(TripWatch, key)
    if existing is not None:
        await session.delete(existing)
        watching = False
    else:
        count = await session.scalar(
            select(func.count())
            .select_from(TripWatch)
            .where(TripWatch.guild_id == guild_id, TripWatch.watcher_id == watcher_id)
        )
        if int(count or 0) >= MAX_WATCHES:
            raise InvalidInput(f"You already follow {MAX_WATCHES} members' trips here.")
        session.add(
            TripWatch(
                guild_id=guild_id, watcher_id=watcher_id, watched_id=watched_id, created_at=now
            )
        )
        watching = True
    await session.flush()
    home = await session.get(Home, (guild_id, watcher_id))
    prefs = (await prefs_for(session=session, guild_id=guild_id, user_ids=[watcher_id]))[watcher_id]
    return Watching(watching=watching, has_home=home is not None, takes_dms=prefs.notify_dm)


async def queue_for_trip(
    *,
    session: AsyncSession,
    trip: Trip,
    radius_km: int,
    told_already: Collection[int],
    now: datetime,
) -> int:
    """A trip was saved or edited: queue one DM per watcher whose home is within
    ``radius_km`` of it (once per trip and watcher, whatever the edits). ``told_already``
    are members who get the ordinary notice for this trip right away."""
    watchers = list(
        await session.scalars(
            select(TripWatch.watcher_id).where(
                TripWatch.guild_id == trip.guild_id, TripWatch.watched_id == trip.user_id
            )
        )
    )
    if not watchers:
        return 0
    prefs = await prefs_for(
        session=session, guild_id=trip.guild_id, user_ids=[trip.user_id, *watchers]
    )
    if not prefs[trip.user_id].discoverable:
        return 0
    homes = await session.scalars(
        select(Home).where(Home.guild_id == trip.guild_id, Home.user_id.in_(watchers))
    )
    rows = [
        {
            "kind": TRIP_WATCH,
            "dedupe_key": f"{TRIP_WATCH}:{trip.id}:{home.user_id}",
            "guild_id": trip.guild_id,
            "recipient_id": home.user_id,
            "trip_id": trip.id,
            "due_at": now,
            "status": PENDING,
            "attempts": 0,
            "detail": {"distance_km": round(distance_km(home, trip))},
            "created_at": now,
        }
        for home in homes
        if prefs[home.user_id].notify_dm
        and home.user_id not in told_already
        and distance_km(home, trip) <= radius_km
    ]
    return await insert_ignoring_duplicates(session, OutboxMessage, rows)


async def export_part(
    *, session: AsyncSession, user_id: int, guild_id: int | None
) -> dict[str, object]:
    """The member's watches for their export: whom they follow, and how many follow them
    (a count only: the watched member is never told who follows them)."""
    scope = [] if guild_id is None else [TripWatch.guild_id == guild_id]
    follows = await session.scalars(
        select(TripWatch)
        .where(TripWatch.watcher_id == user_id, *scope)
        .order_by(TripWatch.created_at)
    )
    followers = await session.scalar(
        select(func.count()).select_from(TripWatch).where(TripWatch.watched_id == user_id, *scope)
    )
    return {
        "you_follow": [
            {
                "server_id": str(row.guild_id),
                "member_id": str(row.watched_id),
                "since": row.created_at.isoformat(),
            }
            for row in follows
        ],
        "members_following_your_trips": int(followers or 0),
    }


async def forget(*, session: AsyncSession, user_id: int, guild_id: int | None) -> int:
    """Erase the member's watches on both sides (erasure, or leaving the guild)."""
    result = await session.execute(
        delete(TripWatch).where(
            or_(TripWatch.watcher_id == user_id, TripWatch.watched_id == user_id),
            *([] if guild_id is None else [TripWatch.guild_id == guild_id]),
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
