"""Breaking the ice around each tweetup: the "who's coming" card in its thread, the "who
you'll meet" DM a day before, and the "did you make it?" check-back after it."""

from __future__ import annotations

from discord.ext import commands

from bot.app import TweetupBot
from bot.delivery.icebreakers import IcebreakerComposer
from bot.ui import checkbacks
from bot.ui.coalesce import Coalescer
from bot.ui.coming import refresh_card


class Icebreakers(commands.Cog):
    def __init__(self, bot: TweetupBot) -> None:
        self.bot = bot
        self.cards: Coalescer[int] = Coalescer(self._refresh, delay=0.5)

    async def cog_load(self) -> None:
        self.bot.dispatcher.add_composer(IcebreakerComposer(self.bot.clock.now))

    async def cog_unload(self) -> None:
        await self.cards.close()

    async def _refresh(self, tweetup_id: int) -> None:
        await refresh_card(self.bot, tweetup_id)

    @commands.Cog.listener()
    async def on_tweetup_changed(self, tweetup_id: int) -> None:
        """Announced, RSVPed, edited or cancelled: refresh the card, coalesced."""
        self.cards.request(tweetup_id)


async def setup(bot: TweetupBot) -> None:
    bot.add_dynamic_items(*checkbacks.DYNAMIC_ITEMS)
    await bot.add_cog(Icebreakers(bot))
