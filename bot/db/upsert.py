"""INSERT … ON CONFLICT DO NOTHING on both backends: the outbox relies on it to stay unique."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

#: A statement may carry at most 32,767 bound parameters on PostgreSQL (asyncpg) and, in
#: many SQLite builds, 32,766: many rows go in several statements, each under this.
MAX_PARAMETERS = 30_000


async def insert_ignoring_duplicates(
    session: AsyncSession, model: type[DeclarativeBase], rows: Sequence[dict[str, Any]]
) -> int:
    """Insert the rows that do not collide with a unique constraint; return how many were new."""
    if not rows:
        return 0
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    per_statement = max(1, MAX_PARAMETERS // max(len(row) for row in rows))
    inserted = 0
    for start in range(0, len(rows), per_statement):
        chunk = list(rows[start : start + per_statement])
        result = await session.execute(insert(model).values(chunk).on_conflict_do_nothing())
        inserted += int(result.rowcount)  # type: ignore[attr-defined]
    return inserted
