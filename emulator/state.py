"""The emulated Discord's memory: every object, every request, every broken rule.

All mutations go through :class:`State` so that it can wake whoever waits for a change
(:meth:`State.wait_for`): tests wait for the bot's answers on conditions, never on sleeps.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from emulator.models import (
    EVERYONE_DEFAULT,
    JSON,
    Channel,
    ChannelType,
    Command,
    Guild,
    InteractionRecord,
    InteractionType,
    Member,
    Message,
    Role,
    ScheduledEvent,
    Snowflakes,
    User,
    now,
)
from emulator.permissions import bot_install_permissions, channel_permissions

T = TypeVar("T")

POLL_INTERVAL = 0.05


@dataclass(frozen=True)
class Violation:
    """Something the bot did that real Discord would refuse or that hides a bug."""

    kind: str  # "schema", "rule", "interaction", "unknown_route", "auth"
    route: str  # e.g. "POST /channels/{channel_id}/messages"
    code: int  # Discord's JSON error code (0 for an unknown route)
    message: str
    path: str = ""

    def __str__(self) -> str:
        where = f" at {self.path}" if self.path else ""
        return f"[{self.kind}] {self.route}: {self.message}{where} (code {self.code})"


@dataclass
class RecordedRequest:
    method: str
    path: str
    route: str
    query: dict[str, str]
    json: Any
    status: int = 0
    at: float = field(default_factory=time.monotonic)

    def __repr__(self) -> str:
        return f"<{self.method} {self.path} -> {self.status}>"


class State:
    def __init__(self, *, bot_name: str = "Tweetup") -> None:
        self.ids = Snowflakes()
        self.users: dict[int, User] = {}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, Message] = {}
        self.channel_messages: dict[int, list[int]] = {}
        self.dm_channels: dict[int, int] = {}
        #: When new DM channels were opened (monotonic), for the 40003 burst limit.
        self.dm_opens: deque[float] = deque()
        self.scheduled_events: dict[int, ScheduledEvent] = {}
        self.commands: dict[int, Command] = {}
        self.interactions: dict[int, InteractionRecord] = {}
        self.interactions_by_token: dict[str, InteractionRecord] = {}
        self.requests: list[RecordedRequest] = []
        self.violations: list[Violation] = []
        self.nonces: dict[tuple[int, str], tuple[int, float]] = {}
        self.bot = self.add_user(bot_name, bot=True)
        #: What the bot's managed role grants in a new server: what the invite asks for.
        self.bot_permissions = bot_install_permissions()
        #: "Now" for things that happen by themselves (events starting and ending): the
        #: test's clock when the bot runs on one (set by the pytest plugin).
        self.clock: Callable[[], datetime] = now
        self.application_id = self.bot.id
        self._changed = asyncio.Event()
        #: Bumped by every change (the demo's event stream follows it).
        self.version = 0

    # -- change notification ---------------------------------------------------------------

    def notify(self) -> None:
        """Wake every waiter; they re-check their condition."""
        self.version += 1
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_for(self, condition: Callable[[], T | None], *, within: float, what: str) -> T:
        """Return the first truthy value of ``condition()``, re-checked after each change."""
        deadline = time.monotonic() + within
        while True:
            value = condition()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"timed out after {within:.1f}s waiting for {what}")
            event = self._changed
            # Woken by every change of the emulator; the short poll also catches conditions
            # on things it does not see (the bot's cache, the database).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), min(remaining, POLL_INTERVAL))

    def violate(self, violation: Violation) -> None:
        self.violations.append(violation)
        self.notify()

    # -- users, guilds, channels, roles -----------------------------------------------------

    def add_user(self, username: str, *, bot: bool = False, locale: str = "en-US") -> User:
        user = User(self.ids.next(), username, global_name=username.title(), bot=bot)
        user.locale = locale
        self.users[user.id] = user
        return user

    def add_guild(
        self, name: str, *, owner: User | None = None, shard: tuple[int, int] | None = None
    ) -> Guild:
        """``shard=(shard_id, shard_count)``: an id that lands on that shard."""
        guild_id = self.ids.next_on_shard(*shard) if shard else self.ids.next()
        owner_user = owner or self.add_user(f"{name.split()[0].lower()}-owner")
        guild = Guild(guild_id, name, owner_id=owner_user.id)
        guild.roles[guild_id] = Role(guild_id, guild_id, "@everyone", int(EVERYONE_DEFAULT))
        bot_role = Role(
            self.ids.next(), guild_id, self.bot.username, self.bot_permissions, 1, True, self.bot.id
        )
        guild.roles[bot_role.id] = bot_role
        self.guilds[guild_id] = guild
        self.add_member(guild, owner_user)
        self.add_member(guild, self.bot, role_ids=[bot_role.id])
        return guild

    def add_member(self, guild: Guild, user: User, *, role_ids: list[int] | None = None) -> Member:
        member = Member(user, guild, list(role_ids or []))
        guild.members[user.id] = member
        return member

    def add_role(self, guild: Guild, name: str, permissions: int) -> Role:
        position = max(role.position for role in guild.roles.values()) + 1
        role = Role(self.ids.next(), guild.id, name, int(permissions), position)
        guild.roles[role.id] = role
        return role

    def add_channel(
        self,
        guild: Guild | None,
        name: str | None,
        type: ChannelType = ChannelType.GUILD_TEXT,
        *,
        parent_id: int | None = None,
        owner_id: int | None = None,
        channel_id: int | None = None,
    ) -> Channel:
        channel = Channel(
            channel_id or self.ids.next(),
            type,
            name=name,
            guild_id=guild.id if guild else None,
            parent_id=parent_id,
            owner_id=owner_id,
        )
        if guild is not None:
            channel.position = len(guild.channel_ids)
            guild.channel_ids.append(channel.id)
        self.channels[channel.id] = channel
        self.channel_messages[channel.id] = []
        return channel

    def dm_channel(self, user: User) -> Channel:
        """The bot's DM channel with this user (created on first use, then reused)."""
        channel_id = self.dm_channels.get(user.id)
        if channel_id is not None:
            return self.channels[channel_id]
        channel = self.add_channel(None, None, ChannelType.DM)
        channel.recipient_ids = [user.id]
        self.dm_channels[user.id] = channel.id
        return channel

    def guild_of(self, channel: Channel) -> Guild | None:
        return self.guilds.get(channel.guild_id) if channel.guild_id else None

    def bot_member(self, guild: Guild) -> Member:
        return guild.members[self.bot.id]

    def shares_guild_with_bot(self, user_id: int) -> bool:
        return any(
            user_id in guild.members and self.bot.id in guild.members
            for guild in self.guilds.values()
        )

    def permissions_in(self, channel: Channel, user: User) -> int:
        """``user``'s permissions in a guild channel, overwrites included (0: not a member)."""
        guild = self.guild_of(channel)
        member = guild.members.get(user.id) if guild else None
        return channel_permissions(self, channel, member) if member else 0

    # -- messages -------------------------------------------------------------------------

    def add_message(self, channel: Channel, author: User, **fields: Any) -> Message:
        message = Message(self.ids.next(), channel.id, author, guild_id=channel.guild_id, **fields)
        for attachment in message.attachments:
            attachment.channel_id = channel.id
        self.messages[message.id] = message
        self.channel_messages.setdefault(channel.id, []).append(message.id)
        channel.last_message_id = message.id
        channel.message_count += 1
        self.notify()
        return message

    def messages_in(self, channel: Channel, *, include_ephemeral: bool = False) -> list[Message]:
        found = (self.messages[i] for i in self.channel_messages.get(channel.id, []))
        return [
            message
            for message in found
            if not message.deleted and (include_ephemeral or not message.ephemeral)
        ]

    # -- commands -------------------------------------------------------------------------

    def set_commands(self, guild_id: int | None, definitions: list[JSON]) -> list[Command]:
        """Bulk overwrite: same-named commands keep their id, like on Discord."""
        existing = {
            (command.name, command.type): command
            for command in self.commands.values()
            if command.guild_id == guild_id
        }
        kept: list[Command] = []
        for definition in definitions:
            key = (str(definition["name"]), int(definition.get("type", 1)))
            old = existing.pop(key, None)
            command = Command(
                old.id if old else self.ids.next(),
                self.application_id,
                guild_id,
                dict(definition),
                self.ids.next(),
            )
            self.commands[command.id] = command
            kept.append(command)
        for stale in existing.values():
            del self.commands[stale.id]
        self.notify()
        return kept

    def add_command(self, guild_id: int | None, definition: JSON) -> Command:
        """Register one command behind the bot's back (e.g. one Discord still has but the
        bot no longer knows)."""
        command = Command(
            self.ids.next(), self.application_id, guild_id, dict(definition), self.ids.next()
        )
        self.commands[command.id] = command
        self.notify()
        return command

    def commands_for(self, guild_id: int | None) -> list[Command]:
        return [command for command in self.commands.values() if command.guild_id == guild_id]

    def find_command(self, name: str, guild_id: int | None, type: int = 1) -> Command | None:
        """Guild commands shadow global ones, as in the Discord client."""
        for scope in (guild_id, None) if guild_id is not None else (None,):
            for command in self.commands.values():
                if command.guild_id == scope and command.name == name and command.type == type:
                    return command
        return None

    # -- interactions ---------------------------------------------------------------------

    def add_interaction(
        self,
        type: InteractionType,
        user: User,
        channel: Channel,
        build: Callable[[int, str], JSON],
        *,
        message_id: int | None = None,
        trigger_id: int | None = None,
    ) -> InteractionRecord:
        interaction_id = self.ids.next()
        token = f"aW50ZXJhY3Rpb24.{interaction_id}.{secrets.token_urlsafe(24)}"
        record = InteractionRecord(
            interaction_id,
            token,
            type,
            user,
            channel.guild_id,
            channel.id,
            build(interaction_id, token),
            time.monotonic(),
            message_id=message_id,
            trigger_id=trigger_id,
        )
        self.interactions[interaction_id] = record
        self.interactions_by_token[token] = record
        self.notify()
        return record

    # -- scheduled events -----------------------------------------------------------------

    def add_scheduled_event(self, guild: Guild, creator: User, fields: JSON) -> ScheduledEvent:
        event = ScheduledEvent(self.ids.next(), guild.id, creator.id, dict(fields))
        self.scheduled_events[event.id] = event
        guild.scheduled_event_ids.append(event.id)
        self.notify()
        return event

    # -- gateway rendering ----------------------------------------------------------------

    def guild_create_payload(self, guild: Guild) -> JSON:
        bot_member = self.bot_member(guild)
        channels = [self.channels[i] for i in guild.channel_ids]
        return {
            "id": str(guild.id),
            "name": guild.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(guild.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": guild.locale,
            "system_channel_id": str(guild.channel_ids[0]) if guild.channel_ids else None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "vanity_url_code": None,
            "application_id": None,
            "max_members": 500000,
            "features": [],
            "roles": [role.payload() for role in guild.roles.values()],
            "emojis": [],
            "stickers": [],
            "joined_at": datetime.isoformat(bot_member.joined_at),
            "large": False,
            "unavailable": False,
            "member_count": len(guild.members),
            "voice_states": [],
            "members": [bot_member.payload()],
            "channels": [channel.payload() for channel in channels if not channel.is_thread],
            "threads": [channel.payload() for channel in channels if channel.is_thread],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [
                self.scheduled_events[i].payload() for i in guild.scheduled_event_ids
            ],
            "soundboard_sounds": [],
            "premium_progress_bar_enabled": False,
            "nsfw": False,
            "safety_alerts_channel_id": None,
        }
