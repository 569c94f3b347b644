"""What others see change when a member erases their data or leaves a server.

The erasure itself is one service call; redrawing the announcements and polls that named
the member (and waking the dispatcher for the waitlist DMs) is Discord work, kept here so
the privacy and lifecycle cogs share it without reaching into each other.
"""

from __future__ import annotations

from typing import Any

from bot.services import poll_votes, tweetups
from bot.services.privacy import Erasure
from bot.ui.poll_items import update_poll_message
from bot.ui.polls import withdraw_poll_message
from bot.ui.tweetups import update_announcement


async def show_erasure(bot: Any, erasure: Erasure) -> None:
    bot.dispatcher.wake()
    for channel_id, message_id in erasure.polls_withdrawn:
        await withdraw_poll_message(bot, channel_id, message_id)
    async with bot.db.read_session() as session:
        cards = [
            await tweetups.card(session=session, tweetup_id=tweetup_id)
            for tweetup_id in erasure.tweetups_to_refresh
        ]
        poll_cards = [
            await poll_votes.poll_card(session=session, poll_id=poll_id, guild_id=None)
            for poll_id in erasure.polls_to_refresh
        ]
    for card in cards:
        await update_announcement(bot, card)
    for poll_card in poll_cards:
        await update_poll_message(bot, poll_card)
