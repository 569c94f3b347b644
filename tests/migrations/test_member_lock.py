"""The member's lock (migration b8e4c2a6d0f3, PostgreSQL): a trip saved while its member
opts out of DMs gets no DM spot, whichever transaction commits first; deleting a whole
guild's settings in one transaction takes no lock per member."""

from __future__ import annotations

import asyncpg
import pytest

from tests.migrations.test_trips_hidden import TRIP
from tests.support.races import asyncpg_dsn, second_waits_for_first

OPTED_IN = (
    "INSERT INTO member_settings (guild_id, user_id, notify_dm, digest, discoverable,"
    " radius_km, created_at, updated_at) VALUES (7, 1, true, false, true, 100, now(), now())"
)
OPT_OUT = "UPDATE member_settings SET notify_dm = false WHERE guild_id = 7 AND user_id = 1"


@pytest.mark.parametrize("first", ["trip", "opt_out"])
async def test_a_trip_saved_while_its_member_opts_out_gets_no_dm_spot(
    pg_database_url: str, first: str
) -> None:
    """Each transaction holds its change uncommitted while the other starts: without the
    lock the trip's trigger reads the settings before the opt-out commits, the opt-out's
    trigger misses the uncommitted trip, and the trip keeps a spot (its member would be
    sent visitor DMs after opting out)."""
    connection = await asyncpg.connect(asyncpg_dsn(pg_database_url))
    try:
        await connection.execute(OPTED_IN)
    finally:
        await connection.close()
    statements = {"trip": TRIP, "opt_out": OPT_OUT}
    second = "opt_out" if first == "trip" else "trip"
    async with second_waits_for_first(
        pg_database_url, statements[first], statements[second]
    ) as connection:
        assert await connection.fetchval("SELECT count(*) FROM trips") == 1
        assert await connection.fetchval("SELECT count(*) FROM notify_spots") == 0


async def test_a_guilds_settings_are_deleted_in_one_transaction_without_a_lock_each(
    pg_database_url: str,
) -> None:
    """``forget_guild`` deletes every settings row of a guild at once: a lock per deleted
    row (as trips.hidden's trigger took before) overflowed PostgreSQL's lock table (64 per
    connection, 10,000 to 14,000 locks on this server) for a guild of 15,000 members with
    settings."""
    connection = await asyncpg.connect(asyncpg_dsn(pg_database_url))
    try:
        for first in range(0, 15_000, 1_000):  # a transaction each: inserts do lock
            await connection.execute(
                "INSERT INTO member_settings (guild_id, user_id, notify_dm, digest, discoverable,"
                " created_at, updated_at) SELECT 7, n, false, false, false, now(), now()"
                f" FROM generate_series({first + 1}, {first + 1_000}) AS n"
            )
        async with connection.transaction():
            await connection.execute("DELETE FROM member_settings WHERE guild_id = 7")
        assert await connection.fetchval("SELECT count(*) FROM member_settings") == 0
    finally:
        await connection.close()
