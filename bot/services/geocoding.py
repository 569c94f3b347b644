"""Online geocoding, for places the offline gazetteer does not know, with a database cache.

Only used when a deployment turns ``places.online_geocoding`` on. Each distinct query is sent
to the geocoder once; its answer (even "nothing") is remembered, so the public service's one
request per second is never a bottleneck and nothing is asked twice.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.places.model import Place
from bot.domain.places.normalize import fold
from bot.domain.places.online import Geocoder
from models import GeocodedPlace, GeocoderAnswer

MAX_RESULTS = 5


def online_place_id(row_id: int) -> int:
    """Negative, so it can never collide with a GeoNames id."""
    return -row_id


def _place(row: GeocodedPlace) -> Place:
    return Place(
        id=online_place_id(row.id),
        name=row.name,
        region=row.region,
        country=row.country,
        country_name=row.country_name,
        lat=row.lat,
        lon=row.lon,
        timezone=row.timezone,
        population=0,
        label=row.label,
    )


async def lookup(
    *, session: AsyncSession, query: str, geocoder: Geocoder, now: datetime
) -> list[Place]:
    key = fold(query)[:200]
    if not key:
        return []
    cached = await session.get(GeocoderAnswer, key)
    if cached is not None:
        return await _places(session, cached.place_ids)
    found = await asyncio.to_thread(geocoder.geocode, query, limit=MAX_RESULTS)
    ids: list[int] = []
    for answer in found:
        if not answer.timezone:
            continue  # without a time zone a meetup time could not be read there
        row = await session.scalar(
            select(GeocodedPlace).where(GeocodedPlace.source_id == answer.source_id)
        )
        if row is None:
            row = GeocodedPlace(
                source_id=answer.source_id,
                name=answer.name[:120],
                region=answer.region[:120],
                country=answer.country[:8],
                country_name=answer.country_name[:120],
                label=answer.label[:200],
                lat=answer.lat,
                lon=answer.lon,
                timezone=answer.timezone,
                created_at=now,
            )
            session.add(row)
            await session.flush()
        ids.append(row.id)
    session.add(GeocoderAnswer(query=key, place_ids=ids, created_at=now))
    await session.flush()
    return await _places(session, ids)


async def _places(session: AsyncSession, ids: list[int]) -> list[Place]:
    if not ids:
        return []
    rows = {
        row.id: row
        for row in await session.scalars(select(GeocodedPlace).where(GeocodedPlace.id.in_(ids)))
    }
    return [_place(rows[i]) for i in ids if i in rows]


async def get(*, session: AsyncSession, place_id: int) -> Place | None:
    """A place found online earlier, by the negative id homes and trips store."""
    if place_id >= 0:
        return None
    row = await session.get(GeocodedPlace, -place_id)
    return _place(row) if row is not None else None
