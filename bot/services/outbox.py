"""The durable DM outbox: claiming due messages, recording the outcome, DM channel cache.

Claim, commit, send, mark: a claim is committed before Discord is called, so two
dispatchers never send the same row; a row whose claimer died is re-claimed after
``stale_after`` and re-sent with the same nonce, which Discord deduplicates for a few
minutes. ``first_claimed_at`` remembers since when the DM may exist, so that after longer
the dispatcher looks for it in the DM channel before sending it again. ``attempts`` counts
real send failures only: a restart is not a failure.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, func, select, union_all, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import DmChannel, OutboxMessage
from models.outbox import CLAIMED, FAILED, PENDING, SENT, SKIPPED, UNREACHABLE

STALE_AFTER = timedelta(seconds=60)


def nonce_for(message_id: int) -> str:
    """Stable per outbox row, at most 25 characters as Discord requires."""
    return f"tw{message_id}"


def _due_ids(
    now: datetime, stale_after: timedelta, limit: int, skip_locked: bool
) -> Select[tuple[int]]:
    """The ids of the first ``limit`` due messages, by due time: the first pending ones
    and the first stale claims, each read in order from ``(status, due_at)``, merged. One
    ``OR`` of the two had the index find every due row and sort them all: 10-25 ms under
    the write lock with a backlog of 30,000 (a digest, a big trip's notices), 0.3 ms so."""
    stale = now - stale_after
    parts = []
    for status, condition in (
        (PENDING, OutboxMessage.due_at <= now),
        (CLAIMED, OutboxMessage.claimed_at <= stale),
    ):
        part = (
            select(OutboxMessage.id, OutboxMessage.due_at)
            .where(OutboxMessage.status == status, condition)
            .order_by(OutboxMessage.due_at, OutboxMessage.id)
            .limit(limit)
        )
        if skip_locked:
            part = part.with_for_update(skip_locked=True)
        found = part.subquery()
        parts.append(select(found.c.id, found.c.due_at))
    both = union_all(*parts).subquery()
    return select(both.c.id).order_by(both.c.due_at, both.c.id).limit(limit)


async def claim_due(
    *,
    session: AsyncSession,
    now: datetime,
    token: str,
    limit: int = 50,
    stale_after: timedelta = STALE_AFTER,
) -> list[OutboxMessage]:
    """Take up to ``limit`` due messages for this dispatcher (commit before sending them).

    One statement (``UPDATE … WHERE id IN (the due ids) RETURNING``): on SQLite the claim
    holds the write lock for one statement, not a read, a write and a read again. On
    PostgreSQL the due rows are locked with SKIP LOCKED so concurrent dispatchers each get
    different rows; SQLite serialises writers, and only one dispatcher runs per file.
    """
    postgresql = session.get_bind().dialect.name == "postgresql"
    due = _due_ids(now, stale_after, limit, skip_locked=postgresql)
    claim = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()))
        .values(
            status=CLAIMED,
            claim_token=token,
            claimed_at=now,
            first_claimed_at=func.coalesce(OutboxMessage.first_claimed_at, now),
        )
        .returning(OutboxMessage)
        .execution_options(populate_existing=True, synchronize_session=False)
    )
    rows = list(await session.scalars(claim))
    return sorted(rows, key=lambda row: (row.due_at, row.id))


async def release_claims(*, session: AsyncSession) -> int:
    """Make every claimed row due again at once (the sole dispatcher of a SQLite file starts:
    any claim left is from a process that died)."""
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == CLAIMED)
        .values(status=PENDING, claim_token=None)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def next_due_at(
    *, session: AsyncSession, stale_after: timedelta = STALE_AFTER
) -> datetime | None:
    pending = await session.scalar(
        select(func.min(OutboxMessage.due_at)).where(OutboxMessage.status == PENDING)
    )
    claimed = await session.scalar(
        select(func.min(OutboxMessage.claimed_at)).where(OutboxMessage.status == CLAIMED)
    )
    candidates = [pending, claimed + stale_after if claimed is not None else None]
    present = [c for c in candidates if c is not None]
    return min(present) if present else None


async def finish(
    *,
    session: AsyncSession,
    message_ids: Sequence[int],
    token: str,
    status: str,
    now: datetime,
) -> int:
    """Record the outcome of messages this dispatcher claimed (a stolen claim is left alone)."""
    if status not in (SENT, SKIPPED, UNREACHABLE, FAILED):
        raise ValueError(f"not a final status: {status}")
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(list(message_ids)), OutboxMessage.claim_token == token)
        .values(status=status, sent_at=now if status == SENT else None)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def retry_later(
    *, session: AsyncSession, message_id: int, token: str, due_at: datetime
) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claim_token == token)
        .values(status=PENDING, claim_token=None, due_at=due_at)
    )


async def record_failure(
    *, session: AsyncSession, message_ids: Sequence[int], token: str, due_at: datetime
) -> None:
    """A send failed (Discord or the network said so): count it and try again at ``due_at``."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(list(message_ids)), OutboxMessage.claim_token == token)
        .values(
            status=PENDING, claim_token=None, due_at=due_at, attempts=OutboxMessage.attempts + 1
        )
    )


async def forget_dm_channel(*, session: AsyncSession, user_id: int) -> None:
    row = await session.get(DmChannel, user_id)
    if row is not None:
        row.channel_id = None


async def dm_channel_id(*, session: AsyncSession, user_id: int) -> int | None:
    return await session.scalar(select(DmChannel.channel_id).where(DmChannel.user_id == user_id))


@dataclass(frozen=True)
class Recipient:
    channel_id: int | None
    unreachable: bool


async def recipients(*, session: AsyncSession, user_ids: Collection[int]) -> dict[int, Recipient]:
    """What the outbox knows of these members: their cached DM channel and whether they
    are unreachable (one query for a batch instead of two per DM). Unknown members are
    left out."""
    if not user_ids:
        return {}
    rows = await session.execute(
        select(DmChannel.user_id, DmChannel.channel_id, DmChannel.unreachable_since).where(
            DmChannel.user_id.in_(list(user_ids))
        )
    )
    return {
        user_id: Recipient(channel_id, unreachable is not None)
        for user_id, channel_id, unreachable in rows
    }


async def remember_dm_channel(*, session: AsyncSession, user_id: int, channel_id: int) -> None:
    row = await session.get(DmChannel, user_id)
    if row is None:
        session.add(DmChannel(user_id=user_id, channel_id=channel_id))
    else:
        row.channel_id = channel_id


async def mark_unreachable(*, session: AsyncSession, user_id: int, now: datetime) -> None:
    """The user closed their DMs (or blocked the bot): stop trying until they act again."""
    row = await session.get(DmChannel, user_id)
    if row is None:
        session.add(DmChannel(user_id=user_id, channel_id=None, unreachable_since=now))
    else:
        row.unreachable_since = now


async def is_unreachable(*, session: AsyncSession, user_id: int) -> bool:
    since = await session.scalar(
        select(DmChannel.unreachable_since).where(DmChannel.user_id == user_id)
    )
    return since is not None


async def attempts(*, session: AsyncSession, message_id: int) -> int:
    return int(
        await session.scalar(select(OutboxMessage.attempts).where(OutboxMessage.id == message_id))
        or 0
    )
