"""Trips straight from chat: the "Add as my trip" message menu and @mentions of the bot.

Both are explicit (the member points at their message), so neither needs the privileged
MESSAGE_CONTENT intent: Discord gives a bot the content of context-menu targets and of
messages that mention it or reply to it. Nothing of a message's text is stored.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TweetupBot
from bot.domain.chatter import extract_trip
from bot.ui import permissions as perms
from bot.ui.hot_spots import HotSpotButton
from bot.ui.items import PersistentButton
from bot.ui.replies import NO_MENTIONS, send_ephemeral
from bot.ui.trip_confirm import offer_trip
from bot.ui.watches import watch_view

log = logging.getLogger(__name__)

NOT_YOURS = (
    "Only the author of a message can add it as their trip. To share your own trip, use "
    "**Apps → Add as my trip** on your message, or `/travel add`. Want to hear when they "
    "come near you? Press the button."
)
NOT_FOR_YOU = (
    "This button is for the member who wrote that message. To share your own trip, mention "
    "me with it (“@Tweetup Lisbon Mar 3-7”) or use `/travel add`."
)
GONE = "I can't read that message any more (deleted?). Use `/travel add` instead."
HINT = "✈️ Mention me with your trip (“@Tweetup Lisbon Mar 3-7”), or use `/travel add`."


class AddFromMention(PersistentButton, template=r"chat:add:(?P<author>\d+):(?P<source>\d+)"):
    """The button under the bot's public reply; persistent so it survives a restart."""

    def __init__(self, author_id: int, source_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Add as my trip",
                emoji="✈️",
                style=discord.ButtonStyle.primary,
                custom_id=f"chat:add:{author_id}:{source_id}",
            )
        )
        self.author_id, self.source_id = author_id, source_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> AddFromMention:
        return cls(int(match["author"]), int(match["source"]))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.user.id != self.author_id:
            await send_ephemeral(interaction, NOT_FOR_YOU)
            return
        channel = interaction.channel
        assert isinstance(channel, discord.abc.Messageable)
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            source = await channel.fetch_message(self.source_id)
        except discord.HTTPException:
            await send_ephemeral(interaction, GONE)
            return
        await offer_trip(interaction, source.content)
        if interaction.message is not None:
            await interaction.message.delete()  # used: keep the channel clean


class Chatter(commands.Cog):
    def __init__(self, bot: TweetupBot) -> None:
        self.bot = bot
        self.menu = app_commands.ContextMenu(name="Add as my trip", callback=self.add_as_trip)
        self.menu.guild_only = True

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    async def add_as_trip(
        self, interaction: discord.Interaction[TweetupBot], message: discord.Message
    ) -> None:
        if message.author.id != interaction.user.id:
            assert interaction.guild_id is not None
            view = watch_view(interaction.guild_id, message.author.id)
            await send_ephemeral(interaction, NOT_YOURS, view=view)
            return
        await offer_trip(interaction, message.content)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if me is None or message.author.bot or message.guild is None:
            return
        if not _addressed_to(message, me.id):
            return
        channel = message.channel
        if perms.missing_in(channel, perms.POST_TEXT):
            log.info("Mentioned in %s but may not answer there", channel.id)
            return
        reading = extract_trip(message.content, self.bot.clock.now().date())
        timeout = self.bot.settings.chatter.reply_timeout_seconds
        if reading.city is None:
            await self._reply(message, HINT, None, timeout)
            return
        city = discord.utils.escape_markdown(reading.city.label)
        text = f"✈️ Sounds like a trip to **{city}**. <@{message.author.id}>, add it?"
        view = discord.ui.View(timeout=None)
        view.add_item(AddFromMention(message.author.id, message.id))
        await self._reply(message, text, view, timeout)

    @staticmethod
    async def _reply(
        message: discord.Message, text: str, view: discord.ui.View | None, lifetime: float
    ) -> None:
        """Short, public, never pinging, gone after ``lifetime`` seconds."""
        kwargs: dict[str, Any] = {"allowed_mentions": NO_MENTIONS, "delete_after": lifetime}
        if view is not None:
            kwargs["view"] = view
        can_reply = not perms.missing_in(message.channel, ("read_message_history",))
        try:
            if can_reply:
                await message.reply(text, mention_author=False, **kwargs)
            else:
                await message.channel.send(text, **kwargs)
        except discord.HTTPException as error:
            log.info("Could not answer a mention in %s: %s", message.channel.id, error)


def _addressed_to(message: discord.Message, bot_id: int) -> bool:
    """Mentions the bot, or replies to one of its messages."""
    if any(user.id == bot_id for user in message.mentions):
        return True
    replied = message.reference.resolved if message.reference else None
    return isinstance(replied, discord.Message) and replied.author.id == bot_id


async def setup(bot: TweetupBot) -> None:
    bot.add_dynamic_items(AddFromMention, HotSpotButton)
    await bot.add_cog(Chatter(bot))
