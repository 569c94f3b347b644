"""Work that runs once at a time across every process on one database.

On PostgreSQL, transaction-level advisory locks: the first transaction to ask gets the
lock until it commits or rolls back (a crashed process's lock goes with its connection).
``try_exclusive`` tells the others False at once (they skip the job this time); ``take_turn``
makes them wait, so each reads what the one before it committed (READ COMMITTED: every
statement sees the commits made before it started). SQLite has one process per file (the
dispatcher's file lock and the start-up check see to that) and one writer at a time, so
there is nothing to exclude.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession


async def try_exclusive(session: AsyncSession, name: str) -> bool:
    """True when this transaction alone runs the job ``name`` (until it ends)."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(await session.scalar(select(func.pg_try_advisory_xact_lock(func.hashtext(name)))))


async def take_turn(session: AsyncSession, name: str) -> None:
    """Wait until no other transaction holds the turn ``name``, then hold it until this one
    ends: for a check and the write it decides, which two transactions would otherwise
    both pass before either commits."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(func.hashtext(name))))
