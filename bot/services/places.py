"""Which cities a guild already talks about: they rank first in city autocomplete."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, bindparam, select, union
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.compiled import fetch_all
from bot.domain.places.model import Place
from models import GuildPlace, Home, Trip
from models.places import CityMixin

MAX_BOOSTED = 200


# Built once: run through ``fetch_all`` (Core, compiled once), not the ORM's execute, whose
# statement lookup and row loading were two thirds of a guild's first keystroke (1M members:
# 1.1-1.5 -> 0.7-0.9 ms with the session; SQLite's own part of it is 0.15 ms).
_MOST_USED = (
    select(GuildPlace.place_id)
    .where(GuildPlace.guild_id == bindparam("guild_id"))
    .order_by(GuildPlace.uses.desc())
    .limit(bindparam("limit"))
)


async def known_place_ids(*, session: AsyncSession, guild_id: int) -> set[int]:
    """The guild's most used cities (at most ``MAX_BOOSTED``): one read of the
    ``(guild_id, uses, place_id)`` index alone, however many members, since the counts are
    kept on write."""
    rows = await fetch_all(session, _MOST_USED, {"guild_id": guild_id, "limit": MAX_BOOSTED})
    return {row[0] for row in rows}


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
    """Record that a home or trip of the guild names this city (see models.places.GuildPlace):
    the city is added, or its count of uses goes up by one."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    # Core, not the ORM's bulk insert: this runs inside every trip's and home's write.
    places = cast(Table, GuildPlace.__table__)
    statement = insert(places).values(
        guild_id=guild_id, place_id=place_id, lat=lat, lon=lon, uses=1
    )
    connection = await session.connection()
    await connection.execute(
        statement.on_conflict_do_update(
            index_elements=[places.c.guild_id, places.c.place_id],
            set_={"uses": places.c.uses + 1},
        )
    )
