"""Planning the "who you'll meet" DM (a day before a tweetup) and the "did you make it?"
check-back (a few hours after) of each Going member.

The "who you'll meet" DM *is* the day-before reminder: it says when and where as the reminder
would, then who else is going. So a member gets one message a day before, not two: the
24-hour reminder is skipped for members who have this DM planned.

Both are outbox rows keyed per tweetup and member (no sequence in the key), so each is sent
at most once per member whatever happens: re-planned while pending when the tweetup moves,
never re-sent once it went. The composer re-checks everything at send time.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import OutboxMessage, Tweetup
from models.outbox import CLAIMED, PENDING

MEET = "meet_intro"
CHECKBACK = "checkback"
MEET_LEAD = timedelta(hours=24)
DAY_BEFORE_MINUTES = 24 * 60
MEET_AT_LEAST = timedelta(hours=1)  # later than this before the start, no intro DM
CHECKBACK_AFTER = timedelta(hours=3)
KINDS = (MEET, CHECKBACK)


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


def planned(tweetup: Tweetup, going: Collection[int], now: datetime) -> list[dict[str, object]]:
    """The intro DM and the check-back of the Going members ``going``: rows for the
    outbox, which the reminders' planning inserts with its own, after deleting the pending
    ones of ``KINDS`` for the members it re-plans (``tweetups._schedule_reminders``)."""
    rows = []
    for member_id in sorted(going):
        if now < tweetup.starts_at - MEET_AT_LEAST:
            due = max(now, tweetup.starts_at - MEET_LEAD)
            rows.append(_row(tweetup, MEET, member_id, due, now))
        rows.append(_row(tweetup, CHECKBACK, member_id, tweetup.ends_at + CHECKBACK_AFTER, now))
    return rows


async def replaced_by_intro(session: AsyncSession, reminder: OutboxMessage) -> bool:
    """Whether this reminder is the day-before one that the "who you'll meet" DM replaces."""
    if int(reminder.detail.get("lead_minutes", 0)) != DAY_BEFORE_MINUTES:
        return False
    found = await session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.dedupe_key == f"{MEET}:{reminder.tweetup_id}:{reminder.recipient_id}"
        )
    )
    return found is not None


async def later_reminder_due(session: AsyncSession, intro: OutboxMessage, now: datetime) -> bool:
    """Whether a shorter reminder of the same member and tweetup is due as well (after
    downtime): then only that one goes, as with reminders among themselves."""
    found = await session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.tweetup_id == intro.tweetup_id,
            OutboxMessage.recipient_id == intro.recipient_id,
            OutboxMessage.kind == "reminder",  # tweetups.REMINDER (which imports this module)
            OutboxMessage.status.in_([PENDING, CLAIMED]),
            OutboxMessage.due_at > intro.due_at,
            OutboxMessage.due_at <= now,
        )
    )
    return found is not None
