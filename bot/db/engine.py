"""Engines for the two supported databases, with SQLite tuned for a bot's workload.

SQLite needs care to behave under concurrent asyncio tasks: WAL lets readers run beside a
writer, ``busy_timeout`` makes a writer wait instead of failing, and ``BEGIN IMMEDIATE`` takes
the write lock up front so a transaction that reads and then writes cannot deadlock into
"database is locked" when another writer slipped in between.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from bot.db import sqlite_driver

BUSY_TIMEOUT_MS = 10_000
# The bot's statements are short index reads. PostgreSQL still plans parallel workers for
# some (a capped count over a few hundred cities' trips estimated at thousands of rows), and
# starting them costs 10-30 ms on a small machine against the statement's 1 ms.
POSTGRES_SETTINGS = {"max_parallel_workers_per_gather": "0"}
#: The WAL file is cut back to this size when a writer starts it over after a checkpoint.
WAL_SIZE_LIMIT = 64 * 1024 * 1024
READ_ONLY = "tweetup_read_only"
#: A pooled PostgreSQL connection idle longer than this is pinged before use.
PING_AFTER_IDLE_S = 1.0
IDLE_SINCE = "tweetup_idle_since"
SHORT = "tweetup_short_write"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(
    url: str,
    *,
    echo: bool = False,
    foreign_keys: bool = True,
    connect_args: dict[str, Any] | None = None,
) -> AsyncEngine:
    """Build the engine; ``foreign_keys=False`` is for migrations, where SQLite batch mode
    recreates tables and enforcement would cascade deletes through them. ``connect_args``
    go to the driver's connect (benchmarks time SQLite through a ``sqlite3`` factory)."""
    extra = {"connect_args": connect_args} if connect_args else {}
    if not is_sqlite(url):
        pg_args = {"server_settings": POSTGRES_SETTINGS, **(connect_args or {})}
        engine = create_async_engine(url, echo=echo, connect_args=pg_args)
        _ping_when_idle(engine)
        return engine
    _ensure_parent_folder(url)
    engine = create_async_engine(
        url, echo=echo, poolclass=NullPool if ":memory:" in url else None, **extra
    )
    _tune_sqlite(engine, foreign_keys=foreign_keys)
    return engine


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Check a pooled PostgreSQL connection before use only when it sat idle for a while.

    A connection the server dropped while it was idle (a restart, an idle timeout, a
    proxy) would fail the first statement a member's command runs; a ping finds that first
    and the pool connects again (``DisconnectionError``). SQLAlchemy's ``pool_pre_ping``
    pings on every checkout: a round trip of 0.36 ms, 40 % of a read session running one
    statement. A connection given back less than ``PING_AFTER_IDLE_S`` ago was just
    working; if the server went away since, its statement fails as it would have a moment
    earlier, and SQLAlchemy then replaces every connection of the pool."""

    @event.listens_for(engine.sync_engine, "checkin")
    def _idle_from(_dbapi_connection: Any, record: Any) -> None:
        record.info[IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _ping(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get(IDLE_SINCE)
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_S:
            return  # a new connection, or one in use a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError("the pooled connection is gone") from error


def _ensure_parent_folder(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def connect_one_trip(dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> Any:
    """The ``do_connect`` hook of SQLite engines: the dialect's own adapter around
    ``bot.db.sqlite_driver``'s connection (one thread trip per statement, short write
    transactions without event-loop turns while they hold the lock)."""
    return dialect.loaded_dbapi.connect(*cargs, async_creator_fn=sqlite_driver.connect, **cparams)


def _tune_sqlite(engine: AsyncEngine, *, foreign_keys: bool) -> None:
    event.listen(engine.sync_engine, "do_connect", connect_one_trip)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see "begin" below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # No checkpoint inside a writer's COMMIT: bot.db.checkpoint runs them in the
        # background, and a short transaction's COMMIT stays on the event loop.
        cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        options = connection.get_execution_options()
        driver = connection.connection.driver_connection
        one_trip = isinstance(driver, sqlite_driver.OneTripConnection)
        if options.get(READ_ONLY, False):
            if one_trip:  # BEGIN rides with the first statement
                driver.begin_read()
            else:
                connection.exec_driver_sql("BEGIN")
            return
        if one_trip:
            driver.begin_write(short=options.get(SHORT, False))
        connection.exec_driver_sql("BEGIN IMMEDIATE")
