"""INSERT … ON CONFLICT on both backends: DO NOTHING keeps the outbox unique, DO UPDATE
writes rows whose key may exist without loading them."""

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
    """Insert the rows that do not collide with a unique constraint; return how many were new.

    One cached single-row statement executed for every row (SQLAlchemy's "insertmanyvalues":
    batches of rows per statement, each under the drivers' bound-parameter limits), counted by
    what RETURNING gives back. Building one ``VALUES`` list for all rows compiled a new
    statement each time: 100 ms for 500 trip notices, inside the write transaction."""
    if not rows:
        return 0
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    keys = model.__table__.primary_key.columns  # type: ignore[attr-defined]
    statement = insert(model).on_conflict_do_nothing().returning(*keys)
    return len((await session.execute(statement, list(rows))).all())


async def insert_or_update(
    session: AsyncSession,
    model: type[DeclarativeBase],
    rows: Sequence[dict[str, Any]],
    *,
    update: Sequence[str],
) -> None:
    """Insert the rows, or set the ``update`` columns of those whose primary key exists:
    one cached statement executed for every row, and no row loaded into the session."""
    if not rows:
        return
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    keys = model.__table__.primary_key.columns  # type: ignore[attr-defined]
    statement = insert(model)
    statement = statement.on_conflict_do_update(
        index_elements=list(keys), set_={name: statement.excluded[name] for name in update}
    )
    await session.execute(statement, list(rows))
