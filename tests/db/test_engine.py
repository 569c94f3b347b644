"""SQLite is tuned for concurrent use: WAL, foreign keys, and writers that wait their turn."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from bot.db import engine, migrate
from bot.db.database import Database
from models import GuildSettings


async def migrated(tmp_path: Path) -> Database:
    url = f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}"
    await migrate.upgrade(url)
    return Database.from_url(url)


async def test_sqlite_pragmas(tmp_path: Path) -> None:
    db = await migrated(tmp_path)
    async with db.session() as session:
        assert (await session.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        assert (await session.execute(text("PRAGMA foreign_keys"))).scalar() == 1
        assert (await session.execute(text("PRAGMA busy_timeout"))).scalar() == 10_000
        assert (await session.execute(text("PRAGMA wal_autocheckpoint"))).scalar() == 0
        assert (await session.execute(text("PRAGMA journal_size_limit"))).scalar() == 64 << 20
    await db.dispose()


async def test_concurrent_read_then_write_transactions_do_not_fail(tmp_path: Path) -> None:
    """Each task reads the counter and then writes it back: with deferred transactions two
    of them would both read, then one would fail with "database is locked" on upgrade."""
    db = await migrated(tmp_path)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    async with db.session() as session:
        session.add(
            GuildSettings(
                guild_id=1,
                radius_km=1,
                announce_trips=False,
                trip_retention_days=0,
                created_at=now,
                updated_at=now,
            )
        )

    async def bump() -> None:
        async with db.session() as session:
            row = (await session.execute(select(GuildSettings))).scalar_one()
            await asyncio.sleep(0.01)
            row.radius_km += 1

    await asyncio.gather(*(bump() for _ in range(20)))
    async with db.read_session() as session:
        assert (await session.execute(select(func.max(GuildSettings.radius_km)))).scalar() == 21
    await db.dispose()


async def test_data_folder_is_created(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'nested' / 'deeper' / 'db.sqlite3'}"
    await migrate.upgrade(url)
    assert (tmp_path / "nested" / "deeper" / "db.sqlite3").exists()


async def test_postgres_read_sessions_run_in_autocommit(pg_database_url: str) -> None:
    """No BEGIN and COMMIT round trips around a read session's statements on PostgreSQL
    (each statement reads its own snapshot under READ COMMITTED anyway); other sessions
    keep their transaction."""
    db = Database.from_url(pg_database_url)
    try:
        for opened, in_transaction in ((db.read_session, False), (db.session, True)):
            async with opened() as session:
                await session.execute(text("SELECT 1"))
                raw = await (await session.connection()).get_raw_connection()
                assert raw.driver_connection.is_in_transaction() is in_transaction
    finally:
        await db.dispose()


async def test_postgres_pings_a_pooled_connection_only_after_it_sat_idle(
    pg_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database.from_url(pg_database_url)
    pings: list[object] = []
    ping = db.engine.dialect.do_ping

    def counted(dbapi_connection: object) -> bool:
        pings.append(dbapi_connection)
        return ping(dbapi_connection)

    monkeypatch.setattr(db.engine.dialect, "do_ping", counted)
    try:
        for _ in range(3):  # a new connection, then the same one a moment later: no ping
            async with db.read_session() as session:
                await session.execute(text("SELECT 1"))
        assert pings == []
        monkeypatch.setattr(engine, "PING_AFTER_IDLE_S", 0.0)  # as if it sat idle
        async with db.read_session() as session:
            await session.execute(text("SELECT 1"))
        assert len(pings) == 1
    finally:
        await db.dispose()


async def test_postgres_replaces_a_connection_dropped_while_idle(
    pg_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server ends the pooled connection (a restart, an idle timeout): after a pause
    the ping finds it gone and the pool connects again, so the next command does not fail;
    a moment after its last use it is not pinged, and the first statement fails instead
    (then the pool starts over)."""
    db = Database.from_url(pg_database_url)
    admin = await asyncpg.connect(
        make_url(pg_database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    )

    async def backend() -> int:
        async with db.read_session() as session:
            return int((await session.execute(text("SELECT pg_backend_pid()"))).scalar_one())

    try:
        first = await backend()
        await admin.execute("SELECT pg_terminate_backend($1)", first)
        monkeypatch.setattr(engine, "PING_AFTER_IDLE_S", 0.0)
        second = await backend()
        assert second != first
        monkeypatch.setattr(engine, "PING_AFTER_IDLE_S", 3600.0)
        await admin.execute("SELECT pg_terminate_backend($1)", second)
        with pytest.raises(DBAPIError):
            await backend()
        assert await backend() not in (first, second)
    finally:
        await admin.close()
        await db.dispose()
