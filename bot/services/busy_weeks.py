"""How many towns a guild's trips are in during a week, remembered a few minutes per process.

PostgreSQL's travelers statement reads a wide circle ring by ring so that around a busy
city it stops at the first ring holding enough trips. In a guild whose trips that week are
in a few hundred towns in all, no ring holds enough and the circle is read anyway: the
rings only add plan (each is a CTE, a capped count and a gate, started on every run even
when never read). Such a guild's circle is read at once (10k members, 500 km: about a third
less). Whatever the guild's size, the answer is the same either way: this only picks the
plan, so a figure some minutes old, or another process's, costs nothing but speed.
"""

from __future__ import annotations

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

# A guild whose trips are in at most this many towns in the window's first week has its
# circle read at once (-1: never). The benchmark's guilds: 384 towns a week at 10k members,
# 3,069 at 100k, 17,381 at 1M; counting stops past it (an index range of at most this many
# entries). Few towns bound the circle's work whatever its radius: the whole guild's towns
# of the week are no more.
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


async def few_towns_in_week(*, session: AsyncSession, guild_id: int, week: int) -> bool:
    """Whether the guild's trips are in at most ``FEW_TOWNS`` towns in a week (PostgreSQL
    only: ``town_weeks``), counted in ``week`` once per ``REMEMBERED_S`` per guild and taken
    for the guild's other weeks too: a guild's size changes slowly, and windows asked for
    fall in many weeks (a count for each would cost most queries a round trip)."""
    now = monotonic()
    seen = _remembered.get(guild_id)
    if seen is None or now - seen[0] >= REMEMBERED_S:
        values = {"guild_id": guild_id, "week": week, "past_few": FEW_TOWNS + 1}
        rows = await fetch_all(session, _TOWNS, values)
        if len(_remembered) >= MAX_REMEMBERED:
            _remembered.clear()
        seen = (now, int(rows[0][0]))
        _remembered[guild_id] = seen
    return seen[1] <= FEW_TOWNS
