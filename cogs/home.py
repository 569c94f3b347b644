"""``/home``: a member's home city in this server."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TweetupBot
from bot.domain.places import Place, Resolution
from bot.services import homes
from bot.ui.ask import Conversation
from bot.ui.cities import BOOSTS, CityTransformer, pick_place

City = app_commands.Transform[Place | Resolution, CityTransformer]


@app_commands.guild_only()
class Home(commands.GroupCog, group_name="home", group_description="Your home city in this server"):
    def __init__(self, bot: TweetupBot) -> None:
        self.bot = bot

    @app_commands.command(name="set", description="Set your home city (city level only)")
    @app_commands.describe(city="Start typing, then pick your city from the list")
    async def set_home(self, interaction: discord.Interaction[TweetupBot], city: City) -> None:
        talk = Conversation(interaction)
        place = await pick_place(talk, city)
        assert interaction.guild_id is not None
        async with self.bot.db.session() as session:
            await homes.set_home(
                session=session,
                guild_id=interaction.guild_id,
                user_id=interaction.user.id,
                place=place,
                now=self.bot.clock.now(),
            )
        BOOSTS.note(interaction.guild_id, place.id)
        await talk.reply(
            f"🏠 Your home in this server is now **{place.label}**.\n"
            "Members here can find you with `/whoshere` "
            "(turn that off with `/notify visible:False`). "
            "Want a DM when someone visits? Use `/notify dms:True`."
        )

    @app_commands.command(name="show", description="Show the home city you set in this server")
    async def show_home(self, interaction: discord.Interaction[TweetupBot]) -> None:
        assert interaction.guild_id is not None
        async with self.bot.db.read_session() as session:
            home = await homes.get_home(
                session=session, guild_id=interaction.guild_id, user_id=interaction.user.id
            )
        text = (
            f"🏠 Your home in this server: **{home.place_label}**."
            if home
            else "You haven't set a home city in this server. Use `/home set`."
        )
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="clear", description="Remove your home city from this server")
    async def clear_home(self, interaction: discord.Interaction[TweetupBot]) -> None:
        assert interaction.guild_id is not None
        async with self.bot.db.session() as session:
            removed = await homes.clear_home(
                session=session, guild_id=interaction.guild_id, user_id=interaction.user.id
            )
        BOOSTS.stale(interaction.guild_id)
        text = (
            "Your home city is removed from this server."
            if removed
            else "You had no home city set here."
        )
        await interaction.response.send_message(text, ephemeral=True)


async def setup(bot: TweetupBot) -> None:
    await bot.add_cog(Home(bot))
