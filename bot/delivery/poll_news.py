"""DMs about time polls: private invitations, and "it's settled" once a poll is confirmed.

Composed at send time: a poll confirmed or withdrawn meanwhile invites nobody, and the
confirmation tells each member the answer they have now.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.compose import Composed, GuildNames, Outgoing, announcement_link
from bot.domain.tweetups import notices
from bot.services import tweetups
from bot.services.outbox import nonce_for
from bot.services.polls import POLL_INVITE
from models import OutboxMessage, Poll, Rsvp, Tweetup


def _link(guild_id: int, channel_id: int | None, message_id: int | None) -> str:
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


class PollNewsComposer:
    kinds = frozenset({POLL_INVITE, tweetups.POLL_CONFIRMED})

    async def compose(
        self,
        session: AsyncSession,
        messages: list[OutboxMessage],
        guild_name: GuildNames,
        today: date,
    ) -> Composed:
        result = Composed()
        for message in messages:
            text = (
                await self._invite(session, message, guild_name)
                if message.kind == POLL_INVITE
                else await self._confirmed(session, message, guild_name)
            )
            if text is None:
                result.skipped.append(message.id)
            else:
                result.outgoing.append(
                    Outgoing((message.id,), message.recipient_id, text, nonce_for(message.id))
                )
        return result

    @staticmethod
    async def _invite(
        session: AsyncSession, message: OutboxMessage, guild_name: GuildNames
    ) -> str | None:
        poll = await session.get(Poll, int(message.detail.get("poll_id", 0)))
        if poll is None or poll.status != "open" or not poll.message_id:
            return None
        link = _link(poll.guild_id, poll.channel_id, poll.message_id)
        return notices.poll_invite(poll.place_label, guild_name(poll.guild_id), link)

    @staticmethod
    async def _confirmed(
        session: AsyncSession, message: OutboxMessage, guild_name: GuildNames
    ) -> str | None:
        tweetup = await session.get(Tweetup, message.tweetup_id or 0)
        if tweetup is None or tweetup.status != tweetups.SCHEDULED or not tweetup.message_id:
            return None
        rsvp = await session.get(Rsvp, (tweetup.id, message.recipient_id))
        return notices.poll_confirmed(
            title=tweetup.title,
            place_label=tweetup.place_label,
            venue=tweetup.venue,
            starts_at=tweetup.starts_at,
            guild_name=guild_name(tweetup.guild_id),
            answer=rsvp.status if rsvp is not None else None,
            link=announcement_link(tweetup) or "",
        )
