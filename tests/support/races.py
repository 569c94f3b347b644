"""Two PostgreSQL transactions at once, for tests of what the database's triggers keep."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from sqlalchemy.engine import make_url


def asyncpg_dsn(url: str) -> str:
    """A test database's SQLAlchemy URL as asyncpg connects to it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@asynccontextmanager
async def second_waits_for_first(
    url: str, first: str, second: str
) -> AsyncIterator[asyncpg.Connection]:
    """Run ``first`` in a transaction held open, start ``second`` on another connection,
    check that it waits (for a lock), commit the first and let the second finish; the block
    then reads on the second connection."""
    one, two = await asyncpg.connect(asyncpg_dsn(url)), await asyncpg.connect(asyncpg_dsn(url))
    try:
        opened = one.transaction()
        await opened.start()
        await one.execute(first)
        waiting = asyncio.create_task(two.execute(second))
        await asyncio.sleep(0.3)
        assert not waiting.done()  # it waits for the first transaction's lock
        await opened.commit()
        await asyncio.wait_for(waiting, timeout=10)
        yield two
    finally:
        await one.close()
        await two.close()
