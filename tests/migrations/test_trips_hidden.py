"""``trips.hidden`` (migration d6a2f8c4e1b7): filled from the settings, then kept exact by
triggers on every write path, and on PostgreSQL also when a trip and its member's hiding
are saved at the same moment by two transactions."""

from __future__ import annotations

import pytest

from bot.db import migrate
from bot.db.engine import create_engine
from tests.migrations.test_migrations import insert_trip, settings_of, trigger_names
from tests.support.races import second_waits_for_first

BEFORE = "a7c3e9d1f5b2"
SQLITE_TRIGGERS = {
    "trips_hidden_trips_insert",
    "trips_hidden_trips_update",
    "trips_hidden_settings_insert",
    "trips_hidden_settings_update",
    "trips_hidden_settings_delete",
}
POSTGRES_TRIGGERS = {"trips_hidden_trips", "trips_hidden_settings"}


async def flags(url: str) -> list[tuple[int, bool]]:
    """(member, hidden) of every trip, by member then id."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.exec_driver_sql(
                "SELECT user_id, hidden FROM trips ORDER BY user_id, id"
            )
            return [(int(user), bool(hidden)) for user, hidden in rows]
    finally:
        await engine.dispose()


async def run(url: str, *statements: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for statement in statements:
                await connection.exec_driver_sql(statement)
    finally:
        await engine.dispose()


async def test_the_flag_is_filled_then_kept_by_triggers(database_url: str) -> None:
    """Whoever hides has every trip flagged, a hidden member's new trip too; showing again
    or deleting the settings clears the flags; a trip moved to another member takes theirs;
    a flag written by hand is put right. Downgrading takes the column and triggers away."""
    url = database_url
    triggers = SQLITE_TRIGGERS if url.startswith("sqlite") else POSTGRES_TRIGGERS
    await migrate.downgrade(url, BEFORE)
    assert not triggers & await trigger_names(url)
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await insert_trip(connection, 1)
            await insert_trip(connection, 2)
            await settings_of(connection, 2, shown=False)
            await settings_of(connection, 3, shown=True)
    finally:
        await engine.dispose()
    await migrate.upgrade(url)
    assert await trigger_names(url) >= triggers
    assert await flags(url) == [(1, False), (2, True)]

    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await insert_trip(connection, 2)  # a hidden member's new trip
            await insert_trip(connection, 3)
            await settings_of(connection, 1, shown=False)  # 1 hides: a new settings row
    finally:
        await engine.dispose()
    assert await flags(url) == [(1, True), (2, True), (2, True), (3, False)]

    await run(url, "UPDATE member_settings SET discoverable = true WHERE user_id = 1")
    await run(url, "DELETE FROM member_settings WHERE user_id = 2")
    assert await flags(url) == [(1, False), (2, False), (2, False), (3, False)]

    await run(url, "UPDATE member_settings SET discoverable = false WHERE user_id = 3")
    await run(url, "UPDATE trips SET user_id = 3 WHERE user_id = 1")  # now 3's trip
    await run(url, "UPDATE trips SET hidden = false WHERE user_id = 3")  # by hand: put right
    assert await flags(url) == [(2, False), (2, False), (3, True), (3, True)]

    # A settings row moved to another member: the old one is shown again, the new hidden.
    await run(url, "UPDATE member_settings SET user_id = 2 WHERE user_id = 3")
    assert await flags(url) == [(2, True), (2, True), (3, False), (3, False)]

    await migrate.downgrade(url, BEFORE)
    assert not triggers & await trigger_names(url)
    await migrate.upgrade(url)
    assert await flags(url) == [(2, True), (2, True), (3, False), (3, False)]


TRIP = (
    "INSERT INTO trips (guild_id, user_id, place_id, place_label, lat, lon, timezone,"
    " start_date, end_date, note, announce, created_at, updated_at) VALUES"
    " (7, 1, 2988507, 'Paris', 48.9, 2.3, 'Europe/Paris', '2027-03-03', '2027-03-07',"
    " '', false, now(), now())"
)
HIDE = (
    "INSERT INTO member_settings (guild_id, user_id, notify_dm, digest, discoverable,"
    " created_at, updated_at) VALUES (7, 1, false, false, false, now(), now())"
)


@pytest.mark.parametrize("first", ["trip", "hide"])
async def test_a_trip_saved_while_its_member_hides_is_hidden(
    pg_database_url: str, first: str
) -> None:
    """Two transactions, one saving a trip and one hiding its member, each holding its
    change uncommitted while the other starts: under READ COMMITTED each would miss the
    other's row and the trip would stay shown. The member's lock makes the second wait for
    the first to commit, then read it."""
    statements = {"trip": TRIP, "hide": HIDE}
    second = "hide" if first == "trip" else "trip"
    async with second_waits_for_first(
        pg_database_url, statements[first], statements[second]
    ) as connection:
        assert await connection.fetch("SELECT hidden FROM trips") == [(True,)]
