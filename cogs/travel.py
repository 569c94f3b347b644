"""``/travel``: announce trips, see who is around, edit and cancel them."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TweetupBot
from bot.domain.errors import InvalidInput
from bot.domain.places import Place, Resolution
from bot.domain.tweetups import NoCommonTime
from bot.services import polls, trips
from bot.ui import permissions as perms
from bot.ui import render
from bot.ui.ask import Conversation
from bot.ui.choices import matching_choices, picked_id
from bot.ui.cities import BOOSTS, CityTransformer, city_zone, pick_place
from bot.ui.dates import local_today, member_date_order, read_dates, settle_dates
from bot.ui.items import PersistentButton
from bot.ui.polls import post_poll, proposal_note, require_can_post
from bot.ui.replies import NO_MENTIONS

City = app_commands.Transform[Place | Resolution, CityTransformer]


class ProposeMeetupButton(PersistentButton, template=r"trip:(?P<trip_id>\d+):propose"):
    """Shown with a trip's matches. Persistent, so it works after a restart."""

    def __init__(self, trip_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Propose a meetup",
                style=discord.ButtonStyle.primary,
                emoji="📅",
                custom_id=f"trip:{trip_id}:propose",
            )
        )
        self.trip_id = trip_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> ProposeMeetupButton:
        return cls(int(match["trip_id"]))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        bot = interaction.client
        assert interaction.guild_id is not None
        require_can_post(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with bot.db.session() as session:
            result = await polls.propose_from_trip(
                session=session,
                guild_id=interaction.guild_id,
                user_id=interaction.user.id,
                trip_id=self.trip_id,
                defaults=bot.settings.defaults,
                now=bot.clock.now(),
            )
        if isinstance(result, NoCommonTime):
            hint = f"\n{result.near_miss.text}" if result.near_miss else ""
            await interaction.followup.send(f"😕 {result.message}{hint}", ephemeral=True)
            return
        await post_poll(interaction, result)
        await interaction.followup.send(
            proposal_note(result), ephemeral=True, allowed_mentions=NO_MENTIONS
        )


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
        # Match in a read session, then write in a short transaction: the write lock is
        # never held while matching.
        async with self.bot.db.read_session() as session:
            plan = await trips.plan_trip(
                session=session,
                guild_id=interaction.guild_id,
                user_id=interaction.user.id,
                place=place,
                window=window,
                note=note or "",
                announce=announce,
                defaults=self.bot.settings.defaults,
                now=self.bot.clock.now(),
            )
        async with self.bot.db.session() as session:
            result = await trips.save_trip(session=session, plan=plan, now=self.bot.clock.now())
        BOOSTS.note(interaction.guild_id, place.id)
        view = discord.ui.View(timeout=None)
        view.add_item(ProposeMeetupButton(result.trip.id))
        posted = await self._announce(result, interaction.user.id)
        content = f"✈️ Trip saved. {posted}" if posted else "✈️ Trip saved."
        await talk.reply(content, embed=render.trip_added(result), view=view)
        self.bot.dispatcher.wake()  # the traveler's answer first; DMs follow in the background

    async def _announce(self, result: trips.TripMatches, user_id: int) -> str:
        """Post the trip publicly when the service says so; never pings anyone."""
        if result.announce_channel_id is None:
            return ""
        channel = self.bot.get_channel(result.announce_channel_id)
        if not isinstance(channel, discord.TextChannel | discord.Thread):
            return "(The announcement channel is gone, so it wasn't posted.)"
        trip = result.trip
        text = f"✈️ <@{user_id}> is heading to {render.trip_line(trip)}. Anyone around?"
        doing = "announce the trip"
        missing = perms.missing_in(channel, perms.POST_TEXT)
        if missing:
            return f"({perms.refusal(doing, channel, missing)})"
        try:
            await channel.send(text, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as error:
            return f"({perms.explain(error, doing, channel, perms.POST_TEXT)})"
        return f"Announced in {channel.mention}."

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
        async with self.bot.db.session() as session:
            result = await trips.save_edit(session=session, plan=plan, now=self.bot.clock.now())
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
