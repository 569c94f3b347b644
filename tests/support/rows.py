"""Find a member's id anywhere in the database: integer columns and inside JSON values."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, or_, select

from models import Base


def _holds(value: Any, wanted: int) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value == wanted
    if isinstance(value, str):
        return str(wanted) in value
    if isinstance(value, dict):
        return any(_holds(v, wanted) or _holds(k, wanted) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_holds(v, wanted) for v in value)
    return False


async def rows_mentioning(session: Any, value: int) -> dict[str, int]:
    """Every table with a row naming ``value``: in an integer column, or in a JSON value."""
    found: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        numbers = [c for c in table.columns if isinstance(c.type, BigInteger | Integer)]
        documents = [c for c in table.columns if isinstance(c.type, JSON)]
        count = 0
        if numbers:
            query = select(table).where(or_(*(c == value for c in numbers)))
            count += len((await session.execute(query)).all())
        if documents:
            for row in (await session.execute(select(*documents))).all():
                count += any(_holds(cell, value) for cell in row)
        if count:
            found[table.name] = count
    return found


def json_text_mentions(data: Any, value: int) -> bool:
    return str(value) in json.dumps(data)
