"""What the emulated Discord knows about: users, guilds, channels, messages, commands, ….

Plain dataclasses plus ``payload()`` methods that render them the way Discord's API and
gateway do, so the bot parses exactly what it would receive from Discord.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import IntEnum, IntFlag
from typing import Any

JSON = dict[str, Any]

DISCORD_EPOCH_MS = 1_420_070_400_000


class Permission(IntFlag):
    """The permission bits the product cares about (Discord's values)."""

    CREATE_INSTANT_INVITE = 1 << 0
    KICK_MEMBERS = 1 << 1
    BAN_MEMBERS = 1 << 2
    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    MANAGE_ROLES = 1 << 28
    USE_APPLICATION_COMMANDS = 1 << 31
    MANAGE_EVENTS = 1 << 33
    MANAGE_THREADS = 1 << 34
    CREATE_PUBLIC_THREADS = 1 << 35
    CREATE_PRIVATE_THREADS = 1 << 36
    SEND_MESSAGES_IN_THREADS = 1 << 38
    CREATE_EVENTS = 1 << 44


ALL_PERMISSIONS = (1 << 51) - 1

#: What ``@everyone`` may do in a new server (the parts that matter here).
EVERYONE_DEFAULT = (
    Permission.CREATE_INSTANT_INVITE
    | Permission.ADD_REACTIONS
    | Permission.VIEW_CHANNEL
    | Permission.SEND_MESSAGES
    | Permission.EMBED_LINKS
    | Permission.ATTACH_FILES
    | Permission.READ_MESSAGE_HISTORY
    | Permission.USE_APPLICATION_COMMANDS
    | Permission.CREATE_PUBLIC_THREADS
    | Permission.SEND_MESSAGES_IN_THREADS
)

ROLE_OVERWRITE, MEMBER_OVERWRITE = 0, 1


@dataclass
class Overwrite:
    """One entry of a channel's ``permission_overwrites`` (see emulator/permissions.py)."""

    id: int
    type: int  # ROLE_OVERWRITE (@everyone's id is the guild's) or MEMBER_OVERWRITE
    allow: int = 0
    deny: int = 0

    def payload(self) -> JSON:
        return {
            "id": str(self.id),
            "type": self.type,
            "allow": str(self.allow),
            "deny": str(self.deny),
        }


class ChannelType(IntEnum):
    GUILD_TEXT = 0
    DM = 1
    GUILD_VOICE = 2
    GUILD_CATEGORY = 4
    GUILD_ANNOUNCEMENT = 5
    PUBLIC_THREAD = 11
    PRIVATE_THREAD = 12
    GUILD_FORUM = 15


class InteractionType(IntEnum):
    PING = 1
    APPLICATION_COMMAND = 2
    MESSAGE_COMPONENT = 3
    AUTOCOMPLETE = 4
    MODAL_SUBMIT = 5


class CallbackType(IntEnum):
    PONG = 1
    CHANNEL_MESSAGE = 4
    DEFERRED_CHANNEL_MESSAGE = 5
    DEFERRED_UPDATE_MESSAGE = 6
    UPDATE_MESSAGE = 7
    AUTOCOMPLETE_RESULT = 8
    MODAL = 9


EPHEMERAL = 1 << 6
LOADING = 1 << 7


def walk_components(items: list[JSON]) -> list[JSON]:
    """Every component in tree order, flattened out of rows, sections and containers."""
    found: list[JSON] = []

    def walk(level: list[JSON]) -> None:
        for item in level:
            found.append(item)
            walk(item.get("components") or [])
            if isinstance(item.get("accessory"), dict):
                found.append(item["accessory"])
            if isinstance(item.get("component"), dict):
                walk([item["component"]])

    walk(items)
    return found


class Snowflakes:
    """Discord-shaped ids: milliseconds since 2015 in the high bits, so they sort by time."""

    def __init__(self) -> None:
        self._counter = itertools.count()
        self._last = 0

    def next(self) -> int:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        candidate = (ms << 22) | (1 << 17) | (next(self._counter) & 0xFFF)
        self._last = max(candidate, self._last + 1)
        return self._last

    def next_on_shard(self, shard_id: int, shard_count: int) -> int:
        """A fresh id whose guild Discord routes to ``shard_id`` of ``shard_count``
        (``(id >> 22) % count``): the millisecond part is moved forward to fit."""
        candidate = self.next()
        ms = candidate >> 22
        ms += (shard_id - ms) % shard_count
        self._last = max(self._last, (ms << 22) | (candidate & ((1 << 22) - 1)))
        return self._last


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(eq=False)
class User:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    locale: str = "en-US"

    def payload(self) -> JSON:
        data: JSON = {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "public_flags": 0,
            "flags": 0,
            "banner": None,
            "accent_color": None,
            "avatar_decoration_data": None,
            "primary_guild": None,
        }
        if self.bot:
            data["bot"] = True
        return data

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def __repr__(self) -> str:
        return f"<User {self.username} {self.id}>"


@dataclass(eq=False)
class Role:
    id: int
    guild_id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False
    bot_id: int | None = None

    def payload(self) -> JSON:
        data: JSON = {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": self.managed,
            "mentionable": False,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }
        if self.bot_id is not None:
            data["tags"] = {"bot_id": str(self.bot_id)}
        return data

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"

    def __repr__(self) -> str:
        return f"<Role {self.name} {self.id}>"


@dataclass(eq=False)
class Member:
    """A user inside one guild. Tests act as members: ``discord.slash(alice, ...)``."""

    user: User
    guild: Guild
    role_ids: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: datetime = field(default_factory=now)

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def mention(self) -> str:
        return self.user.mention

    @property
    def permissions(self) -> int:
        """Guild-level permissions: the owner and administrators may do everything."""
        if self.guild.owner_id == self.user.id:
            return ALL_PERMISSIONS
        value = self.guild.everyone_role.permissions
        for role_id in self.role_ids:
            role = self.guild.roles.get(role_id)
            if role is not None:
                value |= role.permissions
        if value & Permission.ADMINISTRATOR:
            return ALL_PERMISSIONS
        return value

    def payload(self, *, with_user: bool = True, with_permissions: bool = False) -> JSON:
        data: JSON = {
            "roles": [str(role_id) for role_id in self.role_ids],
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "joined_at": iso(self.joined_at),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.user.payload()
        if with_permissions:
            data["permissions"] = str(self.permissions)
        return data

    def __repr__(self) -> str:
        return f"<Member {self.user.username} in {self.guild.name}>"


@dataclass(eq=False)
class Channel:
    id: int
    type: ChannelType
    name: str | None = None
    guild_id: int | None = None
    parent_id: int | None = None
    position: int = 0
    topic: str | None = None
    recipient_ids: list[int] = field(default_factory=list)
    owner_id: int | None = None
    archived: bool = False
    auto_archive_duration: int = 1440
    last_message_id: int | None = None
    message_count: int = 0
    created_at: datetime = field(default_factory=now)
    #: By role or member id; threads have none (they inherit their parent's).
    overwrites: dict[int, Overwrite] = field(default_factory=dict)

    @property
    def is_thread(self) -> bool:
        return self.type in (ChannelType.PUBLIC_THREAD, ChannelType.PRIVATE_THREAD)

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    def payload(self, users: dict[int, User] | None = None) -> JSON:
        data: JSON = {
            "id": str(self.id),
            "type": int(self.type),
            "last_message_id": str(self.last_message_id) if self.last_message_id else None,
            "flags": 0,
        }
        if self.type == ChannelType.DM:
            known = users or {}
            data["recipients"] = [
                known[user_id].payload() for user_id in self.recipient_ids if user_id in known
            ]
            return data
        data.update(
            {
                "guild_id": str(self.guild_id),
                "name": self.name,
                "parent_id": str(self.parent_id) if self.parent_id else None,
                "rate_limit_per_user": 0,
            }
        )
        if self.is_thread:
            data.update(
                {
                    "owner_id": str(self.owner_id) if self.owner_id else None,
                    "message_count": self.message_count,
                    "member_count": 1,
                    "total_message_sent": self.message_count,
                    "thread_metadata": {
                        "archived": self.archived,
                        "auto_archive_duration": self.auto_archive_duration,
                        # When ``archived`` last changed: no route archives a thread, so
                        # it stays the creation time (it was "now" on every render).
                        "archive_timestamp": iso(self.created_at),
                        "locked": False,
                        "create_timestamp": iso(self.created_at),
                    },
                }
            )
        else:
            data.update(
                {
                    "position": self.position,
                    "permission_overwrites": [o.payload() for o in self.overwrites.values()],
                    "topic": self.topic,
                    "nsfw": False,
                }
            )
        return data

    def __repr__(self) -> str:
        return f"<Channel #{self.name or self.id} type={int(self.type)}>"


@dataclass(eq=False)
class Guild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    channel_ids: list[int] = field(default_factory=list)
    members: dict[int, Member] = field(default_factory=dict)
    scheduled_event_ids: list[int] = field(default_factory=list)
    locale: str = "en-US"

    @property
    def everyone_role(self) -> Role:
        # The @everyone role has the guild's id.
        return self.roles[self.id]

    def __repr__(self) -> str:
        return f"<Guild {self.name} {self.id}>"


@dataclass(eq=False)
class Attachment:
    id: int
    filename: str
    data: bytes
    content_type: str | None = None
    description: str | None = None
    channel_id: int = 0

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")

    def payload(self) -> JSON:
        url = f"https://cdn.discordapp.com/attachments/{self.channel_id}/{self.id}/{self.filename}"
        data: JSON = {
            "id": str(self.id),
            "filename": self.filename,
            "size": len(self.data),
            "url": url,
            "proxy_url": url.replace("cdn.discordapp.com", "media.discordapp.net"),
        }
        if self.content_type:
            data["content_type"] = self.content_type
        if self.description:
            data["description"] = self.description
        return data


@dataclass(eq=False)
class Message:
    """A message as Discord stores it. Tests read ``content``, ``embeds``, ``components``."""

    id: int
    channel_id: int
    author: User
    guild_id: int | None = None
    content: str = ""
    embeds: list[JSON] = field(default_factory=list)
    components: list[JSON] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    flags: int = 0
    type: int = 0
    nonce: str | int | None = None
    webhook_id: int | None = None
    application_id: int | None = None
    interaction_id: int | None = None
    interaction_user: User | None = None
    message_reference: JSON | None = None
    #: What Discord renders as ``interaction_metadata`` (kind, user, the message clicked…).
    interaction_metadata: JSON | None = None
    thread: Channel | None = None
    timestamp: datetime = field(default_factory=now)
    edited_timestamp: datetime | None = None
    deleted: bool = False
    #: Reactions by emoji (its name, or ``name:id`` for a custom one): who reacted, in order.
    #: Not rendered in ``payload()``: Tweetup never reads them back.
    reactions: dict[str, list[int]] = field(default_factory=dict)
    #: When it was last created or edited (``time.monotonic()``): people react after that.
    changed_at: float = field(default_factory=time.monotonic)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def thread_id(self) -> int | None:
        return self.thread.id if self.thread is not None else None

    @property
    def loading(self) -> bool:
        """A deferred answer ("Bot is thinking…") that has not been edited yet."""
        return bool(self.flags & LOADING)

    def iter_components(self) -> list[JSON]:
        """Every component, flattened out of rows, sections and containers."""
        return walk_components(self.components)

    @property
    def custom_ids(self) -> list[str]:
        return [item["custom_id"] for item in self.iter_components() if "custom_id" in item]

    def component(self, custom_id: str | None = None, *, label: str | None = None) -> JSON:
        """The button or select with this custom_id (or label); KeyError when absent."""
        for item in self.iter_components():
            if custom_id is not None and item.get("custom_id") == custom_id:
                return item
            if label is not None and item.get("label") == label:
                return item
        wanted = custom_id if custom_id is not None else f"label={label!r}"
        raise KeyError(f"no component {wanted} on message {self.id}; has {self.custom_ids}")

    def payload(self) -> JSON:
        data: JSON = {
            "id": str(self.id),
            "channel_id": str(self.channel_id),
            "author": self.author.payload(),
            "content": self.content,
            "timestamp": iso(self.timestamp),
            "edited_timestamp": iso(self.edited_timestamp) if self.edited_timestamp else None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [attachment.payload() for attachment in self.attachments],
            "embeds": self.embeds,
            "components": self.components,
            "pinned": False,
            "type": self.type,
            "flags": self.flags,
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        if self.nonce is not None:
            data["nonce"] = self.nonce
        if self.webhook_id is not None:
            data["webhook_id"] = str(self.webhook_id)
        if self.application_id is not None:
            data["application_id"] = str(self.application_id)
        if self.message_reference is not None:
            data["message_reference"] = self.message_reference
        if self.interaction_metadata is not None:
            data["interaction_metadata"] = self.interaction_metadata
        if self.thread is not None:
            # The whole thread channel: discord.py builds a Thread from it when the thread
            # is not in its cache (a stub {"id"} raised KeyError there).
            data["thread"] = self.thread.payload()
        return data

    def __repr__(self) -> str:
        flags = " ephemeral" if self.ephemeral else ""
        return f"<Message {self.id}{flags} {self.content[:40]!r}>"


@dataclass(eq=False)
class ScheduledEvent:
    id: int
    guild_id: int
    creator_id: int
    fields: JSON
    status: int = 1

    @property
    def name(self) -> str:
        return str(self.fields.get("name", ""))

    def payload(self, creator: User | None = None) -> JSON:
        data: JSON = {
            "id": str(self.id),
            "guild_id": str(self.guild_id),
            "creator_id": str(self.creator_id),
            "channel_id": None,
            "description": None,
            "scheduled_end_time": None,
            "entity_id": None,
            "entity_metadata": None,
            "image": None,
            "user_count": 0,
            "recurrence_rule": None,
            "guild_scheduled_event_exceptions": [],
        }
        data.update(self.fields)
        data["status"] = self.status
        if creator is not None:
            data["creator"] = creator.payload()
        return data


@dataclass(eq=False)
class Command:
    """A registered application command (global when ``guild_id`` is None)."""

    id: int
    application_id: int
    guild_id: int | None
    definition: JSON
    version: int

    @property
    def name(self) -> str:
        return str(self.definition["name"])

    @property
    def type(self) -> int:
        return int(self.definition.get("type", 1))

    def payload(self) -> JSON:
        data: JSON = {
            "type": 1,
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "nsfw": False,
            "contexts": None,
            "integration_types": [0],
        }
        data.update(self.definition)
        # Discord answers what it stored: permissions as a string, the default install
        # type when the bot sent none.
        permissions = data.get("default_member_permissions")
        data["default_member_permissions"] = None if permissions is None else str(permissions)
        if data.get("integration_types") is None:
            data["integration_types"] = [0]
        data["id"] = str(self.id)
        data["application_id"] = str(self.application_id)
        data["version"] = str(self.version)
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        return data


@dataclass(eq=False)
class InteractionRecord:
    """One interaction sent to the bot and everything the bot answered to it."""

    id: int
    token: str
    type: InteractionType
    user: User
    guild_id: int | None
    channel_id: int
    payload: JSON
    created: float
    #: The message a component lives on (type 3) or the modal's origin.
    message_id: int | None = None
    response_type: CallbackType | None = None
    responded: float | None = None
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)
    choices: list[JSON] | None = None
    modal: JSON | None = None
    #: Every callback POST the bot made, accepted or not, for debugging tests.
    callbacks: list[JSON] = field(default_factory=list)
    #: For a modal submission: the interaction the modal answered.
    trigger_id: int | None = None

    @property
    def data(self) -> JSON:
        value = self.payload.get("data")
        return value if isinstance(value, dict) else {}
