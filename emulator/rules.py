"""Discord's documented limits that its OpenAPI spec cannot express, and Discord's error tree.

Each rule returns :class:`FieldError` s; the server answers them the way Discord does
(HTTP 400, code 50035 "Invalid Form Body" with an error tree keyed by field path) and
records them as violations so the test that caused them fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from emulator.models import JSON, CallbackType

MAX_CONTENT = 2000
MAX_EMBEDS_TOTAL = 6000
MAX_CHOICES = 25

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


def message_rules(body: Any, *, prefix: tuple[str | int, ...] = ()) -> list[FieldError]:
    """Limits of any message the bot creates or edits (channel, webhook, interaction)."""
    if not isinstance(body, dict):
        return []
    errors: list[FieldError] = []
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


def callback_rules(body: Any) -> list[FieldError]:
    """Limits of an interaction callback body, by callback type."""
    if not isinstance(body, dict):
        return []
    data = body.get("data")
    kind = body.get("type")
    if kind in (CallbackType.CHANNEL_MESSAGE, CallbackType.UPDATE_MESSAGE):
        return message_rules(data, prefix=("data",))
    if kind == CallbackType.AUTOCOMPLETE_RESULT and isinstance(data, dict):
        choices = data.get("choices")
        if isinstance(choices, list) and len(choices) > MAX_CHOICES:
            return [
                FieldError(
                    ("data", "choices"),
                    "BASE_TYPE_MAX_LENGTH",
                    f"Must be {MAX_CHOICES} or fewer in length.",
                )
            ]
    return []


def rules_for(operation: str, body: Any) -> list[FieldError]:
    """The documented rules that apply to a request body of this spec operation."""
    if operation == "create_interaction_response":
        return callback_rules(body)
    if operation in MESSAGE_OPERATIONS:
        return message_rules(body)
    return []


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
