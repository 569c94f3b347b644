"""Which cities a guild already talks about: they rank first in city autocomplete."""

from __future__ import annotations

from sqlalchemy import select, union
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.upsert import insert_ignoring_duplicates
from bot.domain.places.model import Place
from models import GuildPlace, Home, Trip
from models.places import CityMixin

MAX_BOOSTED = 200


async def known_place_ids(*, session: AsyncSession, guild_id: int) -> set[int]:
    query = union(
        select(Home.place_id).where(Home.guild_id == guild_id),
        select(Trip.place_id).where(Trip.guild_id == guild_id),
    ).limit(MAX_BOOSTED)
    return set(await session.scalars(query))


async def member_place_ids(*, session: AsyncSession, guild_id: int, user_id: int) -> set[int]:
    """The cities a member uses here (home and trips): what "Portland" means to them."""
    query = union(
        select(Home.place_id).where(Home.guild_id == guild_id, Home.user_id == user_id),
        select(Trip.place_id).where(Trip.guild_id == guild_id, Trip.user_id == user_id),
    )
    return set(await session.scalars(query))


def stored_place(row: CityMixin) -> Place:
    """The place a stored row points at, from what the row itself keeps (no gazetteer needed,
    so it works for a city a later gazetteer release renamed or dropped)."""
    return Place(
        id=row.place_id,
        name=row.place_label.split(",", 1)[0],
        region="",
        country="",
        country_name="",
        lat=row.lat,
        lon=row.lon,
        timezone=row.timezone,
        population=0,
        label=row.place_label,
    )


async def note_place_in_use(
    *, session: AsyncSession, guild_id: int, place_id: int, lat: float, lon: float
) -> None:
    """Record that the guild has a home or trip in this city (see models.places.GuildPlace)."""
    await insert_ignoring_duplicates(
        session,
        GuildPlace,
        [{"guild_id": guild_id, "place_id": place_id, "lat": lat, "lon": lon}],
    )
