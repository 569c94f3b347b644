"""The weekly guild digest, posted by a background loop once per week where it is enabled
(``/tweetup-admin digest``)."""

from __future__ import annotations

import asyncio

from discord.ext import commands, tasks

from bot.app import TweetupBot
from bot.ui.digest import post_due_digests


class Digest(commands.Cog):
    def __init__(self, bot: TweetupBot) -> None:
        self.bot = bot
        # Held while a round runs, so unloading never cancels it mid-transaction.
        self._round = asyncio.Lock()

    async def cog_load(self) -> None:
        if self.bot.background_jobs:
            self.weekly.start()

    async def cog_unload(self) -> None:
        async with self._round:
            self.weekly.cancel()

    @tasks.loop(minutes=30)
    async def weekly(self) -> None:
        async with self._round:
            await post_due_digests(self.bot)

    @weekly.before_loop
    async def _ready(self) -> None:
        await self.bot.wait_until_ready()


async def setup(bot: TweetupBot) -> None:
    await bot.add_cog(Digest(bot))
