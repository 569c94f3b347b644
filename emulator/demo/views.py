"""What one member sees: the emulator's state rendered as JSON for the web client.

Visibility follows Discord: an ephemeral message exists only for the member whose
interaction it answered, and a DM channel only for its recipient. The page never gets
anything its viewer could not see in a real Discord client.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from emulator.models import JSON, Channel, ChannelType, Command, Guild, Message, User
from emulator.state import State

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
#: Turns the emulator's real-time stamps into the bot's (fast-forwarded) time.
Shift = Callable[[datetime], datetime]


def display_name(user: User) -> str:
    return user.global_name or user.username


def user_view(user: User) -> JSON:
    return {"id": str(user.id), "name": display_name(user), "bot": user.bot}


def can_see(message: Message, viewer: User) -> bool:
    if message.deleted:
        return False
    if message.ephemeral:
        return message.interaction_user is not None and message.interaction_user.id == viewer.id
    return True


def message_view(state: State, message: Message, shift: Shift = lambda moment: moment) -> JSON:
    """A message as the page draws it (attachments point at the demo's file route)."""
    data: JSON = {
        "id": str(message.id),
        "channel_id": str(message.channel_id),
        "author": user_view(message.author),
        "content": message.content,
        "embeds": message.embeds,
        "components": message.components,
        "attachments": [
            {
                "id": str(a.id),
                "filename": a.filename,
                "content_type": a.content_type or "",
                "size": len(a.data),
                "url": f"/api/files/{message.id}/{a.id}/{a.filename}",
            }
            for a in message.attachments
        ],
        "ephemeral": message.ephemeral,
        "loading": message.loading,
        "timestamp": shift(message.timestamp).isoformat(),
        "edited": message.edited_timestamp is not None,
        "thread_id": str(message.thread_id) if message.thread_id else None,
    }
    record = state.interactions.get(message.interaction_id or 0)
    if record is not None and message.interaction_user is not None:
        data["interaction"] = {
            "user": user_view(message.interaction_user),
            "command": invoked(record.data),
        }
    return data


def invoked(data: JSON) -> str | None:
    """``travel add`` for a slash command's data; None for clicks and modals."""
    if "name" not in data:
        return None
    parts = [str(data["name"])]
    options = data.get("options") or []
    while options and options[0].get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP):
        parts.append(str(options[0]["name"]))
        options = options[0].get("options") or []
    return " ".join(parts)


def messages_for(
    state: State, channel: Channel, viewer: User, shift: Shift, limit: int = 100
) -> list[JSON]:
    shown = [
        message
        for message in state.messages_in(channel, include_ephemeral=True)
        if can_see(message, viewer)
    ]
    return [message_view(state, message, shift) for message in shown[-limit:]]


def channel_visible(state: State, channel: Channel, viewer: User) -> bool:
    if channel.type == ChannelType.DM:
        return viewer.id in channel.recipient_ids
    guild = state.guild_of(channel)
    return guild is not None and viewer.id in guild.members


def sidebar(state: State, guild: Guild, viewer: User) -> JSON:
    """The server's channels with their threads, and the viewer's DM with the bot."""
    channels = [state.channels[i] for i in guild.channel_ids]
    threads: dict[int, list[JSON]] = {}
    for channel in channels:
        if channel.is_thread and channel.parent_id:
            threads.setdefault(channel.parent_id, []).append(
                {"id": str(channel.id), "name": channel.name or "thread"}
            )
    text = [
        {
            "id": str(c.id),
            "name": c.name or "",
            "threads": threads.get(c.id, []),
        }
        for c in channels
        if c.type == ChannelType.GUILD_TEXT
    ]
    dm_id = state.dm_channels.get(viewer.id)
    dm_count = len(state.messages_in(state.channels[dm_id])) if dm_id else 0
    return {
        "guild": {"id": str(guild.id), "name": guild.name},
        "channels": text,
        "dm": {"id": str(dm_id) if dm_id else None, "count": dm_count},
    }


def members_view(guild: Guild) -> list[JSON]:
    people = [m for m in guild.members.values() if not m.user.bot]
    people.sort(key=lambda m: (m.user.id != guild.owner_id, display_name(m.user).lower()))
    return [
        {**user_view(m.user), "owner": m.user.id == guild.owner_id, "admin": _admin(m.permissions)}
        for m in people
    ]


def _admin(permissions: int) -> bool:
    return bool(permissions & (1 << 3))


def roles_view(guild: Guild) -> list[JSON]:
    return [
        {"id": str(role.id), "name": role.name}
        for role in guild.roles.values()
        if role.id != guild.id and not role.managed
    ]


def commands_view(state: State, guild: Guild, viewer: User) -> list[JSON]:
    """The slash commands the viewer can see here, flattened to ``travel add`` paths."""
    member = guild.members.get(viewer.id)
    permissions = member.permissions if member is not None else 0
    found: dict[str, Command] = {}
    for command in [*state.commands_for(None), *state.commands_for(guild.id)]:
        if command.type == 1:
            found[command.name] = command  # guild commands shadow global ones
    flat: list[JSON] = []
    for command in sorted(found.values(), key=lambda c: c.name):
        required = command.definition.get("default_member_permissions")
        if required is not None and permissions & int(required) != int(required):
            continue
        flat.extend(_paths(command.name, command.definition))
    return flat


def _paths(prefix: str, node: JSON) -> list[JSON]:
    options: list[JSON] = list(node.get("options") or [])
    subs = [o for o in options if o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP)]
    if not subs:
        return [
            {
                "path": prefix,
                "description": node.get("description", ""),
                "options": [_option(o) for o in options],
            }
        ]
    found: list[JSON] = []
    for sub in subs:
        found.extend(_paths(f"{prefix} {sub['name']}", sub))
    return found


def _option(option: JSON) -> JSON:
    keys = (
        "name", "type", "description", "required", "choices", "autocomplete",
        "min_value", "max_value", "min_length", "max_length", "channel_types",
    )  # fmt: skip
    return {key: option[key] for key in keys if key in option}


def option_types(command: Command, path: list[str]) -> dict[str, int]:
    """The leaf options' types of ``/command sub …`` (for turning ids into objects)."""
    options: list[Any] = list(command.definition.get("options") or [])
    for name in path:
        node = next((o for o in options if o.get("name") == name), None)
        options = list((node or {}).get("options") or [])
    return {str(o["name"]): int(o["type"]) for o in options}
