"""Which cities a guild already talks about: they rank first in city autocomplete."""

from __future__ import annotations

from sqlalchemy import select, union
from sqlalchemy.ext.asyncio import AsyncSession

from models import Home, Trip

MAX_BOOSTED = 200


async def known_place_ids(*, session: AsyncSession, guild_id: int) -> set[int]:
    query = union(
        select(Home.place_id).where(Home.guild_id == guild_id),
        select(Trip.place_id).where(Trip.guild_id == guild_id),
    ).limit(MAX_BOOSTED)
    return set(await session.scalars(query))
