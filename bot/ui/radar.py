"""Trip radar's shared Discord pieces: whether it can run, its settings card, and a short
cache of which channels it reads (a message in every channel must not cost a query).

The cache is per bot and lives a minute; ``/tweetup-admin radar`` drops a guild's entry on
change so the admin sees the effect at once in this process (other shards within a minute).
"""

from __future__ import annotations

import time
import weakref
from typing import Any

import discord

from bot.services.radar import RadarConfig, radar_config

PLANE = "✈️"
SAVED = "✅"
#: What the bot needs in a radar channel: read messages and put its ✈️ on one.
RADAR_CHANNEL = ("view_channel", "read_message_history", "add_reactions")
CACHE_SECONDS = 60.0
NOT_CONFIGURED = (
    "the bot is not set up to read messages: its host must set "
    "`bot.message_content_intent = true` (and turn on the Message Content intent in "
    "Discord's developer portal)"
)
REFUSED = (
    "Discord refused the bot the Message Content intent: its host must turn it on in "
    "Discord's developer portal (Bot → Privileged Gateway Intents; Discord reviews it once "
    "10,000 users can see the app)"
)

_caches: weakref.WeakKeyDictionary[Any, dict[int, tuple[float, RadarConfig]]] = (
    weakref.WeakKeyDictionary()
)


def unavailable_because(bot: Any) -> str | None:
    """Why radar cannot run in this process, or None when it can."""
    if not bot.settings.bot.message_content_intent:
        return NOT_CONFIGURED
    if bot.content_intent_refused or not bot.intents.message_content:
        return REFUSED
    return None


async def config_for(bot: Any, guild_id: int) -> RadarConfig:
    cache = _caches.setdefault(bot, {})
    hit = cache.get(guild_id)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    async with bot.db.read_session() as session:
        config = await radar_config(session=session, guild_id=guild_id)
    cache[guild_id] = (time.monotonic() + CACHE_SECONDS, config)
    return config


def forget(bot: Any, guild_id: int) -> None:
    _caches.setdefault(bot, {}).pop(guild_id, None)


def describe(bot: Any, config: RadarConfig) -> str:
    channels = ", ".join(f"<#{cid}>" for cid in sorted(config.channel_ids)) or "none"
    sensitivity = {
        "quiet": "quiet (only when it is very sure)",
        "normal": "normal (a few more nudges)",
    }.get(config.sensitivity, config.sensitivity)
    lines = [
        "**Trip radar**",
        f"• Channels: {channels}",
        f"• Sensitivity: {sensitivity}",
        "When a message there reads as its author's own upcoming trip, I add one ✈️ "
        "reaction; the author's ✈️ saves the trip. No replies, no stored message text; "
        "members opt out with `/notify radar:False`.",
    ]
    reason = unavailable_because(bot)
    if reason is not None:
        lines.insert(1, f"⚠️ **Unavailable:** {reason}. These settings apply once it is.")
    return "\n".join(lines)


async def remove_own(bot: Any, channel_id: int, message_id: int, emoji: str) -> bool:
    """Take the bot's reaction off; False when Discord says no (gone, no access)."""
    try:
        await bot.http.remove_own_reaction(channel_id, message_id, emoji)
    except discord.NotFound:
        return True  # the message is gone: nothing left to clean
    except discord.HTTPException:
        return False
    return True
