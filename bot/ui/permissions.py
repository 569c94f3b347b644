"""What the bot itself may do in a channel, checked before it tries, named in plain words.

Discord answers a post the bot may not make with 403 (50013 "Missing Permissions", or 50001
"Missing Access" when it cannot even see the channel) and says nothing about *which*
permission is missing; without Embed Links it even accepts the post and silently drops the
embed. So every posting path asks here first, with the permission set of what it is about
to do, and tells the member exactly what an admin has to grant where. The sets mirror the
invite link (``bot/cli/invite.py``), which asks for each of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import discord

from bot.domain.errors import PermissionDenied

#: discord.py's names → the words Discord's settings screens use.
PLAIN = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "send_messages_in_threads": "Send Messages in Threads",
    "create_public_threads": "Create Public Threads",
    "embed_links": "Embed Links",
    "attach_files": "Attach Files",
    "read_message_history": "Read Message History",
    "create_events": "Create Events",
    "manage_events": "Manage Events",
}

#: A message with an embed and buttons (announcements, polls).
POST_EMBED = ("view_channel", "send_messages", "embed_links")
#: A plain text message.
POST_TEXT = ("view_channel", "send_messages")
#: The chat thread under an announcement, and its first message.
OPEN_THREAD = ("create_public_threads", "send_messages_in_threads")
#: Everything an announcement channel needs.
ANNOUNCE_CHANNEL = (*POST_EMBED, *OPEN_THREAD, "read_message_history")
#: Server-wide, for the native Discord event of a tweetup.
EVENTS = ("create_events",)

PERMISSION_CODES = (50001, 50013)


class BotLacksPermission(PermissionDenied):
    """The bot may not do what was asked here; the message names what to grant where."""


def plain(names: Sequence[str]) -> str:
    """``**Send Messages** and **Embed Links**``."""
    words = [f"**{PLAIN.get(name, name.replace('_', ' ').title())}**" for name in names]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def where(channel: Any) -> str:
    mention = getattr(channel, "mention", None)
    return str(mention) if mention else "this channel"


def granted(channel: Any, interaction: discord.Interaction[Any] | None = None) -> Any:
    """The bot's permissions in ``channel``: the interaction's ``app_permissions`` when it
    happens there (always exact), else computed from the cached guild, roles and overwrites.
    None when they cannot be known (no cached guild): then the post is simply tried."""
    if interaction is not None and interaction.channel_id == getattr(channel, "id", None):
        return interaction.app_permissions
    guild = getattr(channel, "guild", None)
    me = getattr(guild, "me", None)
    if me is None or not hasattr(channel, "permissions_for"):
        return None
    return channel.permissions_for(me)


def missing_in(
    channel: Any, needed: Sequence[str], interaction: discord.Interaction[Any] | None = None
) -> list[str]:
    """The permissions of ``needed`` the bot lacks in ``channel`` (empty: all there, or
    unknown)."""
    have = granted(channel, interaction)
    if have is None:
        return []
    return [name for name in needed if not getattr(have, name)]


def refusal(doing: str, channel: Any, missing: Sequence[str]) -> str:
    """What to tell the member when the bot lacks ``missing`` to do ``doing`` there."""
    them = "it" if len(missing) == 1 else "them"
    return (
        f"I can't {doing} in {where(channel)}: I'm missing {plain(missing)} there. "
        f"Ask a server admin to give {them} to me in that channel's permissions"
        " (or use another channel)."
    )


def require(
    channel: Any,
    needed: Sequence[str],
    doing: str,
    interaction: discord.Interaction[Any] | None = None,
) -> None:
    """Raise :class:`BotLacksPermission` naming what is missing, before anything is tried."""
    missing = missing_in(channel, needed, interaction)
    if missing:
        raise BotLacksPermission(refusal(doing, channel, missing))


def missing_in_guild(guild: Any, needed: Sequence[str]) -> list[str]:
    """Server-wide permissions the bot lacks (for scheduled events)."""
    me = getattr(guild, "me", None)
    if me is None:
        return []
    return [name for name in needed if not getattr(me.guild_permissions, name)]


def explain(error: discord.HTTPException, doing: str, channel: Any, needed: Sequence[str]) -> str:
    """A failed call, in words for the organizer. A permission refusal names the missing
    permission when the bot's view of the channel shows it; otherwise it says what Discord
    said rather than guessing (never the wrong permission)."""
    if error.code in PERMISSION_CODES:
        missing = missing_in(channel, needed)
        if missing:
            return refusal(doing, channel, missing)
        return (
            f"I couldn't {doing} in {where(channel)}: Discord says I'm not allowed to "
            f"(error {error.code}). An admin can check my permissions there."
        )
    reason = (error.text or "").strip() or error.__class__.__name__
    return f"I couldn't {doing} in {where(channel)}: Discord answered “{reason[:200]}”."
