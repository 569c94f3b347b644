"""town_weeks under concurrent writers, on PostgreSQL (the only backend that has it).

Its rows are shared counters: every trip to a town in a week adds to one row. Writers that
each change several towns at once (a member erased, a purge) lock those rows; in opposite
orders, row-by-row triggers deadlock. The triggers run once per statement and lock in key
order, so concurrent statements wait for each other and the counts stay exact.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TOWNS = [(1000 + n, 40.0 + n, 2.0 + n) for n in range(5)]
MEMBERS = 6
ROUNDS = 12


def trips_of(member: int) -> str:
    """One INSERT of a member's trips to every town, starting from a different town for
    each member (so their rows come, and would be locked row by row, in different orders),
    each trip over three weeks."""
    rows = []
    for step in range(len(TOWNS)):
        place, lat, lon = TOWNS[(member + step) % len(TOWNS)]
        start = date(2027, 3, 1) + timedelta(days=member)
        end = start + timedelta(days=15)
        rows.append(
            f"(7, {member}, {place}, 'Town {place}', {lat}, {lon}, 'UTC', '{start}', '{end}',"
            f" '', false, '{NOW}', '{NOW}')"
        )
    return (
        "INSERT INTO trips (guild_id, user_id, place_id, place_label, lat, lon, timezone,"
        " start_date, end_date, note, announce, created_at, updated_at) VALUES " + ", ".join(rows)
    )


async def member_churns(engine: AsyncEngine, member: int, start: asyncio.Event) -> None:
    await start.wait()
    for _ in range(ROUNDS):
        async with engine.begin() as connection:
            await connection.exec_driver_sql(f"DELETE FROM trips WHERE user_id = {member}")
        async with engine.begin() as connection:
            await connection.exec_driver_sql(trips_of(member))


async def test_concurrent_erasures_and_adds_keep_town_weeks_exact(pg_database_url: str) -> None:
    engine = create_engine(pg_database_url)
    try:
        for member in range(MEMBERS):
            async with engine.begin() as connection:
                await connection.exec_driver_sql(trips_of(member))
        start = asyncio.Event()
        churn = [member_churns(engine, member, start) for member in range(MEMBERS)]
        tasks = asyncio.gather(*churn)
        start.set()
        await tasks  # a deadlock would raise here (PostgreSQL aborts one of the two)
        async with engine.connect() as connection:
            kept = (
                await connection.exec_driver_sql(
                    "SELECT guild_id, week, place_id, trips FROM town_weeks ORDER BY 1, 2, 3"
                )
            ).all()
            recount = (
                await connection.exec_driver_sql(
                    "SELECT t.guild_id, w, t.place_id, count(*) FROM trips t CROSS JOIN"
                    " generate_series((t.start_date - DATE '1970-01-05') / 7,"
                    " (t.end_date - DATE '1970-01-05') / 7) w GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
                )
            ).all()
    finally:
        await engine.dispose()
    assert [tuple(row) for row in kept] == [tuple(row) for row in recount]
    # Every member's trips are back: 5 towns, each over 3 or 4 weeks, 6 trips a town-week
    # at most.
    assert sum(row[3] for row in kept) == sum(row[3] for row in recount) > 0
    assert max(row[3] for row in kept) == MEMBERS
