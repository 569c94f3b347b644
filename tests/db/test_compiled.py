"""fetch_all returns what session.execute returns, and compiles a statement once."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, Float, Integer, bindparam, literal_column, select, union_all

from bot.db import compiled
from bot.db.compiled import fetch_all
from bot.db.database import Database


def statement() -> Any:
    """Parameters used twice and in an order unlike their names', dates in and out."""
    day = bindparam("day", type_=Date)
    first = select(
        literal_column("1", Integer).label("n"),
        bindparam("b", type_=Float).label("x"),
        day.label("d"),
    )
    second = select(
        bindparam("a", type_=Integer).label("n"),
        bindparam("b", type_=Float) * 2,
        day,
    )
    return union_all(first, second).subquery().select().order_by("n")


async def test_the_same_rows_as_session_execute(database: Database) -> None:
    query = statement()
    values = {"a": 7, "b": 1.5, "day": date(2027, 3, 1)}
    async with database.read_session() as session:
        expected = [tuple(row) for row in (await session.execute(query, values)).all()]
        found = [tuple(row) for row in await fetch_all(session, query, values)]
        again = [tuple(row) for row in await fetch_all(session, query, {**values, "a": 8})]
    assert expected == [(1, 1.5, date(2027, 3, 1)), (7, 3.0, date(2027, 3, 1))]
    assert found == expected
    assert again == [(1, 1.5, date(2027, 3, 1)), (8, 3.0, date(2027, 3, 1))]


async def test_postgresql_compiles_each_statement_once(database: Database) -> None:
    query = statement()
    async with database.read_session() as session:
        for a in range(3):
            await fetch_all(session, query, {"a": a, "b": 0.5, "day": date(2027, 1, 1)})
    kept = [entry for entry, _ in compiled._compiled.values() if entry is query]
    assert len(kept) == (1 if database.dialect == "postgresql" else 0)
