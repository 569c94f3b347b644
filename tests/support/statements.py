"""The SQL a database runs, for tests about how many statements a query takes and which,
and how SQLite plans them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from bot.db.database import Database

Sent = tuple[str, Any]


@contextmanager
def _recording(
    database: Database, containing: str, keep: Callable[[str, Any], object]
) -> Iterator[None]:
    """Hand ``keep`` every statement sent inside the block whose SQL holds ``containing``."""

    def record(_c: object, _k: object, statement: str, values: Any, *_: object) -> None:
        if containing in statement:
            keep(statement, values)

    target = database.engine.sync_engine
    event.listen(target, "before_cursor_execute", record)
    try:
        yield
    finally:
        event.remove(target, "before_cursor_execute", record)


@contextmanager
def statements_run(database: Database, containing: str = "") -> Iterator[list[str]]:
    """Every statement ``database`` sends inside the block whose SQL holds ``containing``."""
    ran: list[str] = []
    with _recording(database, containing, lambda sql, _values: ran.append(sql)):
        yield ran


@contextmanager
def statements_sent(database: Database, containing: str = "") -> Iterator[list[Sent]]:
    """Like ``statements_run``, with each statement's parameters (to plan it again)."""
    sent: list[Sent] = []
    with _recording(database, containing, lambda sql, values: sent.append((sql, values))):
        yield sent


async def sqlite_plan(database: Database, statement: str, values: Any) -> list[str]:
    """SQLite's ``EXPLAIN QUERY PLAN`` of a statement sent, one step a line."""
    async with database.engine.connect() as connection:
        plan = await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", values)
        return [row[-1] for row in plan]
