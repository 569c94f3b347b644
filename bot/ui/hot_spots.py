"""The "Propose a meetup" button of a hot-spot DM: a poll for the group, in the server."""

from __future__ import annotations

from typing import Any

import discord

from bot.domain.errors import InvalidInput
from bot.domain.tweetups import NoCommonTime
from bot.services import hotspots
from bot.ui import permissions as perms
from bot.ui.items import PersistentButton
from bot.ui.polls import POSTING_POLL, post_poll, proposal_note
from bot.ui.replies import send_ephemeral


class HotSpotButton(PersistentButton, template=r"hotspot:(?P<id>\d+):propose"):
    def __init__(self, hot_spot_id: int) -> None:
        super().__init__(
            discord.ui.Button(label="Propose a meetup", custom_id=f"hotspot:{hot_spot_id}:propose")
        )
        self.hot_spot_id = hot_spot_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> HotSpotButton:
        return cls(int(match["id"]))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        bot = interaction.client
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with bot.db.read_session() as session:
            channel_id = await hotspots.poll_channel(
                session=session, hot_spot_id=self.hot_spot_id, defaults=bot.settings.defaults
            )
        channel = bot.get_channel(channel_id) if channel_id else None
        if channel is None:
            raise InvalidInput(
                "I don't know where to post the poll (the channel is gone); "
                "use `/tweetup propose` in the server."
            )
        perms.require(channel, perms.POST_EMBED, POSTING_POLL)
        async with bot.db.session() as session:
            result = await hotspots.propose(
                session=session,
                hot_spot_id=self.hot_spot_id,
                user_id=interaction.user.id,
                defaults=bot.settings.defaults,
                now=bot.clock.now(),
            )
        if isinstance(result, NoCommonTime):
            await send_ephemeral(interaction, f"😕 {result.message}")
            return
        await post_poll(interaction, result, channel)
        await send_ephemeral(interaction, f"{proposal_note(result)}\nIt's in {channel.mention}.")


def hot_spot_view(hot_spot_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(HotSpotButton(hot_spot_id))
    return view
