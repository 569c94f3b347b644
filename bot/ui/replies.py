"""Answering an interaction the right way whatever state it is in."""

from __future__ import annotations

import logging
from typing import Any

import discord

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()


async def send_ephemeral(
    interaction: discord.Interaction[Any], content: str, **kwargs: Any
) -> None:
    """Reply privately: as the first response if there was none yet, else as a follow-up.

    Never pings anyone, whatever the text contains.
    """
    kwargs.setdefault("allowed_mentions", NO_MENTIONS)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(content, ephemeral=True, **kwargs)
        else:
            await interaction.response.send_message(content, ephemeral=True, **kwargs)
    except discord.NotFound:
        # The interaction expired (answered too late, or its token is past 15 minutes).
        log.warning("Could not answer interaction %s: it expired", interaction.id)
