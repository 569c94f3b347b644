"""Filling the gaps of a meetup plan read from chat ("dinner next week while @Sam is in
town"): where and when, from the trips and homes of the people the message is about.

Only what the proposer may already see is used: the trips and homes of members visible in
the guild (``/notify visible:False`` hides a member's), and the proposer's own. The message's
own city and dates always come first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import DefaultsSection
from bot.domain.chatter import PlanReading
from bot.domain.dates.model import DateRange
from bot.domain.places import Place, distance_km
from bot.services.guilds import guild_config
from bot.services.members import prefs_for
from bot.services.places import stored_place
from models import Home, Trip

MAX_CITIES = 10


@dataclass(frozen=True, slots=True)
class PlanDraft:
    """The poll as pre-filled: cities to offer (best first), the window's readings (one when
    settled; none means "the coming weeks"), and whom to invite besides the proposer."""

    places: tuple[Place, ...]
    readings: tuple[DateRange, ...]
    settled: bool
    invited: tuple[int, ...]


async def draft_plan(
    *,
    session: AsyncSession,
    guild_id: int,
    proposer_id: int,
    author_id: int,
    reading: PlanReading,
    not_members: Sequence[int],
    defaults: DefaultsSection,
    today: date,
) -> PlanDraft:
    """``not_members`` are mentioned ids that are no people to invite (bots, the bot)."""
    people = [
        member
        for member in dict.fromkeys([*reading.mentioned, author_id])
        if member != proposer_id and member not in not_members
    ]
    config = await guild_config(session=session, guild_id=guild_id, defaults=defaults)
    prefs = await prefs_for(session=session, guild_id=guild_id, user_ids=people)
    seen = [m for m in people if prefs[m].discoverable]
    trips = await _upcoming_trips(session, guild_id, seen, today)
    places = list(reading.places)
    readings, settled = reading.readings, reading.exact is not None
    if places and not readings:
        # "Lisbon while @Sam is there": Sam's trip there gives the days.
        trip = next((t for t in trips if distance_km(t, places[0]) <= config.radius_km), None)
        if trip is not None:
            readings, settled = (_from_today(trip, today),), True
    places += [stored_place(t) for t in trips]
    if not readings and trips:
        readings, settled = (_from_today(trips[0], today),), True
    homes = await session.scalars(
        select(Home).where(Home.guild_id == guild_id, Home.user_id.in_([proposer_id, *seen]))
    )
    by_member = {home.user_id: home for home in homes}
    places += [stored_place(by_member[m]) for m in [*seen, proposer_id] if m in by_member]
    unique = list({place.id: place for place in places}.values())[:MAX_CITIES]
    return PlanDraft(tuple(unique), tuple(readings), settled, tuple(people))


async def _upcoming_trips(
    session: AsyncSession, guild_id: int, members: list[int], today: date
) -> list[Trip]:
    """The members' current and coming trips, in the order the message names them."""
    if not members:
        return []
    rows = await session.scalars(
        select(Trip)
        .where(Trip.guild_id == guild_id, Trip.user_id.in_(members), Trip.end_date >= today)
        .order_by(Trip.start_date, Trip.id)
    )
    found = list(rows)
    return sorted(found, key=lambda t: members.index(t.user_id))


def _from_today(trip: Trip, today: date) -> DateRange:
    return DateRange(max(trip.start_date, today), trip.end_date)
