"""The “Tell me when they're in town” button: on a trip announcement, under "only the author
can add their trip", and (as "Stop telling me") in the watch DM.

Persistent and self-contained (the guild and the member are in its custom id), so it works
after a restart and in DMs, where an interaction carries no guild.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.services import watches
from bot.ui.items import PersistentButton
from bot.ui.replies import send_ephemeral

START_LABEL = "Tell me when they're in town"
STOP_LABEL = "Stop telling me"


class WatchButton(PersistentButton, template=r"watch:(?P<guild>\d+):(?P<member>\d+)"):
    """Toggles: the first click starts watching, the next one stops."""

    def __init__(self, guild_id: int, member_id: int, label: str = START_LABEL) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                emoji="👀",
                style=discord.ButtonStyle.secondary,
                custom_id=f"watch:{guild_id}:{member_id}",
            )
        )
        self.guild_id, self.member_id = guild_id, member_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> WatchButton:
        return cls(int(match["guild"]), int(match["member"]))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        bot = interaction.client
        async with bot.db.session() as session:
            result = await watches.toggle(
                session=session,
                guild_id=self.guild_id,
                watcher_id=interaction.user.id,
                watched_id=self.member_id,
                now=bot.clock.now(),
            )
        await send_ephemeral(interaction, answer(result, self.member_id))


def answer(result: watches.Watching, member_id: int) -> str:
    """What the watcher is told: what will happen, and what would keep them from hearing."""
    if not result.watching:
        return f"👀 Done: I won't tell you about <@{member_id}>'s trips any more."
    lines = [
        f"👀 I'll DM you when <@{member_id}> shares a trip near your home here. They aren't "
        "told. Press the button again to stop."
    ]
    if not result.has_home:
        lines.append("🏠 Set your home city first (`/home set`), or I can't tell what's near.")
    if not result.takes_dms:
        lines.append("🔕 You don't take DMs from me yet: turn them on with `/notify dms:True`.")
    return "\n".join(lines)


def watch_view(guild_id: int, member_id: int, label: str = START_LABEL) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(WatchButton(guild_id, member_id, label))
    return view
