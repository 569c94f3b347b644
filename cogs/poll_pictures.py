"""Keeps each poll's heat map current: votes come in bursts, so the picture is redrawn at
most once per interval per poll, and always once after the last vote."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.app import TweetupBot
from bot.domain.errors import NotFound
from bot.services import poll_votes
from bot.services.poll_votes import PollCard
from bot.ui import permissions as perms
from bot.ui.coalesce import Coalescer
from bot.ui.poll_picture import poll_picture

log = logging.getLogger(__name__)
INTERVAL = 2.0


class PollPictures(commands.Cog):
    def __init__(self, bot: TweetupBot) -> None:
        self.bot = bot
        self.pictures: Coalescer[int] = Coalescer(self._redraw, delay=INTERVAL)

    async def cog_unload(self) -> None:
        await self.pictures.close()

    @commands.Cog.listener()
    async def on_poll_changed(self, card: PollCard) -> None:
        if card.poll.message_id:
            self.pictures.request(card.poll.id)

    async def _redraw(self, poll_id: int) -> None:
        try:
            async with self.bot.db.read_session() as session:
                card = await poll_votes.poll_card(session=session, poll_id=poll_id, guild_id=None)
        except NotFound:
            return  # withdrawn meanwhile
        poll = card.poll
        channel = self.bot.get_channel(poll.channel_id or 0)
        if channel is None or perms.missing_in(channel, ("attach_files",)):
            return
        try:
            message = channel.get_partial_message(poll.message_id)  # type: ignore[union-attr]
            await message.edit(attachments=[await poll_picture(self.bot, card)])
        except discord.HTTPException as error:
            log.warning("Could not redraw the picture of poll %s: %s", poll_id, error)


async def setup(bot: TweetupBot) -> None:
    await bot.add_cog(PollPictures(bot))
