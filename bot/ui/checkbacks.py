"""The "Did you make it?" buttons and the "Do it again" offer that follows a yes.

All buttons are persistent (the custom id carries the tweetup), so a check-back sent days
ago, or before a restart, still works.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.domain.tweetups import NoCommonTime
from bot.services import checkbacks
from bot.ui.errors import TweetupModal
from bot.ui.items import PersistentButton
from bot.ui.polls import post_poll
from bot.ui.replies import NO_MENTIONS
from bot.ui.tweetups import actor_of, post_tweetup

LABELS = {"yes": "Yes, I was there", "no": "No", "cancelled": "It was cancelled"}
THANKS = {
    "yes": "🎉 Glad you made it! Want to meet the same people again?",
    "no": "👍 Noted. Maybe next time!",
    "cancelled": "😕 Sorry it didn't happen. Want to try again?",
}


class CheckbackButton(
    PersistentButton, template=r"checkback:(?P<id>\d+):(?P<answer>yes|no|cancelled)"
):
    def __init__(self, tweetup_id: int, answer: str) -> None:
        style = discord.ButtonStyle.success if answer == "yes" else discord.ButtonStyle.secondary
        super().__init__(
            discord.ui.Button(
                label=LABELS[answer], style=style, custom_id=f"checkback:{tweetup_id}:{answer}"
            )
        )
        self.tweetup_id, self.answer = tweetup_id, answer

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> CheckbackButton:
        return cls(int(match["id"]), match["answer"])

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        bot = interaction.client
        async with bot.db.session() as session:
            await checkbacks.answer(
                session=session,
                tweetup_id=self.tweetup_id,
                user_id=interaction.user.id,
                answer=self.answer,
                now=bot.clock.now(),
            )
        view = again_view(self.tweetup_id) if self.answer != "no" else discord.utils.MISSING
        await interaction.response.send_message(
            THANKS[self.answer] + "\n(Change your answer any time with the buttons above.)",
            view=view,
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )


class AgainButton(PersistentButton, template=r"again:(?P<id>\d+):(?P<how>poll|series)"):
    def __init__(self, tweetup_id: int, how: str) -> None:
        label = "Same people, new poll" if how == "poll" else "Make it a series"
        super().__init__(
            discord.ui.Button(
                label=label,
                emoji="🔁" if how == "series" else "🗳️",
                style=discord.ButtonStyle.primary,
                custom_id=f"again:{tweetup_id}:{how}",
            )
        )
        self.tweetup_id, self.how = tweetup_id, how

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> AgainButton:
        return cls(int(match["id"]), match["how"])

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        bot = interaction.client
        if self.how == "series":
            async with bot.db.read_session() as session:  # may they, before asking how often?
                await checkbacks.may_repeat_as_series(
                    session=session,
                    tweetup_id=self.tweetup_id,
                    actor=actor_of(interaction),
                    defaults=bot.settings.defaults,
                )
            await interaction.response.send_modal(SeriesModal(self.tweetup_id))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with bot.db.session() as session:
            tweetup, result = await checkbacks.poll_again(
                session=session,
                tweetup_id=self.tweetup_id,
                user_id=interaction.user.id,
                defaults=bot.settings.defaults,
                now=bot.clock.now(),
            )
        if isinstance(result, NoCommonTime):
            await interaction.followup.send(f"😕 {result.message}", ephemeral=True)
            return
        channel = await _channel(bot, tweetup.channel_id or interaction.channel_id)
        await post_poll(interaction, result, channel=channel)
        await interaction.followup.send(
            "🗳️ Poll posted where the last one was announced: everyone can vote.", ephemeral=True
        )


class SeriesModal(TweetupModal, title="Make it a series"):
    rule: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="How often, and when?",
        custom_id="rule",
        placeholder="every other Thursday at 12:30",
        max_length=200,
    )

    def __init__(self, tweetup_id: int) -> None:
        super().__init__(timeout=600)
        self.tweetup_id = tweetup_id

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        bot = interaction.client
        async with bot.db.session() as session:
            tweetup, cards, described = await checkbacks.series_again(
                session=session,
                tweetup_id=self.tweetup_id,
                actor=actor_of(interaction),
                rule=str(self.rule.value),
                defaults=bot.settings.defaults,
                now=bot.clock.now(),
            )
        fallback = await _channel(bot, tweetup.channel_id or interaction.channel_id)
        for card in cards:
            await post_tweetup(bot, card, fallback)
        await interaction.followup.send(
            f"🔁 {described}: {len(cards)} upcoming dates announced.",
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )


async def _channel(bot: Any, channel_id: int | None) -> Any:
    """The tweetup's channel with its guild (threads are opened from its messages)."""
    assert channel_id is not None
    return bot.get_channel(channel_id) or await bot.fetch_channel(channel_id)


def checkback_view(tweetup_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for answer in LABELS:
        view.add_item(CheckbackButton(tweetup_id, answer))
    return view


def again_view(tweetup_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for how in ("poll", "series"):
        view.add_item(AgainButton(tweetup_id, how))
    return view


DYNAMIC_ITEMS = (CheckbackButton, AgainButton)
