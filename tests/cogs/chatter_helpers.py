"""Posting chat messages that mention or reply to the bot, as Discord delivers them.

Discord fills ``mentions`` (and ``referenced_message`` for a reply) in MESSAGE_CREATE; the
harness's ``say`` leaves them empty, so these tests build the event themselves.
"""

from __future__ import annotations

import re
from typing import Any

from emulator.harness import DiscordHarness
from emulator.models import Message


async def post(
    discord: DiscordHarness, who: Any, content: str, *, reply_to: Message | None = None
) -> Message:
    channel = discord.channel
    user = who.user
    reference = None
    if reply_to is not None:
        reference = {
            "type": 0,
            "message_id": str(reply_to.id),
            "channel_id": str(channel.id),
            "guild_id": str(channel.guild_id),
        }
    message = discord.state.add_message(
        channel, user, content=content, message_reference=reference, type=19 if reply_to else 0
    )
    payload = message.payload()
    mentioned = {int(found) for found in re.findall(r"<@!?(\d+)>", content)}
    if reply_to is not None:
        payload["referenced_message"] = reply_to.payload()
        mentioned.add(reply_to.author.id)
    payload["mentions"] = [
        discord.state.users[user_id].payload()
        for user_id in mentioned
        if user_id in discord.state.users
    ]
    discord.gateway.dispatch("MESSAGE_CREATE", payload, guild_id=channel.guild_id)
    return message


def bot_mention(discord: DiscordHarness) -> str:
    return f"<@{discord.bot.user.id}>"


def all_stored_text_values(rows: list[tuple[Any, ...]]) -> str:
    return "\n".join(str(value) for row in rows for value in row)
