"""Planning the "who you'll meet" DM (a day before a tweetup) and the "did you make it?"
check-back (a few hours after) of each Going member.

Both are outbox rows keyed per tweetup and member (no sequence in the key), so each is sent
at most once per member whatever happens: re-planned while pending when the tweetup moves,
never re-sent once it went. The composer re-checks everything at send time.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.upsert import insert_ignoring_duplicates
from models import OutboxMessage, Tweetup
from models.outbox import PENDING

MEET = "meet_intro"
CHECKBACK = "checkback"
MEET_LEAD = timedelta(hours=24)
MEET_AT_LEAST = timedelta(hours=1)  # later than this before the start, no intro DM
CHECKBACK_AFTER = timedelta(hours=3)


def _row(
    tweetup: Tweetup, kind: str, member_id: int, due: datetime, now: datetime
) -> dict[str, object]:
    return {
        "kind": kind,
        "dedupe_key": f"{kind}:{tweetup.id}:{member_id}",
        "guild_id": tweetup.guild_id,
        "recipient_id": member_id,
        "tweetup_id": tweetup.id,
        "due_at": due,
        "status": PENDING,
        "attempts": 0,
        "detail": {},
        "created_at": now,
    }


async def plan(
    *,
    session: AsyncSession,
    tweetup: Tweetup,
    going: Collection[int],
    members: Collection[int] | None,
    now: datetime,
) -> None:
    """Called whenever reminders are planned: the intro DM and the check-back exist for the
    Going members among ``members`` (None: everyone, after the tweetup moved)."""
    stale = delete(OutboxMessage).where(
        OutboxMessage.tweetup_id == tweetup.id,
        OutboxMessage.kind.in_([MEET, CHECKBACK]),
        OutboxMessage.status == PENDING,
    )
    if members is not None:
        stale = stale.where(OutboxMessage.recipient_id.in_(list(members)))
    await session.execute(stale)
    wanted = set(going) if members is None else set(going) & set(members)
    rows = []
    for member_id in sorted(wanted):
        if now < tweetup.starts_at - MEET_AT_LEAST:
            due = max(now, tweetup.starts_at - MEET_LEAD)
            rows.append(_row(tweetup, MEET, member_id, due, now))
        rows.append(_row(tweetup, CHECKBACK, member_id, tweetup.ends_at + CHECKBACK_AFTER, now))
    await insert_ignoring_duplicates(session, OutboxMessage, rows)
