"""Small helpers the route modules share."""

from __future__ import annotations

import copy
import itertools
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from emulator.models import JSON, Attachment, Message, now, walk_components
from emulator.web import API_PREFIX, Context, Upload, body

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def api(method: str, path: str, handler: Handler) -> web.RouteDef:
    return web.route(method, API_PREFIX + path, handler)


def snowflake(request: web.Request, name: str) -> int:
    value = request.match_info.get(name, "")
    return int(value) if value.isdigit() else 0


def json_body(request: web.Request) -> JSON:
    data = body(request).json
    return data if isinstance(data, dict) else {}


def message_fields(
    ctx: Context, request: web.Request, data: JSON, existing: list[Attachment] | None = None
) -> dict[str, Any]:
    """The Message fields a create or edit body sets (content, embeds, components, files)."""
    fields: dict[str, Any] = {}
    if "content" in data:
        fields["content"] = data.get("content") or ""
    if "embeds" in data:
        fields["embeds"] = [{"type": "rich", **embed} for embed in data.get("embeds") or []]
    if "components" in data:
        fields["components"] = stored_components(list(data.get("components") or []))
    uploads = body(request).uploads
    if uploads or "attachments" in data:
        fields["attachments"] = _attachments(ctx, uploads, data.get("attachments"), existing)
    return fields


def stored_components(components: list[JSON]) -> list[JSON]:
    """The components as Discord stores and answers them: each has a numeric ``id``, unique
    in the message (the bot's own, or else the next free number in tree order), and an
    emoji (of a button or a select option) is ``{"name"}`` or ``{"id", "name",
    "animated"}``, never an ``"id": null``."""
    stored = copy.deepcopy(components)
    every = walk_components(stored)
    used = {item["id"] for item in every if isinstance(item.get("id"), int)}
    free = (n for n in itertools.count(1) if n not in used)
    for item in every:
        if not isinstance(item.get("id"), int):
            item["id"] = next(free)
        for owner in [item, *(o for o in item.get("options") or [] if isinstance(o, dict))]:
            emoji = owner.get("emoji")
            if isinstance(emoji, dict) and emoji.get("id") is None:
                owner["emoji"] = {"name": emoji.get("name")}
    return stored


def _attachments(
    ctx: Context, uploads: list[Upload], described: Any, existing: list[Attachment] | None
) -> list[Attachment]:
    """Uploaded files matched to ``attachments[].id``; ids of existing files keep them."""
    by_index = {u.field.removeprefix("files[").removesuffix("]"): u for u in uploads}
    kept = {str(a.id): a for a in existing or []}
    found: list[Attachment] = []
    for entry in described if isinstance(described, list) else []:
        if not isinstance(entry, dict):
            continue
        key = str(entry.get("id"))
        if key in kept:
            found.append(kept[key])
            continue
        upload = by_index.pop(key, None)
        if upload is not None:
            filename = str(entry.get("filename") or upload.filename)
            found.append(
                Attachment(
                    ctx.state.ids.next(),
                    filename,
                    upload.data,
                    upload.content_type,
                    entry.get("description"),
                )
            )
    for upload in by_index.values():
        found.append(
            Attachment(ctx.state.ids.next(), upload.filename, upload.data, upload.content_type)
        )
    return found


def edit_message(ctx: Context, message: Message, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(message, name, value)
    for attachment in message.attachments:
        attachment.channel_id = message.channel_id
    message.edited_timestamp = now()
    message.changed_at = time.monotonic()
    ctx.state.notify()


def dispatch_message(ctx: Context, event: str, message: Message) -> None:
    """MESSAGE_CREATE/UPDATE to sessions with the message intents (never for ephemerals)."""
    if message.ephemeral:
        return
    ctx.gateway.dispatch(event, message.payload(), guild_id=message.guild_id)
