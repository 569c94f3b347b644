"""WAL checkpoints run in the background, not in writers' commits, and keep the WAL bounded."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.db import checkpoint as checkpoints
from bot.db.checkpoint import WalCheckpoints, checkpoint
from bot.db.database import Database

ROW = "x" * 3000  # most of a 4 KiB page


async def table(path: Path) -> Database:
    db = Database.from_url(f"sqlite+aiosqlite:///{path}")
    async with db.session() as session:
        await session.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
    return db


async def write(db: Database, rows: int) -> None:
    """One short transaction of ``rows`` rows of about a page each."""
    async with db.short_session() as session:
        await session.execute(text("INSERT INTO t (v) VALUES (:v)"), [{"v": ROW}] * rows)


def wal_size(path: Path) -> int:
    return Path(f"{path}-wal").stat().st_size


async def test_commits_leave_the_wal_to_the_checkpoint(tmp_path: Path) -> None:
    """Past SQLite's 1,000 pages, no commit checkpointed; after a checkpoint has copied
    every page, the next writer starts the WAL over."""
    db = await table(tmp_path / "db.sqlite3")
    for _ in range(12):
        await write(db, 100)
    found = await checkpoint(db.engine)
    assert found.wal_pages > 1200
    assert found.copied_pages == found.wal_pages
    assert not found.busy
    await write(db, 1)
    assert (await checkpoint(db.engine)).wal_pages < 10
    await db.dispose()


async def test_the_background_checkpoints_keep_the_wal_small(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    db = await table(path)
    running = WalCheckpoints(db.engine, every=0.01)
    running.start()
    biggest = 0
    for _ in range(30):  # 3,000 pages, 12 MB, in all
        await write(db, 100)
        biggest = max(biggest, wal_size(path))
        await asyncio.sleep(0.05)
    await running.stop()
    assert biggest < 4_000_000
    async with db.read_session() as session:
        assert (await session.execute(text("SELECT count(*) FROM t"))).scalar_one() == 3000
    await db.dispose()


async def test_a_wal_that_grew_too_big_is_restarted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = await table(tmp_path / "db.sqlite3")
    await write(db, 50)
    modes: list[str] = []
    run = checkpoints._checkpoint

    def spy(connection: sqlite3.Connection, mode: str) -> checkpoints.Checkpointed:
        modes.append(mode)
        return run(connection, mode)

    monkeypatch.setattr(checkpoints, "_checkpoint", spy)
    await checkpoint(db.engine)
    assert modes == ["PASSIVE"]
    monkeypatch.setattr(checkpoints, "RESTART_PAGES", 20)
    await write(db, 50)
    await checkpoint(db.engine)
    assert modes == ["PASSIVE", "PASSIVE", "RESTART"]
    await db.dispose()


async def test_what_a_stopped_bot_left_in_the_wal_is_read_and_checkpointed(
    tmp_path: Path,
) -> None:
    """A copy of the files taken while the bot runs is what a crash leaves: the commits
    are in the WAL only, and the next start finds them there."""
    db = await table(tmp_path / "db.sqlite3")
    await checkpoint(db.engine)
    for _ in range(5):
        await write(db, 20)
    copy = tmp_path / "crashed"
    copy.mkdir()
    for name in ("db.sqlite3", "db.sqlite3-wal"):
        shutil.copy(tmp_path / name, copy / name)
    await db.dispose()
    again = Database.from_url(f"sqlite+aiosqlite:///{copy / 'db.sqlite3'}")
    async with again.read_session() as session:
        assert (await session.execute(text("SELECT count(*) FROM t"))).scalar_one() == 100
    found = await checkpoint(again.engine)
    assert found.wal_pages >= 100
    assert found.copied_pages == found.wal_pages
    await again.dispose()
    plain = sqlite3.connect(copy / "db.sqlite3")
    assert plain.execute("SELECT count(*) FROM t").fetchone() == (100,)
    plain.close()


async def test_postgresql_needs_no_checkpoints() -> None:
    db = Database.from_url("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    running = WalCheckpoints(db.engine)
    running.start()
    await running.stop()  # nothing was started: nothing to connect to
    await db.dispose()
