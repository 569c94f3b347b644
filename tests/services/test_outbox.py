"""The outbox's claim: which due messages a dispatcher takes, in which order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.db.database import Database
from bot.services import outbox
from models import OutboxMessage
from models.outbox import CLAIMED, PENDING, SENT

NOW = datetime(2026, 12, 2, 12, tzinfo=UTC)


def message(
    number: int, due_in: timedelta, status: str = PENDING, **claim: object
) -> OutboxMessage:
    return OutboxMessage(
        kind="notice",
        dedupe_key=f"m{number}",
        guild_id=1,
        recipient_id=100 + number,
        due_at=NOW + due_in,
        status=status,
        created_at=NOW - timedelta(hours=1),
        detail={},
        **claim,
    )


async def claim(db: Database, limit: int, token: str = "t") -> list[int]:
    async with db.short_session() as session:
        taken = await outbox.claim_due(session=session, now=NOW, token=token, limit=limit)
    return [row.recipient_id - 100 for row in taken]


async def test_the_earliest_due_messages_and_stale_claims_are_taken_in_due_order(
    database: Database,
) -> None:
    stale = {"claim_token": "old", "claimed_at": NOW - timedelta(minutes=5)}
    fresh = {"claim_token": "other", "claimed_at": NOW - timedelta(seconds=5)}
    async with database.session() as session:
        session.add_all(
            [
                message(1, -timedelta(minutes=1)),
                message(2, -timedelta(minutes=30)),
                message(3, timedelta(minutes=1)),  # not due yet
                message(4, -timedelta(minutes=20), CLAIMED, **stale),
                message(5, -timedelta(minutes=40), CLAIMED, **fresh),  # its claimer is alive
                message(6, -timedelta(minutes=50), SENT),
                message(7, -timedelta(minutes=10)),
                message(8, -timedelta(minutes=10)),  # same due time: by id
            ]
        )
    assert await claim(database, limit=3) == [2, 4, 7]
    assert await claim(database, limit=10) == [8, 1]
    assert await claim(database, limit=10) == []
    async with database.read_session() as session:
        rows = await session.scalars(select(OutboxMessage).where(OutboxMessage.status == CLAIMED))
        tokens = {row.recipient_id - 100: row.claim_token for row in rows}
    assert tokens == {1: "t", 2: "t", 4: "t", 5: "other", 7: "t", 8: "t"}


async def test_a_full_batch_of_stale_claims_goes_before_later_pending_ones(
    database: Database,
) -> None:
    stale = {"claim_token": "old", "claimed_at": NOW - timedelta(minutes=5)}
    async with database.session() as session:
        session.add_all(
            [message(n, -timedelta(minutes=60 - n), CLAIMED, **stale) for n in (1, 2)]
            + [message(n, -timedelta(minutes=60 - n)) for n in (3, 4)]
        )
    assert await claim(database, limit=3) == [1, 2, 3]
