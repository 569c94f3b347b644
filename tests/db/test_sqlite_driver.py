"""The SQLite driver: one thread trip per statement, writers in order, short transactions
that hold the lock without event-loop trips, and the aiosqlite members it relies on."""

from __future__ import annotations

import asyncio
import gc
import inspect
import sqlite3
import time
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from bot.db import sqlite_driver
from bot.db.database import Database
from bot.db.sqlite_driver import OneTripConnection


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every call queued to a connection's worker thread (aiosqlite's ``_execute``), named
    by the SQL it carries."""
    seen: list[str] = []
    queue = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        carried = args[2] if fn is sqlite_driver._with_connection else ()
        begun = fn is sqlite_driver._with_connection and args[1] is sqlite_driver._after_begin
        if begun:  # a read transaction's BEGIN with its first statement
            carried = carried[1]
        named = next((a for a in carried if isinstance(a, str)), fn.__name__)
        seen.append(f"BEGIN; {named}" if begun else named)
        return await queue(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return seen


async def table(tmp_path: Path) -> Database:
    db = Database.from_url(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    async with db.session() as session:
        await session.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
    return db


def test_aiosqlite_members_the_driver_uses() -> None:
    """``_execute(fn, *args)`` queues a call to the worker thread, ``_conn`` is the sqlite3
    connection, ``_thread`` the worker: if aiosqlite renames them, this fails first."""
    assert inspect.iscoroutinefunction(aiosqlite.Connection._execute)
    assert list(inspect.signature(aiosqlite.Connection._execute).parameters) == [
        "self",
        "fn",
        "args",
        "kwargs",
    ]
    assert isinstance(inspect.getattr_static(aiosqlite.Connection, "_conn"), property)
    connection = OneTripConnection(":memory:")
    assert connection._thread.daemon


async def test_the_engine_uses_the_driver(tmp_path: Path) -> None:
    db = await table(tmp_path)
    async with db.engine.connect() as connection:
        raw = await connection.get_raw_connection()
        assert isinstance(raw.driver_connection, OneTripConnection)
    await db.dispose()


async def test_a_statement_is_one_trip_with_its_rows(tmp_path: Path, trips: list[str]) -> None:
    db = await table(tmp_path)
    async with db.engine.connect() as connection:
        await connection.execute(text("SELECT 1"))  # the connection is open
        trips.clear()
        inserted = await connection.execute(
            text("INSERT INTO t (v) VALUES ('a'), ('b'), ('c') RETURNING id")
        )
        assert inserted.scalars().all() == [1, 2, 3]
        assert trips == ["INSERT INTO t (v) VALUES ('a'), ('b'), ('c') RETURNING id"]
        rows = await connection.execute(text("SELECT id, v FROM t ORDER BY id"))
        assert list(rows.keys()) == ["id", "v"]
        assert [tuple(r) for r in rows] == [(1, "a"), (2, "b"), (3, "c")]
        updated = await connection.execute(text("UPDATE t SET v = 'x' WHERE id > 1"))
        assert updated.rowcount == 2  # type: ignore[attr-defined]
        many = await connection.execute(
            text("INSERT INTO t (v) VALUES (:v)"), [{"v": "d"}, {"v": "e"}]
        )
        assert many.rowcount == 2  # type: ignore[attr-defined]
        assert len(trips) == 4  # one per statement, rows included
        await connection.rollback()
    await db.dispose()


async def test_a_short_transaction_makes_no_trip_while_it_holds_the_lock(
    tmp_path: Path, trips: list[str]
) -> None:
    db = await table(tmp_path)
    async with db.short_session() as session:
        await session.execute(text("SELECT 1"))  # the connection is open, BEGIN IMMEDIATE ran
        trips.clear()
        await session.execute(text("INSERT INTO t (v) VALUES ('a')"))
        await session.execute(text("UPDATE t SET v = 'b'"))
        assert (await session.execute(text("SELECT v FROM t"))).scalar_one() == "b"
        assert trips == []
    assert trips == []  # COMMIT only appends to the WAL: here too
    async with db.read_session() as session:
        assert (await session.execute(text("SELECT v FROM t"))).scalar_one() == "b"
    await db.dispose()


async def test_a_read_sessions_begin_rides_with_its_first_statement(
    tmp_path: Path, trips: list[str]
) -> None:
    """A read session costs one trip per statement: ``BEGIN`` goes with the first
    statement, ``COMMIT`` runs on the event loop, and the statements still share one
    snapshot (a write committed between them is not seen; the next session sees it)."""
    db = await table(tmp_path)
    async with db.short_session() as session:
        await session.execute(text("INSERT INTO t (v) VALUES ('a')"))
    trips.clear()
    async with db.read_session() as session:
        assert (await session.execute(text("SELECT count(*) FROM t"))).scalar_one() == 1
        assert trips == ["BEGIN; SELECT count(*) FROM t"]
        async with db.short_session() as writer:  # another connection
            await writer.execute(text("INSERT INTO t (v) VALUES ('b')"))
        trips.clear()
        assert (await session.execute(text("SELECT count(*) FROM t"))).scalar_one() == 1
    assert trips == ["SELECT count(*) FROM t"]  # its COMMIT only ends the snapshot: no trip
    async with db.read_session() as session:
        assert (await session.execute(text("SELECT count(*) FROM t"))).scalar_one() == 2
    trips.clear()
    async with db.read_session():
        pass  # no statement: no transaction, no trip
    assert trips == []
    await db.dispose()


async def test_a_commit_that_may_checkpoint_goes_to_the_worker_thread(
    tmp_path: Path, trips: list[str]
) -> None:
    """With SQLite's automatic checkpoint on (not the bot's engine), COMMIT can copy and
    sync pages for tens of milliseconds: not on the event loop."""
    db = await table(tmp_path)

    @event.listens_for(db.engine.sync_engine, "connect")
    def _checkpoint_in_commit(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA wal_autocheckpoint=1000")
        cursor.close()

    await db.engine.dispose()  # the pooled connection opened without it
    async with db.short_session() as session:
        await session.execute(text("SELECT 1"))
        trips.clear()
        await session.execute(text("INSERT INTO t (v) VALUES ('a')"))
    assert trips == ["commit"]
    await db.dispose()


async def test_the_collector_waits_while_a_short_transaction_holds_the_lock(
    tmp_path: Path,
) -> None:
    db = await table(tmp_path)
    assert gc.isenabled()
    async with db.short_session() as session:
        await session.execute(text("INSERT INTO t (v) VALUES ('a')"))
        assert not gc.isenabled()
    assert gc.isenabled()

    async def fail() -> None:
        async with db.short_session() as session:
            await session.execute(text("INSERT INTO t (v) VALUES ('b')"))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        await fail()
    assert gc.isenabled()
    async with db.session() as session:  # an ordinary transaction lets other tasks in
        await session.execute(text("INSERT INTO t (v) VALUES ('c')"))
        assert gc.isenabled()
    gc.disable()  # off already (as during the bot's start): left off
    try:
        async with db.short_session() as session:
            await session.execute(text("INSERT INTO t (v) VALUES ('d')"))
        assert not gc.isenabled()
    finally:
        gc.enable()
    await db.dispose()


async def test_a_short_transaction_rolls_back(tmp_path: Path) -> None:
    db = await table(tmp_path)

    async def fail() -> None:
        async with db.short_session() as session:
            await session.execute(text("INSERT INTO t (v) VALUES ('a')"))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        await fail()
    async with db.short_session() as session:  # the next one gets the lock
        assert (await session.execute(text("SELECT count(*) FROM t"))).scalar_one() == 0
    await db.dispose()


async def test_writers_take_turns_in_order(tmp_path: Path) -> None:
    db = await table(tmp_path)

    async def warm() -> None:  # five pooled connections: asking for one is then immediate
        async with db.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            await asyncio.sleep(0.1)

    await asyncio.gather(*(warm() for _ in range(5)))
    order: list[int] = []

    async def write(index: int, short: bool) -> None:
        await asyncio.sleep(index * 0.05)  # ask in this order
        opened = db.short_session() if short else db.session()
        async with opened as session:
            await session.execute(text("INSERT INTO t (v) VALUES (:v)"), {"v": str(index)})
            order.append(index)
            await asyncio.sleep(0.1)  # hold the lock while the others ask for it

    await asyncio.gather(*(write(i, short=i % 2 == 0) for i in range(5)))
    assert order == list(range(5))
    await db.dispose()


async def test_a_writer_waits_no_longer_than_the_busy_timeout(tmp_path: Path) -> None:
    """As SQLite would: "database is locked" once the busy timeout is over."""
    db = await table(tmp_path)
    holding = asyncio.Event()

    async def hold() -> None:
        async with db.session() as session:
            await session.execute(text("INSERT INTO t (v) VALUES ('a')"))
            holding.set()
            await asyncio.sleep(0.5)

    async def wait() -> float:
        await holding.wait()
        async with db.engine.connect() as connection:
            raw = await connection.get_raw_connection()
            await raw.driver_connection.execute("PRAGMA busy_timeout=100")  # type: ignore[union-attr]
            began = time.perf_counter()
            with pytest.raises(OperationalError, match="database is locked"):
                await connection.execute(text("INSERT INTO t (v) VALUES ('b')"))
            return time.perf_counter() - began

    _, waited = await asyncio.gather(hold(), wait())
    assert 0.09 < waited < 0.45
    await db.dispose()


async def test_a_short_transaction_waits_in_the_thread_for_another_process(
    tmp_path: Path,
) -> None:
    """Another process (here a plain sqlite3 connection) holds the lock: the short
    transaction's BEGIN waits for it in the worker thread, the event loop keeps running."""
    db = await table(tmp_path)
    other = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticking = asyncio.create_task(tick())
    asyncio.get_running_loop().call_later(0.2, other.commit)
    async with db.short_session() as session:
        await session.execute(text("INSERT INTO t (v) VALUES ('a')"))
    ticking.cancel()
    assert ticks >= 10
    other.close()
    await db.dispose()


def test_at_once_restores_the_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("BEGIN IMMEDIATE")
    mine = sqlite3.connect(path, isolation_level=None, timeout=7.0)
    outcome = sqlite_driver._at_once(mine, sqlite_driver._run, ("BEGIN IMMEDIATE", ()))
    assert outcome is sqlite_driver._BUSY
    assert mine.execute("PRAGMA busy_timeout").fetchone() == (7000,)
    other.commit()
    outcome = sqlite_driver._at_once(mine, sqlite_driver._run, ("BEGIN IMMEDIATE", ()))
    assert outcome is not sqlite_driver._BUSY
    assert mine.in_transaction
    mine.close()
    other.close()
