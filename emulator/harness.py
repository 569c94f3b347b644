"""The test-facing side: build a server, act as its members, read what the bot answered.

    alice = discord.add_member("alice")
    about = await discord.slash(alice, "about")
    reply = await about.reply()
    privacy = await discord.click(reply, "about:privacy", user=alice)
    assert "What Tweetup stores" in (await privacy.reply()).content

Every wait is on a condition of the emulator's state with a time limit, never a sleep.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import Any, TypeVar

from emulator import reactions
from emulator.builders import Resolved, command_options, interaction, modal_submission
from emulator.events import advance
from emulator.models import (
    JSON,
    MEMBER_OVERWRITE,
    ROLE_OVERWRITE,
    CallbackType,
    Channel,
    ChannelType,
    Command,
    Guild,
    InteractionRecord,
    InteractionType,
    Member,
    Message,
    Overwrite,
    Permission,
    Role,
    ScheduledEvent,
    User,
    now,
)
from emulator.runners import BotRunner
from emulator.server import Emulator
from emulator.state import RecordedRequest

T = TypeVar("T")
#: Component type of a user select menu (its values are user ids).
USER_SELECT = 5
Actor = User | Member


class InteractionHandle:
    """One interaction a test made, and the bot's answers to it."""

    def __init__(self, harness: DiscordHarness, record: InteractionRecord) -> None:
        self.harness = harness
        self.record = record

    def __repr__(self) -> str:
        return f"<Interaction {self.record.type.name} {self.record.id} -> {self.response_type}>"

    @property
    def user(self) -> User:
        return self.record.user

    @property
    def response_type(self) -> CallbackType | None:
        """How the bot answered: CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, MODAL, …"""
        return self.record.response_type

    @property
    def original(self) -> Message | None:
        return self.harness.state.messages.get(self.record.original_message_id or 0)

    @property
    def followups(self) -> list[Message]:
        return [self.harness.state.messages[i] for i in self.record.followup_ids]

    @property
    def messages(self) -> list[Message]:
        """The original response (if it is a message) and the follow-ups, in order."""
        original = self.original
        return ([original] if original else []) + self.followups

    @property
    def choices(self) -> list[JSON] | None:
        return self.record.choices

    @property
    def modal(self) -> JSON | None:
        return self.record.modal

    async def response(self) -> CallbackType:
        """Wait for the initial response (at most the interaction deadline, plus a second)."""
        limit = self.harness.emulator.config.interaction_deadline + 1.0

        def answered() -> CallbackType | None:
            return self.record.response_type

        try:
            return await self.harness.state.wait_for(
                answered, within=limit, what=f"the bot to answer {self!r}"
            )
        except AssertionError as failure:
            problems = [str(v) for v in self.harness.emulator.violations]
            if problems:
                raise AssertionError(f"{failure}; violations: {problems}") from None
            raise

    async def reply(self) -> Message:
        """The message the user sees as the answer; waits out a deferred "thinking…"."""
        await self.response()

        def shown() -> Message | None:
            message = self.original
            return message if message is not None and not message.loading else None

        return await self.harness.wait_until(shown, f"the reply to {self!r}")

    async def followup(self, index: int = 0) -> Message:
        """The ``index``-th follow-up message (waits for it)."""

        def arrived() -> Message | None:
            ids = self.record.followup_ids
            return self.harness.state.messages[ids[index]] if len(ids) > index else None

        return await self.harness.wait_until(arrived, f"follow-up #{index} of {self!r}")


#: Names of the tasks discord.py runs a command, a component/modal or an event handler in.
HANDLER_TASKS = ("CommandTree-invoker", "discord-ui-", "discord.py: on_")


def _busy_handlers() -> list[asyncio.Task[Any]]:
    """Handler tasks of an in-process bot still working (not waiting for a person)."""
    busy = []
    for task in asyncio.all_tasks():
        if task.done() or not task.get_name().startswith(HANDLER_TASKS):
            continue
        if not _waits_for_a_person(task):
            busy.append(task)
    return busy


def _waits_for_a_person(task: asyncio.Task[Any]) -> bool:
    """Whether the task is suspended in ``View.wait()`` / ``Modal.wait()``."""
    coro: Any = task.get_coro()
    while coro is not None:
        frame = getattr(coro, "cr_frame", None)
        code = frame.f_code if frame is not None else None
        if code is not None and code.co_name == "wait" and "discord/ui/" in code.co_filename:
            return True
        coro = getattr(coro, "cr_await", None)
    return False


class DiscordHarness:
    """A Discord server (or several) around the bot under test."""

    def __init__(self, emulator: Emulator, *, within: float = 10.0) -> None:
        self.emulator = emulator
        self.state = emulator.state
        self.gateway = emulator.gateway
        self.faults = emulator.faults
        self.rate_limits = emulator.rate_limits
        self.within = within
        #: How soon after a message changes a person may click it (see ``_react_to``).
        self.reaction_time = 0.2
        self.runner: BotRunner | None = None
        self.guild = self.add_guild("Tweetup Test Server")
        self.channel = self.text_channels(self.guild)[0]

    # -- the bot --------------------------------------------------------------------------

    @property
    def bot(self) -> Any:
        """The in-process ``TweetupBot`` (None in subprocess mode)."""
        return getattr(self.runner, "bot", None)

    async def start_bot(self, runner: BotRunner) -> None:
        self.runner = runner
        await runner.start()

    async def stop_bot(self) -> None:
        """Stop the bot cleanly (SIGTERM for a subprocess) and wait until it is gone.

        First the answers still on their way to the bot arrive (with network latency a test
        can see Discord's side of a request before the bot has its answer): a bot stopped
        mid-request would log errors no user could ever cause."""
        if self.runner is not None:
            await self._settle()
            await self.runner.stop()
            await self._gone()

    async def kill_bot(self) -> None:
        """Subprocess: SIGKILL. In-process: close the bot object (once the answers in
        flight arrived, as for ``stop_bot``). Waits until it is gone."""
        if self.runner is not None:
            if self.runner.mode == "in-process":
                await self._settle()
            await self.runner.kill()
            await self._gone()

    async def restart(self, *, kill: bool = True) -> None:
        """Kill (or stop) the bot and start a new one on the same emulator and database."""
        if self.runner is None:
            raise RuntimeError("no bot was started")
        if self.gateway.connected:
            await (self.kill_bot() if kill else self.stop_bot())
        await self.runner.start()

    async def _settle(self, within: float = 5.0) -> None:
        """Until the bot finished what it was doing: no request waits for its answer and,
        in-process, no command, component or event handler is still running (one waiting
        for a person to answer a question is idle). A test may end as soon as it saw what
        it wanted, while the bot still sends its last message; stopped mid-way, the bot
        would log errors no user could cause. Bounded: a request held up on purpose (a
        latency fault) is not waited out past ``within``."""

        def idle() -> bool:
            in_process = self.runner is not None and self.runner.mode == "in-process"
            return self.emulator.in_flight == 0 and not (in_process and _busy_handlers())

        with contextlib.suppress(AssertionError):
            await self.wait_until(idle, "the bot to finish its work", within=within)

    async def _gone(self) -> None:
        await self.wait_until(lambda: not self.gateway.connected, "the bot to disconnect")

    # -- building the world ---------------------------------------------------------------

    def add_guild(
        self,
        name: str,
        *,
        channels: Iterable[str] = ("general",),
        shard: tuple[int, int] | None = None,
    ) -> Guild:
        """A server with the bot in it (GUILD_CREATE to the shard that owns it, if that one
        is connected). ``shard=(shard_id, shard_count)`` picks an id on that shard."""
        guild = self.state.add_guild(name, shard=shard)
        for channel in channels:
            self.state.add_channel(guild, channel)
        self.gateway.dispatch(
            "GUILD_CREATE", self.state.guild_create_payload(guild), guild_id=guild.id
        )
        return guild

    def outage(self, guild: Guild) -> None:
        """A Discord outage: the guild becomes unavailable (GUILD_DELETE with
        ``unavailable: true``); the bot is still in it. ``recover(guild)`` ends it."""
        self.gateway.guild_outage(guild)

    def recover(self, guild: Guild) -> None:
        self.gateway.guild_recovers(guild)

    def remove_bot_from(self, guild: Guild) -> None:
        """The bot is kicked: GUILD_DELETE (no ``unavailable``)."""
        guild.members.pop(self.state.bot.id, None)
        self.gateway.dispatch("GUILD_DELETE", {"id": str(guild.id)}, guild_id=guild.id)

    def add_channel(
        self, name: str, *, guild: Guild | None = None, type: ChannelType = ChannelType.GUILD_TEXT
    ) -> Channel:
        target = guild or self.guild
        channel = self.state.add_channel(target, name, type)
        self.gateway.dispatch("CHANNEL_CREATE", channel.payload(), guild_id=target.id)
        return channel

    def text_channels(self, guild: Guild | None = None) -> list[Channel]:
        target = guild or self.guild
        channels = (self.state.channels[i] for i in target.channel_ids)
        return [c for c in channels if c.type == ChannelType.GUILD_TEXT]

    def add_role(self, name: str, permissions: int = 0, *, guild: Guild | None = None) -> Role:
        target = guild or self.guild
        role = self.state.add_role(target, name, permissions)
        event = {"guild_id": str(target.id), "role": role.payload()}
        self.gateway.dispatch("GUILD_ROLE_CREATE", event, guild_id=target.id)
        return role

    def add_member(
        self,
        who: str | Actor,
        *,
        guild: Guild | None = None,
        roles: Iterable[Role] = (),
        permissions: int | None = None,
        admin: bool = False,
        locale: str = "en-US",
    ) -> Member:
        """A member of ``guild`` (default: the main server).

        ``who`` is a new user's name or an existing user (to put one person in several
        servers). ``admin=True`` gives an Administrator role; ``permissions`` a role with
        exactly those bits (e.g. ``Permission.MANAGE_GUILD``); without either the member
        has only what ``@everyone`` has.
        """
        target = guild or self.guild
        if isinstance(who, str):
            user = self.state.add_user(who, locale=locale)
        else:
            user = who.user if isinstance(who, Member) else who
        role_ids = [role.id for role in roles]
        if admin:
            role_ids.append(self._role(target, "Admin", Permission.ADMINISTRATOR).id)
        if permissions is not None:
            role_ids.append(self._role(target, f"perms-{permissions}", permissions).id)
        member = self.state.add_member(target, user, role_ids=role_ids)
        self.gateway.dispatch(
            "GUILD_MEMBER_ADD", {**member.payload(), "guild_id": str(target.id)}, guild_id=target.id
        )
        return member

    def remove_member(self, member: Member) -> None:
        """The member leaves (or is kicked): GUILD_MEMBER_REMOVE, for bots with that intent."""
        member.guild.members.pop(member.user.id, None)
        event = {"guild_id": str(member.guild.id), "user": member.user.payload()}
        self.gateway.dispatch("GUILD_MEMBER_REMOVE", event, guild_id=member.guild.id)
        self.state.notify()

    # -- permissions ----------------------------------------------------------------------

    @property
    def bot_member(self) -> Member:
        """The bot in the main server (``bot_member_in(guild)`` for another)."""
        return self.state.bot_member(self.guild)

    def bot_member_in(self, guild: Guild) -> Member:
        return self.state.bot_member(guild)

    def bot_role(self, guild: Guild | None = None) -> Role:
        """The bot's managed role: it grants exactly what ``tweetup invite`` asks for."""
        target = guild or self.guild
        return next(r for r in target.roles.values() if r.bot_id == self.state.bot.id)

    def everyone(self, guild: Guild | None = None) -> Role:
        return (guild or self.guild).everyone_role

    def set_role_permissions(self, role: Role, permissions: int) -> None:
        """Change what a role grants server-wide (GUILD_ROLE_UPDATE)."""
        role.permissions = int(permissions)
        event = {"guild_id": str(role.guild_id), "role": role.payload()}
        self.gateway.dispatch("GUILD_ROLE_UPDATE", event, guild_id=role.guild_id)
        self.state.notify()

    def deny(self, channel: Channel, target: Role | Actor | Guild, permissions: int) -> None:
        """Add ``permissions`` to the deny side of ``target``'s overwrite in ``channel``.

        ``target`` is a role, a member or user (a member overwrite), or a guild (its
        ``@everyone``). The bot hears of it by CHANNEL_UPDATE, as on Discord.
        """
        self._overwrite(channel, target, deny=int(permissions))

    def allow(self, channel: Channel, target: Role | Actor | Guild, permissions: int) -> None:
        """Add ``permissions`` to the allow side of ``target``'s overwrite in ``channel``."""
        self._overwrite(channel, target, allow=int(permissions))

    def _overwrite(
        self, channel: Channel, target: Role | Actor | Guild, *, allow: int = 0, deny: int = 0
    ) -> None:
        if channel.is_thread:
            raise ValueError("threads have no overwrites: set them on the parent channel")
        if isinstance(target, Guild | Role):
            key, kind = target.id, ROLE_OVERWRITE
        else:
            key, kind = target.id, MEMBER_OVERWRITE
        entry = channel.overwrites.setdefault(key, Overwrite(key, kind))
        entry.allow = (entry.allow | allow) & ~deny
        entry.deny = (entry.deny | deny) & ~allow
        self.gateway.dispatch("CHANNEL_UPDATE", channel.payload(), guild_id=channel.guild_id)
        self.state.notify()

    def permissions_in(self, channel: Channel, who: Actor) -> int:
        """What ``who`` may do in ``channel``, computed the way Discord does."""
        user = who.user if isinstance(who, Member) else who
        return self.state.permissions_in(channel, user)

    def _role(self, guild: Guild, name: str, permissions: int) -> Role:
        for role in guild.roles.values():
            if role.name == name and role.permissions == permissions:
                return role
        return self.add_role(name, permissions, guild=guild)

    # -- acting as users ------------------------------------------------------------------

    async def slash(
        self,
        who: Actor,
        command: str,
        /,
        *,
        at: Channel | None = None,
        locale: str | None = None,
        options: Mapping[str, Any] | None = None,
        wait: bool = True,
        **values: Any,
    ) -> InteractionHandle:
        """Run ``/command [group] [sub]`` with option values, as the Discord client would.

        Options are keyword arguments (or ``options={...}`` for names that clash with
        these parameters). ``at`` is the channel (default: the member's server's first text
        channel). Waits for the bot's initial response unless ``wait=False``.
        """
        return await self._command(
            InteractionType.APPLICATION_COMMAND, who, command, at, locale,
            {**(options or {}), **values}, None, wait,
        )  # fmt: skip

    async def message_command(
        self, who: Actor, name: str, message: Message, /, *, wait: bool = True
    ) -> InteractionHandle:
        """Apps → ``name`` on ``message`` (a message context menu), as the Discord client
        sends it: the target's id and the whole message in ``resolved``."""
        channel = self.state.channels[message.channel_id]
        user = who.user if isinstance(who, Member) else who
        registered = self.state.find_command(name, channel.guild_id, type=3)
        if registered is None:
            raise LookupError(f"no message command {name!r} is registered")
        self._check_visible(registered, user, channel)
        data: JSON = {
            "id": str(registered.id),
            "name": registered.name,
            "type": 3,
            "target_id": str(message.id),
            "resolved": {"messages": {str(message.id): message.payload()}},
        }
        if registered.guild_id is not None:
            data["guild_id"] = str(registered.guild_id)
        kind = InteractionType.APPLICATION_COMMAND
        return await self.interact(kind, user, channel, data, wait=wait)

    async def autocomplete(
        self,
        who: Actor,
        command: str,
        /,
        *,
        focused: str,
        at: Channel | None = None,
        locale: str | None = None,
        options: Mapping[str, Any] | None = None,
        **values: Any,
    ) -> list[JSON]:
        """The choices the bot offers while ``who`` types into option ``focused``."""
        handle = await self._command(
            InteractionType.AUTOCOMPLETE, who, command, at, locale,
            {**(options or {}), **values}, focused, True,
        )  # fmt: skip
        return list(handle.choices or [])

    async def _command(
        self,
        kind: InteractionType,
        who: Actor,
        command: str,
        at: Channel | None,
        locale: str | None,
        values: Mapping[str, Any],
        focused: str | None,
        wait: bool,
    ) -> InteractionHandle:
        channel = at or self._default_channel(who)
        user = who.user if isinstance(who, Member) else who
        name, *path = command.split()
        registered = self.state.find_command(name, channel.guild_id)
        if registered is None:
            known = sorted(c.name for c in self.state.commands.values())
            raise LookupError(f"/{name} is not registered (registered: {known})")
        self._check_visible(registered, user, channel)
        resolved = Resolved(self.state, channel.guild_id, user, channel)
        data: JSON = {
            "id": str(registered.id),
            "name": registered.name,
            "type": registered.type,
            "options": command_options(registered, path, values, resolved, focused=focused),
        }
        if registered.guild_id is not None:
            data["guild_id"] = str(registered.guild_id)
        if resolved.data:
            data["resolved"] = resolved.data
        return await self.interact(kind, user, channel, data, locale=locale, wait=wait)

    def _check_visible(self, command: Command, user: User, channel: Channel) -> None:
        """Discord hides a command from members without its default permissions."""
        required = command.definition.get("default_member_permissions")
        guild = self.state.guild_of(channel)
        if required is None or guild is None:
            return
        member = guild.members.get(user.id)
        if member is None:
            raise PermissionError(f"{user.username} is not a member of {guild.name}")
        if member.permissions & int(required) != int(required):
            raise PermissionError(
                f"{user.username} cannot see /{command.name}: it needs permissions {required}"
            )

    async def click(
        self,
        message: Message,
        custom_id: str | None = None,
        /,
        *,
        user: Actor,
        label: str | None = None,
        wait: bool = True,
    ) -> InteractionHandle:
        """Press a button (by custom_id or label) on a message."""
        button = message.component(custom_id, label=label)
        if button.get("disabled"):
            raise AssertionError(f"button {button.get('label')!r} is disabled")
        if "custom_id" not in button:
            raise AssertionError(f"button {button.get('label')!r} is a link, not clickable")
        data = {"custom_id": button["custom_id"], "component_type": button.get("type", 2)}
        return await self._on_message(message, user, data, wait)

    async def select(
        self,
        message: Message,
        custom_id: str,
        values: list[str],
        /,
        *,
        user: Actor,
        wait: bool = True,
    ) -> InteractionHandle:
        """Choose ``values`` in a select menu of a message; in a user select, user ids,
        which Discord sends with their ``resolved`` users and members."""
        menu = message.component(custom_id)
        kind = menu.get("type", 3)
        if not menu.get("min_values", 1) <= len(values) <= menu.get("max_values", 1):
            raise AssertionError(f"{len(values)} values do not fit select {custom_id!r}")
        data: JSON = {"custom_id": custom_id, "component_type": kind, "values": values}
        if kind == USER_SELECT:
            channel = self.state.channels[message.channel_id]
            invoker = user.user if isinstance(user, Member) else user
            resolved = Resolved(self.state, channel.guild_id, invoker, channel)
            for value in values:
                resolved.user(self.state.users[int(value)])
            data["resolved"] = resolved.data
        return await self._on_message(message, user, data, wait)

    async def _on_message(
        self, message: Message, who: Actor, data: JSON, wait: bool
    ) -> InteractionHandle:
        user = who.user if isinstance(who, Member) else who
        viewer = message.interaction_user
        if message.ephemeral and viewer is not None and viewer.id != user.id:
            raise AssertionError(
                f"{user.username} cannot see {viewer.username}'s ephemeral message"
            )
        channel = self.state.channels[message.channel_id]
        await self._react_to(message)
        return await self.interact(
            InteractionType.MESSAGE_COMPONENT, user, channel, data, message=message, wait=wait
        )

    async def _react_to(self, message: Message | None) -> None:
        """A person acts on a message no sooner than ``reaction_time`` after it last
        changed. Clicking within milliseconds would race the bot, which learns the new
        message's id (and starts listening to its buttons) only when Discord's answer
        reaches it: a race no person can win, so no test should."""
        if message is not None:
            delay = message.changed_at + self.reaction_time - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)

    async def submit_modal(
        self,
        shown: InteractionHandle,
        values: Mapping[str, Any] | None = None,
        /,
        *,
        wait: bool = True,
        **inputs: Any,
    ) -> InteractionHandle:
        """Fill in and submit the modal the bot answered ``shown`` with.

        Inputs are keyed by their custom_id or their label: ``{"City": "Berlin"}``.
        """
        modal = shown.modal
        if modal is None:
            raise AssertionError(f"{shown!r} was not answered with a modal")
        data = {
            "custom_id": modal["custom_id"],
            "components": modal_submission(modal, {**(values or {}), **inputs}),
        }
        channel = self.state.channels[shown.record.channel_id]
        origin = self.state.messages.get(shown.record.message_id or 0)
        await self._react_to(origin)
        return await self.interact(
            InteractionType.MODAL_SUBMIT, shown.user, channel, data, message=origin, wait=wait,
            trigger=shown.record,
        )  # fmt: skip

    async def interact(
        self,
        kind: InteractionType,
        user: User,
        channel: Channel,
        data: JSON,
        *,
        message: Message | None = None,
        locale: str | None = None,
        wait: bool = True,
        trigger: InteractionRecord | None = None,
    ) -> InteractionHandle:
        """Send any INTERACTION_CREATE (the helpers above build ``data``); ``trigger`` is
        the interaction a submitted modal answered."""
        if not self.gateway.connected:
            raise AssertionError("the bot is not connected to the gateway")

        def build(interaction_id: int, token: str) -> JSON:
            return interaction(
                self.state,
                interaction_id=interaction_id,
                token=token,
                type=kind,
                user=user,
                channel=channel,
                data=data,
                locale=locale or user.locale,
                message=message,
            )

        record = self.state.add_interaction(
            kind, user, channel, build, message_id=message.id if message else None,
            trigger_id=trigger.id if trigger else None,
        )  # fmt: skip
        self.gateway.dispatch("INTERACTION_CREATE", record.payload, guild_id=channel.guild_id)
        handle = InteractionHandle(self, record)
        if wait:
            await handle.response()
        return handle

    async def say(
        self,
        who: Actor,
        content: str,
        *,
        at: Channel | None = None,
        reply_to: Message | None = None,
    ) -> Message:
        """A user posts a message (MESSAGE_CREATE, if the bot has the intent for it); with
        ``reply_to``, a reply (which mentions the author it answers). Without the
        MESSAGE_CONTENT intent the bot sees its content only when it is mentioned, replied
        to or in a DM."""
        channel = at or (
            self.state.channels[reply_to.channel_id] if reply_to else self._default_channel(who)
        )
        user = who.user if isinstance(who, Member) else who
        reference = None
        if reply_to is not None:
            reference = {"type": 0, "message_id": str(reply_to.id), "channel_id": str(channel.id)}
            if channel.guild_id is not None:
                reference["guild_id"] = str(channel.guild_id)
        message = self.state.add_message(
            channel, user, content=content, message_reference=reference,
            type=19 if reply_to else 0,
        )  # fmt: skip
        payload = message.payload()
        mentioned = {int(found) for found in re.findall(r"<@!?(\d+)>", content)}
        if reply_to is not None:
            payload["referenced_message"] = reply_to.payload()
            mentioned.add(reply_to.author.id)
        payload["mentions"] = [
            self.state.users[user_id].payload()
            for user_id in mentioned
            if user_id in self.state.users
        ]
        self.gateway.dispatch("MESSAGE_CREATE", payload, guild_id=channel.guild_id)
        return message

    async def edit(
        self, who: Actor, message: Message, content: str, *, later: timedelta | None = None
    ) -> Message:
        """The author edits their message (MESSAGE_UPDATE with the whole message, as Discord
        sends it, for bots with the intent); ``later``: the edit's time that long after the
        message was posted. Raises PermissionError for anyone else, as Discord's client
        offers no edit there."""
        user = who.user if isinstance(who, Member) else who
        if message.author.id != user.id:
            raise PermissionError(f"{who!r} cannot edit a message of {message.author!r}")
        message.content = content
        message.edited_timestamp = message.timestamp + later if later else now()
        message.changed_at = time.monotonic()
        self.state.notify()
        self.gateway.dispatch("MESSAGE_UPDATE", message.payload(), guild_id=message.guild_id)
        return message

    def _default_channel(self, who: Actor) -> Channel:
        if isinstance(who, Member):
            return self.text_channels(who.guild)[0]
        if who.id in self.guild.members:
            return self.channel
        return self.state.dm_channel(who)

    async def react(self, who: Actor, message: Message, emoji: str) -> None:
        """``who`` reacts (MESSAGE_REACTION_ADD, for bots with the reactions intent). Raises
        PermissionError as Discord's client would refuse: a new emoji needs ADD_REACTIONS."""
        user = who.user if isinstance(who, Member) else who
        channel = self.state.channels[message.channel_id]
        if channel.guild_id is not None:
            have = self.state.permissions_in(channel, user)
            needed = Permission.VIEW_CHANNEL | Permission.READ_MESSAGE_HISTORY
            if emoji not in message.reactions:
                needed |= Permission.ADD_REACTIONS
            if have & needed != needed:
                raise PermissionError(f"{who!r} may not react in {channel!r}")
        reactions.add(self.state, self.gateway, message, user, emoji)

    async def unreact(self, who: Actor, message: Message, emoji: str) -> None:
        user = who.user if isinstance(who, Member) else who
        reactions.remove(self.state, self.gateway, message, user, emoji)

    def reactions(self, message: Message) -> dict[str, list[int]]:
        """Who reacted to ``message`` with what (user ids in order)."""
        stored = self.state.messages[message.id].reactions
        return {emoji: list(users) for emoji, users in stored.items()}

    # -- what the bot did -----------------------------------------------------------------

    def dm_inbox(self, who: Actor) -> list[Message]:
        """Messages the bot sent to this user's DMs, oldest first."""
        user = who.user if isinstance(who, Member) else who
        channel_id = self.state.dm_channels.get(user.id)
        if channel_id is None:
            return []
        return self.state.messages_in(self.state.channels[channel_id])

    async def wait_for_dm(
        self, who: Actor, matching: Callable[[Message], bool] | None = None
    ) -> Message:
        """The first DM to ``who`` (that satisfies ``matching``), waiting for it."""

        def found() -> Message | None:
            return next((m for m in self.dm_inbox(who) if not matching or matching(m)), None)

        return await self.wait_until(found, f"a DM to {who!r}")

    def channel_messages(self, channel: Channel | None = None) -> list[Message]:
        """Public messages in a channel (default: the main one), oldest first."""
        return self.state.messages_in(channel or self.channel)

    async def wait_for_message(
        self, channel: Channel | None = None, matching: Callable[[Message], bool] | None = None
    ) -> Message:
        def found() -> Message | None:
            messages = self.channel_messages(channel)
            return next((m for m in messages if not matching or matching(m)), None)

        return await self.wait_until(found, f"a message in {channel or self.channel!r}")

    async def wait_until(
        self, condition: Callable[[], T | None], what: str, *, within: float | None = None
    ) -> T:
        """The first truthy value of ``condition()``, re-checked on every change."""
        return await self.state.wait_for(condition, within=within or self.within, what=what)

    @property
    def invalid_requests(self) -> int:
        """401, 403 and 429 answers in the last 10 minutes: Discord bans an IP at 10,000
        (the emulator then answers Cloudflare's 429 and the test fails)."""
        return self.rate_limits.invalid_requests

    def requests(self, route: str | None = None) -> list[RecordedRequest]:
        """Requests the bot made, e.g. ``requests("POST /users/@me/channels")``."""
        return [r for r in self.state.requests if route is None or r.route == route]

    def scheduled_events(self, guild: Guild | None = None) -> list[ScheduledEvent]:
        """The server's scheduled events, after starting and ending those whose time came
        on the emulator's clock (GUILD_SCHEDULED_EVENT_UPDATE for each change)."""
        for event in advance(self.state, self.state.clock()):
            payload = event.payload(self.state.users.get(event.creator_id))
            self.gateway.dispatch("GUILD_SCHEDULED_EVENT_UPDATE", payload, guild_id=event.guild_id)
        target = guild or self.guild
        return [self.state.scheduled_events[i] for i in target.scheduled_event_ids]

    def commands(self, guild: Guild | None = None) -> dict[str, JSON]:
        """The registered commands by name (global, or of one guild)."""
        scope = guild.id if guild else None
        return {c.name: c.payload() for c in self.state.commands_for(scope)}

    def elapsed(self, since: float) -> float:
        return time.monotonic() - since
