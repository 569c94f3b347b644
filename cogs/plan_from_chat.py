"""Apps → "Plan a tweetup from this": a chat message ("dinner next week while @Sam is in
town") becomes a pre-filled ``/tweetup propose``, confirmed privately (bot/ui/plan_from_chat).

Explicit, so no privileged intent is needed: Discord gives a bot the content of a context
menu's target message. Nothing of the message's text is stored.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TweetupBot
from bot.ui.cards import ExpiredCard
from bot.ui.plan_from_chat import offer_plan

MENU = "Plan a tweetup from this"


class PlanFromChat(commands.Cog):
    def __init__(self, bot: TweetupBot) -> None:
        self.bot = bot
        self.menu = app_commands.ContextMenu(name=MENU, callback=self.plan)
        self.menu.guild_only = True

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    async def plan(
        self, interaction: discord.Interaction[TweetupBot], message: discord.Message
    ) -> None:
        await offer_plan(interaction, message)


async def setup(bot: TweetupBot) -> None:
    # Clicks on a private card (this one's or "Add as my trip"'s) after a restart.
    bot.add_dynamic_items(ExpiredCard)
    await bot.add_cog(PlanFromChat(bot))
