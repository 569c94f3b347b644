"""Composing the "who you'll meet" DM and the "did you make it?" check-back from outbox rows.

Both are decided at send time: nothing for a cancelled tweetup or a member no longer going.
The intro DM is the day-before reminder (see :mod:`bot.services.checkback_plan`), so it
follows the reminders' rules: only for members who did not turn reminders off, late with a
note after downtime, never once the tweetup started. The check-back goes only if the member
has not answered yet. Members whose DMs are closed are mentioned in the thread instead.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.compose import Composed, GuildNames, Outgoing
from bot.domain.icebreakers.messages import PersonLine, checkback_text, meet_text
from bot.domain.tweetups import Delivery, PlannedReminder, decide, reminder_text
from bot.services import checkback_plan, coming
from bot.services.members import member_prefs
from bot.services.outbox import nonce_for
from bot.ui.checkbacks import checkback_view
from bot.ui.tweetups import message_url
from models import Attendance, OutboxMessage, Rsvp, Tweetup

SCHEDULED = "scheduled"


class IcebreakerComposer:
    kinds = frozenset({checkback_plan.MEET, checkback_plan.CHECKBACK})

    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now

    async def compose(
        self,
        session: AsyncSession,
        messages: list[OutboxMessage],
        guild_name: GuildNames,
        today: date,
    ) -> Composed:
        result = Composed()
        now = self._now()
        for message in messages:
            tweetup = await session.get(Tweetup, message.tweetup_id or 0)
            rsvp = await session.get(Rsvp, (message.tweetup_id or 0, message.recipient_id))
            if tweetup is None or tweetup.status != SCHEDULED or rsvp is None:
                result.skipped.append(message.id)
                continue
            if rsvp.status != "going":
                result.skipped.append(message.id)
                continue
            if message.kind == checkback_plan.MEET:
                outgoing = await self._meet(session, message, tweetup, now)
            else:
                outgoing = await self._checkback(session, message, tweetup)
            if outgoing is None:
                result.skipped.append(message.id)
            else:
                result.outgoing.append(outgoing)
        return result

    async def _meet(
        self, session: AsyncSession, message: OutboxMessage, tweetup: Tweetup, now: datetime
    ) -> Outgoing | None:
        """Sent as the day-before reminder would be: on time, late with a note while the
        tweetup has not started, never after; superseded by a later reminder due as well."""
        planned = PlannedReminder(
            tweetup.id,
            message.recipient_id,
            tweetup.starts_at - message.due_at,
            tweetup.starts_at,
            message.due_at,
        )
        delivery = decide(planned, now=now)
        if not delivery.sends or await checkback_plan.later_reminder_due(session, message, now):
            return None
        prefs = await member_prefs(
            session=session, guild_id=tweetup.guild_id, user_id=message.recipient_id
        )
        if prefs.reminder_lead_minutes == ():
            return None  # reminders turned off: no DMs about this tweetup
        found = await coming.whos_coming(
            session=session, tweetup_id=tweetup.id, exclude=message.recipient_id
        )
        if found is None:
            return None
        reminder = reminder_text(
            title=tweetup.title,
            starts_at=tweetup.starts_at,
            venue=", ".join(filter(None, [tweetup.venue, tweetup.place_label])),
            link=message_url(tweetup),
            late=delivery is Delivery.SEND_LATE,
        )
        people = [
            PersonLine(
                p.attendee.name, p.pronouns, p.intro, p.attendee.topics, p.attendee.first_timer
            )
            for p in found.people
        ]
        text = meet_text(
            reminder=reminder, people=people, unnamed=found.unnamed, starters=found.starters
        )
        return Outgoing(
            (message.id,),
            message.recipient_id,
            text,
            nonce_for(message.id),
            fallback_channel_id=tweetup.thread_id,
        )

    async def _checkback(
        self, session: AsyncSession, message: OutboxMessage, tweetup: Tweetup
    ) -> Outgoing | None:
        if await session.get(Attendance, (tweetup.id, message.recipient_id)) is not None:
            return None
        return Outgoing(
            (message.id,),
            message.recipient_id,
            checkback_text(title=tweetup.title, place=tweetup.place_label),
            nonce_for(message.id),
            fallback_channel_id=tweetup.thread_id,
            view=checkback_view(tweetup.id),
        )
