"""INTERACTION_CREATE payloads as the Discord client would build them.

Slash commands and autocomplete take their option tree from the command the bot
registered (subcommand groups, subcommands, option types, choices), so a test that passes
an option the bot never declared fails here, like a user who could not type it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from emulator.models import (
    JSON,
    Attachment,
    Channel,
    Command,
    InteractionType,
    Member,
    Message,
    Role,
    User,
)
from emulator.state import State

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = range(3, 12)
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


class Resolved:
    """The ``resolved`` map: full objects for the ids that options refer to."""

    def __init__(
        self,
        state: State,
        guild_id: int | None,
        invoker: User | None = None,
        where: Channel | None = None,
    ) -> None:
        self.state = state
        self.guild_id = guild_id
        self.invoker = invoker
        #: The channel the command runs in: resolved members carry their permissions there.
        self.where = where
        self.data: dict[str, dict[str, JSON]] = {}

    def _put(self, kind: str, key: int, value: JSON) -> str:
        self.data.setdefault(kind, {})[str(key)] = value
        return str(key)

    def user(self, value: User | Member) -> str:
        user = value.user if isinstance(value, Member) else value
        guild = self.state.guilds.get(self.guild_id or 0)
        member = guild.members.get(user.id) if guild else None
        if member is not None:
            # A partial member: no user, deaf or mute (Discord leaves them out here), with
            # its permissions in the command's channel.
            data = member.payload(with_user=False)
            data.pop("deaf")
            data.pop("mute")
            where = self.where
            permissions = self.state.permissions_in(where, user) if where else member.permissions
            self._put("members", user.id, {**data, "permissions": str(permissions)})
        return self._put("users", user.id, user.payload())

    def channel(self, channel: Channel) -> str:
        # A resolved channel carries the invoking member's permissions there.
        payload = {
            **channel.payload(self.state.users),
            "permissions": str(self.state.permissions_in(channel, self.invoker))
            if self.invoker
            else "0",
        }
        return self._put("channels", channel.id, payload)

    def role(self, role: Role) -> str:
        return self._put("roles", role.id, role.payload())

    def attachment(self, attachment: Attachment) -> str:
        return self._put("attachments", attachment.id, attachment.payload())


def _encode(option: JSON, value: Any, resolved: Resolved, *, focused: bool) -> Any:
    kind = int(option["type"])
    if focused:
        return str(value)
    if kind == STRING:
        return str(value)
    if kind == INTEGER:
        return int(value)
    if kind == NUMBER:
        return float(value)
    if kind == BOOLEAN:
        return bool(value)
    if kind == USER and isinstance(value, User | Member):
        return resolved.user(value)
    if kind == CHANNEL and isinstance(value, Channel):
        return resolved.channel(value)
    if kind == ROLE and isinstance(value, Role):
        return resolved.role(value)
    if kind == MENTIONABLE and isinstance(value, User | Member):
        return resolved.user(value)
    if kind == MENTIONABLE and isinstance(value, Role):
        return resolved.role(value)
    if kind == ATTACHMENT and isinstance(value, Attachment):
        return resolved.attachment(value)
    raise TypeError(f"option {option['name']!r} (type {kind}) cannot take {value!r}")


def _check_choice(option: JSON, value: Any) -> None:
    choices = option.get("choices")
    if choices and value not in [choice["value"] for choice in choices]:
        names = [choice["value"] for choice in choices]
        raise ValueError(f"option {option['name']!r} only offers {names}, not {value!r}")


def command_options(
    command: Command,
    path: list[str],
    values: Mapping[str, Any],
    resolved: Resolved,
    *,
    focused: str | None = None,
) -> list[JSON]:
    """The nested ``options`` of ``/command sub group …`` with these option values."""
    declared: list[JSON] = list(command.definition.get("options") or [])
    chain: list[JSON] = []
    for name in path:
        option = next(
            (o for o in declared if o["name"] == name and o["type"] in (1, 2)),
            None,
        )
        if option is None:
            names = [o["name"] for o in declared if o["type"] in (1, 2)]
            raise LookupError(f"/{command.name} has no subcommand {name!r} here (has {names})")
        chain.append(option)
        declared = list(option.get("options") or [])
    if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in declared):
        names = [o["name"] for o in declared]
        raise LookupError(f"/{command.name} {' '.join(path)} needs a subcommand among {names}")

    by_name = {o["name"]: o for o in declared}
    unknown = set(values) - set(by_name)
    if unknown:
        raise TypeError(f"/{command.name} {' '.join(path)} has no option {sorted(unknown)}")
    leaves: list[JSON] = []
    for option in declared:
        name = option["name"]
        if name not in values:
            if option.get("required") and focused is None:
                raise TypeError(f"/{command.name} {' '.join(path)} needs option {name!r}")
            continue
        is_focused = name == focused
        if not is_focused:
            _check_choice(option, values[name])
        entry: JSON = {
            "name": name,
            "type": option["type"],
            "value": _encode(option, values[name], resolved, focused=is_focused),
        }
        if is_focused:
            entry["focused"] = True
        leaves.append(entry)
    if focused is not None and not any(leaf.get("focused") for leaf in leaves):
        option = by_name.get(focused)
        if option is None or not option.get("autocomplete"):
            raise LookupError(f"option {focused!r} of /{command.name} has no autocomplete")
    for option in reversed(chain):
        leaves = [{"name": option["name"], "type": option["type"], "options": leaves}]
    return leaves


def interaction(
    state: State,
    *,
    interaction_id: int,
    token: str,
    type: InteractionType,
    user: User,
    channel: Channel,
    data: JSON | None,
    locale: str,
    message: Message | None = None,
) -> JSON:
    """The envelope every interaction shares: who, where, with which permissions."""
    guild = state.guild_of(channel)
    payload: JSON = {
        "id": str(interaction_id),
        "application_id": str(state.application_id),
        "type": int(type),
        "token": token,
        "version": 1,
        "locale": locale,
        "channel_id": str(channel.id),
        "channel": channel.payload(state.users),
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        "authorizing_integration_owners": {"0": str(guild.id) if guild else "0"},
        "context": 0 if guild else 1,
    }
    if data is not None:
        payload["data"] = data
    if guild is not None:
        member = guild.members[user.id]
        bot = guild.members[state.bot.id]
        payload.update(
            {
                "guild_id": str(guild.id),
                "guild": {"id": str(guild.id), "locale": guild.locale, "features": []},
                "guild_locale": guild.locale,
                "member": {
                    **member.payload(),
                    "permissions": str(state.permissions_in(channel, user)),
                },
                "app_permissions": str(state.permissions_in(channel, bot.user)),
            }
        )
        payload["channel"]["permissions"] = str(state.permissions_in(channel, user))
    else:
        payload["user"] = user.payload()
        payload["app_permissions"] = "0"
    if message is not None:
        payload["message"] = message.payload()
    return payload


def modal_submission(modal: JSON, values: Mapping[str, Any]) -> list[JSON]:
    """The modal's components with the user's input, keyed by custom_id or label."""
    used: set[str] = set()

    def answer(item: JSON, label: str | None) -> JSON:
        custom_id = str(item.get("custom_id", ""))
        keys = [custom_id, label, item.get("label"), item.get("placeholder")]
        for key in keys:
            if isinstance(key, str) and key in values:
                used.add(key)
                value = values[key]
                break
        else:
            value = item.get("value") or ""
        if int(item.get("type", 4)) == 4:
            return {"type": 4, "custom_id": custom_id, "value": str(value)}
        chosen = value if isinstance(value, list) else [value]
        return {"type": item["type"], "custom_id": custom_id, "values": chosen}

    rows: list[JSON] = []
    for component in modal.get("components") or []:
        kind = component.get("type")
        if kind == 1:
            inner = [answer(item, None) for item in component.get("components") or []]
            rows.append({"type": 1, "components": inner})
        elif kind == 18 and isinstance(component.get("component"), dict):
            label = component.get("label")
            rows.append({"type": 18, "component": answer(component["component"], label)})
    unknown = set(values) - used
    if unknown:
        raise KeyError(f"the modal has no input {sorted(unknown)}")
    return rows
