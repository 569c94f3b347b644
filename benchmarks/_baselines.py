"""The queries a database engineer would write for "who is near here", to measure ours against.

Each baseline answers exactly what ``locals_near`` / ``travelers_near`` answer: the visible
members (or overlapping trips) within the radius, minus the asking member and hidden
members, counted up to the same cap, and the distances of the nearest ``limit``. The exact
distance is the same haversine on the same sphere, in SQL, so totals agree to the row;
the spatial index only pre-filters. Order among rows at the same distance is left to the
database (a baseline need not pay for a tie-break the product happens to want): answers are
compared by their distances.

- ``bbox``: the bounding box on the ``(guild_id, lat, lon)`` index (the schema's own
  ``ix_homes_guild_lat_lon_user`` / ``ix_trips_guild_lat_lon_dates``), distance in SQL.
- ``rtree`` (SQLite): SQLite's R*Tree module, 2-D for homes, 3-D (lat, lon, day) for trips,
  with the row's columns as auxiliary columns so no table lookup is needed.
- ``earthdistance`` (PostgreSQL contrib): a GiST index on ``ll_to_earth(lat, lon)`` (with
  the trip's ``daterange`` as a second GiST column), ``earth_box`` to search and the GiST
  KNN operator ``<->`` to read the nearest in order, stopping after ``limit``.
- ``postgis`` (PostgreSQL, when the extension is installed): the same with a geography
  expression index, ``ST_DWithin`` and KNN ``<->``.

The indexes are benchmark-only: created after each load, dropped with the scratch database.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.places import bounding_box
from bot.services.matching import COUNT_CAP, EARTH_RADIUS_KM, TRAVELER_COUNT_CAP, Around

# earthdistance's earth() is 6,378,168 m, ours 6,371,009 m: search a slightly larger box
# so the index pre-filter never drops a row the exact distance keeps.
SEARCH_MARGIN = 1.002
HIDDEN = (
    "(SELECT m.user_id FROM member_settings m WHERE m.guild_id = :guild_id AND {not_discoverable})"
)


@dataclass(frozen=True, slots=True)
class Answer:
    """What every approach must agree on: the nearest distances and the capped total."""

    distances: list[float]
    total: int
    capped: bool


def haversine_sql(lat: str = "lat", lon: str = "lon") -> str:
    """The services' haversine, with the centre's trigonometry bound as parameters."""
    dlat = f"((radians({lat}) - :lat_r) * 0.5)"
    dlon = f"((radians({lon}) - :lon_r) * 0.5)"
    a = f"(sin({dlat}) * sin({dlat}) + :cos_lat * cos(radians({lat})) * sin({dlon}) * sin({dlon}))"
    return f"({2 * EARTH_RADIUS_KM!r} * asin(sqrt({a})))"


def params(around: Around, limit: int) -> dict[str, Any]:
    box = bounding_box(around.lat, around.lon, around.radius_km)
    values: dict[str, Any] = {
        "guild_id": around.guild_id,
        "lat": around.lat,
        "lon": around.lon,
        "lat_r": math.radians(around.lat),
        "lon_r": math.radians(around.lon),
        "cos_lat": math.cos(math.radians(around.lat)),
        "radius_km": around.radius_km,
        "search_m": around.radius_km * 1000 * SEARCH_MARGIN,
        "min_lat": box.min_lat,
        "max_lat": box.max_lat,
        "me": around.exclude_user_id if around.exclude_user_id is not None else -1,
        "window_start": around.window.start,
        "window_end": around.window.end,
        "limit": limit,
        "locals_cap": COUNT_CAP + 1,
        "travelers_cap": TRAVELER_COUNT_CAP + 1,
    }
    for index, (west, east) in enumerate(box.lon_ranges):
        values[f"west_{index}"], values[f"east_{index}"] = west, east
    values["ranges"] = len(box.lon_ranges)
    return values


def _lon_ranges(values: dict[str, Any], low: str, high: str, pad: str = "") -> str:
    ranges = [
        f"({low} >= :west_{i}{pad} AND {high} <= :east_{i}{pad})" for i in range(values["ranges"])
    ]
    return "(" + " OR ".join(ranges) + ")"


class Approach:
    """One way of answering, for one backend: SQL for the rows in the circle."""

    name = ""

    def circle(self, kind: str, values: dict[str, Any]) -> tuple[str, str]:
        """(FROM … WHERE … giving candidate rows with a ``d`` distance column, KNN ORDER BY
        expression or "" to sort by ``d``)."""
        raise NotImplementedError

    async def answer(self, session: AsyncSession, kind: str, around: Around, limit: int) -> Answer:
        values = params(around, limit)
        rows, knn = self.circle(kind, values)
        within = f"SELECT d FROM ({rows}) AS c WHERE d <= :radius_km"
        # With KNN the index hands rows over nearest first, and reading stops at the limit.
        nearest = f"{within} ORDER BY {knn or 'd'} LIMIT :limit"
        cap = f":{kind}_cap"
        count = f"SELECT count(*) FROM ({within} LIMIT {cap}) AS capped"
        distances = list((await session.execute(text(nearest), values)).scalars())
        found = int((await session.execute(text(count), values)).scalar_one())
        limit_cap = values[f"{kind}_cap"] - 1
        return Answer([float(d) for d in distances], min(found, limit_cap), found > limit_cap)


def _not_discoverable(dialect: str) -> str:
    return "m.discoverable = 0" if dialect == "sqlite" else "NOT m.discoverable"


def _dates(prefix: str = "") -> str:
    return f"{prefix}start_date <= :window_end AND {prefix}end_date >= :window_start"


class BoundingBoxQuery(Approach):
    name = "bbox"

    def __init__(self, dialect: str) -> None:
        self.hidden = HIDDEN.format(not_discoverable=_not_discoverable(dialect))

    def circle(self, kind: str, values: dict[str, Any]) -> tuple[str, str]:
        table = "homes" if kind == "locals" else "trips"
        dates = "" if kind == "locals" else f" AND {_dates()}"
        return (
            f"SELECT {haversine_sql()} AS d FROM {table} WHERE guild_id = :guild_id "
            f"AND lat BETWEEN :min_lat AND :max_lat AND {_lon_ranges(values, 'lon', 'lon')}"
            f"{dates} AND user_id <> :me AND user_id NOT IN {self.hidden}",
            "",
        )


class RTreeQuery(Approach):
    """SQLite R*Tree: coordinates are 32-bit floats rounded outward, so the box is padded a
    little and the exact distance uses the auxiliary 64-bit columns."""

    name = "rtree"
    PAD = 1e-4

    def __init__(self) -> None:
        self.hidden = HIDDEN.format(not_discoverable=_not_discoverable("sqlite"))

    @staticmethod
    def build(path: Path) -> None:
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            connection.executescript(
                """
                DROP TABLE IF EXISTS bench_homes_rtree;
                DROP TABLE IF EXISTS bench_trips_rtree;
                CREATE VIRTUAL TABLE bench_homes_rtree USING rtree(
                    id, min_lat, max_lat, min_lon, max_lon,
                    +guild_id INTEGER, +user_id INTEGER, +lat REAL, +lon REAL);
                CREATE VIRTUAL TABLE bench_trips_rtree USING rtree(
                    id, min_lat, max_lat, min_lon, max_lon, min_day, max_day,
                    +guild_id INTEGER, +user_id INTEGER, +lat REAL, +lon REAL);
                BEGIN;
                INSERT INTO bench_homes_rtree
                    SELECT rowid, lat, lat, lon, lon, guild_id, user_id, lat, lon FROM homes;
                INSERT INTO bench_trips_rtree
                    SELECT id, lat, lat, lon, lon,
                           julianday(start_date) - 2440587.5, julianday(end_date) - 2440587.5,
                           guild_id, user_id, lat, lon FROM trips;
                COMMIT;
                PRAGMA wal_checkpoint(TRUNCATE);
                """
            )
        finally:
            connection.close()

    def circle(self, kind: str, values: dict[str, Any]) -> tuple[str, str]:
        pad = self.PAD
        for key in [k for k in values if k.startswith(("west_", "east_"))]:
            values[f"{key}_pad"] = values[key] + (pad if key.startswith("east") else -pad)
        values["min_lat_pad"] = values["min_lat"] - pad
        values["max_lat_pad"] = values["max_lat"] + pad
        lon = _lon_ranges(values, "min_lon", "max_lon", "_pad")
        table = "bench_homes_rtree" if kind == "locals" else "bench_trips_rtree"
        dates = ""
        if kind == "travelers":
            values["start_day"] = float(values["window_start"].toordinal() - 719163)
            values["end_day"] = float(values["window_end"].toordinal() - 719163)
            dates = " AND min_day <= :end_day AND max_day >= :start_day"
        return (
            f"SELECT {haversine_sql()} AS d FROM {table} WHERE min_lat >= :min_lat_pad "
            f"AND max_lat <= :max_lat_pad AND {lon}{dates} AND guild_id = :guild_id "
            f"AND user_id <> :me AND user_id NOT IN {self.hidden}",
            "",
        )


_DATERANGE = "daterange(start_date, end_date, '[]') && daterange(:window_start, :window_end, '[]')"
_EARTH_INDEXES = """
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;
DROP INDEX IF EXISTS bench_homes_earth;
DROP INDEX IF EXISTS bench_trips_earth;
CREATE INDEX bench_homes_earth ON homes USING gist (ll_to_earth(lat, lon));
CREATE INDEX bench_trips_earth ON trips
    USING gist (ll_to_earth(lat, lon), daterange(start_date, end_date, '[]'));
"""

_GEOGRAPHY = "(geography(ST_SetSRID(ST_MakePoint(lon, lat), 4326)))"
_POSTGIS_INDEXES = f"""
CREATE EXTENSION IF NOT EXISTS postgis;
DROP INDEX IF EXISTS bench_homes_geog;
DROP INDEX IF EXISTS bench_trips_geog;
CREATE INDEX bench_homes_geog ON homes USING gist ({_GEOGRAPHY});
CREATE INDEX bench_trips_geog ON trips
    USING gist ({_GEOGRAPHY}, daterange(start_date, end_date, '[]'));
"""


async def build_postgres(dsn: str, postgis: bool) -> None:
    import asyncpg

    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(_EARTH_INDEXES)
        if postgis:
            await connection.execute(_POSTGIS_INDEXES)
        await connection.execute("ANALYZE homes; ANALYZE trips;")
    finally:
        await connection.close()


async def postgis_available(dsn: str) -> bool:
    import asyncpg

    connection = await asyncpg.connect(dsn)
    try:
        return bool(
            await connection.fetchval(
                "SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'"
            )
        )
    finally:
        await connection.close()


class EarthDistanceQuery(Approach):
    name = "earthdistance"

    def __init__(self) -> None:
        self.hidden = HIDDEN.format(not_discoverable=_not_discoverable("postgresql"))

    def circle(self, kind: str, values: dict[str, Any]) -> tuple[str, str]:
        point = "ll_to_earth(:lat, :lon)"
        dates = ""
        if kind == "travelers":
            dates = f" AND {_DATERANGE}"
        table = "homes" if kind == "locals" else "trips"
        return (
            f"SELECT {haversine_sql()} AS d, ll_to_earth(lat, lon) <-> {point} AS knn "
            f"FROM {table} WHERE earth_box({point}, :search_m) @> ll_to_earth(lat, lon)"
            f"{dates} AND guild_id = :guild_id AND user_id <> :me "
            f"AND user_id NOT IN {self.hidden}",
            "knn",
        )


class PostgisQuery(Approach):
    name = "postgis"

    def __init__(self) -> None:
        self.hidden = HIDDEN.format(not_discoverable=_not_discoverable("postgresql"))

    def circle(self, kind: str, values: dict[str, Any]) -> tuple[str, str]:
        point = "geography(ST_SetSRID(ST_MakePoint(:lon, :lat), 4326))"
        dates = ""
        if kind == "travelers":
            dates = f" AND {_DATERANGE}"
        table = "homes" if kind == "locals" else "trips"
        return (
            f"SELECT {haversine_sql()} AS d, {_GEOGRAPHY} <-> {point} AS knn "
            f"FROM {table} WHERE ST_DWithin({_GEOGRAPHY}, {point}, :search_m, false)"
            f"{dates} AND guild_id = :guild_id AND user_id <> :me "
            f"AND user_id NOT IN {self.hidden}",
            "knn",
        )
