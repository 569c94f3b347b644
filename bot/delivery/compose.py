"""Turning claimed outbox rows into the direct messages to send.

Each kind of message has a composer; the dispatcher only knows how to send what they
produce. Composers read current data at send time, so an edited or cancelled trip is told
as it is now, or not at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

import discord
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import notice_text
from bot.domain.tweetups import Delivery, PlannedReminder, catch_up, reminder_text
from bot.domain.tweetups import notices as tweetup_notices
from bot.services import checkback_plan, notices, tweetups
from bot.services.outbox import nonce_for
from models import OutboxMessage, Rsvp, Tweetup


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One DM: the outbox rows it settles, and a nonce stable across resends."""

    message_ids: tuple[int, ...]
    recipient_id: int
    content: str
    nonce: str
    # Where to mention the member instead when their DMs are closed (a tweetup's thread).
    fallback_channel_id: int | None = None
    # Buttons to send with it (persistent ones, e.g. the check-back's answers).
    view: discord.ui.View = discord.utils.MISSING


@dataclass(slots=True)
class Composed:
    outgoing: list[Outgoing] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)


class GuildNames(Protocol):
    def __call__(self, guild_id: int) -> str: ...


class Composer(Protocol):
    kinds: frozenset[str]

    async def compose(
        self,
        session: AsyncSession,
        messages: list[OutboxMessage],
        guild_name: GuildNames,
        today: date,
    ) -> Composed: ...


class TripNoticeComposer:
    """Instant notices go one per DM; digest subscribers get all theirs in one DM."""

    kinds = frozenset({notices.TRIP_NOTICE})

    async def compose(
        self,
        session: AsyncSession,
        messages: list[OutboxMessage],
        guild_name: GuildNames,
        today: date,
    ) -> Composed:
        result = Composed()
        digests: dict[int, list[tuple[OutboxMessage, notice_text.TripNotice]]] = defaultdict(list)
        for message in messages:
            notice = await notices.describe(
                session=session,
                message=message,
                guild_name=guild_name(message.guild_id),
                today=today,
            )
            if notice is None:
                result.skipped.append(message.id)
            elif message.detail.get("digest"):
                digests[message.recipient_id].append((message, notice))
            else:
                result.outgoing.append(
                    Outgoing(
                        (message.id,),
                        message.recipient_id,
                        notice_text.single_notice(notice),
                        nonce_for(message.id),
                    )
                )
        for recipient, items in digests.items():
            ids = tuple(message.id for message, _ in items)
            content = notice_text.digest([notice for _, notice in items])
            result.outgoing.append(Outgoing(ids, recipient, content, nonce_for(min(ids))))
        return result


def announcement_link(tweetup: Tweetup) -> str | None:
    if not (tweetup.channel_id and tweetup.message_id):
        return None
    return (
        f"https://discord.com/channels/{tweetup.guild_id}/{tweetup.channel_id}/{tweetup.message_id}"
    )


class TweetupComposer:
    """Reminders, waitlist promotions, changes and cancellations of tweetups.

    Reminders follow :func:`bot.domain.tweetups.catch_up`: on time, late with a note, or
    skipped once the tweetup started (and only the latest of several overdue ones goes).
    """

    kinds = frozenset({tweetups.REMINDER, tweetups.PROMOTED, tweetups.CHANGED, tweetups.CANCELLED})

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
        loaded: dict[int, Tweetup | None] = {}
        reminders: list[tuple[OutboxMessage, PlannedReminder]] = []
        for message in messages:
            tweetup_id = message.tweetup_id or 0
            if tweetup_id not in loaded:
                loaded[tweetup_id] = await session.get(Tweetup, tweetup_id)
            tweetup = loaded[tweetup_id]
            if tweetup is None:
                result.skipped.append(message.id)
                continue
            if message.kind == tweetups.REMINDER:
                lead = timedelta(minutes=int(message.detail.get("lead_minutes", 0)))
                reminders.append(
                    (
                        message,
                        PlannedReminder(
                            tweetup.id,
                            message.recipient_id,
                            lead,
                            tweetup.starts_at,
                            message.due_at,
                        ),
                    )
                )
                continue
            text = self._news(message.kind, tweetup)
            if text is None:
                result.skipped.append(message.id)
                continue
            result.outgoing.append(self._outgoing(message, tweetup, text, nonce_for(message.id)))
        decisions = catch_up([planned for _, planned in reminders], now=now)
        for (message, planned), decision in zip(reminders, decisions, strict=True):
            tweetup = loaded[message.tweetup_id or 0]
            assert tweetup is not None
            going = await session.get(Rsvp, (tweetup.id, message.recipient_id))
            if (
                not decision.delivery.sends
                or tweetup.status != tweetups.SCHEDULED
                or going is None
                or await checkback_plan.replaced_by_intro(session, message)
                or going.status != "going"
            ):
                result.skipped.append(message.id)
                continue
            text = reminder_text(
                title=tweetup.title,
                starts_at=tweetup.starts_at,
                venue=", ".join(filter(None, [tweetup.venue, tweetup.place_label])),
                late=decision.delivery is Delivery.SEND_LATE,
                guild=guild_name(tweetup.guild_id),
                link=announcement_link(tweetup),
            )
            result.outgoing.append(self._outgoing(message, tweetup, text, planned.nonce))
        return result

    @staticmethod
    def _news(kind: str, tweetup: Tweetup) -> str | None:
        if kind == tweetups.CANCELLED:
            return tweetup_notices.cancelled(tweetup.title, tweetup.place_label, tweetup.starts_at)
        if tweetup.status != tweetups.SCHEDULED:
            return None
        if kind == tweetups.PROMOTED:
            return tweetup_notices.promoted(
                tweetup.title, tweetup.place_label, tweetup.venue, tweetup.starts_at
            )
        return tweetup_notices.changed(
            tweetup.title, tweetup.place_label, tweetup.venue, tweetup.starts_at
        )

    @staticmethod
    def _outgoing(message: OutboxMessage, tweetup: Tweetup, text: str, nonce: str) -> Outgoing:
        personal = message.kind in (tweetups.REMINDER, tweetups.PROMOTED)
        return Outgoing(
            (message.id,),
            message.recipient_id,
            text,
            nonce,
            fallback_channel_id=tweetup.thread_id if personal else None,
        )
