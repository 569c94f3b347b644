"""The bot's handle on its database: one engine, one session factory, sessions per unit of work.

Created once at start and passed into the bot (never an import-time global), so tests can
build as many independent databases as they like.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.db.engine import READ_ONLY, SHORT, create_engine


class Database:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self._short_sessions = async_sessionmaker(
            engine.execution_options(**{SHORT: True}), expire_on_commit=False
        )
        read_only: dict[str, Any] = {READ_ONLY: True}
        if engine.dialect.name == "postgresql":
            # Under READ COMMITTED each statement reads its own snapshot, in a transaction
            # or not: a read session's BEGIN and COMMIT are two round trips that change
            # nothing, so its statements run in autocommit.
            read_only["isolation_level"] = "AUTOCOMMIT"
        self._read_sessions = async_sessionmaker(
            engine.execution_options(**read_only), expire_on_commit=False
        )

    @classmethod
    def from_url(cls, url: str, *, echo: bool = False) -> Database:
        return cls(create_engine(url, echo=echo))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A unit of work: committed when the block ends normally, rolled back otherwise.

        One session per command or job, never shared between tasks (an AsyncSession is not
        safe for concurrent use).
        """
        async with self._sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def short_session(self) -> AsyncIterator[AsyncSession]:
        """A unit of work of a few indexed statements on hot paths (saving a trip, RSVPs,
        the outbox's claims): on SQLite, once it has the write lock, its statements run
        without letting other tasks in between, so it holds the lock for milliseconds (see
        ``bot.db.sqlite_driver``). Reads and matching belong before it; bulk work does not
        belong in it (nothing else on the event loop runs meanwhile)."""
        async with self._short_sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def read_session(self) -> AsyncIterator[AsyncSession]:
        """A session for hot read-only paths (autocomplete, matching): on SQLite it does not
        queue behind writers for the write lock, and its ``BEGIN`` rides with its first
        statement; on PostgreSQL its statements run in autocommit (no ``BEGIN`` and
        ``COMMIT`` round trips). Never write in it."""
        async with self._read_sessions() as session, session.begin():
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()
