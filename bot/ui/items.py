"""Bases for persistent buttons and select menus: failures go through the central error
handler.

discord.py only logs exceptions raised in a ``DynamicItem`` callback, so without this the
user would see "This interaction failed" and nothing else.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.ui.errors import report


class _Reported:
    """Subclasses implement :meth:`handle` instead of ``callback``."""

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            await self.handle(interaction)
        except Exception as error:
            await report(interaction, error)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        raise NotImplementedError


class PersistentButton(_Reported, discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"(?!)"):
    """Subclass with a ``template=`` and implement :meth:`handle`."""


class PersistentSelect(_Reported, discord.ui.DynamicItem[discord.ui.Select[Any]], template=r"(?!)"):
    """The select-menu twin of :class:`PersistentButton`."""

    @staticmethod
    def picked(interaction: discord.Interaction[Any]) -> str:
        data: dict[str, Any] = dict(interaction.data or {})
        values = data.get("values") or [""]
        return str(values[0])


class PersistentItem(_Reported, discord.ui.DynamicItem[discord.ui.Item[Any]], template=r"(?!)"):
    """Any kind of component (a button or a menu): wraps the item Discord sent back."""
