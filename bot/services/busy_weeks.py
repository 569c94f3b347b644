"""How many towns a guild's trips are in during a week, remembered a few minutes per process.

Travelers are read ring by ring around a wide circle so that around a busy city the read
stops at the first ring holding enough trips. In a guild whose trips that week are in a
few hundred towns in all, no ring holds enough and the circle is read anyway: the rings
only add work (on PostgreSQL each is a CTE, a capped count and a gate, started on every run
even when never read; on SQLite the rings' boxes are counted to choose one, and the
statement binds and ranks them). Such a guild's circle is read at once (10k members,
500 km: PostgreSQL about a third less; SQLite's 500 km cells from x1.13-1.32 to
x1.24-1.54 against the R*Tree, 30 queries a cell on a kept file). Whatever the guild's
size, the answer is the same either way: this only picks the plan, so a figure some
minutes old, or another process's, costs nothing but speed.
"""

from __future__ import annotations

from datetime import date
from time import monotonic
from typing import Any

from sqlalchemy import Float, bindparam, column, func, literal_column, select, table
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.compiled import fetch_all

# The towns trips are in, week by week, on PostgreSQL (migration 8c2f4a6e1b39), kept by
# triggers on trips; not mapped (SQLite has no such table: it reads ``trip_boxes``).
town_weeks = table(
    "town_weeks",
    *(column(name) for name in ("guild_id", "week", "lat_cell", "place_id", "trips")),
    column("lat", Float),
    column("lon", Float),
)

# The R*Tree of trips on SQLite (migration 5f3b8a1c9d27), kept by triggers on trips: a
# virtual table, so no ORM model (``bot.services.matching`` reads it).
trip_boxes = table(
    "trip_boxes",
    *(column(name) for name in ("id", "guild_min", "guild_max", "lat_min", "lat_max")),
    *(column(name) for name in ("lon_min", "lon_max", "day_min", "day_max")),
)

# A guild whose trips are in at most this many towns in the window's first week has its
# circle read at once (-1: never). The benchmark's guilds: 384 towns a week at 10k members,
# 3,069 at 100k, 17,381 at 1M; counting stops past it (an index range of at most this many
# entries). Few towns bound the circle's work whatever its radius: the whole guild's towns
# of the week are no more. SQLite has no ``town_weeks``: it counts the week's trips in
# ``trip_boxes`` (~400 at 10k members), more than their towns, so it says "few" only when
# the towns are few too.
FEW_TOWNS = 1000
# How long a process trusts a count: a week's towns change a trip at a time (a guild that
# grows past ``FEW_TOWNS`` is read ring by ring within minutes).
REMEMBERED_S = 600.0
# Past this many guilds the memory starts afresh (a bot in many guilds).
MAX_REMEMBERED = 10_000

_remembered: dict[int, tuple[float, int]] = {}


def _towns_statement() -> Any:
    busy = (
        select(literal_column("1"))
        .select_from(town_weeks)
        .where(
            town_weeks.c.guild_id == bindparam("guild_id"),
            town_weeks.c.week == bindparam("week"),
        )
        .limit(bindparam("past_few"))
        .subquery("busy")
    )
    return select(func.count()).select_from(busy)


_TOWNS = _towns_statement()

# Days in ``trip_boxes`` are numbered from 1 January 1970, weeks from Monday 5 January
# (``bot.services.matching.DAY_ZERO`` and ``WEEK_ZERO``): a week's first day number.
WEEK_ZERO_DAY = (date(1970, 1, 5) - date(1970, 1, 1)).days


def _trips_statement() -> Any:
    """The guild's trips with a day in the week, in the R*Tree (its guild is a 32-bit
    float there: another guild made within seconds of this one may count too; an estimate
    for a plan is all this is)."""
    box = trip_boxes.c
    guild: Any = bindparam("guild_id")
    first: Any = bindparam("first_day")
    last: Any = bindparam("last_day")
    busy = (
        select(literal_column("1"))
        .select_from(trip_boxes)
        .where(box.guild_min <= guild, box.guild_max >= guild)
        .where(box.day_max >= first, box.day_min <= last)
        .limit(bindparam("past_few"))
        .subquery("busy")
    )
    return select(func.count()).select_from(busy)


_TRIPS = _trips_statement()


async def few_towns_in_week(*, session: AsyncSession, guild_id: int, week: int) -> bool:
    """Whether the guild's trips are in at most ``FEW_TOWNS`` towns in a week (PostgreSQL:
    ``town_weeks``; SQLite: at most that many trips), counted in ``week`` once per
    ``REMEMBERED_S`` per guild and taken for the guild's other weeks too: a guild's size
    changes slowly, and windows asked for fall in many weeks (a count for each would cost
    most queries a round trip)."""
    now = monotonic()
    seen = _remembered.get(guild_id)
    if seen is None or now - seen[0] >= REMEMBERED_S:
        first_day = WEEK_ZERO_DAY + 7 * week
        values = {
            "guild_id": guild_id,
            "week": week,
            "first_day": first_day,
            "last_day": first_day + 6,
            "past_few": FEW_TOWNS + 1,
        }
        postgres = session.get_bind().dialect.name == "postgresql"
        rows = await fetch_all(session, _TOWNS if postgres else _TRIPS, values)
        if len(_remembered) >= MAX_REMEMBERED:
            _remembered.clear()
        seen = (now, int(rows[0][0]))
        _remembered[guild_id] = seen
    return seen[1] <= FEW_TOWNS
