"""The one place where failures of commands, buttons and modals turn into replies.

Modelled on Red-DiscordBot's tree error handler: expected errors (bad input, missing
permission) become a short private message; anything else is a bug, logged with enough
context to find it, while the user gets an apology and never a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.domain.errors import TweetupError
from bot.ops.intake import note_outcome
from bot.ui.replies import send_ephemeral

log = logging.getLogger("bot.errors")

APOLOGY = "Sorry, something went wrong on our side. It has been logged; please try again later."


def _unwrap(error: BaseException) -> BaseException:
    while isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError):
        cause = error.__cause__ or getattr(error, "original", None)
        if cause is None:
            break
        error = cause
    return error


def user_message(error: BaseException) -> str | None:
    """What to tell the user about an expected failure, or None when it is a bug."""
    error = _unwrap(error)
    if isinstance(error, TweetupError):
        return error.user_message
    if isinstance(error, app_commands.TransformerError):
        return f"I couldn't understand {str(error.value)[:100]!r} here. Please check and try again."
    if isinstance(error, app_commands.CommandNotFound):
        return (
            "That command isn't available any more. Discord may still be updating the command "
            "list; please try again in a minute."
        )
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command only works inside a server."
    if isinstance(error, app_commands.MissingPermissions | app_commands.MissingAnyRole):
        return "You don't have permission to do that here."
    if isinstance(error, app_commands.BotMissingPermissions):
        missing = ", ".join(p.replace("_", " ") for p in error.missing_permissions)
        return f"I'm missing a permission I need here: {missing}. Ask an admin to grant it."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down a little: try again in {error.retry_after:.0f} seconds."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this command here."
    return None


async def report(interaction: discord.Interaction[Any], error: BaseException) -> None:
    message = user_message(error)
    note_outcome("error" if message is None else "rejected")
    if message == "":
        return  # already explained to the user where it happened
    if message is None:
        command = interaction.command.qualified_name if interaction.command else None
        data: dict[str, Any] = dict(interaction.data or {})
        custom_id = data.get("custom_id")
        log.error(
            "Unexpected error in %s (guild=%s channel=%s user=%s)",
            f"/{command}" if command else f"component {custom_id!r}",
            interaction.guild_id,
            interaction.channel_id,
            interaction.user.id,
            exc_info=_unwrap(error),
        )
        message = APOLOGY
    await send_ephemeral(interaction, message)


class TweetupTree(app_commands.CommandTree[Any]):
    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        await report(interaction, error)


class TweetupView(discord.ui.View):
    """Base for every view: errors in callbacks go through the same handler as commands."""

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: Any
    ) -> None:
        await report(interaction, error)


class TweetupModal(discord.ui.Modal):
    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], error: Exception
    ) -> None:
        await report(interaction, error)
