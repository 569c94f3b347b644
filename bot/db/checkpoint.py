"""SQLite's WAL checkpoints, in the background instead of inside a writer's ``COMMIT``.

By default SQLite checkpoints inside the ``COMMIT`` that takes the WAL past 1,000 pages:
that commit copies the pages into the database file and syncs it, and its writer waits.
The bot's connections turn this off (``wal_autocheckpoint=0``, ``bot.db.engine``), so a
short transaction's ``COMMIT`` only appends to the WAL and runs on the event loop
(``bot.db.sqlite_driver``); ``WalCheckpoints`` checkpoints every ``EVERY_SECONDS`` instead,
in a connection's worker thread.

- PASSIVE waits for no one: writers and readers go on meanwhile. Once every frame is in
  the database file, the next writer starts the WAL over from its beginning, so it holds
  about what the bot writes between two checkpoints.
- A reader on an older snapshot keeps the WAL from starting over, and while writes go on
  one nearly always is: in ``benchmarks/hot_paths.py``'s write-lock run at 1M members
  the WAL grew by about 1,400 pages (5.5 MB) every 2 s, each PASSIVE copying nearly all
  of it. Past ``RESTART_PAGES`` a RESTART checkpoint waits (up to the busy timeout) until
  no reader uses the WAL, so the next writer starts it over, and ``journal_size_limit``
  cuts the file back. New writers wait meanwhile: there, 290 ms every 16 s (the read
  sessions then open; waiting 50, 100 and 200 ms first only gave up each time).
  SQLite's own checkpoint in ``COMMIT`` is PASSIVE too, so that WAL had no bound.
- Nothing is lost across a stop: committed frames are in the WAL, which SQLite reads on
  open, and the first checkpoint after a start copies them (SQLite also checkpoints and
  removes the WAL when the last connection closes).
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.sqlite_driver import OneTripConnection
from bot.jobs import guarded

EVERY_SECONDS = 2.0
#: About 40 MB of 4 KiB pages: ten times the 1,000 pages SQLite checkpoints at by default.
RESTART_PAGES = 10_000


@dataclass(frozen=True, slots=True)
class Checkpointed:
    """``PRAGMA wal_checkpoint``'s answer: whether it was blocked, the WAL's frames, and how
    many of them are in the database file now."""

    busy: bool
    wal_pages: int
    copied_pages: int


async def checkpoint(engine: AsyncEngine, mode: str = "PASSIVE") -> Checkpointed:
    """One checkpoint through a connection of ``engine``'s pool, in its worker thread and
    outside any transaction; RESTART after a PASSIVE that left the WAL too big."""
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        assert isinstance(driver, OneTripConnection)
        found: Checkpointed = await driver.in_thread(_checkpoint, mode)
        if mode == "PASSIVE" and found.wal_pages > RESTART_PAGES:
            found = await driver.in_thread(_checkpoint, "RESTART")
    return found


def _checkpoint(connection: sqlite3.Connection, mode: str) -> Checkpointed:
    busy, wal_pages, copied = connection.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
    return Checkpointed(bool(busy), wal_pages, copied)


class WalCheckpoints:
    """The background task that checkpoints one SQLite database's WAL."""

    def __init__(self, engine: AsyncEngine, every: float = EVERY_SECONDS) -> None:
        self._engine = engine
        self._every = every
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """On SQLite only: PostgreSQL has its own checkpointer."""
        if self._task is None and self._engine.dialect.name == "sqlite":
            self._stopping.clear()
            self._task = asyncio.create_task(self._run(), name="tweetup-wal-checkpoints")

    async def stop(self) -> None:
        """Let a checkpoint under way finish (before the engine is disposed), then stop."""
        if self._task is not None:
            self._stopping.set()
            await self._task
            self._task = None

    async def _run(self) -> None:
        while not self._stopping.is_set():
            await self.run_once()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self._every)

    @guarded("WAL checkpoint")
    async def run_once(self) -> None:
        await checkpoint(self._engine)
