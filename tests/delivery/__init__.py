"""Delivery tests share one way of queueing reminders: through the real services."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.config import DefaultsSection
from bot.db.database import Database
from bot.domain.tweetups import Answer
from bot.domain.tweetups.permissions import Actor
from bot.services import tweetups
from models import Rsvp
from tests.support.places import BERLIN

LEAD_MINUTES = 120


async def seed_due_reminders(
    url: str,
    *,
    guild_id: int,
    organizer_id: int,
    member_ids: Sequence[int],
    now: datetime,
    title: str,
) -> int:
    """One tweetup two hours from ``now`` with every member Going, planned five minutes
    earlier through the real services, so each member's 2 h reminder is due at ``now`` (the
    24 h one was already past when they answered and was never queued). Returns its id.

    All members but the last get a plain Going RSVP row and their reminders planned with
    ``tweetups.replan_reminders``; the last answers through ``tweetups.respond``.
    """
    planned_at = now - timedelta(minutes=5)
    starts = now + timedelta(minutes=LEAD_MINUTES) - timedelta(seconds=1)
    defaults = DefaultsSection()
    db = Database.from_url(url)
    try:
        async with db.session() as session:
            card = await tweetups.announce(
                session=session,
                guild_id=guild_id,
                actor=Actor(user_id=organizer_id, role_ids=(), is_admin=True),
                draft=tweetups.Draft(
                    title=title, place=BERLIN, starts_at=starts, ends_at=starts + timedelta(hours=2)
                ),
                defaults=defaults,
                now=planned_at,
            )
            tweetup_id = card.tweetup.id
            session.add_all(
                Rsvp(
                    tweetup_id=tweetup_id,
                    user_id=member_id,
                    guild_id=guild_id,
                    status="going",
                    requested_at=planned_at,
                    updated_at=planned_at,
                )
                for member_id in member_ids[:-1]
            )
            await session.flush()
            await tweetups.replan_reminders(
                session=session, tweetup_id=tweetup_id, defaults=defaults, now=planned_at
            )
            await tweetups.respond(
                session=session,
                tweetup_id=tweetup_id,
                guild_id=guild_id,
                user_id=member_ids[-1],
                answer=Answer.GOING,
                defaults=defaults,
                now=planned_at,
            )
        return tweetup_id
    finally:
        await db.dispose()
