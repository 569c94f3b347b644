"""Time polls on Discord: the poll message, its vote buttons, and confirming the winner.

Shared by /tweetup propose and the "Propose a meetup" button of trips, so no cog has to reach
into another.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import discord

from bot.domain.errors import InvalidInput, PollClosed
from bot.domain.numbers import parse_integer
from bot.domain.tweetups import Vote
from bot.services import polls, tweetups
from bot.services.places import stored_place
from bot.services.polls import PollCard, Proposal
from bot.ui.errors import TweetupModal
from bot.ui.items import PersistentButton
from bot.ui.render import COLOR
from bot.ui.tweetups import actor_of, message_url, post_tweetup, when

log = logging.getLogger(__name__)


def poll_embed(card: PollCard) -> discord.Embed:
    poll = card.poll
    lines = [
        f"<@{poll.proposer_id}> proposes meeting in **{poll.place_label}**.",
        "Invited: " + _invited(card),
        "Vote for every time that works for you. Times show in your own time zone.",
        "",
    ]
    for index, slot in enumerate(card.slots, start=1):
        tally = card.tallies.get(slot.id)
        lead = " ⭐" if card.leading == slot.id else ""
        lines.append(f"**{index}.** {when(slot.starts_at)}{lead}")
        lines.append(f"  {slot.reason} · {tally.text if tally else ''}")
    status = {"open": "", "confirmed": "\n✅ **Confirmed**: the tweetup is announced."}.get(
        poll.status, ""
    )
    return discord.Embed(
        title="🗳️ When shall we meet?", description=("\n".join(lines) + status)[:4000], color=COLOR
    )


def _invited(card: PollCard) -> str:
    """Names only the members who may be seen here; the others are counted."""
    names = " ".join(f"<@{member}>" for member in card.named)
    private = len(card.poll.participant_ids) - len(card.named)
    if private:
        names += f" and {private} invited privately"
    return names


class VoteButton(
    PersistentButton,
    template=r"poll:(?P<poll>\d+):(?P<slot>\d+):(?P<vote>yes|if_need_be)",
):
    def __init__(
        self, poll_id: int, slot_id: int, vote: str, index: int, *, disabled: bool = False
    ) -> None:
        label = f"{index}: Yes" if vote == "yes" else f"{index}: If need be"
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.success
                if vote == "yes"
                else discord.ButtonStyle.secondary,
                custom_id=f"poll:{poll_id}:{slot_id}:{vote}",
                disabled=disabled,
                row=0 if vote == "yes" else 1,
            )
        )
        self.poll_id, self.slot_id, self.vote = poll_id, slot_id, vote

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> VoteButton:
        label = str(getattr(item, "label", "") or "1")
        index = int(label.split(":", 1)[0]) if label[:1].isdigit() else 1
        return cls(int(match["poll"]), int(match["slot"]), match["vote"], index)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        bot = interaction.client
        assert interaction.guild_id is not None
        async with bot.db.session() as session:
            card = await polls.vote(
                session=session,
                poll_id=self.poll_id,
                guild_id=interaction.guild_id,
                slot_id=self.slot_id,
                user_id=interaction.user.id,
                choice=Vote(self.vote),
                now=bot.clock.now(),
            )
        await interaction.response.edit_message(embed=poll_embed(card), view=poll_view(card))


def poll_view(card: PollCard) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    closed = card.poll.status != "open"
    for index, slot in enumerate(card.slots[:5], start=1):
        view.add_item(VoteButton(card.poll.id, slot.id, "yes", index, disabled=closed))
        view.add_item(VoteButton(card.poll.id, slot.id, "if_need_be", index, disabled=closed))
    view.add_item(ConfirmButton(card.poll.id, disabled=closed))
    return view


class ConfirmButton(PersistentButton, template=r"poll:(?P<poll>\d+):confirm"):
    def __init__(self, poll_id: int, *, disabled: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label="Confirm the leading time",
                emoji="✅",
                style=discord.ButtonStyle.primary,
                custom_id=f"poll:{poll_id}:confirm",
                disabled=disabled,
                row=2,
            )
        )
        self.poll_id = poll_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> ConfirmButton:
        return cls(int(match["poll"]))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        bot = interaction.client
        assert interaction.guild_id is not None
        async with bot.db.read_session() as session, _explained_if_closed(interaction):
            card, slot = await polls.slot_to_confirm(
                session=session,
                poll_id=self.poll_id,
                guild_id=interaction.guild_id,
                slot_id=None,
                actor=actor_of(interaction),
                defaults=bot.settings.defaults,
            )
        await interaction.response.send_modal(ConfirmModal(card, slot.id))


@asynccontextmanager
async def _explained_if_closed(interaction: discord.Interaction[Any]) -> AsyncIterator[None]:
    """A confirm that lost the race (or came late) is told where the tweetup is."""
    try:
        yield
    except PollClosed as closed:
        link = None
        if closed.tweetup_id is not None:
            async with interaction.client.db.read_session() as session:
                found = await tweetups.card(session=session, tweetup_id=closed.tweetup_id)
            link = message_url(found.tweetup)
        if link is not None:
            where = f": here is its announcement: {link}"
        elif interaction.message is not None:  # confirmed a moment ago, still being posted
            where = f"; the announcement is on its way: {interaction.message.jump_url}"
        else:
            where = "."
        raise InvalidInput(f"✅ This poll was already confirmed{where}") from None


class ConfirmModal(TweetupModal, title="Announce the tweetup"):
    name: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Title", custom_id="title", max_length=100, default="Tweetup"
    )
    venue: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Venue (optional)", custom_id="venue", required=False, max_length=200
    )
    capacity: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Capacity (optional, a number)", custom_id="capacity", required=False, max_length=5
    )
    description: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Description (optional)",
        custom_id="description",
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=1000,
    )

    def __init__(self, card: PollCard, slot_id: int) -> None:
        super().__init__(timeout=600)
        self.card = card
        self.slot_id = slot_id
        self.name.default = f"Tweetup in {card.poll.place_label.split(',')[0]}"[:100]

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        bot = interaction.client
        poll = self.card.poll
        slot = next(s for s in self.card.slots if s.id == self.slot_id)
        capacity_text = str(self.capacity.value or "").strip()
        capacity = parse_integer(capacity_text, lowest=1, highest=10_000)
        if capacity_text and capacity is None:
            raise InvalidInput("Capacity must be a whole number from 1 to 10000, or left empty.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        place = stored_place(poll)
        assert interaction.guild_id is not None
        async with bot.db.session() as session, _explained_if_closed(interaction):
            card = await tweetups.announce(
                session=session,
                guild_id=interaction.guild_id,
                actor=actor_of(interaction),
                draft=tweetups.Draft(
                    title=str(self.name.value),
                    place=place,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    venue=str(self.venue.value or ""),
                    capacity=capacity,
                    description=str(self.description.value or ""),
                ),
                defaults=bot.settings.defaults,
                now=bot.clock.now(),
                poll_id=poll.id,
            )
            refreshed = await polls.poll_card(
                session=session, poll_id=poll.id, guild_id=interaction.guild_id
            )
        note = await post_tweetup(bot, card, interaction.channel)
        await update_poll_message(bot, refreshed)
        await interaction.followup.send(note, ephemeral=True)


async def update_poll_message(bot: Any, card: PollCard) -> None:
    """Redraw a poll's message after a change that did not come from a click on it."""
    poll = card.poll
    if not (poll.channel_id and poll.message_id):
        return
    try:
        message = bot.get_partial_messageable(poll.channel_id).get_partial_message(poll.message_id)
        await message.edit(embed=poll_embed(card), view=poll_view(card))
    except discord.HTTPException as error:
        log.warning("Could not update poll %s: %s", poll.id, error)


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


async def post_poll(interaction: discord.Interaction[Any], proposal: Proposal) -> None:
    """Publish a poll in the channel and remember where it is. Only the members the poll may
    name are mentioned; hidden members are invited by DM once the poll has a link."""
    bot = interaction.client
    card = proposal.card
    named = [discord.Object(member) for member in card.named]
    mentions = discord.AllowedMentions(everyone=False, roles=False, users=named)
    channel = interaction.channel
    if not isinstance(channel, discord.abc.Messageable):
        raise InvalidInput("I can't post a poll here; try in a text channel.")
    message = await channel.send(
        embed=poll_embed(card),
        view=poll_view(card),
        allowed_mentions=mentions,
        content=" ".join(f"<@{m}>" for m in card.named)[:2000],
    )
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


def proposal_note(proposal: Proposal) -> str:
    """What the proposer is told privately: who is in the poll, who is not, and why."""
    lines = ["🗳️ Poll posted. Everyone invited can vote; you confirm the winner."]
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


DYNAMIC_ITEMS = (VoteButton, ConfirmButton)
