"""The weekly digest post: who is coming to town, upcoming tweetups, last week's meetups.
One message in the announcement channel, names as mentions that never ping; the first one of
each month carries the previous month's community card."""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import date, datetime, timedelta
from typing import Any

import discord

from bot.domain.icebreakers import CommunityStats
from bot.domain.text import truncate
from bot.services import community
from bot.services.community import Digest
from bot.services.guilds import guild_config
from bot.ui.replies import NO_MENTIONS
from bot.ui.tweetups import message_url, when

log = logging.getLogger(__name__)
DAYS_IN_A_WEEK = 7


def _title(tweetup: Any) -> str:
    name = discord.utils.escape_markdown(tweetup.title)
    link = message_url(tweetup)
    return f"[{name}]({link})" if link else f"**{name}**"


def digest_text(digest: Digest) -> str:
    lines = ["🗞️ **This week on Tweetup**"]
    if digest.arrivals:
        lines += ["", "✈️ **Coming to town (next 30 days)**"]
        lines += [f"• <@{a.user_id}> → {a.city}, {a.stay.label}" for a in digest.arrivals]
        if digest.more_arrivals:
            lines.append(f"• …and {digest.more_arrivals} more trips")
    if digest.upcoming:
        lines += ["", "📅 **Upcoming tweetups**"]
        lines += [f"• {_title(t)}: {when(t.starts_at)}, {t.place_label}" for t in digest.upcoming]
    if digest.last_week:
        lines += ["", "🤝 **Last week's meetups**"]
        lines += [
            f"• {_title(t)}, {t.place_label}: {count} met in person"
            for t, count in digest.last_week
        ]
    if digest.empty:
        lines += ["", "A quiet week. Add a trip with `/travel add` or plan one with `/tweetup`."]
    return truncate("\n".join(lines), 2000)


async def _last_month(
    session: Any, guild_id: int, now: datetime
) -> tuple[date, CommunityStats] | None:
    if now.day > DAYS_IN_A_WEEK:
        return None
    start = (now.replace(day=1) - timedelta(days=1)).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    stats = await community.month_stats(
        session=session, guild_id=guild_id, month_start=start, now=now
    )
    return start.date(), stats


async def _card(
    bot: Any, guild_id: int, month: date, stats: CommunityStats
) -> tuple[discord.File, str]:
    # matplotlib takes about a second to import: only when a picture is drawn.
    from bot.ui.charts import community_alt_text, community_card_png

    guild = bot.get_guild(guild_id)
    name = guild.name if guild is not None else "Tweetup"
    png = await asyncio.to_thread(community_card_png, name, month, stats)
    picture = discord.File(io.BytesIO(png), filename="tweetup-community.png")
    return picture, community_alt_text(name, month, stats)


async def post_due_digests(bot: Any) -> int:
    """Post this week's digest in every guild that wants one and has not had it; returns how
    many were posted. The week is claimed (committed) before posting: at most once a week."""
    now = bot.clock.now()
    async with bot.db.read_session() as session:
        due = await community.guilds_due(session=session, now=now)
    posted = 0
    # With shards over several processes, each posts for the guilds of its own shards.
    for guild_id in filter(bot.owns_guild, due):
        async with bot.db.session() as session:
            config = await guild_config(
                session=session, guild_id=guild_id, defaults=bot.settings.defaults
            )
            if config.announce_channel_id is None:
                continue  # not claimed: it goes out once a channel is set
            if not await community.claim_week(session=session, guild_id=guild_id, now=now):
                continue
            digest = await community.weekly_digest(session=session, guild_id=guild_id, now=now)
            month = await _last_month(session, guild_id, now)
        text, extra = digest_text(digest), {}
        if month is not None:  # the first digest of a month carries last month's card
            picture, alt = await _card(bot, guild_id, *month)
            text, extra = truncate(f"{text}\n\n{alt}", 2000), {"file": picture}
        try:
            channel = bot.get_partial_messageable(config.announce_channel_id)
            await channel.send(text, allowed_mentions=NO_MENTIONS, **extra)
            posted += 1
        except discord.HTTPException as error:
            log.warning("Could not post the weekly digest in guild %s: %s", guild_id, error)
    return posted
