"""Which gateway shard a guild belongs to, and shard id lists as operators write them.

Discord routes a guild's events to shard ``(guild_id >> 22) % shard_count``; a process
running some of the shards owns exactly those guilds, so guild-scoped work that needs the
gateway (its cache, its channels) belongs on that process.
"""

from __future__ import annotations

from collections.abc import Collection

# A snowflake's bits above this are its timestamp, which is what spreads guilds over shards.
SHARD_SHIFT = 22


def shard_of(guild_id: int, shard_count: int) -> int:
    """Discord's formula: the shard that receives this guild's events."""
    return (guild_id >> SHARD_SHIFT) % shard_count


def owns(guild_id: int, shard_count: int | None, shard_ids: Collection[int] | None) -> bool:
    """Whether a process running ``shard_ids`` of ``shard_count`` shards owns the guild.

    No count (one unsharded connection) or no id list (every shard) owns every guild."""
    if not shard_count or shard_ids is None:
        return True
    return shard_of(guild_id, shard_count) in shard_ids


def parse_shard_ids(text: str) -> tuple[int, ...]:
    """``"0-3"``, ``"4,5"``, ``"0-1,6"`` or ``"[0, 1]"`` → sorted unique ids.

    Ranges are inclusive, as operators say "shards 0 to 3"."""
    ids: set[int] = set()
    for part in text.strip().strip("[]").split(","):
        part = part.strip()
        if not part:
            continue
        first, dash, last = part.partition("-")
        try:
            low = int(first)
            high = int(last) if dash else low
        except ValueError:
            raise ValueError(f"{part!r} is not a shard id or a range such as 0-3") from None
        if low > high:
            raise ValueError(f"the range {part!r} ends before it starts")
        ids.update(range(low, high + 1))
    if not ids:
        raise ValueError("expected shard ids such as 0-3 or 0,1")
    return tuple(sorted(ids))
