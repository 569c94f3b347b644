"""INSERT … ON CONFLICT DO NOTHING on both backends: the outbox relies on it to stay unique."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase


async def insert_ignoring_duplicates(
    session: AsyncSession, model: type[DeclarativeBase], rows: Sequence[dict[str, Any]]
) -> int:
    """Insert the rows that do not collide with a unique constraint; return how many were new."""
    if not rows:
        return 0
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(model).values(list(rows)).on_conflict_do_nothing()
    result = await session.execute(statement)
    return int(result.rowcount)  # type: ignore[attr-defined]
