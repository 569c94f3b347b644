"""The bot's gateway connections, one per shard, whether sharded or not."""

from __future__ import annotations

import discord


def gateway_links(bot: discord.Client) -> list[tuple[int, bool, float]]:
    """``(shard id, connected, heartbeat latency in seconds)`` for each connection."""
    if isinstance(bot, discord.AutoShardedClient):
        return [
            (shard_id, not info.is_closed(), info.latency) for shard_id, info in bot.shards.items()
        ]
    ws = getattr(bot, "ws", None)
    connected = ws is not None and bool(ws.open) and not bot.is_closed()
    return [(bot.shard_id or 0, connected, bot.latency)]
