"""The bot's handle on its database: one engine, one session factory, sessions per unit of work.

Created once at start and passed into the bot (never an import-time global), so tests can
build as many independent databases as they like.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from weakref import WeakKeyDictionary

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.db.engine import BUSY_TIMEOUT_MS, READ_ONLY, create_engine

# One writer at a time per SQLite file and event loop, queued first come, first served.
# SQLite lets one transaction write at a time anyway; without this queue the others poll
# (busy_timeout sleeps up to 100 ms between tries), so a writer that has waited a while can
# keep losing the lock to newcomers and wait seconds. Keyed by loop: tests run many loops.
_WRITERS: WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]] = (
    WeakKeyDictionary()
)


@asynccontextmanager
async def _sqlite_writer_turn(url: str) -> AsyncIterator[None]:
    locks = _WRITERS.setdefault(asyncio.get_running_loop(), {})
    lock = locks.setdefault(url, asyncio.Lock())
    async with asyncio.timeout(BUSY_TIMEOUT_MS / 1000):  # as long as SQLite would wait
        await lock.acquire()
    try:
        yield
    finally:
        lock.release()


class Database:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self._read_sessions = async_sessionmaker(
            engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False
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
        async with self._writer_turn(), self._sessions() as session, session.begin():
            yield session

    def _writer_turn(self) -> AbstractAsyncContextManager[None]:
        if self.dialect != "sqlite":
            return nullcontext()
        return _sqlite_writer_turn(self.engine.url.render_as_string(hide_password=False))

    @asynccontextmanager
    async def read_session(self) -> AsyncIterator[AsyncSession]:
        """A session for hot read-only paths (autocomplete): on SQLite it does not queue
        behind writers for the write lock."""
        async with self._read_sessions() as session, session.begin():
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()
