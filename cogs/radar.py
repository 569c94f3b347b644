"""Trip radar: one quiet ✈️ on a message that reads as its author's own upcoming trip.

Opt-in per guild and channel (``/tweetup-admin radar``) and only with the privileged
MESSAGE_CONTENT intent. Never a reply, never a DM: the author's own ✈️ on the message saves
the trip (radar nudges only readings with nothing left to ask); anyone else's is ignored.
The bot's reaction comes off after a day, also across restarts (the nudges are stored).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import discord
from discord.ext import commands, tasks

from bot.app import TweetupBot
from bot.domain.radar import load_reader, worth_a_look
from bot.jobs import guarded
from bot.services import radar
from bot.ui import permissions as perms
from bot.ui.radar import PLANE, RADAR_CHANNEL, SAVED, config_for, remove_own, unavailable_because
from bot.ui.trip_saved import store_trip

log = logging.getLogger(__name__)

PLAIN_MESSAGES = (discord.MessageType.default, discord.MessageType.reply)
SWEEP_MINUTES = 10.0
#: Edits made long after posting are not read: an old message edited is not news to nudge about.
EDITS_READ_FOR = timedelta(hours=1)


class Radar(commands.Cog):
    def __init__(self, bot: TweetupBot) -> None:
        self.bot = bot
        self.saving: set[int] = set()  # messages whose ✈️ is being handled (a double tap)

    async def cog_load(self) -> None:
        if self.bot.settings.bot.message_content_intent:
            await asyncio.to_thread(load_reader)
        if self.bot.background_jobs:
            self.sweeper.start()

    async def cog_unload(self) -> None:
        self.sweeper.cancel()

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        await self._look(message)

    @commands.Cog.listener()
    async def on_raw_message_edit(self, event: discord.RawMessageUpdateEvent) -> None:
        """A fresh message edited into a trip ("landing in bcn sat" + "till wed") is read
        again; the nudge limits keep an already nudged message or author from a second ✈️.
        Link previews also arrive as updates, without an edit time: those are skipped."""
        message = event.message
        if message.edited_at is None:
            return
        if message.edited_at - message.created_at > EDITS_READ_FOR:
            return
        await self._look(message)

    async def _look(self, message: discord.Message) -> None:
        bot = self.bot
        if message.guild is None or message.author.bot or message.type not in PLAIN_MESSAGES:
            return
        if not message.content or unavailable_because(bot) is not None or _for_me(bot, message):
            return  # an @mention or a reply to the bot is the chatter cog's
        config = await config_for(bot, message.guild.id)
        channel = message.channel
        parent = getattr(channel, "parent_id", None)
        if channel.id not in config.channel_ids and parent not in config.channel_ids:
            return
        if perms.missing_in(channel, RADAR_CHANNEL):
            return
        today = bot.clock.now().date()
        look = asyncio.to_thread(
            worth_a_look, message.content, sensitivity=config.sensitivity, today=today
        )
        if not await look:  # most chat: dropped off the event loop, without a query
            return
        async with bot.db.session() as session:
            found = await radar.consider(
                session=session,
                guild_id=message.guild.id,
                channel_id=channel.id,
                message_id=message.id,
                author_id=message.author.id,
                text=message.content,
                sensitivity=config.sensitivity,
                now=bot.clock.now(),
            )
        if found is None:
            return
        try:
            await message.add_reaction(PLANE)
        except discord.HTTPException as error:
            log.info("Radar could not react in %s: %s", channel.id, error)
            await self._settle(message.id)

    @commands.Cog.listener()
    async def on_raw_reaction_add(self, event: discord.RawReactionActionEvent) -> None:
        bot, me = self.bot, self.bot.user
        if event.guild_id is None or me is None or event.user_id == me.id:
            return
        if event.emoji.is_custom_emoji() or event.emoji.name not in (PLANE, PLANE[0]):
            return
        if event.message_id in self.saving:
            return
        async with bot.db.read_session() as session:
            nudge = await radar.pending_nudge(
                session=session, message_id=event.message_id, author_id=event.user_id
            )
        if nudge is None:
            return  # not a nudge, or not its author: ignored
        self.saving.add(event.message_id)
        try:
            await self._save(event.guild_id, event.channel_id, event.message_id, event.user_id)
        finally:
            self.saving.discard(event.message_id)

    async def _save(self, guild_id: int, channel_id: int, message_id: int, user_id: int) -> None:
        """The author said yes: read the message again (it may have been edited), save."""
        bot = self.bot
        try:
            message = await bot.http.get_message(channel_id, message_id)
        except discord.HTTPException:
            await self._settle(message_id)
            return
        config = await config_for(bot, guild_id)
        async with bot.db.read_session() as session:
            found = await radar.read(
                session=session,
                guild_id=guild_id,
                author_id=user_id,
                text=str(message.get("content") or ""),
                sensitivity=config.sensitivity,
                now=bot.clock.now(),
            )
        await remove_own(bot, channel_id, message_id, PLANE)
        if found is None:  # edited into something else: the context menu is still there
            await self._settle(message_id)
            return
        saved = await store_trip(
            bot,
            guild_id=guild_id,
            user_id=user_id,
            channel_id=channel_id,
            place=found.place,
            window=found.window,
            note="",
            announce=None,
        )
        await self._settle(message_id, saved.trip_id)
        try:
            await bot.http.add_reaction(channel_id, message_id, SAVED)
        except discord.HTTPException as error:
            log.info("Radar saved a trip but could not mark it: %s", error)
        bot.dispatcher.wake()

    async def _settle(self, message_id: int, trip_id: int | None = None) -> None:
        async with self.bot.db.session() as session:
            await radar.settle(session=session, message_id=message_id, trip_id=trip_id)

    async def sweep(self) -> int:
        """Take off the bot's ✈️ older than a day; forget nudges no limit needs."""
        bot = self.bot
        now = bot.clock.now()
        async with bot.db.read_session() as session:
            due = await radar.expired_reactions(
                session=session,
                now=now,
                shard_count=bot.shard_count,
                shard_ids=bot.own_shard_ids,
            )
        for channel_id, message_id in due:
            if not await remove_own(bot, channel_id, message_id, PLANE):
                log.info("Radar could not take its reaction off %s", message_id)
            await self._settle(message_id)  # tried once: a lost channel is not retried forever
        async with bot.db.session() as session:
            await radar.forget_old(session=session, now=now)
        return len(due)

    @tasks.loop(minutes=SWEEP_MINUTES)
    @guarded("radar sweep")
    async def sweeper(self) -> None:
        await self.sweep()

    @sweeper.before_loop
    async def _after_ready(self) -> None:
        await self.bot.wait_until_ready()


def _for_me(bot: TweetupBot, message: discord.Message) -> bool:
    """Mentions the bot or answers it: an explicit request, not chatter to watch."""
    me = bot.user
    if me is None or me.id in message.raw_mentions:
        return True
    replied = message.reference.resolved if message.reference else None
    return isinstance(replied, discord.Message) and replied.author.id == me.id


async def setup(bot: TweetupBot) -> None:
    await bot.add_cog(Radar(bot))
