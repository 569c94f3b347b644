"""Who may do what where: guild permissions, channel overwrites, and the bot's install rights.

Discord computes a member's permissions in a channel in a fixed order (see "Permission
Overwrites" in Discord's permissions topic): the ``@everyone`` role's permissions, OR the
member's roles; the owner and Administrator may do everything; then the channel's
``@everyone`` overwrite (deny, then allow), all role overwrites of the member's roles
combined (deny, then allow), and the member's own overwrite (deny, then allow). Threads have
no overwrites of their own: they inherit their parent channel's.

Implicit rules follow (discord.py applies the same, so the bot's own checks agree): without
VIEW_CHANNEL nothing in the channel is allowed; without SEND_MESSAGES (in a thread:
SEND_MESSAGES_IN_THREADS) a member cannot embed links, attach files, send TTS or mention
everyone either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from emulator.models import ALL_PERMISSIONS, MEMBER_OVERWRITE, ROLE_OVERWRITE, Overwrite, Permission

if TYPE_CHECKING:
    from emulator.models import Channel, Guild, Member
    from emulator.state import State

SEND_TTS_MESSAGES = 1 << 12

#: What implicitly goes with the right to send (Discord and discord.py agree).
NEEDS_SEND = int(
    SEND_TTS_MESSAGES
    | Permission.MENTION_EVERYONE
    | Permission.EMBED_LINKS
    | Permission.ATTACH_FILES
)

#: Bits by discord.py's ``Permissions`` attribute names, as ``bot invite`` lists them.
BY_NAME: dict[str, int] = {
    "create_instant_invite": int(Permission.CREATE_INSTANT_INVITE),
    "kick_members": int(Permission.KICK_MEMBERS),
    "ban_members": int(Permission.BAN_MEMBERS),
    "administrator": int(Permission.ADMINISTRATOR),
    "manage_channels": int(Permission.MANAGE_CHANNELS),
    "manage_guild": int(Permission.MANAGE_GUILD),
    "add_reactions": int(Permission.ADD_REACTIONS),
    "view_channel": int(Permission.VIEW_CHANNEL),
    "read_messages": int(Permission.VIEW_CHANNEL),
    "send_messages": int(Permission.SEND_MESSAGES),
    "send_tts_messages": SEND_TTS_MESSAGES,
    "manage_messages": int(Permission.MANAGE_MESSAGES),
    "embed_links": int(Permission.EMBED_LINKS),
    "attach_files": int(Permission.ATTACH_FILES),
    "read_message_history": int(Permission.READ_MESSAGE_HISTORY),
    "mention_everyone": int(Permission.MENTION_EVERYONE),
    "manage_roles": int(Permission.MANAGE_ROLES),
    "use_application_commands": int(Permission.USE_APPLICATION_COMMANDS),
    "manage_events": int(Permission.MANAGE_EVENTS),
    "manage_threads": int(Permission.MANAGE_THREADS),
    "create_public_threads": int(Permission.CREATE_PUBLIC_THREADS),
    "create_private_threads": int(Permission.CREATE_PRIVATE_THREADS),
    "send_messages_in_threads": int(Permission.SEND_MESSAGES_IN_THREADS),
    "create_events": int(Permission.CREATE_EVENTS),
}


def from_names(names: tuple[str, ...] | list[str]) -> int:
    """The bit field for discord.py permission names; an unknown name is a bug here."""
    value = 0
    for name in names:
        if name not in BY_NAME:
            raise KeyError(f"the emulator does not know the permission {name!r}; add its bit")
        value |= BY_NAME[name]
    return value


def bot_install_permissions() -> int:
    """Exactly what ``tweetup invite`` asks for: the bot's managed role on a real install."""
    from bot.cli.invite import PERMISSIONS

    return from_names(PERMISSIONS)


def base_permissions(guild: Guild, member: Member) -> int:
    """Guild-level: ``@everyone`` OR the member's roles; owner and admins get everything."""
    if guild.owner_id == member.user.id:
        return ALL_PERMISSIONS
    value = guild.everyone_role.permissions
    for role_id in member.role_ids:
        role = guild.roles.get(role_id)
        if role is not None:
            value |= role.permissions
    if value & Permission.ADMINISTRATOR:
        return ALL_PERMISSIONS
    return value


def _apply(value: int, overwrite: Overwrite | None) -> int:
    if overwrite is None:
        return value
    return (value & ~overwrite.deny) | overwrite.allow


def channel_permissions(state: State, channel: Channel, member: Member) -> int:
    """The member's permissions in ``channel`` (a thread uses its parent's overwrites)."""
    guild = member.guild
    value = base_permissions(guild, member)
    if value == ALL_PERMISSIONS:
        return value
    is_thread = channel.is_thread
    source = state.channels.get(channel.parent_id or 0) if is_thread else channel
    if source is not None:
        overwrites = source.overwrites
        value = _apply(value, overwrites.get(guild.id))
        deny = allow = 0
        for role_id in member.role_ids:
            entry = overwrites.get(role_id)
            if entry is not None and entry.type == ROLE_OVERWRITE:
                deny |= entry.deny
                allow |= entry.allow
        value = (value & ~deny) | allow
        own = overwrites.get(member.user.id)
        value = _apply(value, own if own is not None and own.type == MEMBER_OVERWRITE else None)
    if not value & Permission.SEND_MESSAGES:
        value &= ~NEEDS_SEND
    if is_thread and not value & Permission.SEND_MESSAGES_IN_THREADS:
        value &= ~NEEDS_SEND
    if not value & Permission.VIEW_CHANNEL:
        return 0
    return value


def missing(have: int, needed: int) -> list[str]:
    """Names of the bits of ``needed`` that ``have`` lacks (for error messages in tests)."""
    return [
        name
        for name, bit in BY_NAME.items()
        if name != "read_messages" and needed & bit and not have & bit
    ]
