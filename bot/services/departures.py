"""A member left a server (or every server the bot is in): stop what was queued for them.

The bot runs without the privileged GUILD_MEMBERS intent, so Discord usually does not tell
it that someone left; it learns when a DM fails with code 50278 (no server in common). Both
paths end here. Freeing their RSVP places is the tweetups service's job (the trust issue's
leave rule); this module only stops their pending direct messages.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from models import OutboxMessage
from models.outbox import PENDING, SKIPPED


async def left_guild(*, session: AsyncSession, guild_id: int, user_id: int) -> int:
    """The member left one server (GUILD_MEMBER_REMOVE): skip their pending DMs from it."""
    return await _skip(session, user_id, guild_id)


async def left_every_guild(*, session: AsyncSession, user_id: int) -> int:
    """The member shares no server with the bot any more (50278): skip all their DMs."""
    return await _skip(session, user_id, None)


async def _skip(session: AsyncSession, user_id: int, guild_id: int | None) -> int:
    where = [OutboxMessage.recipient_id == user_id, OutboxMessage.status == PENDING]
    if guild_id is not None:
        where.append(OutboxMessage.guild_id == guild_id)
    result = await session.execute(update(OutboxMessage).where(*where).values(status=SKIPPED))
    return int(result.rowcount)  # type: ignore[attr-defined]
