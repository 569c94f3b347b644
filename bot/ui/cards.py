"""What the private confirmation cards share: the "Add as my trip" card (``card:`` ids) and
the "Plan a tweetup from this" card (``plan:`` ids).

Their buttons hold a draft in memory, so they cannot outlive the bot process (an ephemeral
card's state — namesakes, date readings, a typed note — does not fit in custom ids). After
a restart, or once a card timed out, a click would otherwise just "fail": :class:`ExpiredCard`
answers it instead, replacing the dead card with what to do next. A card registers itself
as live (:meth:`Card.send`) so the fallback stays quiet while the card's own view answers.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary, WeakValueDictionary

import discord

from bot.ui.errors import TweetupView
from bot.ui.items import PersistentItem
from bot.ui.replies import NO_MENTIONS

AGAIN = {
    "card": (
        "⌛ This card expired (I restarted, or it waited too long), so nothing was saved. "
        "Use **Apps → Add as my trip** on your message again, or `/travel add`."
    ),
    "plan": (
        "⌛ This card expired (I restarted, or it waited too long), so no poll was opened. "
        "Use **Apps → Plan a tweetup from this** on the message again, or `/tweetup propose`."
    ),
}

# Per bot client (a restart makes a new one): the cards shown, by message id. Weak, so a
# used card goes once nothing holds it; a card that timed out is taken out at once.
_live: WeakKeyDictionary[Any, WeakValueDictionary[int, Card]] = WeakKeyDictionary()


class Card(TweetupView):
    """A private card for its owner: live while its view listens, quiet once used."""

    def __init__(self, owner_id: int, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.done = False  # used or cancelled: later clicks (a double click) do nothing
        self.client: Any = None
        self.message_id: int | None = None

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if self.done:
            await interaction.response.defer()
            return False
        return interaction.user.id == self.owner_id

    async def send(self, interaction: discord.Interaction[Any], content: str) -> None:
        """Show the card as the interaction's private follow-up, and mark it live."""
        message = await interaction.followup.send(
            content, view=self, ephemeral=True, allowed_mentions=NO_MENTIONS, wait=True
        )
        self.client, self.message_id = interaction.client, message.id
        _live.setdefault(interaction.client, WeakValueDictionary())[message.id] = self

    async def on_timeout(self) -> None:
        if self.client is not None and self.message_id is not None:
            _live.get(self.client, WeakValueDictionary()).pop(self.message_id, None)

    def picked(self, what: str, index: int) -> None:
        """A city (``what`` "city") or a reading of the dates ("date") was chosen."""
        raise NotImplementedError

    async def refresh(self, interaction: discord.Interaction[Any]) -> None:
        raise NotImplementedError


class PickButton(discord.ui.Button[Card]):
    """One city or one reading of the dates, highlighted when chosen."""

    def __init__(self, prefix: str, what: str, index: int, label: str, chosen: bool) -> None:
        style = discord.ButtonStyle.primary if chosen else discord.ButtonStyle.secondary
        row = 0 if what == "city" else 1
        super().__init__(
            label=label[:80], style=style, custom_id=f"{prefix}:{what}:{index}", row=row
        )
        self.what, self.index = what, index

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        assert self.view is not None
        self.view.picked(self.what, self.index)
        await self.view.refresh(interaction)


class CitySelect(discord.ui.Select[Card]):
    """More cities than buttons fit: one menu."""

    def __init__(self, prefix: str, placeholder: str, labels: list[str], chosen: int) -> None:
        super().__init__(
            custom_id=f"{prefix}:city",
            placeholder=placeholder,
            row=0,
            options=[
                discord.SelectOption(label=label[:100], value=str(index), default=index == chosen)
                for index, label in enumerate(labels[:25])
            ],
        )

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        assert self.view is not None
        self.view.picked("city", int(self.values[0]))
        await self.view.refresh(interaction)


class ExpiredCard(PersistentItem, template=r"(?P<card>card|plan):[a-z]+(?::\d+)?"):
    """Any click on a card no live view listens to any more."""

    def __init__(self, item: discord.ui.Item[Any], card: str) -> None:
        super().__init__(item)
        self.card = card

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> ExpiredCard:
        return cls(item, match["card"])

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        message = interaction.message
        if message is None:
            return
        card = _live.get(interaction.client, WeakValueDictionary()).get(message.id)
        if card is not None and not card.is_finished():
            return  # the card's own view answers this click
        if card is not None and card.done:
            await interaction.response.defer()  # a double click while the card finishes
            return
        await interaction.response.edit_message(
            content=AGAIN[self.card], view=None, allowed_mentions=NO_MENTIONS
        )
