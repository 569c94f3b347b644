"""Private poll invitations for members who keep their plans hidden in a server.

Composed at send time: a poll that was confirmed or withdrawn meanwhile invites nobody.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.compose import Composed, GuildNames, Outgoing
from bot.domain.tweetups import notices
from bot.services.outbox import nonce_for
from bot.services.polls import POLL_INVITE
from models import OutboxMessage, Poll


class PollInviteComposer:
    kinds = frozenset({POLL_INVITE})

    async def compose(
        self,
        session: AsyncSession,
        messages: list[OutboxMessage],
        guild_name: GuildNames,
        today: date,
    ) -> Composed:
        result = Composed()
        for message in messages:
            poll = await session.get(Poll, int(message.detail.get("poll_id", 0)))
            if poll is None or poll.status != "open" or not poll.message_id:
                result.skipped.append(message.id)
                continue
            link = (
                f"https://discord.com/channels/{poll.guild_id}/{poll.channel_id}/{poll.message_id}"
            )
            text = notices.poll_invite(poll.place_label, guild_name(poll.guild_id), link)
            result.outgoing.append(
                Outgoing((message.id,), message.recipient_id, text, nonce_for(message.id))
            )
        return result
