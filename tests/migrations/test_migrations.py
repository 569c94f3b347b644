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
