"""``/privacy``: what Tweetup stores about me; export it; delete it."""

from __future__ import annotations

import io
import json

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TweetupBot
from bot.services import privacy
from bot.ui.ask import Conversation
from bot.ui.departures import show_erasure

SCOPES = [
    app_commands.Choice(name="This server", value="guild"),
    app_commands.Choice(name="Every server", value="everywhere"),
]


def scope_guild(interaction: discord.Interaction[TweetupBot], scope: str | None) -> int | None:
    if scope == "everywhere" or interaction.guild_id is None:
        return None
    return interaction.guild_id


class Privacy(commands.GroupCog, group_name="privacy", group_description="Your data in Tweetup"):
    def __init__(self, bot: TweetupBot) -> None:
        self.bot = bot

    @app_commands.command(name="show", description="What Tweetup stores about you in this server")
    @app_commands.guild_only()
    async def show(self, interaction: discord.Interaction[TweetupBot]) -> None:
        assert interaction.guild_id is not None
        async with self.bot.db.read_session() as session:
            summary = await privacy.summary(
                session=session, user_id=interaction.user.id, guild_id=interaction.guild_id
            )
        await interaction.response.send_message(
            "**What Tweetup stores about you in this server**\n"
            f"• Home city: {'yes' if summary.homes else 'none'}\n"
            f"• Trips: {summary.trips}\n"
            f"• Personal settings: {'yes' if summary.settings else 'defaults'}\n"
            f"• RSVPs: {summary.rsvps} · poll votes: {summary.votes} · "
            f"polls you proposed: {summary.polls}\n"
            f"• Tweetups you organized: {summary.tweetups_organized}\n"
            f"• Profile (intro, topics, pronouns): {'yes' if summary.profile else 'none'}\n"
            f"• Answers to “did you make it?”: {summary.checkins}\n"
            f"• Messages waiting to be sent to you: {summary.pending_messages}\n"
            "Places are stored at city level only and shown only in this server. "
            "`/privacy export` sends you all of it; `/privacy delete` erases it.",
            ephemeral=True,
        )

    @app_commands.command(name="export", description="Get a file with all your data, privately")
    @app_commands.describe(scope="This server only, or every server")
    @app_commands.choices(scope=SCOPES)
    async def export(
        self, interaction: discord.Interaction[TweetupBot], scope: str | None = None
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self.bot.db.read_session() as session:
            data = await privacy.export(
                session=session,
                user_id=interaction.user.id,
                guild_id=scope_guild(interaction, scope),
            )
        payload = json.dumps(data, indent=2, ensure_ascii=False).encode()
        await interaction.followup.send(
            "Here is everything Tweetup stores about you (only you can see this).",
            file=discord.File(io.BytesIO(payload), filename="tweetup-my-data.json"),
            ephemeral=True,
        )

    @app_commands.command(name="delete", description="Erase your data from Tweetup")
    @app_commands.describe(scope="This server only, or every server")
    @app_commands.choices(scope=SCOPES)
    async def delete(
        self, interaction: discord.Interaction[TweetupBot], scope: str | None = None
    ) -> None:
        guild_id = scope_guild(interaction, scope)
        where = "in this server" if guild_id else "in every server"
        talk = Conversation(interaction)
        await talk.choose(
            f"Erase your home, trips, settings, profile, RSVPs, votes, polls and pending messages "
            f"{where}? Tweetups you organized stay for the people going, without your name. "
            "This cannot be undone.",
            [("Yes, erase it", True)],
            dismiss="Keep my data",
        )
        async with self.bot.db.session() as session:
            erasure = await privacy.erase(
                session=session,
                user_id=interaction.user.id,
                guild_id=guild_id,
                defaults=self.bot.settings.defaults,
                now=self.bot.clock.now(),
            )
        await talk.reply(f"🧹 Done: erased {erasure.describe()} {where}.")
        await show_erasure(self.bot, erasure)


async def setup(bot: TweetupBot) -> None:
    await bot.add_cog(Privacy(bot))
