"""Guild-scoped background work limited, in SQL, to the guilds this process owns.

With shards spread over several processes, each process runs the guild-scoped jobs (posting,
reacting) of its own shards' guilds only (``bot.domain.shards``). Filtering in the query
rather than after it keeps a process from reading, batch after batch, rows that belong to
another process — a shard whose process is down would otherwise fill every batch.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, literal_column, true
from sqlalchemy.orm import InstrumentedAttribute

from bot.domain.shards import SHARD_SHIFT


def owned_guilds(
    guild_id: ColumnElement[int] | InstrumentedAttribute[int],
    shard_count: int | None,
    shard_ids: Collection[int] | None,
) -> ColumnElement[bool]:
    """``guild_id`` falls on one of ``shard_ids`` (Discord's ``(id >> 22) % count``);
    always true for an unsharded bot or one running every shard."""
    if not shard_count or shard_ids is None:
        return true()
    # Inline: PostgreSQL has no bigint >> bigint, which a bound parameter would ask for.
    shard = guild_id.op(">>")(literal_column(str(SHARD_SHIFT))) % shard_count
    return shard.in_(sorted(shard_ids))
