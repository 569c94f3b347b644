"""Finding locals and co-travelers near a city with an indexed query.

A bounding box on (guild_id, lat, lon) narrows the rows through the index; the exact
great-circle distance is then computed by the database (SQLite ≥ 3.35 and PostgreSQL both
have the math functions) so only real matches, nearest first, ever reach Python.

In a dense region the circle holds tens of thousands of rows (100 km around London in a
guild of a million members), and the total count has to visit each of them, so that visit
must stay cheap: the indexes cover every column the filter, the count and the ordering read
(no table lookup per row), hidden members are excluded through a small partial index of the
hidden ones only (instead of a join per row), and the label is fetched for the ``limit``
rows that are returned. ``benchmarks/matching.py`` measures it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVarTuple

from geopy.distance import EARTH_RADIUS
from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.config import DefaultsSection
from bot.domain.dates.model import DateRange
from bot.domain.matching import Match, MatchKind, overlap
from bot.domain.places import bounding_box
from bot.services.guilds import guild_config
from models import Home, MemberSettings, Trip

EARTH_RADIUS_KM = float(EARTH_RADIUS)  # the sphere bounding_box uses too
Columns = TypeVarTuple("Columns")


@dataclass(frozen=True, slots=True)
class Around:
    """Where and when to look: a city's coordinates, a radius and a window of local dates."""

    guild_id: int
    lat: float
    lon: float
    radius_km: float
    window: DateRange
    exclude_user_id: int | None = None

    @classmethod
    def trip(cls, trip: Trip, radius_km: float) -> Around:
        return cls(
            guild_id=trip.guild_id,
            lat=trip.lat,
            lon=trip.lon,
            radius_km=radius_km,
            window=DateRange(trip.start_date, trip.end_date),
            exclude_user_id=trip.user_id,
        )


@dataclass(frozen=True, slots=True)
class Nearby:
    """Matches (nearest first, at most the limit asked for) and how many there are in all."""

    matches: list[Match]
    total: int


def distance_km(
    lat_column: InstrumentedAttribute[float],
    lon_column: InstrumentedAttribute[float],
    lat: float,
    lon: float,
) -> ColumnElement[float]:
    """Haversine distance between a row's city and (lat, lon), evaluated in SQL."""
    dlat = func.radians(lat_column - lat) / 2
    dlon = func.radians(lon_column - lon) / 2
    a = func.sin(dlat) * func.sin(dlat) + func.cos(func.radians(lat)) * func.cos(
        func.radians(lat_column)
    ) * func.sin(dlon) * func.sin(dlon)
    return 2 * EARTH_RADIUS_KM * func.asin(func.sqrt(a))


def in_box(
    lat_column: InstrumentedAttribute[float],
    lon_column: InstrumentedAttribute[float],
    lat: float,
    lon: float,
    radius_km: float,
) -> ColumnElement[bool]:
    box = bounding_box(lat, lon, radius_km)
    return and_(
        lat_column.between(box.min_lat, box.max_lat),
        or_(*(lon_column.between(low, high) for low, high in box.lon_ranges)),
    )


def _only_visible(
    query: Select[*Columns],
    model: type[Home] | type[Trip],
    around: Around,
    distance: ColumnElement[float],
    opted_in_only: bool,
) -> Select[*Columns]:
    """Keep members who let themselves be found (and, for DMs, asked to be told, within
    their own radius); never the asking member."""
    if around.exclude_user_id is not None:
        query = query.where(model.user_id != around.exclude_user_id)
    if opted_in_only:
        settings = and_(
            MemberSettings.guild_id == model.guild_id, MemberSettings.user_id == model.user_id
        )
        return query.join(MemberSettings, settings).where(
            MemberSettings.discoverable.is_(True),
            MemberSettings.notify_dm.is_(True),
            distance <= func.coalesce(MemberSettings.radius_km, around.radius_km),
        )
    # Hidden members are few: their list comes once from a partial index instead of a join
    # probed for every row in the circle. ``~discoverable`` renders as the literal
    # ``discoverable = 0`` on SQLite, which is what lets it match that index's WHERE.
    hidden = select(MemberSettings.user_id).where(
        MemberSettings.guild_id == around.guild_id, ~MemberSettings.discoverable
    )
    return query.where(model.user_id.not_in(hidden))


async def locals_near(
    *,
    session: AsyncSession,
    around: Around,
    limit: int = 25,
    opted_in_only: bool = False,
) -> Nearby:
    """Members whose home is within ``radius_km`` (only those who let themselves be found).

    With ``opted_in_only`` it returns those who asked to be told about visitors, each within
    their own radius (never wider than ``radius_km``), which is who gets a DM.
    """
    guild_id, lat, lon, radius_km = around.guild_id, around.lat, around.lon, around.radius_km
    distance = distance_km(Home.lat, Home.lon, lat, lon)
    ordered = distance.label("distance")
    # The nearest ``limit`` and the count, from the covering index alone ...
    nearest = (
        select(Home.user_id, ordered, func.count().over().label("total"))
        .where(
            Home.guild_id == guild_id,
            in_box(Home.lat, Home.lon, lat, lon, radius_km),
            distance <= radius_km,
        )
        .order_by(ordered, Home.user_id)
        .limit(limit)
    )
    found = _only_visible(nearest, Home, around, distance, opted_in_only).subquery("nearest")
    # ... then the labels of those few.
    query = (
        select(found.c.user_id, Home.place_label, found.c.distance, found.c.total)
        .select_from(found)
        .join(Home, and_(Home.guild_id == guild_id, Home.user_id == found.c.user_id))
        .order_by(found.c.distance, found.c.user_id)
    )
    rows = (await session.execute(query)).all()
    matches = [
        Match(
            user_id=row[0],
            kind=MatchKind.LOCAL,
            place_label=row[1],
            distance_km=row[2],
            window=around.window,
        )
        for row in rows
    ]
    return Nearby(matches=matches, total=rows[0][3] if rows else 0)


async def travelers_near(
    *,
    session: AsyncSession,
    around: Around,
    limit: int = 25,
    opted_in_only: bool = False,
) -> Nearby:
    """Trips of other members to places within the radius whose dates overlap ``window``."""
    guild_id, lat, lon, radius_km = around.guild_id, around.lat, around.lon, around.radius_km
    window = around.window
    distance = distance_km(Trip.lat, Trip.lon, lat, lon)
    ordered = distance.label("distance")
    nearest = (
        select(Trip.id, Trip.start_date, ordered, func.count().over().label("total"))
        .where(
            Trip.guild_id == guild_id,
            in_box(Trip.lat, Trip.lon, lat, lon, radius_km),
            Trip.start_date <= window.end,
            Trip.end_date >= window.start,
            distance <= radius_km,
        )
        .order_by(Trip.start_date, ordered, Trip.id)
        .limit(limit)
    )
    found = _only_visible(nearest, Trip, around, distance, opted_in_only).subquery("nearest")
    query = (
        select(
            Trip.id,
            Trip.user_id,
            Trip.place_label,
            Trip.start_date,
            Trip.end_date,
            found.c.distance,
            found.c.total,
        )
        .select_from(found)
        .join(Trip, Trip.id == found.c.id)
        .order_by(found.c.start_date, found.c.distance, found.c.id)
    )
    rows = (await session.execute(query)).all()
    matches = []
    for trip_id, user_id, label, start, end, km, _total in rows:
        common = overlap(window, DateRange(start, end))
        if common is None:  # pragma: no cover - excluded by the query
            continue
        matches.append(
            Match(
                user_id=user_id,
                kind=MatchKind.CO_TRAVELER,
                place_label=label,
                distance_km=km,
                window=common,
                trip_id=trip_id,
            )
        )
    return Nearby(matches=matches, total=rows[0][6] if rows else 0)


@dataclass(frozen=True, slots=True)
class WhoIsAround:
    """Who is around a city: the answer to /whoshere."""

    locals: Nearby
    travelers: Nearby
    radius_km: int


async def who_is_around(
    *,
    session: AsyncSession,
    guild_id: int,
    lat: float,
    lon: float,
    window: DateRange,
    viewer_id: int,
    defaults: DefaultsSection,
) -> WhoIsAround:
    config = await guild_config(session=session, guild_id=guild_id, defaults=defaults)
    around = Around(guild_id, lat, lon, config.radius_km, window, exclude_user_id=viewer_id)
    return WhoIsAround(
        locals=await locals_near(session=session, around=around),
        travelers=await travelers_near(session=session, around=around),
        radius_km=config.radius_km,
    )
