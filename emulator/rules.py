"""Discord's documented limits that its OpenAPI spec cannot express, and Discord's error tree.

Each rule returns :class:`FieldError` s; the server answers them the way Discord does
(HTTP 400, code 50035 "Invalid Form Body" with an error tree keyed by field path) and
records them as violations so the test that caused them fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from emulator.models import JSON, CallbackType, walk_components

MAX_CONTENT = 2000
MAX_EMBEDS_TOTAL = 6000
MAX_CHOICES = 25
MAX_CHOICE_VALUE = 100
#: Legacy (not Components V2) messages hold at most 5 action rows; a modal 5 components.
MAX_ACTION_ROWS = 5
MAX_MODAL_COMPONENTS = 5

SUPPRESS_EMBEDS, EPHEMERAL_FLAG, SUPPRESS_NOTIFICATIONS = 1 << 2, 1 << 6, 1 << 12
IS_VOICE_MESSAGE, IS_COMPONENTS_V2 = 1 << 13, 1 << 15
#: The message flags a bot may set, by where the message goes.
CHANNEL_FLAGS = SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | IS_VOICE_MESSAGE | IS_COMPONENTS_V2
INTERACTION_FLAGS = SUPPRESS_EMBEDS | EPHEMERAL_FLAG | SUPPRESS_NOTIFICATIONS | IS_COMPONENTS_V2

EVERYONE_RE = re.compile(r"@(everyone|here)\b")
ROLE_MENTION_RE = re.compile(r"<@&(\d+)>")


@dataclass(frozen=True)
class FieldError:
    path: tuple[str | int, ...]
    code: str
    message: str

    @property
    def dotted(self) -> str:
        return ".".join(str(part) for part in self.path) or "(body)"


def error_tree(errors: list[FieldError]) -> JSON:
    """``{"content": {"_errors": [{"code": ..., "message": ...}]}}``, as Discord nests them."""
    tree: JSON = {}
    for error in errors:
        node = tree
        for part in error.path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": error.code, "message": error.message})
    return tree


def invalid_form_body(errors: list[FieldError]) -> JSON:
    return {"message": "Invalid Form Body", "code": 50035, "errors": error_tree(errors)}


def embeds_length(embeds: list[Any]) -> int:
    """Characters counted against the 6000 limit: titles, descriptions, fields, footer, author."""
    total = 0
    for embed in embeds:
        if not isinstance(embed, dict):
            continue
        total += len(embed.get("title") or "") + len(embed.get("description") or "")
        for item in embed.get("fields") or []:
            if isinstance(item, dict):
                total += len(item.get("name") or "") + len(item.get("value") or "")
        for key, text_key in (("footer", "text"), ("author", "name")):
            part = embed.get(key)
            if isinstance(part, dict):
                total += len(part.get(text_key) or "")
    return total


def unsuppressed_mentions(content: str, allowed_mentions: Any) -> list[str]:
    """@everyone, @here and role mentions that would ping (absent allowed_mentions pings all)."""
    found = [f"@{match}" for match in EVERYONE_RE.findall(content)]
    roles = ROLE_MENTION_RE.findall(content)
    if not found and not roles:
        return []
    if isinstance(allowed_mentions, dict):
        parse = allowed_mentions.get("parse") or []
        allowed_roles = {str(role) for role in allowed_mentions.get("roles") or []}
    else:
        parse, allowed_roles = ["everyone", "roles", "users"], set()
    pinging = found if "everyone" in parse else []
    pinging += [f"<@&{role}>" for role in roles if "roles" in parse or str(role) in allowed_roles]
    return pinging


def message_rules(
    body: Any, *, prefix: tuple[str | int, ...] = (), flags_allowed: int = INTERACTION_FLAGS
) -> list[FieldError]:
    """Limits of any message the bot creates or edits (channel, webhook, interaction)."""
    if not isinstance(body, dict):
        return []
    errors = [
        *component_rules(body, prefix),
        *flag_rules(body.get("flags"), flags_allowed, prefix),
        *mention_rules(body.get("allowed_mentions"), prefix),
    ]
    content = body.get("content")
    if isinstance(content, str):
        if len(content) > MAX_CONTENT:
            errors.append(
                FieldError(
                    (*prefix, "content"),
                    "BASE_TYPE_MAX_LENGTH",
                    f"Must be {MAX_CONTENT} or fewer in length.",
                )
            )
        pinging = unsuppressed_mentions(content, body.get("allowed_mentions"))
        if pinging:
            errors.append(
                FieldError(
                    (*prefix, "allowed_mentions"),
                    "MENTION_NOT_SUPPRESSED",
                    f"Content mentions {', '.join(pinging)} and allowed_mentions does not "
                    "suppress them: user-written text must never ping everyone or a role "
                    "(emulator rule)",
                )
            )
    embeds = body.get("embeds")
    if isinstance(embeds, list) and embeds_length(embeds) > MAX_EMBEDS_TOTAL:
        errors.append(
            FieldError(
                (*prefix, "embeds"),
                "MAX_EMBED_SIZE_EXCEEDED",
                f"Embed size exceeds maximum size of {MAX_EMBEDS_TOTAL}",
            )
        )
    return errors


def component_rules(body: JSON, prefix: tuple[str | int, ...]) -> list[FieldError]:
    """At most 5 action rows (unless Components V2), custom_ids unique in the message."""
    components = body.get("components")
    if not isinstance(components, list):
        return []
    errors: list[FieldError] = []
    raw_flags = body.get("flags")
    flags = raw_flags if isinstance(raw_flags, int) else 0
    if not flags & IS_COMPONENTS_V2 and len(components) > MAX_ACTION_ROWS:
        errors.append(
            FieldError(
                (*prefix, "components"),
                "BASE_TYPE_MAX_LENGTH",
                f"Must be {MAX_ACTION_ROWS} or fewer in length.",
            )
        )
    seen: set[str] = set()
    for item in walk_components([c for c in components if isinstance(c, dict)]):
        custom_id = item.get("custom_id")
        if isinstance(custom_id, str) and custom_id in seen:
            errors.append(
                FieldError(
                    (*prefix, "components"),
                    "COMPONENT_CUSTOM_ID_DUPLICATED",
                    f"Component custom id cannot be duplicated ({custom_id!r})",
                )
            )
        if isinstance(custom_id, str):
            seen.add(custom_id)
    return errors


def flag_rules(flags: Any, allowed: int, prefix: tuple[str | int, ...]) -> list[FieldError]:
    if not isinstance(flags, int) or flags & ~allowed == 0:
        return []
    return [
        FieldError(
            (*prefix, "flags"),
            "MESSAGE_FLAGS_INVALID",
            f"Flags {flags & ~allowed} cannot be set here (allowed: {allowed})",
        )
    ]


def mention_rules(allowed_mentions: Any, prefix: tuple[str | int, ...]) -> list[FieldError]:
    """``parse: ["users"]`` with a ``users`` list (or roles alike) is mutually exclusive."""
    if not isinstance(allowed_mentions, dict):
        return []
    parse = allowed_mentions.get("parse") or []
    return [
        FieldError(
            (*prefix, "allowed_mentions", kind),
            "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
            f'parse:["{kind}"] and {kind}: [ids] are mutually exclusive.',
        )
        for kind in ("users", "roles")
        if kind in parse and allowed_mentions.get(kind)
    ]


def callback_rules(body: Any) -> list[FieldError]:
    """Limits of an interaction callback body, by callback type."""
    if not isinstance(body, dict):
        return []
    data = body.get("data")
    kind = body.get("type")
    if kind in (CallbackType.CHANNEL_MESSAGE, CallbackType.UPDATE_MESSAGE):
        return message_rules(data, prefix=("data",))
    if kind == CallbackType.DEFERRED_CHANNEL_MESSAGE and isinstance(data, dict):
        return flag_rules(data.get("flags"), INTERACTION_FLAGS, ("data",))
    if kind == CallbackType.MODAL and isinstance(data, dict):
        components = data.get("components")
        if isinstance(components, list) and len(components) > MAX_MODAL_COMPONENTS:
            return [
                FieldError(
                    ("data", "components"),
                    "BASE_TYPE_MAX_LENGTH",
                    f"Must be {MAX_MODAL_COMPONENTS} or fewer in length.",
                )
            ]
    if kind == CallbackType.AUTOCOMPLETE_RESULT and isinstance(data, dict):
        return choice_rules(data.get("choices"))
    return []


def choice_rules(choices: Any) -> list[FieldError]:
    """≤ 25 autocomplete choices; a string value ≤ 100 characters (the spec allows 6000)."""
    if not isinstance(choices, list):
        return []
    errors: list[FieldError] = []
    if len(choices) > MAX_CHOICES:
        errors.append(
            FieldError(
                ("data", "choices"),
                "BASE_TYPE_MAX_LENGTH",
                f"Must be {MAX_CHOICES} or fewer in length.",
            )
        )
    for index, choice in enumerate(choices):
        value = choice.get("value") if isinstance(choice, dict) else None
        if isinstance(value, str) and len(value) > MAX_CHOICE_VALUE:
            errors.append(
                FieldError(
                    ("data", "choices", index, "value"),
                    "BASE_TYPE_MAX_LENGTH",
                    f"Must be {MAX_CHOICE_VALUE} or fewer in length.",
                )
            )
    return errors


def rules_for(operation: str, body: Any) -> list[FieldError]:
    """The documented rules that apply to a request body of this spec operation."""
    if operation == "create_interaction_response":
        return callback_rules(body)
    if operation in CHANNEL_MESSAGE_OPERATIONS:
        return message_rules(body, flags_allowed=CHANNEL_FLAGS)
    if operation in MESSAGE_OPERATIONS:
        return message_rules(body)
    return []


CHANNEL_MESSAGE_OPERATIONS = frozenset({"create_message", "update_message"})
MESSAGE_OPERATIONS = frozenset(
    {
        "create_message",
        "update_message",
        "execute_webhook",
        "update_original_webhook_message",
        "update_webhook_message",
    }
)


def as_json(value: Any) -> JSON:
    return value if isinstance(value, dict) else {}
