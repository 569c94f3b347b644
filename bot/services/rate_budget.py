"""Rate budgets shared by every process on one PostgreSQL database.

Discord counts its global limit (50 requests/s) per bot token and watches how fast a bot
opens DM channels, whatever the number of processes. Each budget is one ``rate_slots`` row
holding its next free moment; a process takes a few slots at once with one UPDATE (the row
is locked for that statement and its commit, never during a send), moving the row on by as
many intervals, and sleeps until its slots outside the transaction. Times are the database
server's clock, the one clock every process shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from models import RateSlot

#: "Wait as long as it takes", as an interval PostgreSQL can add to a timestamp.
FOREVER = 10.0**7


@dataclass(frozen=True)
class Slot:
    """``taken``: the slots are this process's; ``wait``: seconds until the first of them
    (or, when not taken, until the budget's next free slot)."""

    taken: bool
    wait: float


async def take(
    *, session: AsyncSession, name: str, interval: float, max_wait: float, count: int = 1
) -> Slot:
    """Take the next ``count`` slots of budget ``name`` if they begin within ``max_wait``."""
    now = func.statement_timestamp()
    start = func.greatest(RateSlot.next_at, now)
    span = timedelta(seconds=interval * count)
    taken = (
        await session.execute(
            update(RateSlot)
            .where(RateSlot.name == name, start <= now + timedelta(seconds=min(max_wait, FOREVER)))
            .values(next_at=start + span)
            .returning(RateSlot.next_at, now)
        )
    ).first()
    if taken is not None:
        next_at, moment = taken
        return Slot(True, (next_at - moment).total_seconds() - span.total_seconds())
    await session.execute(insert(RateSlot).values(name=name, next_at=now).on_conflict_do_nothing())
    row = (await session.execute(select(RateSlot.next_at, now).where(RateSlot.name == name))).one()
    wait = (row[0] - row[1]).total_seconds()
    if wait > max_wait:
        return Slot(False, wait)
    return await take(session=session, name=name, interval=interval, max_wait=max_wait, count=count)


async def pause(*, session: AsyncSession, name: str, seconds: float) -> None:
    """Nobody takes a slot of ``name`` for ``seconds`` (Discord said "too fast")."""
    now = func.statement_timestamp()
    await session.execute(insert(RateSlot).values(name=name, next_at=now).on_conflict_do_nothing())
    await session.execute(
        update(RateSlot)
        .where(RateSlot.name == name)
        .values(next_at=func.greatest(RateSlot.next_at, now + timedelta(seconds=seconds)))
    )
