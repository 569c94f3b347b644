"""Synthetic members for the benchmarks: homes, trips and settings with a realistic spread.

Homes are city-level, so every row is a real gazetteer city: cities are drawn with a weight
of population × how much the country uses Discord (so members cluster in big cities and the
English-speaking world, as in a typical server, and China, where Discord is blocked, stays
thin). Trips go to the same kind of places, with dates from a month ago to ten months ahead.
A fraction of members have a ``member_settings`` row (some hidden, a few opted in to DMs,
always with the weekly digest so no DM is due while a benchmark runs).

Rows come out as plain tuples in table column order, in the representation SQLAlchemy
itself stores (ISO strings on SQLite, Python objects for asyncpg's COPY), and are loaded
with one ``executemany`` transaction (SQLite) or ``COPY`` (PostgreSQL) after the real
migrations have created the schema and its indexes. Triggers do not fire during the load
(per row, they made 1M members on PostgreSQL take 15 minutes): the tables they keep
(``notify_spots``, ``guild_places.visible_homes``) are filled afterwards with the statements
of the migrations that created them, and a recount must agree or the load fails.
"""

from __future__ import annotations

import itertools
import random
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.domain.places import Place, get_gazetteer  # noqa: E402

GUILD_ID = 900_000_000_000_000_001
FIRST_USER_ID = 100_000_000_000_000_000
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)  # the tests' ManualClock
TODAY = NOW.date()

# Relative Discord usage by country (1 = baseline). Rough, but it is what makes London,
# New York or Paris dense and Chongqing thin, as in a real English-language server.
COUNTRY_WEIGHT = {
    "US": 6.0, "CA": 6.0, "GB": 6.0, "IE": 5.0, "AU": 5.0, "NZ": 5.0,
    "DE": 4.0, "FR": 4.0, "NL": 4.0, "BE": 4.0, "SE": 4.0, "NO": 4.0, "DK": 4.0,
    "FI": 4.0, "CH": 4.0, "AT": 4.0, "PL": 3.0, "ES": 3.0, "IT": 3.0, "PT": 3.0,
    "BR": 2.0, "MX": 2.0, "AR": 1.5, "JP": 1.5, "KR": 1.5, "SG": 3.0, "PH": 1.0,
    "IN": 0.3, "CN": 0.02, "RU": 1.0,
}  # fmt: skip

SETTINGS_SHARE = 0.20  # members who ever opened /notify or /privacy
HIDDEN_SHARE = 0.05  # of those, not discoverable
NOTIFY_SHARE = 0.02  # of those, opted in to DMs (always on the weekly digest)


@dataclass(frozen=True, slots=True)
class Cities:
    places: Sequence[Place]
    cumulative: list[float]

    def sample(self, rng: random.Random, k: int) -> list[Place]:
        return rng.choices(self.places, cum_weights=self.cumulative, k=k)

    def near(self, lat: float, lon: float, km: float, min_population: int = 0) -> list[Place]:
        from geopy.distance import great_circle

        return [
            p
            for p in self.places
            if abs(p.lat - lat) < km / 100
            and p.population >= min_population
            and great_circle((lat, lon), (p.lat, p.lon)).km <= km
        ]


_cities: Cities | None = None


def cities() -> Cities:
    global _cities
    if _cities is None:
        places = get_gazetteer().places
        weights = [p.population * COUNTRY_WEIGHT.get(p.country, 1.0) for p in places]
        _cities = Cities(places, list(itertools.accumulate(weights)))
    return _cities


def city_share_within(lat: float, lon: float, km: float) -> float:
    """The expected share of rows within ``km`` of a point (for describing the data)."""
    c = cities()
    total = c.cumulative[-1]
    weight = 0.0
    for place in c.near(lat, lon, km):
        position = get_gazetteer().position(place.id)
        assert position is not None
        before = c.cumulative[position - 1] if position else 0.0
        weight += c.cumulative[position] - before
    return weight / total


def user_id(index: int) -> int:
    return FIRST_USER_ID + index


# -- rows -------------------------------------------------------------------------------------

HOME_COLUMNS = (
    "guild_id", "user_id", "place_id", "place_label", "lat", "lon", "timezone",
    "created_at", "updated_at",
)  # fmt: skip
TRIP_COLUMNS = (
    "id", "guild_id", "user_id", "start_date", "end_date", "note", "announce",
    "announcement_channel_id", "announcement_message_id", "place_id", "place_label", "lat",
    "lon", "timezone", "created_at", "updated_at",
)  # fmt: skip
SETTINGS_COLUMNS = (
    "guild_id", "user_id", "notify_dm", "digest", "radius_km", "quiet_start_minute",
    "quiet_end_minute", "timezone", "discoverable", "date_order", "availability",
    "reminder_lead_minutes", "created_at", "updated_at",
)  # fmt: skip


def _stamp(value: datetime, sqlite: bool) -> Any:
    return (
        value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds") if sqlite else value
    )


def _day(value: date, sqlite: bool) -> Any:
    return value.isoformat() if sqlite else value


def home_rows(
    first: int, count: int, *, seed: int, sqlite: bool, guild_id: int = GUILD_ID
) -> Iterator[tuple[Any, ...]]:
    """Homes of members ``first`` … ``first + count - 1`` (one each)."""
    rng = random.Random(seed)
    stamp = _stamp(NOW - timedelta(days=30), sqlite)
    for index, place in enumerate(cities().sample(rng, count), start=first):
        yield (
            guild_id, user_id(index), place.id, place.label, place.lat, place.lon,
            place.timezone, stamp, stamp,
        )  # fmt: skip


def trip_rows(
    first_id: int, count: int, *, members: int, seed: int, sqlite: bool, guild_id: int = GUILD_ID
) -> Iterator[tuple[Any, ...]]:
    """``count`` trips with ids from ``first_id``, by random members among ``members``:
    from 30 days ago to 300 days ahead, 1 to 14 days long."""
    rng = random.Random(seed)
    stamp = _stamp(NOW - timedelta(days=7), sqlite)
    for trip_id, place in enumerate(cities().sample(rng, count), start=first_id):
        start = TODAY + timedelta(days=rng.randint(-30, 300))
        end = start + timedelta(days=rng.randint(0, 13))
        yield (
            trip_id, guild_id, user_id(rng.randrange(members)), _day(start, sqlite),
            _day(end, sqlite), "", False, None, None, place.id, place.label, place.lat,
            place.lon, place.timezone, stamp, stamp,
        )  # fmt: skip


def settings_rows(
    first: int, count: int, *, seed: int, sqlite: bool, guild_id: int = GUILD_ID
) -> Iterator[tuple[Any, ...]]:
    """Settings for a share of members ``first`` … ``first + count - 1``."""
    rng = random.Random(seed)
    stamp = _stamp(NOW - timedelta(days=20), sqlite)
    for index in range(first, first + count):
        if rng.random() >= SETTINGS_SHARE:
            continue
        notify = rng.random() < NOTIFY_SHARE
        discoverable = rng.random() >= HIDDEN_SHARE
        yield (
            guild_id, user_id(index), notify, notify, None, None, None, None, discoverable,
            None, None, None, stamp, stamp,
        )  # fmt: skip


def _chunks(rows: Iterator[tuple[Any, ...]], size: int = 50_000) -> Iterator[list[Any]]:
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


# -- loading --------------------------------------------------------------------------------

# Rows are loaded with the database's triggers off (firing per row, they made loading 1M
# members on PostgreSQL take 15 minutes); the tables they keep are then filled in one
# statement each, as the migrations that created them do, and checked against a recount.
# What the services do one place at a time (note_place_in_use): every city in use, with how
# many homes and trips name it (recounted over all rows, so growing the same database step
# by step keeps the counts right).
_PLACES_IN_USE = (
    "INSERT INTO guild_places (guild_id, place_id, lat, lon, uses) "
    "SELECT guild_id, place_id, MIN(lat), MIN(lon), count(*) FROM "
    "(SELECT guild_id, place_id, lat, lon FROM homes "
    "UNION ALL SELECT guild_id, place_id, lat, lon FROM trips) AS used WHERE true "
    "GROUP BY guild_id, place_id "
    "ON CONFLICT (guild_id, place_id) DO UPDATE SET uses = excluded.uses"
)


def _migration(name: str) -> Any:
    """A migration module, for the statements that fill the tables its triggers keep."""
    import importlib.util

    [path] = (ROOT / "migrations" / "versions").glob(f"*_{name}.py")
    spec = importlib.util.spec_from_file_location(f"_migration_{name}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _derived(sqlite: bool) -> list[str]:
    """Fill the trigger-kept tables from the loaded rows: notify_spots rebuilt (migration
    7c3d9e1f2a4b's statements), the cities in use, their visible homes (migration
    9e5a2c7d4b18's), the weeks trips go on into (migration e7b3d9f1a5c4's) and the trips'
    boxes on SQLite (migration 5f3b8a1c9d27's), their towns week by week on PostgreSQL
    (migration 8c2f4a6e1b39's), and each trip's ``hidden`` flag (migration d6a2f8c4e1b7's)."""
    spots = _migration("notify_spots")
    opted_in = (
        "SELECT guild_id, user_id, radius_km FROM member_settings m "
        f"WHERE {spots._opted_in('m', sqlite)}"
    )
    return [
        "DELETE FROM notify_spots",
        f"INSERT INTO notify_spots ({spots.COLUMNS}) SELECT h.guild_id, h.user_id, 0, "
        "h.place_label, h.lat, h.lon, NULL, NULL, o.radius_km FROM homes h "
        f"JOIN ({opted_in}) o ON o.guild_id = h.guild_id AND o.user_id = h.user_id",
        f"INSERT INTO notify_spots ({spots.COLUMNS}) SELECT t.guild_id, t.user_id, t.id, "
        "t.place_label, t.lat, t.lon, t.start_date, t.end_date, o.radius_km FROM trips t "
        f"JOIN ({opted_in}) o ON o.guild_id = t.guild_id AND o.user_id = t.user_id",
        _PLACES_IN_USE,
        _migration("visible_homes").FILL,
        _migration("trips_hidden").FILL,
        "DELETE FROM trip_weeks",
        _migration("trip_weeks_carry").weeks_of("t", sqlite),
        *(["DELETE FROM trip_boxes", _migration("trip_boxes_shown").fill()] if sqlite else []),
        *([] if sqlite else ["DELETE FROM town_weeks", _migration("town_weeks").fill()]),
    ]


def _derived_checks(sqlite: bool) -> list[str]:
    """What the triggers keep, recounted from scratch: each must come out 0 after a load."""
    week = _migration("trip_weeks_carry").week
    later_weeks = f"{week('end_date', sqlite)} - {week('start_date', sqlite)}"
    flag = _migration("trips_hidden").hidden("t.guild_id", "t.user_id")
    return [
        *_DERIVED_CHECKS,
        f"SELECT count(*) FROM trips t WHERE t.hidden <> {flag}",
        f"SELECT (SELECT count(*) FROM trip_weeks) - (SELECT coalesce(sum({later_weeks}), 0) "
        "FROM trips)",
        "SELECT count(*) FROM trip_weeks w JOIN trips t ON t.id = w.trip_id "
        "WHERE w.user_id <> t.user_id OR w.hidden <> t.hidden OR w.place_label <> t.place_label",
        *([_TRIP_BOXES_CHECK] if sqlite else [_town_weeks_check()]),
    ]


def _town_weeks_check() -> str:
    """town_weeks against a recount from trips: rows in one and not the other."""
    recount = _migration("town_weeks").fill().split(" SELECT ", 1)[1]
    kept = "SELECT guild_id, week, lat, lon, place_id, trips FROM town_weeks"
    return (
        f"SELECT count(*) FROM (({kept} EXCEPT ALL SELECT {recount}) UNION ALL "
        f"(SELECT {recount} EXCEPT ALL {kept})) AS differ"
    )


# Every shown member's trip has its box, and nothing else has one (the R*Tree's own rounding
# aside, the guild, the city and the days agree): both differences below are 0.
_SHOWN = _migration("trip_boxes_shown")._shown("t")
_BOXED = (
    "(SELECT count(*) FROM trips t JOIN trip_boxes b "
    "ON b.id = t.id AND b.guild_min <= t.guild_id AND b.guild_max >= t.guild_id "
    "AND b.lat_min <= t.lat AND b.lat_max >= t.lat AND b.lon_min <= t.lon AND b.lon_max >= t.lon "
    "AND b.day_min = julianday(t.start_date) - 2440587.5 "
    f"AND b.day_max = julianday(t.end_date) - 2440587.5 WHERE {_SHOWN})"
)
_TRIP_BOXES_CHECK = (
    f"SELECT (SELECT count(*) FROM trip_boxes) - {_BOXED} "
    f"+ (SELECT count(*) FROM trips t WHERE {_SHOWN}) - {_BOXED}"
)


_DERIVED_CHECKS = (
    "SELECT count(*) FROM guild_places g WHERE visible_homes <> (SELECT count(*) FROM homes h "
    "WHERE h.guild_id = g.guild_id AND h.place_id = g.place_id AND NOT EXISTS (SELECT 1 FROM "
    "member_settings s WHERE s.guild_id = h.guild_id AND s.user_id = h.user_id "
    "AND NOT s.discoverable))",
    "SELECT (SELECT count(*) FROM notify_spots) - (SELECT count(*) FROM member_settings s "
    "JOIN homes h ON h.guild_id = s.guild_id AND h.user_id = s.user_id "
    "WHERE s.notify_dm AND s.discoverable) - (SELECT count(*) FROM member_settings s "
    "JOIN trips t ON t.guild_id = s.guild_id AND t.user_id = s.user_id "
    "WHERE s.notify_dm AND s.discoverable)",
)


def _check(counts: list[int]) -> None:
    if any(counts):
        raise RuntimeError(f"derived tables disagree with a recount: {counts}")


@dataclass
class Population:
    """How much is loaded so far, so a benchmark can grow the same database step by step."""

    guild_id: int = GUILD_ID
    members: int = 0
    trips: int = 0


def _batches(
    population: Population, members: int, seed: int, sqlite: bool
) -> Iterator[tuple[str, tuple[str, ...], Iterator[tuple[Any, ...]]]]:
    """(table, columns, rows) to go from ``population`` to ``members`` members and as many
    trips; the seed depends on the step so growing 10k → 100k adds fresh rows."""
    new, guild = members - population.members, population.guild_id
    step_seed = seed * 1_000_003 + population.members
    yield (
        "homes",
        HOME_COLUMNS,
        home_rows(population.members, new, seed=step_seed, sqlite=sqlite, guild_id=guild),
    )
    trips = trip_rows(
        population.trips + 1, new, members=members, seed=step_seed + 1, sqlite=sqlite,
        guild_id=guild,
    )  # fmt: skip
    yield "trips", TRIP_COLUMNS, trips
    yield (
        "member_settings",
        SETTINGS_COLUMNS,
        settings_rows(population.members, new, seed=step_seed + 2, sqlite=sqlite, guild_id=guild),
    )


def grow_sqlite(path: Path, population: Population, members: int, *, seed: int = 5) -> None:
    """Add members (one home each), as many trips and some settings, in one transaction,
    with the triggers dropped meanwhile (and created again from their own SQL)."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-262144")
        connection.execute("BEGIN")
        triggers = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        for name, _ in triggers:
            connection.execute(f"DROP TRIGGER {name}")
        for table, columns, rows in _batches(population, members, seed, sqlite=True):
            marks = ", ".join("?" * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            for chunk in _chunks(rows):
                connection.executemany(sql, chunk)
        for statement in _derived(sqlite=True):
            connection.execute(statement)
        for _, sql in triggers:
            connection.execute(sql)
        checks = _derived_checks(sqlite=True)
        _check([connection.execute(check).fetchone()[0] for check in checks])
        connection.execute("COMMIT")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    population.trips += members - population.members
    population.members = members


async def grow_postgres(dsn: str, population: Population, members: int, *, seed: int = 5) -> None:
    """The same with COPY and ``session_replication_role = replica`` (user triggers do not
    fire), then VACUUM ANALYZE: what autovacuum does soon after a bulk load (statistics,
    and the visibility map that lets index-only scans skip the table)."""
    import asyncpg

    connection = await asyncpg.connect(dsn)
    try:
        async with connection.transaction():
            await connection.execute("SET LOCAL session_replication_role = replica")
            for table, columns, rows in _batches(population, members, seed, sqlite=False):
                for chunk in _chunks(rows):
                    await connection.copy_records_to_table(table, records=chunk, columns=columns)
            for statement in _derived(sqlite=False):
                await connection.execute(statement)
            _check([await connection.fetchval(check) for check in _derived_checks(sqlite=False)])
        top = population.trips + (members - population.members)
        await connection.execute(f"SELECT setval('trips_id_seq', {top})")
        tables = ("homes", "trips", "member_settings", "guild_places", "notify_spots")
        tables += ("trip_weeks", "town_weeks")
        for table in tables:
            await connection.execute(f"VACUUM (ANALYZE) {table}")
    finally:
        await connection.close()
    population.trips += members - population.members
    population.members = members


# -- small helpers shared by the benchmarks ----------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not values:
        return float("nan")
    index = min(len(values) - 1, max(0, round(q * (len(values) - 1))))
    return values[index]
