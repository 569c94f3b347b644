"""Turning claimed outbox rows into the direct messages to send.

Each kind of message has a composer; the dispatcher only knows how to send what they
produce. Composers read current data at send time, so an edited or cancelled trip is told
as it is now, or not at all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import notice_text
from bot.services import notices
from bot.services.outbox import nonce_for
from models import OutboxMessage


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One DM: the outbox rows it settles, and a nonce stable across resends."""

    message_ids: tuple[int, ...]
    recipient_id: int
    content: str
    nonce: str


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
