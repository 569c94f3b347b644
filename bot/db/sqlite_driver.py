"""aiosqlite connections that cross to their worker thread once per statement.

SQLite has one write lock per file, held from ``BEGIN IMMEDIATE`` to ``COMMIT``. With plain
aiosqlite under SQLAlchemy every statement costs four trips between the event loop and the
connection's thread (open a cursor, execute, fetch, close), and each trip back waits its turn
behind the other tasks' Python work (matching, building rows): a five-statement transaction
held the lock for 20 loop turns, 0.1-0.4 s on a busy bot although SQLite worked a few
milliseconds of it. Here ``execute`` opens the cursor, runs the statement, fetches every row
and closes the cursor in one trip; writers queue in order; and a short transaction makes no
trip at all while it holds the lock (see ``OneTripConnection``).

This subclasses ``aiosqlite.Connection`` and uses its private ``_execute`` (queue a call to
the worker thread), ``_conn`` (the ``sqlite3`` connection) and ``_thread`` (made a daemon, as
SQLAlchemy does), members SQLAlchemy's own adapter relies on too; aiosqlite is pinned to 0.22
in ``pyproject.toml`` and ``tests/db/test_sqlite_driver.py`` fails if they change. SQLAlchemy
gets it through its ``async_creator_fn`` connect argument (``bot.db.engine.connect_one_trip``).
"""

from __future__ import annotations

import asyncio
import gc
import sqlite3
import weakref
from collections.abc import Generator, Iterable, Sequence
from typing import Any

import aiosqlite

Row = Any
Description = tuple[tuple[Any, ...], ...] | None


class OneTripCursor:
    """A cursor whose ``execute`` does all the thread work; fetches read what it brought."""

    arraysize = 1

    def __init__(self, connection: OneTripConnection) -> None:
        self._connection = connection
        self._rows: list[Row] = []
        self.description: Description = None
        self.rowcount = -1
        self.lastrowid: int | None = None

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> OneTripCursor:
        outcome = await self._connection.call(_run, sql, parameters)
        self._rows, self.description, self.rowcount, self.lastrowid = outcome
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> OneTripCursor:
        outcome = await self._connection.call(_run_many, sql, list(parameters))
        self._rows, self.description, self.rowcount, self.lastrowid = outcome
        return self

    async def fetchone(self) -> Row | None:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Row]:
        count = self.arraysize if size is None else size
        taken, self._rows = self._rows[:count], self._rows[count:]
        return taken

    async def fetchall(self) -> list[Row]:
        taken, self._rows = self._rows, []
        return taken

    async def close(self) -> None:
        self._rows = []

    async def __aenter__(self) -> OneTripCursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    def __await__(self) -> Generator[Any, None, OneTripCursor]:
        return self.__aenter__().__await__()


Outcome = tuple[list[Row], Description, int, int | None]


def _run(connection: sqlite3.Connection, sql: str, parameters: Sequence[Any]) -> Outcome:
    """In the worker thread: the whole statement, rows included."""
    return _whole(connection, lambda cursor: cursor.execute(sql, parameters))


def _run_many(connection: sqlite3.Connection, sql: str, parameters: list[Sequence[Any]]) -> Outcome:
    return _whole(connection, lambda cursor: cursor.executemany(sql, parameters))


def _whole(connection: sqlite3.Connection, execute: Any) -> Outcome:
    cursor = connection.cursor()
    try:
        execute(cursor)
        rows = cursor.fetchall() if cursor.description else []
        return rows, cursor.description, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


#: One FIFO queue of writers per database file and event loop: SQLite's busy handler
#: polls with sleeps of up to 100 ms and serves no one in order, so waiting writers queue
#: here instead and each asks SQLite for the lock when the one before it has let go.
_queues: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]] = (
    weakref.WeakKeyDictionary()
)
_BUSY = object()


def _writer_queue(database: str) -> asyncio.Lock | None:
    if database == ":memory:":  # private to its one connection: nobody to queue behind
        return None
    return _queues.setdefault(asyncio.get_running_loop(), {}).setdefault(database, asyncio.Lock())


class OneTripConnection(aiosqlite.Connection):
    """An aiosqlite connection whose cursors are ``OneTripCursor``s, whose write
    transactions queue in order, and whose short ones hold the lock briefly.

    A write transaction (``begin_write`` before its ``BEGIN IMMEDIATE``) first waits its
    turn among this process's writers of the same file (at most the busy timeout, then
    "database is locked" as SQLite would say), and leaves the queue when it commits or
    rolls back; SQLite's own busy wait still covers writers in other processes.

    A short one (``short=True``) then runs its statements on the calling thread, the event
    loop's, once SQLite granted the lock: the lock is held for the statements' own few
    milliseconds, not for the other tasks' work that event-loop turns would let in between
    them. Its ``BEGIN`` takes the lock at once when it is free, and waits for it in the
    worker thread when another process has it (the event loop never waits for the lock).
    Its ``COMMIT`` runs here too when it only appends to the WAL (see ``_commits_here``):
    a trip to the worker thread waited for the GIL behind the other tasks' Python, and
    the lock with it. The garbage collector waits meanwhile (``_collector_paused``): a
    full collection took 10-190 ms, and the lock was held through it. For a few indexed
    statements only: while they run, nothing else on the event loop does.
    """

    def __init__(self, database: str, **kwargs: Any) -> None:
        # Statements of a short transaction run on the event loop's thread, never at the
        # same time as the worker thread's (SQLAlchemy awaits each call).
        kwargs["check_same_thread"] = False
        super().__init__(lambda: sqlite3.connect(database, **kwargs), iter_chunk_size=64)
        # Like SQLAlchemy's own aiosqlite connect: a forgotten connection must not keep the
        # interpreter alive at exit.
        self._thread.daemon = True
        self._database = database
        # "begin" (next statement: BEGIN IMMEDIATE), "open" or "held" (short), "read" (next
        # statement: a read transaction's BEGIN, in the statement's own trip), "reading"
        self._state = "idle"
        self._short = False
        self._queued: asyncio.Lock | None = None
        self._commit_here: bool | None = None
        self._collector_paused = False

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        """No trip to the thread: the statement's own trip opens the real cursor."""
        return OneTripCursor(self)

    def begin_write(self, *, short: bool) -> None:
        """The next statement begins a write transaction (see the class docstring)."""
        self._state, self._short = "begin", short

    def begin_read(self) -> None:
        """The next statement begins a read transaction: its ``BEGIN`` goes to the worker
        thread with that statement, one trip instead of two (a deferred ``BEGIN`` takes no
        lock and no snapshot until the first read, so nothing else changes), and its
        ``COMMIT`` runs here (see ``commit``). A read transaction that runs no statement
        makes no trip at all."""
        self._state = "read"

    async def call(self, function: Any, *args: Any) -> Any:
        """``function(sqlite3_connection, *args)``: here while a short transaction holds
        the lock, else in the worker thread (one trip)."""
        if self._state == "held":
            return function(self._conn, *args)
        if self._state == "read":
            self._state = "reading"
            return await self.in_thread(_after_begin, function, args)
        if self._state != "begin":  # idle, open or reading
            return await self.in_thread(function, *args)
        self._state = "idle"
        await self._enter_queue()
        try:
            outcome = _at_once(self._conn, function, args) if self._short else _BUSY
            if outcome is _BUSY:
                outcome = await self.in_thread(function, *args)
        except BaseException:
            self._leave_queue()
            raise
        self._state = "held" if self._short else "open"
        if self._short:
            _pause_collector()
            self._collector_paused = True
        return outcome

    async def in_thread(self, function: Any, *args: Any) -> Any:
        """Call ``function(sqlite3_connection, *args)`` in the worker thread, one trip."""
        return await self._execute(_with_connection, self, function, args)  # type: ignore[no-untyped-call]

    async def _enter_queue(self) -> None:
        queue = _writer_queue(self._database)
        if queue is None:
            return
        [(timeout_ms,)] = self._conn.execute("PRAGMA busy_timeout").fetchall()
        try:
            async with asyncio.timeout(timeout_ms / 1000):
                await queue.acquire()
        except TimeoutError:
            raise sqlite3.OperationalError("database is locked") from None
        self._queued = queue

    def _leave_queue(self) -> None:
        self._state = "idle"
        if self._collector_paused:
            self._collector_paused = False
            _resume_collector()
        queue, self._queued = self._queued, None
        if queue is not None:
            queue.release()

    async def commit(self) -> None:
        try:
            if self._state == "read":  # no statement ran: no transaction began
                return
            # A read transaction's COMMIT only lets go of its snapshot: no trip for it. The
            # worker thread is idle (SQLAlchemy awaited every statement).
            if self._state in ("held", "reading") and self._commits_here():
                self._conn.commit()
            else:
                await super().commit()
        finally:
            self._leave_queue()

    def _commits_here(self) -> bool:
        """Whether ``COMMIT`` only appends to the WAL, without a sync or a checkpoint (WAL
        mode, ``synchronous=NORMAL``, ``wal_autocheckpoint=0`` as ``bot.db.engine`` sets
        them; ``bot.db.checkpoint`` checkpoints in the background): then it takes a
        fraction of a millisecond and runs on the event loop."""
        if self._commit_here is None:
            found = [
                self._conn.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("journal_mode", "synchronous", "wal_autocheckpoint")
            ]
            self._commit_here = found == ["wal", 1, 0]
        return self._commit_here

    async def rollback(self) -> None:
        """No trip when there is nothing to roll back (the pool's reset of every connection
        it gets back)."""
        try:
            if self._conn.in_transaction:
                await super().rollback()
        finally:
            self._leave_queue()

    async def close(self) -> None:
        self._leave_queue()
        await super().close()

    def stop(self) -> asyncio.Future[Any] | None:
        self._leave_queue()
        return super().stop()


def _after_begin(connection: sqlite3.Connection, function: Any, args: tuple[Any, ...]) -> Any:
    """In the worker thread: a read transaction's ``BEGIN``, then its first statement."""
    connection.execute("BEGIN")
    return function(connection, *args)


def _at_once(connection: sqlite3.Connection, function: Any, args: tuple[Any, ...]) -> Any:
    """A short transaction's ``BEGIN IMMEDIATE`` if SQLite grants the lock without waiting
    (busy timeout 0 for this one statement); ``_BUSY`` when another process holds it."""
    [(timeout,)] = connection.execute("PRAGMA busy_timeout").fetchall()
    connection.execute("PRAGMA busy_timeout=0")
    try:
        return function(connection, *args)
    except sqlite3.OperationalError as error:
        if error.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return _BUSY
        raise
    finally:
        connection.execute(f"PRAGMA busy_timeout={int(timeout)}")


#: Short transactions holding the lock now (two files can each have one), and whether the
#: collector was on when the first of them began.
_held = 0
_paused_by_us = False


def _pause_collector() -> None:
    """The garbage collector waits while a short transaction holds the lock."""
    global _held, _paused_by_us
    _held += 1
    if _held == 1 and gc.isenabled():
        gc.disable()
        _paused_by_us = True


def _resume_collector() -> None:
    """The lock was let go: a collection the transaction's allocations called for runs at
    a later allocation, outside the lock."""
    global _held, _paused_by_us
    _held -= 1
    if _held == 0 and _paused_by_us:
        _paused_by_us = False
        gc.enable()


def _with_connection(owner: OneTripConnection, function: Any, args: tuple[Any, ...]) -> Any:
    return function(owner._conn, *args)


def connect(database: str, **kwargs: Any) -> OneTripConnection:
    """What SQLAlchemy's ``async_creator_fn`` is given: awaited, it opens the connection."""
    return OneTripConnection(database, **kwargs)
