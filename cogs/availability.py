"""``/availability``: when a member usually likes to meet (favoured when times are proposed)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TweetupBot
from bot.domain.tweetups import Availability
from bot.services import members


class AvailabilityCommand(commands.Cog):
    def __init__(self, bot: TweetupBot) -> None:
        self.bot = bot

    @app_commands.command(name="availability", description="When you usually like to meet")
    @app_commands.describe(
        weekday_daytime="Weekdays before 17:00",
        weekday_evenings="Weekday evenings (Friday included)",
        weekend_daytime="Saturday and Sunday daytime",
        weekend_evenings="Saturday and Sunday evenings",
    )
    @app_commands.guild_only()
    async def availability(
        self,
        interaction: discord.Interaction[TweetupBot],
        weekday_daytime: bool | None = None,
        weekday_evenings: bool | None = None,
        weekend_daytime: bool | None = None,
        weekend_evenings: bool | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        wanted = {
            Availability.WEEKDAY_DAYTIME: weekday_daytime,
            Availability.WEEKDAY_EVENINGS: weekday_evenings,
            Availability.WEEKEND_DAYTIME: weekend_daytime,
            Availability.WEEKEND_EVENINGS: weekend_evenings,
        }
        async with self.bot.db.session() as session:
            flag = await members.set_availability(
                session=session,
                guild_id=interaction.guild_id,
                user_id=interaction.user.id,
                changes={part: value for part, value in wanted.items() if value is not None},
                now=self.bot.clock.now(),
                defaults=self.bot.settings.defaults,
            )
        await interaction.response.send_message(
            f"🗓️ Proposed times will favour: **{flag.label}**.", ephemeral=True
        )


async def setup(bot: TweetupBot) -> None:
    await bot.add_cog(AvailabilityCommand(bot))
