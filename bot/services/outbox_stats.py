"""How far behind the outbox is, for the metrics endpoint: cheap enough for every scrape.

Both counts use the ``(status, due_at)`` index; nothing reads message bodies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.outbox import CLAIMED, PENDING, OutboxMessage

UNSENT = (PENDING, CLAIMED)


@dataclass(frozen=True)
class Backlog:
    #: Messages due now or earlier and not sent yet (what the dispatcher owes).
    due: int
    #: Messages waiting for a later time (reminders of future tweetups).
    scheduled: int
    #: When the longest-waiting due message became due.
    oldest_due_at: datetime | None


async def backlog(*, session: AsyncSession, now: datetime) -> Backlog:
    due_count, oldest = (
        await session.execute(
            select(func.count(), func.min(OutboxMessage.due_at)).where(
                OutboxMessage.status.in_(UNSENT), OutboxMessage.due_at <= now
            )
        )
    ).one()
    scheduled = await session.scalar(
        select(func.count()).where(OutboxMessage.status == PENDING, OutboxMessage.due_at > now)
    )
    return Backlog(due=int(due_count), scheduled=int(scheduled or 0), oldest_due_at=oldest)
