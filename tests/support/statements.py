"""The SQL a database runs, for tests about how many statements a query takes and which."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from bot.db.database import Database


@contextmanager
def statements_run(database: Database, containing: str = "") -> Iterator[list[str]]:
    """Every statement ``database`` sends inside the block whose SQL holds ``containing``."""
    ran: list[str] = []

    def record(_c: object, _k: object, statement: str, *_: object) -> None:
        if containing in statement:
            ran.append(statement)

    target = database.engine.sync_engine
    event.listen(target, "before_cursor_execute", record)
    try:
        yield ran
    finally:
        event.remove(target, "before_cursor_execute", record)
