"""``/about``: what Tweetup is and how it treats people's data."""

from __future__ import annotations

import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TweetupBot
from bot.ui.items import PersistentButton

ABOUT = (
    "**Tweetup** helps people who know each other here meet face to face.\n"
    "• Set your home city with `/home set` and share trips with `/travel add`.\n"
    "• When members will be in the same city at the same time, Tweetup tells those who "
    "opted in, proposes times that suit everyone, and helps organize the meetup.\n"
    "Getting to know people online first makes meeting in person much easier, even for the shy."
)

PRIVACY = (
    "**What Tweetup stores about you**\n"
    "• Your home city and trips: city level only, never an address or coordinates you type.\n"
    "• They are visible only in the server where you shared them.\n"
    "• Direct messages only if you turn them on with `/notify`.\n"
    "• `/privacy export` sends you everything stored; `/privacy delete` erases it."
)


class PrivacyButton(PersistentButton, template=r"about:privacy"):
    """Persistent: keeps working on messages posted before a restart."""

    def __init__(self) -> None:
        super().__init__(
            discord.ui.Button(
                label="What do you store?",
                style=discord.ButtonStyle.secondary,
                custom_id="about:privacy",
            )
        )

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> PrivacyButton:
        return cls()

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message(PRIVACY, ephemeral=True)


class About(commands.Cog):
    def __init__(self, bot: TweetupBot) -> None:
        self.bot = bot

    @app_commands.command(name="about", description="What Tweetup is and how it uses your data")
    async def about(self, interaction: discord.Interaction[TweetupBot]) -> None:
        view = discord.ui.View(timeout=None)
        view.add_item(PrivacyButton())
        await interaction.response.send_message(ABOUT, view=view, ephemeral=True)


async def setup(bot: TweetupBot) -> None:
    bot.add_dynamic_items(PrivacyButton)
    await bot.add_cog(About(bot))
