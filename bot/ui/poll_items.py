"""The interactive parts of a time poll: vote buttons, the organizer's confirm menu and the
announcement form. Persistent (the custom ids carry the poll), so they survive restarts."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from zoneinfo import ZoneInfo

import discord

from bot.domain.errors import InvalidInput, PollClosed
from bot.domain.numbers import parse_integer, parse_snowflake
from bot.domain.tweetups import Vote
from bot.services import poll_votes, tweetups
from bot.services.places import stored_place
from bot.services.poll_votes import PollCard
from bot.ui.errors import TweetupModal, TweetupView
from bot.ui.items import PersistentButton, PersistentSelect
from bot.ui.poll_render import poll_embed, your_votes
from bot.ui.replies import NO_MENTIONS
from bot.ui.tweetups import actor_of, message_url, post_tweetup

log = logging.getLogger(__name__)

_BUTTONS = {
    Vote.YES: ("Yes", discord.ButtonStyle.success, 0),
    Vote.IF_NEED_BE: ("If need be", discord.ButtonStyle.secondary, 1),
    Vote.NO: ("No", discord.ButtonStyle.secondary, 2),
}


class VoteButton(
    PersistentButton,
    template=r"poll:(?P<poll>[0-9]+):(?P<slot>[0-9]+):(?P<vote>yes|if_need_be|no)",
):
    def __init__(
        self, poll_id: int, slot_id: int, vote: str, index: int, *, disabled: bool = False
    ) -> None:
        word, style, row = _BUTTONS[Vote(vote)]
        super().__init__(
            discord.ui.Button(
                label=f"{index}: {word}",
                style=style,
                custom_id=f"poll:{poll_id}:{slot_id}:{vote}",
                disabled=disabled,
                row=row,
            )
        )
        self.poll_id, self.slot_id, self.vote = poll_id, slot_id, vote

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> VoteButton:
        label = str(getattr(item, "label", "") or "1")
        index = parse_integer(label.split(":", 1)[0], lowest=1, highest=25) or 1
        return cls(int(match["poll"]), int(match["slot"]), match["vote"], index)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        bot = interaction.client
        assert interaction.guild_id is not None
        async with bot.db.session() as session:
            card = await poll_votes.vote(
                session=session,
                poll_id=self.poll_id,
                guild_id=interaction.guild_id,
                slot_id=self.slot_id,
                user_id=interaction.user.id,
                choice=Vote(self.vote),
                now=bot.clock.now(),
            )
        await interaction.response.edit_message(embed=poll_embed(card), view=poll_view(card))
        bot.dispatch("poll_changed", card)
        await interaction.followup.send(
            your_votes(card, interaction.user.id), ephemeral=True, allowed_mentions=NO_MENTIONS
        )


class ConfirmSelect(PersistentSelect, template=r"poll:(?P<poll>[0-9]+):confirm"):
    """The organizer picks any option, not only the leading one."""

    def __init__(self, card: PollCard | None, poll_id: int, *, disabled: bool = False) -> None:
        options = _options(card) if card is not None else []
        super().__init__(
            discord.ui.Select(
                custom_id=f"poll:{poll_id}:confirm",
                placeholder="Organizer: confirm a time and announce it…",
                options=options or [discord.SelectOption(label="—", value="0")],
                disabled=disabled,
                row=3,
            )
        )
        self.poll_id = poll_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> ConfirmSelect:
        return cls(None, int(match["poll"]))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        bot = interaction.client
        assert interaction.guild_id is not None
        slot_id = parse_snowflake(self.picked(interaction))
        if slot_id is None:
            raise InvalidInput("Pick one of the times in the menu.")
        async with bot.db.read_session() as session, _explained_if_closed(interaction):
            card, slot = await poll_votes.slot_to_confirm(
                session=session,
                poll_id=self.poll_id,
                guild_id=interaction.guild_id,
                slot_id=slot_id,
                actor=actor_of(interaction),
                defaults=bot.settings.defaults,
            )
        await interaction.response.send_modal(ConfirmModal(card, slot.id))


def _options(card: PollCard) -> list[discord.SelectOption]:
    zone = ZoneInfo(card.poll.timezone)
    options = []
    for index, slot in enumerate(card.in_time_order(), start=1):
        local = slot.starts_at.astimezone(zone)
        tally = card.tallies.get(slot.id)
        options.append(
            discord.SelectOption(
                label=f"{index}. {local:%a %d %b, %H:%M}"[:100],
                value=str(slot.id),
                description=(tally.text if tally else "no votes yet")[:100],
                emoji="⭐" if card.leading == slot.id else None,
            )
        )
    return options


def poll_view(card: PollCard) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    closed = card.poll.status != "open"
    for index, slot in enumerate(card.in_time_order()[:5], start=1):
        for vote in Vote:
            view.add_item(VoteButton(card.poll.id, slot.id, vote.value, index, disabled=closed))
    view.add_item(ConfirmSelect(card, card.poll.id, disabled=closed))
    return view


async def update_poll_message(
    bot: Any, card: PollCard, shown: discord.Message | None = None
) -> None:
    """Redraw a poll's message after a change that did not come from a click on it.
    ``shown`` is the poll's message when the change came from a form opened on it: the poll
    is posted before its message id is stored, so a confirm in that moment still redraws it."""
    poll = card.poll
    where = (poll.channel_id, poll.message_id)
    if not all(where) and shown is not None:
        where = (shown.channel.id, shown.id)
    channel_id, message_id = where
    if not (channel_id and message_id):
        return
    try:
        message = bot.get_partial_messageable(channel_id).get_partial_message(message_id)
        await message.edit(embed=poll_embed(card), view=poll_view(card))
    except discord.HTTPException as error:
        log.warning("Could not update poll %s: %s", poll.id, error)
    bot.dispatch("poll_changed", card)


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
        label="Capacity (optional; empty or 0 = no limit)",
        custom_id="capacity",
        required=False,
        max_length=5,
    )
    description: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Description (optional)",
        custom_id="description",
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=1000,
    )

    def __init__(self, card: PollCard, slot_id: int, typed: dict[str, str] | None = None) -> None:
        super().__init__(timeout=600)
        self.card = card
        self.slot_id = slot_id
        self.name.default = f"Tweetup in {card.poll.place_label.split(',')[0]}"[:100]
        for field, value in (typed or {}).items():
            getattr(self, field).default = value

    def typed(self) -> dict[str, str]:
        return {
            field: str(getattr(self, field).value or "")
            for field in ("name", "venue", "capacity", "description")
        }

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        bot = interaction.client
        poll = self.card.poll
        slot = next(s for s in self.card.slots if s.id == self.slot_id)
        capacity_text = str(self.capacity.value or "").strip()
        capacity = parse_integer(capacity_text, lowest=0, highest=10_000)
        if capacity_text and capacity is None:
            await interaction.response.send_message(
                f"“{discord.utils.escape_markdown(capacity_text)}” isn't a capacity: give a "
                "whole number from 1 to 10000, or leave it empty (or 0) for no limit. "
                "Everything else you typed is kept.",
                view=RetryView(self.card, self.slot_id, self.typed()),
                ephemeral=True,
                allowed_mentions=NO_MENTIONS,
            )
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        assert interaction.guild_id is not None
        async with bot.db.session() as session, _explained_if_closed(interaction):
            card = await tweetups.announce(
                session=session,
                guild_id=interaction.guild_id,
                actor=actor_of(interaction),
                draft=tweetups.Draft(
                    title=str(self.name.value),
                    place=stored_place(poll),
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    venue=str(self.venue.value or ""),
                    capacity=capacity or None,
                    description=str(self.description.value or ""),
                ),
                defaults=bot.settings.defaults,
                now=bot.clock.now(),
                poll_id=poll.id,
                slot_id=slot.id,
            )
        note = await post_tweetup(bot, card, interaction.channel)
        bot.dispatcher.wake()
        async with bot.db.read_session() as session:
            refreshed = await poll_votes.poll_card(
                session=session, poll_id=poll.id, guild_id=interaction.guild_id
            )
        await update_poll_message(bot, refreshed, interaction.message)
        carried = len(card.going) + len(card.waitlist) + len(card.maybe)
        await interaction.followup.send(
            f"{note}\nYou're going; {carried - 1} answer{'s' if carried != 2 else ''} carried "
            "over from the votes. Invitees who take DMs get the link.",
            ephemeral=True,
        )


class RetryView(TweetupView):
    """A modal cannot answer a modal: this button opens the form again, as it was typed."""

    def __init__(self, card: PollCard, slot_id: int, typed: dict[str, str]) -> None:
        super().__init__(timeout=600)
        self.card, self.slot_id, self.typed = card, slot_id, typed

    @discord.ui.button(label="Edit and try again", style=discord.ButtonStyle.primary)
    async def again(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]
    ) -> None:
        await interaction.response.send_modal(ConfirmModal(self.card, self.slot_id, self.typed))


DYNAMIC_ITEMS = (VoteButton, ConfirmSelect)
