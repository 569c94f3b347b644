"""``/tweetup stats``: the community's numbers, privately or posted by an organizer, with the
monthly community card as a picture; the member's own "you've met N people" stays private."""

from __future__ import annotations

import asyncio
import io
from datetime import date
from typing import Any

import discord

from bot.domain.icebreakers import CommunityStats, MemberStats
from bot.services import community
from bot.ui.replies import NO_MENTIONS
from bot.ui.tweetups import actor_of


def _month_name(month: str) -> str:
    return f"{date.fromisoformat(month + '-01'):%B %Y}"


def stats_text(guild_name: str, stats: CommunityStats) -> str:
    if not stats.held:
        return (
            f"📊 **Tweetup in {discord.utils.escape_markdown(guild_name)}**\n"
            "No meetups held yet. Start one with `/tweetup propose`!"
        )
    cities = ", ".join(f"{city.split(',')[0]} ({count})" for city, count in stats.cities[:8])
    busiest = ", ".join(f"{_month_name(m)} ({n})" for m, n in stats.busiest_months)
    return "\n".join(
        [
            f"📊 **Tweetup in {discord.utils.escape_markdown(guild_name)}**",
            f"• Meetups held: **{stats.held}**",
            f"• People who met in person: **{stats.people_met}**",
            f"• First-timers welcomed: **{stats.first_timers_welcomed}**",
            f"• Cities: {cities}",
            f"• Busiest months: {busiest}",
        ]
    )


def mine_text(mine: MemberStats) -> str:
    if not mine.meetups:
        return "🤝 You haven't been to a meetup here yet: the next one is a good start."
    people = f"{mine.people_met} member{'s' if mine.people_met != 1 else ''}"
    cities = f"{mine.cities} cit{'ies' if mine.cities != 1 else 'y'}"
    return f"🤝 You've met {people} in person across {cities}. (Only you see this.)"


async def stats_reply(interaction: discord.Interaction[Any], *, post: bool, card: bool) -> None:
    bot = interaction.client
    assert interaction.guild_id is not None
    if post:  # permission first, before any work
        async with bot.db.read_session() as session:
            await community.may_post_stats(
                session=session,
                guild_id=interaction.guild_id,
                actor=actor_of(interaction),
                defaults=bot.settings.defaults,
            )
    await interaction.response.defer(ephemeral=not post, thinking=True)
    now = bot.clock.now()
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    async with bot.db.read_session() as session:
        found = await community.stats(
            session=session, guild_id=interaction.guild_id, member_id=interaction.user.id, now=now
        )
        month = (
            await community.month_stats(
                session=session, guild_id=interaction.guild_id, month_start=month_start, now=now
            )
            if card
            else None
        )
    guild_name = interaction.guild.name if interaction.guild else "this server"
    text = stats_text(guild_name, found.community)
    if not post:
        text += "\n\n" + mine_text(found.mine)
    kwargs: dict[str, Any] = {"allowed_mentions": NO_MENTIONS}
    if month is not None:
        # matplotlib takes about a second to import: only when a picture is wanted.
        from bot.ui.charts import community_alt_text, community_card_png

        png = await asyncio.to_thread(community_card_png, guild_name, month_start.date(), month)
        text += "\n\n" + community_alt_text(guild_name, month_start.date(), month)
        kwargs["file"] = discord.File(io.BytesIO(png), filename="tweetup-community.png")
    await interaction.followup.send(text[:2000], **kwargs)
    if post:
        await interaction.followup.send(mine_text(found.mine), ephemeral=True)
