"""Asking instead of guessing: a private question with one button per reading.

A command that meets an ambiguous city or date asks through :class:`Conversation`, which
keeps track of which interaction to answer next (the command first, then the button the
person clicked), so the command's code reads top to bottom.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

import discord

from bot.domain.errors import TweetupError
from bot.ui.errors import TweetupView
from bot.ui.replies import NO_MENTIONS

T = TypeVar("T")

QUESTION_TIMEOUT = 180.0
MAX_OPTIONS = 5  # as buttons; more become a select menu
MAX_MENU_OPTIONS = 25


class NoAnswer(TweetupError):
    """The person did not pick an option in time (or cancelled); nothing was saved."""


class _ChoiceButton(discord.ui.Button["ChoiceView[Any]"]):
    def __init__(self, label: str, index: int, style: discord.ButtonStyle) -> None:
        super().__init__(label=label[:80], style=style, custom_id=f"choice:{index}")
        self.index = index

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        assert self.view is not None
        await self.view.pick(interaction, self.index)


class _ChoiceSelect(discord.ui.Select["ChoiceView[Any]"]):
    """More readings than buttons fit (Discord allows 5 per row): one menu of up to 25."""

    def __init__(self, labels: Sequence[str]) -> None:
        super().__init__(
            custom_id="choice:menu",
            placeholder="Choose one…",
            options=[
                discord.SelectOption(label=label[:100], value=str(index))
                for index, label in enumerate(labels)
            ],
        )

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        assert self.view is not None
        await self.view.pick(interaction, int(self.values[0]))


class ChoiceView(TweetupView, Generic[T]):
    def __init__(
        self,
        owner_id: int,
        options: Sequence[tuple[str, T]],
        dismiss: str = "Cancel",
        *,
        highlight: bool = True,
    ) -> None:
        super().__init__(timeout=QUESTION_TIMEOUT)
        self.owner_id = owner_id
        self.options = list(options)[:MAX_MENU_OPTIONS]
        self.chosen: T | None = None
        self.answered_by: discord.Interaction[Any] | None = None
        if len(self.options) > MAX_OPTIONS:
            self.add_item(_ChoiceSelect([label for label, _ in self.options]))
        else:
            for index, (label, _) in enumerate(self.options):
                first = index == 0 and highlight
                style = discord.ButtonStyle.primary if first else discord.ButtonStyle.secondary
                self.add_item(_ChoiceButton(label, index, style))
        self.add_item(_ChoiceButton(dismiss, -1, discord.ButtonStyle.danger))

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        return interaction.user.id == self.owner_id

    async def pick(self, interaction: discord.Interaction[Any], index: int) -> None:
        await interaction.response.defer()
        if index >= 0:
            self.chosen = self.options[index][1]
        self.answered_by = interaction
        self.stop()


class Conversation:
    """The thread of one command: questions and the final answer, all private."""

    def __init__(self, interaction: discord.Interaction[Any]) -> None:
        self.interaction = interaction
        self._on_question = False

    async def defer(self) -> None:
        if not self.interaction.response.is_done():
            await self.interaction.response.defer(ephemeral=True, thinking=True)

    async def choose(
        self,
        question: str,
        options: Sequence[tuple[str, T]],
        *,
        dismiss: str = "Cancel",
        highlight: bool = True,
    ) -> T:
        """Ask privately; ``dismiss`` labels the button that gives up (say what it does), and
        ``highlight`` False shows no option as the suggested one."""
        view: ChoiceView[T] = ChoiceView(
            self.interaction.user.id, options, dismiss, highlight=highlight
        )
        await self._show(question, view=view)
        timed_out = await view.wait()
        if view.answered_by is not None:
            self.interaction = view.answered_by
            self._on_question = True
        if timed_out or view.chosen is None:
            await self._show("No problem: nothing was saved.", view=None)
            raise NoAnswer("")
        return view.chosen

    async def reply(
        self,
        content: str | None = None,
        *,
        embed: discord.Embed | None = None,
        view: discord.ui.View | None = None,
        file: discord.File | None = None,
    ) -> None:
        await self._show(content, embed=embed, view=view, file=file)

    async def _show(
        self,
        content: str | None,
        *,
        embed: discord.Embed | None = None,
        view: discord.ui.View | None = None,
        file: discord.File | None = None,
    ) -> None:
        if self._on_question:
            # Replace the question (and its buttons) with what comes next.
            await self.interaction.edit_original_response(
                content=content,
                embed=embed,
                view=view,
                allowed_mentions=NO_MENTIONS,
                attachments=[file] if file is not None else discord.utils.MISSING,
            )
            return
        kwargs: dict[str, Any] = {"allowed_mentions": NO_MENTIONS, "ephemeral": True}
        if file is not None:
            kwargs["file"] = file
        if embed is not None:
            kwargs["embed"] = embed
        if view is not None:
            kwargs["view"] = view
        if self.interaction.response.is_done():
            await self.interaction.followup.send(content or "", **kwargs)
        else:
            await self.interaction.response.send_message(content, **kwargs)
