"""Who can come when: the invitees of a poll as the slot finder sees them.

Only what members chose to show is read: their home and their trips in this guild.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.dates.model import DateRange
from bot.domain.places import distance_km
from bot.domain.places.model import Place
from bot.domain.tweetups import Participant
from bot.services.matching import Around
from bot.services.members import parse_availability, prefs_for
from models import Home, Trip


async def participants(
    session: AsyncSession,
    guild_id: int,
    place: Place,
    member_ids: list[int],
    radius_km: int,
    window: DateRange,
) -> list[Participant]:
    prefs = await prefs_for(session=session, guild_id=guild_id, user_ids=member_ids)
    homes = {
        row.user_id: row
        for row in await session.scalars(
            select(Home).where(Home.guild_id == guild_id, Home.user_id.in_(member_ids))
        )
    }
    around = Around(guild_id, place.lat, place.lon, radius_km, window)
    people = []
    for member_id in member_ids:
        trips = await session.scalars(
            select(Trip).where(
                Trip.guild_id == guild_id,
                Trip.user_id == member_id,
                Trip.start_date <= window.end,
                Trip.end_date >= window.start,
            )
        )
        windows = tuple(
            DateRange(trip.start_date, trip.end_date)
            for trip in trips
            if distance_km((trip.lat, trip.lon), (around.lat, around.lon)) <= radius_km
        )
        home = homes.get(member_id)
        is_local = home is not None and (
            distance_km((home.lat, home.lon), (around.lat, around.lon)) <= radius_km
        )
        people.append(
            Participant(
                id=member_id,
                name=f"<@{member_id}>",
                # Locals, and members we know nothing about, can come any day.
                windows=None if is_local or (home is None and not windows) else windows,
                availability=parse_availability(prefs[member_id].availability),
            )
        )
    return people
