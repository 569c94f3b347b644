"""Migrations build the schema from nothing, tear it down again, and match the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

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
        context = MigrationContext.configure(connection, opts={"compare_type": True})
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


async def test_models_and_migrations_do_not_drift(database_url: str) -> None:
    assert await drift(database_url) == []


async def test_downgrade_to_base_and_up_again(database_url: str) -> None:
    await migrate.downgrade(database_url, "base")
    assert await table_names(database_url) <= {"alembic_version"}
    await migrate.upgrade(database_url)
    assert set(Base.metadata.tables) <= await table_names(database_url)


async def test_guild_places_are_filled_from_existing_homes_and_trips(database_url: str) -> None:
    await migrate.downgrade(database_url, "e525c59926f6")
    engine = create_engine(database_url)
    now = "2026-11-21 12:00:00"
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql(
                "INSERT INTO homes (guild_id, user_id, place_id, place_label, lat, lon, timezone,"
                " created_at, updated_at) VALUES (7, 1, 2950159, 'Berlin', 52.5, 13.4,"
                f" 'Europe/Berlin', '{now}', '{now}')"
            )
            await connection.exec_driver_sql(
                "INSERT INTO trips (guild_id, user_id, place_id, place_label, lat, lon, timezone,"
                " start_date, end_date, note, announce, created_at, updated_at) VALUES"
                " (7, 2, 2988507, 'Paris', 48.9, 2.3, 'Europe/Paris', '2027-03-03', '2027-03-07',"
                f" '', false, '{now}', '{now}')"
            )
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
