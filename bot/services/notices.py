"""Queuing "someone is coming to your city" DMs for the members who asked for them.

Each (trip, recipient) pair gets at most one outbox row, ever: the unique dedupe key makes
re-queuing after an edit or a restart a no-op for people already told.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.upsert import insert_ignoring_duplicates
from bot.domain.dates.model import DateRange
from bot.domain.matching import overlap
from bot.domain.notice_text import TripNotice
from bot.domain.quiet_hours import next_delivery, next_weekly_digest
from bot.services.matching import Around
from bot.services.members import MemberPrefs, prefs_for
from bot.services.recipients import notice_recipients
from models import Home, OutboxMessage, Trip
from models.outbox import PENDING

TRIP_NOTICE = "trip_notice"
MAX_RECIPIENTS = 1000


def trip_notice_key(trip_id: int, recipient_id: int) -> str:
    return f"trip:{trip_id}:{recipient_id}"


@dataclass(frozen=True, slots=True)
class PlannedNotice:
    """A notice to queue once the trip has its id: to whom, when, saying what."""

    recipient_id: int
    due_at: datetime
    detail: dict[str, Any]


async def plan_trip_notices(
    *, session: AsyncSession, around: Around, now: datetime
) -> list[PlannedNotice]:
    """Who is to be told about a trip there and then (the opted-in locals and co-travelers,
    each within their own radius), when, and what: all reads, so it can run before the
    write transaction that saves the trip."""
    found = await notice_recipients(session=session, around=around, limit=MAX_RECIPIENTS)
    if not found:
        return []
    user_ids = [recipient.user_id for recipient in found]
    prefs = await prefs_for(session=session, guild_id=around.guild_id, user_ids=user_ids)
    zones = await session.execute(
        select(Home.user_id, Home.timezone).where(
            Home.guild_id == around.guild_id, Home.user_id.in_(user_ids)
        )
    )
    home_zones = dict(zones.all())
    return [
        PlannedNotice(
            recipient_id=user_id,
            due_at=_due_at(prefs[user_id], home_zones.get(user_id), now),
            detail={
                "match": kind.value,
                "distance_km": round(distance_km),
                "digest": prefs[user_id].digest,
            },
        )
        for user_id, kind, distance_km in found
    ]


async def insert_trip_notices(
    *, session: AsyncSession, trip: Trip, planned: list[PlannedNotice], now: datetime
) -> int:
    """Queue the planned notices of a saved trip; returns how many are new."""
    rows = [
        {
            "kind": TRIP_NOTICE,
            "dedupe_key": trip_notice_key(trip.id, notice.recipient_id),
            "guild_id": trip.guild_id,
            "recipient_id": notice.recipient_id,
            "trip_id": trip.id,
            "due_at": notice.due_at,
            "status": PENDING,
            "attempts": 0,
            "detail": notice.detail,
            "created_at": now,
        }
        for notice in planned
    ]
    return await insert_ignoring_duplicates(session, OutboxMessage, rows)


def _due_at(prefs: MemberPrefs, home_zone: str | None, now: datetime) -> datetime:
    if prefs.digest:
        return next_weekly_digest(now, prefs.timezone or home_zone or "UTC")
    return next_delivery(now, prefs.quiet_hours(home_zone))


async def describe(
    *, session: AsyncSession, message: OutboxMessage, guild_name: str, today: date
) -> TripNotice | None:
    """What a queued trip notice says, read at send time (None: no longer worth sending)."""
    trip = await session.get(Trip, message.trip_id) if message.trip_id is not None else None
    if trip is None or trip.end_date < today:
        return None
    dates = DateRange(trip.start_date, trip.end_date)
    own = await session.scalar(
        select(Trip)
        .where(
            Trip.guild_id == trip.guild_id,
            Trip.user_id == message.recipient_id,
            Trip.start_date <= trip.end_date,
            Trip.end_date >= trip.start_date,
        )
        .limit(1)
    )
    return TripNotice(
        traveler_id=trip.user_id,
        guild_name=guild_name,
        place_label=trip.place_label,
        dates=dates,
        note=trip.note,
        match=str(message.detail.get("match", "local")),
        distance_km=int(message.detail.get("distance_km", 0)),
        overlap=overlap(dates, DateRange(own.start_date, own.end_date)) if own else None,
    )
