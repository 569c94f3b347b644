"""Base for persistent buttons: failures go through the central error handler.

discord.py only logs exceptions raised in a ``DynamicItem`` callback, so without this the
user would see "This interaction failed" and nothing else.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.ui.errors import report


class PersistentButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"(?!)"):
    """Subclass with a ``template=`` and implement :meth:`handle` instead of ``callback``."""

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            await self.handle(interaction)
        except Exception as error:
            await report(interaction, error)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        raise NotImplementedError
