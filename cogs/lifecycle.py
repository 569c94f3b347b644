"""Housekeeping that follows Discord events and the calendar: members and guilds leaving,
old trips, the next dates of recurring tweetups."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands, tasks

from bot.app import TweetupBot
from bot.jobs import guarded
from bot.services import guilds, privacy, series, trips
from bot.ui.cities import BOOSTS
from bot.ui.departures import show_erasure
from bot.ui.tweetups import post_occurrences

log = logging.getLogger(__name__)


class Lifecycle(commands.Cog):
    def __init__(self, bot: TweetupBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        if self.bot.background_jobs:
            self.purge_old_trips.start()
            self.materialize_series.start()

    async def cog_unload(self) -> None:
        self.purge_old_trips.cancel()
        self.materialize_series.cancel()

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """The bot was removed (or the guild deleted): its members' data goes with it."""
        async with self.bot.db.session() as session:
            await guilds.forget_guild(session=session, guild_id=guild.id)
        BOOSTS.forget(guild.id)
        log.info("Left guild %s; deleted its data", guild.id)

    @commands.Cog.listener()
    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        """A member left (Discord sends this only with the members intent): what they shared
        in that server goes, and their places pass to the waitlist."""
        async with self.bot.db.session() as session:
            erasure = await privacy.erase(
                session=session,
                user_id=payload.user.id,
                guild_id=payload.guild_id,
                defaults=self.bot.settings.defaults,
                now=self.bot.clock.now(),
            )
        await show_erasure(self.bot, erasure)

    @tasks.loop(hours=6)
    @guarded("purge old trips")
    async def purge_old_trips(self) -> None:
        async with self.bot.db.session() as session:
            deleted = await trips.purge_past_trips(
                session=session,
                today=self.bot.clock.now().date(),
                default_retention_days=self.bot.settings.defaults.trip_retention_days,
            )
        if deleted:
            log.info("Deleted %d trips past their retention period", deleted)

    @tasks.loop(hours=1)
    @guarded("recurring tweetups")
    async def materialize_series(self) -> None:
        async with self.bot.db.session() as session:
            cards = await series.materialize_all(
                session=session,
                defaults=self.bot.settings.defaults,
                now=self.bot.clock.now(),
                owned=self.bot.owns_guild,
            )
        self.bot.dispatcher.wake()  # an organizer may have to hear of a broken series
        await post_occurrences(self.bot, cards)

    @purge_old_trips.before_loop
    @materialize_series.before_loop
    async def _connected(self) -> None:
        """The first runs wait for READY: before it the bot knows no channel (an occurrence
        created then was never announced) nor, with automatic sharding, which guilds are
        its own; and at start their queries would compete with connecting."""
        await self.bot.wait_until_ready()


async def setup(bot: TweetupBot) -> None:
    await bot.add_cog(Lifecycle(bot))
