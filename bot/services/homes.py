"""Members' home cities, one per guild."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.places.model import Place
from bot.services.places import note_place_in_use
from models import Home


async def set_home(
    *, session: AsyncSession, guild_id: int, user_id: int, place: Place, now: datetime
) -> Home:
    home = await session.get(Home, (guild_id, user_id))
    if home is None:
        home = Home(guild_id=guild_id, user_id=user_id, created_at=now)
        session.add(home)
    home.place_id = place.id
    home.place_label = place.label
    home.lat = place.lat
    home.lon = place.lon
    home.timezone = place.timezone
    home.updated_at = now
    await note_place_in_use(
        session=session, guild_id=guild_id, place_id=place.id, lat=place.lat, lon=place.lon
    )
    await session.flush()
    return home


async def get_home(*, session: AsyncSession, guild_id: int, user_id: int) -> Home | None:
    return await session.get(Home, (guild_id, user_id))


async def clear_home(*, session: AsyncSession, guild_id: int, user_id: int) -> bool:
    result = await session.execute(
        delete(Home).where(Home.guild_id == guild_id, Home.user_id == user_id)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
