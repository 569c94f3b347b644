"""``/whoshere``: who lives near a city, and who will be there when."""

from __future__ import annotations

from datetime import timedelta

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TweetupBot
from bot.domain.dates import DateRange
from bot.domain.places import Place, Resolution
from bot.services import matching
from bot.ui import render
from bot.ui.ask import Conversation
from bot.ui.cities import CityTransformer, city_zone, pick_place
from bot.ui.dates import local_today, member_date_order, read_dates, settle_dates
from bot.ui.town import town_chart_file

City = app_commands.Transform[Place | Resolution, CityTransformer]
DEFAULT_HORIZON = timedelta(days=60)


class WhosHere(commands.Cog):
    def __init__(self, bot: TweetupBot) -> None:
        self.bot = bot

    @app_commands.command(name="whoshere", description="Who lives near a city, and who visits when")
    @app_commands.describe(
        city="Start typing and pick the city",
        dates="Optional: when, in plain words (default: the next 60 days)",
        chart="Also draw who is in town when, as a picture",
    )
    @app_commands.guild_only()
    async def whoshere(
        self,
        interaction: discord.Interaction[TweetupBot],
        city: City,
        dates: app_commands.Range[str, 1, 200] | None = None,
        chart: bool = False,
    ) -> None:
        assert interaction.guild_id is not None
        talk = Conversation(interaction)
        if chart:
            await talk.defer()  # fetching names and drawing take longer than 3 s may allow
        today = local_today(self.bot.clock.now(), city_zone(city))
        parsed = None
        if dates is not None:
            parsed = read_dates(dates, today=today, order=await member_date_order(interaction))
        place = await pick_place(talk, city)
        window = (
            await settle_dates(talk, parsed)
            if parsed is not None
            else DateRange(today, today + DEFAULT_HORIZON)
        )
        async with self.bot.db.read_session() as session:
            found = await matching.who_is_around(
                session=session,
                guild_id=interaction.guild_id,
                lat=place.lat,
                lon=place.lon,
                window=window,
                viewer_id=interaction.user.id,
                defaults=self.bot.settings.defaults,
            )
        embed = render.whoshere(place.label, window, found.locals, found.travelers, found.radius_km)
        if not chart:
            await talk.reply(embed=embed)
            return
        alt, picture = await town_chart_file(
            interaction.guild, place.label, place.timezone, window, found
        )
        await talk.reply(alt, embed=embed, file=picture)


async def setup(bot: TweetupBot) -> None:
    await bot.add_cog(WhosHere(bot))
