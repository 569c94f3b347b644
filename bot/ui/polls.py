"""Time polls on Discord: posting a poll, and what its proposer is told.

Shared by /tweetup propose and the "Propose a meetup" button of trips, so no cog has to reach
into another. How a poll looks is :mod:`bot.ui.poll_render`; its buttons and confirm menu
are :mod:`bot.ui.poll_items`.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.domain.dates.model import DateRange
from bot.domain.errors import InvalidInput
from bot.domain.places import Place
from bot.domain.tweetups import NoCommonTime
from bot.services import polls
from bot.services.polls import Proposal
from bot.ui import permissions as perms
from bot.ui.poll_items import poll_view
from bot.ui.poll_picture import poll_picture
from bot.ui.poll_render import poll_embed
from bot.ui.render import COLOR

log = logging.getLogger(__name__)


POSTING_POLL = "post the poll"


def require_can_post(interaction: discord.Interaction[Any]) -> None:
    """Before any question: can the bot post a poll (an embed with buttons) here?"""
    perms.require(interaction.channel, perms.POST_EMBED, POSTING_POLL, interaction)


async def post_poll(
    interaction: discord.Interaction[Any], proposal: Proposal, channel: Any = None
) -> None:
    """Publish a poll in the channel (or ``channel``) and remember where it is. Only the
    members the poll may name are mentioned; hidden members are invited by DM once the poll
    has a link."""
    bot = interaction.client
    card = proposal.card
    named = [discord.Object(member) for member in card.named]
    mentions = discord.AllowedMentions(everyone=False, roles=False, users=named)
    channel = channel or interaction.channel
    if not isinstance(channel, discord.abc.Messageable):
        raise InvalidInput("I can't post a poll here; try in a text channel.")
    # Again (permissions may change while the member answers), where the poll goes.
    perms.require(channel, perms.POST_EMBED, POSTING_POLL, interaction)
    # The heat map is a bonus: without Attach Files the poll goes out without it.
    files = (
        []
        if perms.missing_in(channel, ("attach_files",), interaction)
        else [await poll_picture(bot, card)]
    )
    try:
        message = await channel.send(
            embed=poll_embed(card),
            view=poll_view(card),
            allowed_mentions=mentions,
            content=" ".join(f"<@{m}>" for m in card.named)[:2000],
            files=files,
        )
    except discord.Forbidden as error:
        raise perms.BotLacksPermission(
            perms.explain(error, POSTING_POLL, channel, perms.POST_EMBED)
        ) from error
    async with bot.db.session() as session:
        await polls.attach_message(
            session=session,
            poll_id=card.poll.id,
            channel_id=message.channel.id,
            message_id=message.id,
            invite_by_dm=proposal.invited_by_dm,
            now=bot.clock.now(),
        )
    if proposal.invited_by_dm:
        bot.dispatcher.wake()


async def open_poll(
    interaction: discord.Interaction[Any],
    *,
    place: Place,
    member_ids: list[int],
    between: DateRange | None,
) -> str:
    """``/tweetup propose`` and "Plan a tweetup from this": find the times, post the poll,
    and return what the proposer is told privately (the poll, or why there is none)."""
    bot = interaction.client
    assert interaction.guild_id is not None
    async with bot.db.session() as session:
        result = await polls.propose(
            session=session,
            guild_id=interaction.guild_id,
            proposer_id=interaction.user.id,
            place=place,
            member_ids=member_ids,
            between=between,
            defaults=bot.settings.defaults,
            now=bot.clock.now(),
        )
    return await publish(interaction, result)


async def publish(interaction: discord.Interaction[Any], result: Proposal | NoCommonTime) -> str:
    """Post a new poll; what its proposer is told privately (or why there is no poll)."""
    if isinstance(result, NoCommonTime):
        hint = f"\n{result.near_miss.text}" if result.near_miss else ""
        return f"😕 {result.message}{hint}"
    await post_poll(interaction, result)
    return proposal_note(result)


def proposal_note(proposal: Proposal) -> str:
    """What the proposer is told privately: who is in the poll, who is not, and why."""
    lines = ["🗳️ Poll posted. Everyone invited can vote; you confirm the time."]
    if proposal.invited_by_dm:
        lines.append(
            f"🔒 {_people(proposal.invited_by_dm)} keep their plans private here, so they were "
            "invited by DM; the poll doesn't name them or use their dates."
        )
    if proposal.left_out:
        lines.append(
            f"🔒 {_people(proposal.left_out)} keep their plans private here and don't take "
            "DMs, so they were left out."
        )
    if proposal.not_opted_in:
        count = len(proposal.not_opted_in)
        lines.append(
            f"ℹ️ {count} member{'s' if count != 1 else ''} nearby haven't asked to hear about "
            "visitors (`/notify dms:True`), so they weren't invited: "
            f"{_people(proposal.not_opted_in)}."
        )
    return "\n".join(lines)[:2000]


def _people(ids: tuple[int, ...], limit: int = 10) -> str:
    shown = ", ".join(f"<@{member}>" for member in ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


async def withdraw_poll_message(bot: Any, channel_id: int, message_id: int) -> None:
    """The proposer erased their data: the poll is gone, so its message says so."""
    embed = discord.Embed(
        title="🗳️ Poll withdrawn",
        description="The member who proposed this poll withdrew it.",
        color=COLOR,
    )
    try:
        message = bot.get_partial_messageable(channel_id).get_partial_message(message_id)
        await message.edit(content=None, embed=embed, view=None)
    except discord.HTTPException as error:
        log.warning("Could not withdraw poll message %s: %s", message_id, error)
