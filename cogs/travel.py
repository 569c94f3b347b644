"""``/travel``: announce trips, see who is around, edit and cancel them."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TweetupBot
from bot.domain.errors import InvalidInput
from bot.domain.places import Place, Resolution
from bot.services import hotspots, trips
from bot.ui import render
from bot.ui.ask import Conversation
from bot.ui.choices import matching_choices, picked_id
from bot.ui.cities import CityTransformer, city_zone, pick_place
from bot.ui.dates import local_today, member_date_order, read_dates, settle_dates
from bot.ui.replies import NO_MENTIONS
from bot.ui.trip_saved import ProposeMeetupButton, after_saved, save_trip

City = app_commands.Transform[Place | Resolution, CityTransformer]


async def own_trip_choices(
    interaction: discord.Interaction[TweetupBot], current: str
) -> list[app_commands.Choice[str]]:
    bot = interaction.client
    if interaction.guild_id is None:
        return []
    async with bot.db.read_session() as session:
        upcoming = await trips.list_trips(
            session=session,
            guild_id=interaction.guild_id,
            user_id=interaction.user.id,
            today=bot.clock.now().date(),
        )
    labels = (
        (f"{trip.place_label}, {render.trip_dates(trip).label}", trip.id) for trip in upcoming
    )
    return matching_choices(labels, current)


def trip_id_of(value: str) -> int:
    return picked_id(value, "one of your trips")


@app_commands.guild_only()
class Travel(commands.GroupCog, group_name="travel", group_description="Share your trips"):
    def __init__(self, bot: TweetupBot) -> None:
        self.bot = bot

    @app_commands.command(name="add", description="Share a trip so members there can meet you")
    @app_commands.describe(
        city="Where you're going: start typing and pick the city",
        dates="When, in plain words: “Mar 3-7”, “next weekend”, “Dec 7 for 5 nights”",
        note="Optional, shown with your trip (200 characters)",
        announce="Post it in the server's announcement channel (default: the server's choice)",
    )
    async def add(
        self,
        interaction: discord.Interaction[TweetupBot],
        city: City,
        dates: app_commands.Range[str, 1, 200],
        note: app_commands.Range[str, 0, 200] | None = None,
        announce: bool | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        talk = Conversation(interaction)
        # Matching and queueing notices touch the database several times: answer "thinking"
        # at once, so Discord's 3-second deadline never depends on the database's load.
        await talk.defer()
        zone = city_zone(city)
        parsed = read_dates(
            dates,
            today=local_today(self.bot.clock.now(), zone),
            order=await member_date_order(interaction),
        )
        place = await pick_place(talk, city)
        window = await settle_dates(talk, parsed)
        saved = await save_trip(
            interaction, place=place, window=window, note=note or "", announce=announce
        )
        await talk.reply(saved.content, embed=saved.embed, view=saved.view)
        after_saved(interaction)  # the traveler's answer first; DMs follow in the background

    @app_commands.command(name="list", description="Your upcoming trips in this server")
    async def list_trips(self, interaction: discord.Interaction[TweetupBot]) -> None:
        assert interaction.guild_id is not None
        async with self.bot.db.read_session() as session:
            upcoming = await trips.list_trips(
                session=session,
                guild_id=interaction.guild_id,
                user_id=interaction.user.id,
                today=self.bot.clock.now().date(),
            )
        await interaction.response.send_message(
            render.trip_list(upcoming), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(name="edit", description="Change one of your trips")
    @app_commands.describe(
        trip="Which trip",
        city="A new city (optional)",
        dates="New dates in plain words (optional)",
        note="A new note; a single dash (-) removes it",
    )
    @app_commands.autocomplete(trip=own_trip_choices)
    async def edit(
        self,
        interaction: discord.Interaction[TweetupBot],
        trip: str,
        city: City | None = None,
        dates: app_commands.Range[str, 1, 200] | None = None,
        note: app_commands.Range[str, 0, 200] | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        if city is None and dates is None and note is None:
            raise InvalidInput("Tell me what to change: a city, dates or a note.")
        talk = Conversation(interaction)
        trip_id = trip_id_of(trip)
        parsed = None
        if dates is not None:
            zone = "UTC"
            if isinstance(city, Place):
                zone = city.timezone
            elif isinstance(city, Resolution):
                zone = city.candidates[0].timezone
            parsed = read_dates(
                dates,
                today=local_today(self.bot.clock.now(), zone),
                order=await member_date_order(interaction),
            )
        place = await pick_place(talk, city) if city is not None else None
        window = await settle_dates(talk, parsed) if parsed is not None else None
        async with self.bot.db.read_session() as session:
            plan = await trips.plan_edit(
                session=session,
                guild_id=interaction.guild_id,
                user_id=interaction.user.id,
                trip_id=trip_id,
                place=place,
                window=window,
                note=None if note is None else ("" if note.strip() == "-" else note),
                defaults=self.bot.settings.defaults,
                now=self.bot.clock.now(),
            )
        async with self.bot.db.short_session() as session:
            result = await trips.save_edit(session=session, plan=plan, now=self.bot.clock.now())
            # New dates or city can make a crowd, as a new trip can (never twice, though).
            await hotspots.save_spot(
                session=session,
                plan=plan.spot,
                trip=result.trip,
                channel_id=interaction.channel_id,
                now=self.bot.clock.now(),
            )
        await talk.reply("✏️ Trip updated.", embed=render.trip_added(result))
        self.bot.dispatcher.wake()

    @app_commands.command(name="cancel", description="Cancel one of your trips")
    @app_commands.describe(trip="Which trip")
    @app_commands.autocomplete(trip=own_trip_choices)
    async def cancel(self, interaction: discord.Interaction[TweetupBot], trip: str) -> None:
        assert interaction.guild_id is not None
        async with self.bot.db.session() as session:
            cancelled = await trips.cancel_trip(
                session=session,
                guild_id=interaction.guild_id,
                user_id=interaction.user.id,
                trip_id=trip_id_of(trip),
            )
        await interaction.response.send_message(
            f"🗑️ Cancelled your trip to {render.trip_line(cancelled)}.",
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )


async def setup(bot: TweetupBot) -> None:
    bot.add_dynamic_items(ProposeMeetupButton)
    await bot.add_cog(Travel(bot))
