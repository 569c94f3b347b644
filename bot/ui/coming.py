"""The "Who's coming" card: posted in a tweetup's thread (and, for a tweetup born from a time
poll, under its announcement too), and kept in line with the RSVPs."""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.domain.icebreakers.messages import PersonLine, people_lines
from bot.services import coming, tweetups
from bot.services.coming import Coming
from bot.ui.render import COLOR
from bot.ui.replies import NO_MENTIONS
from bot.ui.tweetups import tweetup_embed, tweetup_view

log = logging.getLogger(__name__)


def coming_embed(found: Coming) -> discord.Embed:
    people = [
        PersonLine(p.attendee.name, p.pronouns, p.intro, p.attendee.topics, p.attendee.first_timer)
        for p in found.people
    ]
    lines = people_lines(people, found.unnamed)
    if not lines:
        lines = ["Nobody has pressed **Going** yet. Be the first!"]
    if found.first_timers:
        lines += ["", "🌱 First tweetup for some: say hi and make them welcome."]
    if found.starters:
        lines += ["", "💬 **Conversation starters**"] + [f"• {s}" for s in found.starters]
    going = len(found.people) + found.unnamed
    embed = discord.Embed(
        title=f"👋 Who's coming ({going})", description="\n".join(lines)[:4000], color=COLOR
    )
    embed.set_footer(text="Add an intro and topics with /profile set · only Going members show")
    return embed


async def refresh_card(bot: Any, tweetup_id: int) -> None:
    """Post the card in the thread if it is not there yet, else edit it. Discord refusing
    (a deleted thread, a missing permission) is logged; the next change tries again."""
    try:
        await _refresh(bot, tweetup_id)
    except discord.HTTPException as error:
        log.warning("Could not refresh the card of tweetup %s: %s", tweetup_id, error)


async def _refresh(bot: Any, tweetup_id: int) -> None:
    async with bot.db.read_session() as session:
        found = await coming.whos_coming(session=session, tweetup_id=tweetup_id)
        where = await coming.card_message(session=session, tweetup_id=tweetup_id)
        card = await tweetups.card(session=session, tweetup_id=tweetup_id) if found else None
    if found is None or card is None or found.tweetup.status != tweetups.SCHEDULED:
        return
    embed = coming_embed(found)
    tweetup = found.tweetup
    if where is not None:
        message = bot.get_partial_messageable(where.channel_id).get_partial_message(
            where.message_id
        )
        await message.edit(embed=embed, allowed_mentions=NO_MENTIONS)
    elif tweetup.thread_id:
        posted = await bot.get_partial_messageable(tweetup.thread_id).send(
            embed=embed, allowed_mentions=NO_MENTIONS
        )
        async with bot.db.session() as session:
            await coming.remember_card(
                session=session, tweetup=tweetup, channel_id=tweetup.thread_id, message_id=posted.id
            )
    if tweetup.poll_id is not None and tweetup.channel_id and tweetup.message_id:
        announcement = bot.get_partial_messageable(tweetup.channel_id).get_partial_message(
            tweetup.message_id
        )
        await announcement.edit(embeds=[tweetup_embed(card), embed], view=tweetup_view(tweetup))
