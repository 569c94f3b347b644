"""Migrations build the schema from nothing, tear it down again, and match the models."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db import migrate
from bot.db.engine import create_engine
from models import Base


async def table_names(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()


async def drift(url: str) -> list[object]:
    engine = create_engine(url)

    def compare(connection: Connection) -> list[object]:
        opts = {"compare_type": True, "include_name": migrate.include_name}
        context = MigrationContext.configure(connection, opts=opts)
        return list(compare_metadata(context, Base.metadata))

    try:
        async with engine.connect() as connection:
            return await connection.run_sync(compare)
    finally:
        await engine.dispose()


async def test_upgrade_creates_every_table_on_an_empty_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'empty.sqlite3'}"
    await migrate.upgrade(url)
    assert set(Base.metadata.tables) <= await table_names(url)
    assert await migrate.current_revision(url) == migrate.head_revision()


# Alembic cannot reflect SQLite's indexes on expressions: PostgreSQL's run compares that one,
# and test_the_guild_places_cell_index_exists_on_sqlite checks SQLite has it.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression")
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
async def test_models_and_migrations_do_not_drift(database_url: str) -> None:
    assert await drift(database_url) == []


async def test_the_guild_places_cell_index_exists_on_sqlite(sqlite_database_url: str) -> None:
    """A batch-mode migration that recreates guild_places would drop it silently."""
    engine = create_engine(sqlite_database_url)
    try:
        async with engine.connect() as connection:
            found = await connection.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = 'ix_guild_places_guild_cell_lon'"
            )
            sql = found.scalar_one()
    finally:
        await engine.dispose()
    assert "(guild_id, floor(lat), lon, lat, place_id, visible_homes)" in sql


async def test_downgrade_to_base_and_up_again(database_url: str) -> None:
    await migrate.downgrade(database_url, "base")
    assert await table_names(database_url) <= {"alembic_version"}
    await migrate.upgrade(database_url)
    assert set(Base.metadata.tables) <= await table_names(database_url)


NOW = "2026-11-21 12:00:00"


async def insert_home(connection: AsyncConnection, user: int) -> None:
    await connection.exec_driver_sql(
        "INSERT INTO homes (guild_id, user_id, place_id, place_label, lat, lon, timezone,"
        f" created_at, updated_at) VALUES (7, {user}, 2950159, 'Berlin', 52.5, 13.4,"
        f" 'Europe/Berlin', '{NOW}', '{NOW}')"
    )


async def insert_trip(connection: AsyncConnection, user: int) -> None:
    await connection.exec_driver_sql(
        "INSERT INTO trips (guild_id, user_id, place_id, place_label, lat, lon, timezone,"
        " start_date, end_date, note, announce, created_at, updated_at) VALUES"
        f" (7, {user}, 2988507, 'Paris', 48.9, 2.3, 'Europe/Paris', '2027-03-03', '2027-03-07',"
        f" '', false, '{NOW}', '{NOW}')"
    )


async def test_guild_places_are_filled_from_existing_homes_and_trips(database_url: str) -> None:
    await migrate.downgrade(database_url, "e525c59926f6")
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await insert_home(connection, 1)
            await insert_trip(connection, 2)
        await migrate.upgrade(database_url)
        async with engine.connect() as connection:
            rows = (
                await connection.exec_driver_sql(
                    "SELECT guild_id, place_id FROM guild_places ORDER BY place_id"
                )
            ).all()
    finally:
        await engine.dispose()
    assert [tuple(row) for row in rows] == [(7, 2950159), (7, 2988507)]


NOTIFY_TRIGGERS = {
    f"notify_spots_{table}_{event}"
    for table in ("homes", "trips", "member_settings")
    for event in ("insert", "update", "delete")
}


async def trigger_names(url: str) -> set[str]:
    engine = create_engine(url)
    sql = (
        "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        if url.startswith("sqlite")
        else "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    )
    try:
        async with engine.connect() as connection:
            return {row[0] for row in (await connection.exec_driver_sql(sql)).all()}
    finally:
        await engine.dispose()


VISIBLE_HOMES_TRIGGERS = {
    f"visible_homes_{table}_{event}"
    for table in ("homes", "member_settings")
    for event in ("insert", "update", "delete")
}


async def test_notify_spots_triggers_exist_at_head(database_url: str) -> None:
    """SQLite drops a table's triggers when batch mode recreates it: a later migration that
    recreates homes, trips or member_settings must create them again."""
    assert await trigger_names(database_url) >= NOTIFY_TRIGGERS | VISIBLE_HOMES_TRIGGERS


async def test_notify_spots_are_filled_from_existing_opted_in_members(database_url: str) -> None:
    await migrate.downgrade(database_url, "5b7e2c9a4d10")
    assert not NOTIFY_TRIGGERS & await trigger_names(database_url)
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            for user, notify in ((1, True), (2, False)):
                await insert_home(connection, user)
                await insert_trip(connection, user)
                await connection.exec_driver_sql(
                    "INSERT INTO member_settings (guild_id, user_id, notify_dm, digest,"
                    " radius_km, discoverable, created_at, updated_at) VALUES"
                    f" (7, {user}, {notify}, false, 80, true, '{NOW}', '{NOW}')"
                )
        await migrate.upgrade(database_url)
        async with engine.connect() as connection:
            rows = (
                await connection.exec_driver_sql(
                    "SELECT user_id, place_label, radius_km FROM notify_spots ORDER BY trip_id"
                )
            ).all()
    finally:
        await engine.dispose()
    assert [tuple(row) for row in rows] == [(1, "Berlin", 80), (1, "Paris", 80)]


async def test_visible_homes_are_counted_from_existing_homes(database_url: str) -> None:
    """Each guild city's visible homes, hidden members left out; a city whose row is missing
    is added. The triggers keep the counts from then on."""
    await migrate.downgrade(database_url, "c4d1e8f2a7b3")
    assert not VISIBLE_HOMES_TRIGGERS & await trigger_names(database_url)
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            for user in (1, 2, 3):
                await insert_home(connection, user)
            await connection.exec_driver_sql(
                "INSERT INTO member_settings (guild_id, user_id, notify_dm, digest,"
                " discoverable, created_at, updated_at) VALUES"
                f" (7, 2, false, false, false, '{NOW}', '{NOW}')"
            )
            await connection.exec_driver_sql(
                "INSERT INTO guild_places (guild_id, place_id, lat, lon, uses)"
                " VALUES (7, 2988507, 48.9, 2.3, 1)"
            )
        await migrate.upgrade(database_url)
        counts = "SELECT place_id, visible_homes FROM guild_places ORDER BY place_id"
        async with engine.begin() as connection:
            filled = (await connection.exec_driver_sql(counts)).all()
            await connection.exec_driver_sql("DELETE FROM member_settings")
            kept = (await connection.exec_driver_sql(counts)).all()
    finally:
        await engine.dispose()
    assert [tuple(row) for row in filled] == [(2950159, 2), (2988507, 0)]
    assert [tuple(row) for row in kept] == [(2950159, 3), (2988507, 0)]


TRIP_WEEK_TRIGGERS = {f"trip_weeks_trips_{event}" for event in ("insert", "update", "delete")}


async def test_trip_weeks_triggers_exist_at_head(database_url: str) -> None:
    """As for notify_spots: a later migration that recreates trips must create them again."""
    assert await trigger_names(database_url) >= TRIP_WEEK_TRIGGERS


async def test_trip_weeks_are_filled_from_existing_trips(database_url: str) -> None:
    await migrate.downgrade(database_url, "9e5a2c7d4b18")
    assert not TRIP_WEEK_TRIGGERS & await trigger_names(database_url)
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await insert_trip(connection, 1)  # Wednesday to Sunday: no later week
            await connection.exec_driver_sql(
                "INSERT INTO trips (guild_id, user_id, place_id, place_label, lat, lon, timezone,"
                " start_date, end_date, note, announce, created_at, updated_at) VALUES"
                " (7, 2, 2950159, 'Berlin', 52.5, 13.4, 'Europe/Berlin', '2027-03-06',"
                f" '2027-03-15', '', false, '{NOW}', '{NOW}')"
            )  # Saturday 6 March to Monday 15 March: two later weeks
        await migrate.upgrade(database_url)
        async with engine.connect() as connection:
            rows = (
                await connection.exec_driver_sql(
                    "SELECT w.place_id, w.week, t.user_id, w.user_id, w.hidden, w.place_label"
                    " FROM trip_weeks w JOIN trips t ON t.id = w.trip_id ORDER BY w.week"
                )
            ).all()
    finally:
        await engine.dispose()
    monday = (date(2027, 3, 1) - date(1970, 1, 5)).days // 7  # the week of 6 March
    # Each week carries its trip's member, flag and label (migration e7b3d9f1a5c4).
    assert [tuple(row) for row in rows] == [
        (2950159, monday + week, 2, 2, False, "Berlin") for week in (1, 2)
    ]


TRIP_BOX_TRIGGERS = {
    f"trip_boxes_{table}_{event}"
    for table in ("trips", "settings")
    for event in ("insert", "update", "delete")
}


async def trip_boxes(url: str) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.exec_driver_sql(
                "SELECT t.user_id, b.day_min, b.day_max, b.lat_min <= t.lat AND b.lat_max >= t.lat"
                " AND b.lon_min <= t.lon AND b.lon_max >= t.lon FROM trip_boxes b"
                " JOIN trips t ON t.id = b.id ORDER BY t.user_id"
            )
            return [tuple(row) for row in rows]
    finally:
        await engine.dispose()


async def test_trip_boxes_triggers_exist_at_head(sqlite_database_url: str) -> None:
    """As for notify_spots: a later migration that recreates trips must create them again."""
    assert await trigger_names(sqlite_database_url) >= TRIP_BOX_TRIGGERS


async def test_trip_boxes_are_filled_then_kept_by_triggers(sqlite_database_url: str) -> None:
    url = sqlite_database_url
    await migrate.downgrade(url, "2b9e6f0c8d15")
    assert not TRIP_BOX_TRIGGERS & await trigger_names(url)
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await insert_trip(connection, 1)
        await migrate.upgrade(url)
        paris = (date(2027, 3, 3) - date(1970, 1, 1)).days
        assert await trip_boxes(url) == [(1, paris, paris + 4, 1)]
        async with engine.begin() as connection:
            await insert_trip(connection, 2)
            await connection.exec_driver_sql(
                "UPDATE trips SET end_date = '2027-03-09', lat = 52.5, lon = 13.4 WHERE user_id = 1"
            )
        assert await trip_boxes(url) == [(1, paris, paris + 6, 1), (2, paris, paris + 4, 1)]
        async with engine.begin() as connection:
            await connection.exec_driver_sql("DELETE FROM trips WHERE user_id = 2")
        assert await trip_boxes(url) == [(1, paris, paris + 6, 1)]
    finally:
        await engine.dispose()


async def settings_of(connection: AsyncConnection, user: int, *, shown: bool) -> None:
    await connection.exec_driver_sql(
        "INSERT INTO member_settings (guild_id, user_id, notify_dm, digest, discoverable,"
        f" created_at, updated_at) VALUES (7, {user}, false, false, {str(shown).lower()},"
        f" '{NOW}', '{NOW}')"
    )


async def boxed(url: str) -> list[object]:
    return [user for user, *_ in await trip_boxes(url)]


async def test_trip_boxes_hold_only_shown_members_trips(sqlite_database_url: str) -> None:
    """Whoever hides loses their boxes and gets them back on showing again, whichever way
    the settings row changes; a hidden member's new trip gets none."""
    url = sqlite_database_url
    await migrate.downgrade(url, "b5e1f9c3a7d2")
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await insert_trip(connection, 1)
            await insert_trip(connection, 2)
            await settings_of(connection, 2, shown=False)
        assert await boxed(url) == [1, 2]  # before: every trip had a box
        await migrate.upgrade(url)
        assert await boxed(url) == [1]
        async with engine.begin() as connection:
            await settings_of(connection, 1, shown=False)
            await insert_trip(connection, 1)
        assert await boxed(url) == []
        async with engine.begin() as connection:
            await connection.exec_driver_sql(
                "UPDATE member_settings SET discoverable = true WHERE user_id = 1"
            )
        assert await boxed(url) == [1, 1]  # both of their trips
        async with engine.begin() as connection:
            await connection.exec_driver_sql("DELETE FROM member_settings WHERE user_id = 2")
            await connection.exec_driver_sql(
                "UPDATE member_settings SET user_id = 2, discoverable = false WHERE user_id = 1"
            )
        assert await boxed(url) == [1, 1]  # 1 has no settings now, 2 hides again
        await migrate.downgrade(url, "b5e1f9c3a7d2")
        assert await boxed(url) == [1, 1, 2]
    finally:
        await engine.dispose()


async def test_each_backend_has_its_own_travelers_table(database_url: str) -> None:
    """The R*Tree is SQLite's, the towns week by week PostgreSQL's: each backend reads
    travelers its own way."""
    names = await table_names(database_url)
    assert ("trip_boxes" in names) == database_url.startswith("sqlite")
    assert ("town_weeks" in names) == database_url.startswith("postgresql")


TOWN_WEEK_TRIGGERS = {f"town_weeks_trips_{event}" for event in ("insert", "update", "delete")}


async def town_weeks(url: str) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.exec_driver_sql(
                "SELECT place_id, week, lat, lat_cell, trips FROM town_weeks "
                "ORDER BY place_id, week"
            )
            return [tuple(row) for row in rows]
    finally:
        await engine.dispose()


async def test_town_weeks_are_filled_then_kept_by_triggers(pg_database_url: str) -> None:
    url = pg_database_url
    await migrate.downgrade(url, "5d8a1c3e7f42")
    assert not TOWN_WEEK_TRIGGERS & await trigger_names(url)
    engine = create_engine(url)
    monday = (date(2027, 3, 1) - date(1970, 1, 5)).days // 7  # the week of 3-7 March
    try:
        async with engine.begin() as connection:
            await insert_trip(connection, 1)  # Paris, Wednesday 3 to Sunday 7 March
            await insert_trip(connection, 2)
        await migrate.upgrade(url)
        assert await trigger_names(url) >= TOWN_WEEK_TRIGGERS
        assert await town_weeks(url) == [(2988507, monday, 48.9, 48, 2)]
        async with engine.begin() as connection:
            await insert_trip(connection, 3)
            # Into the next week, and a note changed (no effect on the towns).
            await connection.exec_driver_sql(
                "UPDATE trips SET end_date = '2027-03-09', note = 'x' WHERE user_id = 1"
            )
        assert await town_weeks(url) == [
            (2988507, monday, 48.9, 48, 3),
            (2988507, monday + 1, 48.9, 48, 1),
        ]
        async with engine.begin() as connection:
            # Moved to Berlin: out of Paris's weeks, into Berlin's.
            await connection.exec_driver_sql(
                "UPDATE trips SET place_id = 2950159, lat = 52.5, lon = 13.4 WHERE user_id = 1"
            )
            await connection.exec_driver_sql("DELETE FROM trips WHERE user_id = 2")
        assert await town_weeks(url) == [
            (2950159, monday, 52.5, 52, 1),
            (2950159, monday + 1, 52.5, 52, 1),
            (2988507, monday, 48.9, 48, 1),
        ]
        async with engine.begin() as connection:
            await connection.exec_driver_sql("DELETE FROM trips")
        assert await town_weeks(url) == []  # a town's row goes with its last trip
    finally:
        await engine.dispose()
