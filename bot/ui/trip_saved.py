"""Saving a trip from any path (``/travel add``, "Add as my trip", an @mention) the same way.

One code path: the trips service saves and matches (and queues notices), hot spots are
checked, the trip is announced when the service says so, and the traveler gets the same
answer with the same "Propose a meetup" button whichever way they came.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import discord

from bot.domain.dates import DateRange
from bot.domain.places import Place
from bot.services import hotspots, polls, trips
from bot.ui import permissions as perms
from bot.ui import render
from bot.ui.cities import BOOSTS
from bot.ui.items import PersistentButton
from bot.ui.polls import publish, require_can_post
from bot.ui.replies import NO_MENTIONS
from bot.ui.watches import watch_view


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
        note = await publish(interaction, result)
        await interaction.followup.send(note, ephemeral=True, allowed_mentions=NO_MENTIONS)


@dataclass(frozen=True, slots=True)
class SavedTrip:
    """The traveler's private answer, ready to show."""

    content: str
    embed: discord.Embed
    view: discord.ui.View
    trip_id: int


async def save_trip(
    interaction: discord.Interaction[Any],
    *,
    place: Place,
    window: DateRange,
    note: str,
    announce: bool | None,
) -> SavedTrip:
    """Save, match, look for a hot spot, announce. The caller shows the answer, then wakes the
    dispatcher (:func:`after_saved`) so the traveler hears first and DMs follow."""
    assert interaction.guild_id is not None
    return await store_trip(
        interaction.client,
        guild_id=interaction.guild_id,
        user_id=interaction.user.id,
        channel_id=interaction.channel_id,
        place=place,
        window=window,
        note=note,
        announce=announce,
    )


async def store_trip(
    bot: Any,
    *,
    guild_id: int,
    user_id: int,
    channel_id: int | None,
    place: Place,
    window: DateRange,
    note: str,
    announce: bool | None,
) -> SavedTrip:
    """:func:`save_trip` for a path without an interaction (trip radar's ✈️ reaction)."""
    # Match in a read session, then write in a short transaction: the write lock is never
    # held while matching.
    async with bot.db.read_session() as session:
        plan = await trips.plan_trip(
            session=session,
            guild_id=guild_id,
            user_id=user_id,
            place=place,
            window=window,
            note=note,
            announce=announce,
            defaults=bot.settings.defaults,
            now=bot.clock.now(),
        )
    async with bot.db.short_session() as session:
        result = await trips.save_trip(session=session, plan=plan, now=bot.clock.now())
        await hotspots.save_spot(
            session=session,
            plan=plan.spot,
            trip=result.trip,
            channel_id=channel_id,
            now=bot.clock.now(),
        )
    BOOSTS.note(guild_id, place.id)
    view = discord.ui.View(timeout=None)
    view.add_item(ProposeMeetupButton(result.trip.id))
    posted = await _announce(bot, result, user_id)
    content = f"✈️ Trip saved. {posted}" if posted else "✈️ Trip saved."
    return SavedTrip(content, render.trip_added(result), view, result.trip.id)


def after_saved(interaction: discord.Interaction[Any]) -> None:
    interaction.client.dispatcher.wake()


async def _announce(bot: Any, result: trips.TripMatches, user_id: int) -> str:
    """Post the trip publicly when the service says so; never pings anyone."""
    if result.announce_channel_id is None:
        return ""
    channel = bot.get_channel(result.announce_channel_id)
    if not isinstance(channel, discord.TextChannel | discord.Thread):
        return "(The announcement channel is gone, so it wasn't posted.)"
    trip = result.trip
    text = f"✈️ <@{user_id}> is heading to {render.trip_line(trip)}. Anyone around?"
    doing = "announce the trip"
    missing = perms.missing_in(channel, perms.POST_TEXT)
    if missing:
        return f"({perms.refusal(doing, channel, missing)})"
    try:
        # Others can ask to hear when this member comes near them (they are not told who).
        view = watch_view(trip.guild_id, user_id)
        await channel.send(text, allowed_mentions=NO_MENTIONS, view=view)
    except discord.HTTPException as error:
        return f"({perms.explain(error, doing, channel, perms.POST_TEXT)})"
    return f"Announced in {channel.mention}."
