"""A test-only cog for the paths the product cogs do not have yet: autocomplete, nested
subcommands, modals, DMs, permissions. Loaded into the in-process bot by ``bot_config``."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TweetupBot
from bot.ui.errors import TweetupModal

CITIES = [f"Berlin {n}" for n in range(1, 40)] + ["Bern", "Bergen", "Paris", "Porto"]


class FeedbackModal(TweetupModal, title="Feedback"):
    city: discord.ui.TextInput[FeedbackModal] = discord.ui.TextInput(label="City", max_length=80)
    note: discord.ui.TextInput[FeedbackModal] = discord.ui.TextInput(
        label="Anything else?", style=discord.TextStyle.paragraph, required=False
    )

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message(
            f"Thanks! City: {self.city.value}; note: {self.note.value or '-'}", ephemeral=True
        )


class PollView(discord.ui.View):
    """A non-persistent view: found again only through the message id Discord returned."""

    def __init__(self) -> None:
        super().__init__(timeout=60)
        self.votes = 0

    @discord.ui.select(
        custom_id="probe:city",
        options=[discord.SelectOption(label=c, value=c.lower()) for c in ("Bern", "Porto")],
    )
    async def pick(
        self, interaction: discord.Interaction[Any], select: discord.ui.Select[PollView]
    ) -> None:
        await interaction.response.edit_message(content=f"Poll: {select.values[0]} leads")

    @discord.ui.button(label="Vote", custom_id="probe:vote")
    async def vote(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[PollView]
    ) -> None:
        await interaction.response.defer()
        self.votes += 1
        await interaction.edit_original_response(content=f"Poll: {self.votes} vote(s)")


class Probe(commands.Cog):
    probe = app_commands.Group(name="probe", description="Test-only probes")
    trip = app_commands.Group(name="trip", description="Nested group", parent=probe)

    def __init__(self, bot: TweetupBot) -> None:
        self.bot = bot

    @trip.command(name="add", description="A subcommand inside a group, with autocomplete")
    @app_commands.describe(city="Where", nights="How long")
    async def trip_add(
        self,
        interaction: discord.Interaction[TweetupBot],
        city: str,
        nights: app_commands.Range[int, 1, 30],
        note: str | None = None,
    ) -> None:
        await interaction.response.send_message(
            f"Trip to {city} for {nights} nights ({note or 'no note'})", ephemeral=True
        )

    @trip_add.autocomplete("city")
    async def city_choices(
        self, interaction: discord.Interaction[TweetupBot], current: str
    ) -> list[app_commands.Choice[str]]:
        found = [city for city in CITIES if city.lower().startswith(current.lower())]
        return [app_commands.Choice(name=city, value=city) for city in found[:25]]

    @probe.command(name="feedback", description="Answers with a modal")
    async def feedback(self, interaction: discord.Interaction[TweetupBot]) -> None:
        await interaction.response.send_modal(FeedbackModal())

    @probe.command(name="dm", description="Sends the caller a DM")
    async def dm(self, interaction: discord.Interaction[TweetupBot]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            await interaction.user.send("Hello from Tweetup!")
        except discord.Forbidden as refused:
            await interaction.followup.send(
                f"I can't DM you (Discord said {refused.code}).", ephemeral=True
            )
            return
        await interaction.followup.send("Check your DMs.", ephemeral=True)

    @probe.command(name="settings", description="Checked by the bot: Manage Server")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def settings(self, interaction: discord.Interaction[TweetupBot]) -> None:
        await interaction.response.send_message("Settings saved.", ephemeral=True)

    @app_commands.command(name="probe-admin", description="Hidden by Discord from non-managers")
    @app_commands.default_permissions(manage_guild=True)
    async def admin(self, interaction: discord.Interaction[TweetupBot]) -> None:
        await interaction.response.send_message("Admin panel.", ephemeral=True)

    @probe.command(name="poll", description="Posts a public message with a view")
    async def poll(self, interaction: discord.Interaction[TweetupBot]) -> None:
        await interaction.response.send_message("Poll: no votes yet", view=PollView())

    @probe.command(name="greet", description="Options that need resolved objects")
    async def greet(
        self,
        interaction: discord.Interaction[TweetupBot],
        who: discord.Member,
        where: discord.TextChannel,
        team: discord.Role,
    ) -> None:
        await interaction.response.send_message(
            f"Hi {who.display_name} of {team.name} in #{where.name}", ephemeral=True
        )

    @probe.command(name="whoami", description="Says where it runs")
    async def whoami(self, interaction: discord.Interaction[TweetupBot]) -> None:
        guild = interaction.guild.name if interaction.guild else "DMs"
        await interaction.response.send_message(
            f"{interaction.user.name} in {guild} ({interaction.locale.value})", ephemeral=True
        )


def probe_cog(bot: TweetupBot) -> commands.Cog:
    return Probe(bot)
