"""A job that runs once at a time across every process on one database.

On PostgreSQL, ``pg_try_advisory_xact_lock``: the first transaction to ask gets the lock
until it commits or rolls back (a crashed process's lock goes with its connection), the
others get False at once and skip the job this time. SQLite has one process per file (the
dispatcher's file lock and the start-up check see to that), so there is nothing to exclude.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession


async def try_exclusive(session: AsyncSession, name: str) -> bool:
    """True when this transaction alone runs the job ``name`` (until it ends)."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(await session.scalar(select(func.pg_try_advisory_xact_lock(func.hashtext(name)))))
