"""Channels, messages (with files, nonces and DM refusals) and threads."""

from __future__ import annotations

import time

from aiohttp import web

from emulator.models import Channel, ChannelType, Message, Permission, iso
from emulator.routes.common import (
    api,
    dispatch_message,
    edit_message,
    json_body,
    message_fields,
    snowflake,
)
from emulator.web import Context, body, context, error, no_content, not_found, reply

#: Discord's answer to a DM for someone who shares no server with the bot (e.g. who left).
NO_MUTUAL_GUILDS = "Cannot send messages to this user"


def _channel(request: web.Request) -> Channel | web.Response:
    channel = context(request).state.channels.get(snowflake(request, "channel_id"))
    return channel if channel is not None else not_found(10003, "Channel")


def _missing_permission(ctx: Context, channel: Channel, needed: int) -> web.Response | None:
    """Discord's answer when the bot lacks ``needed`` in ``channel``: 50001 when it cannot
    even see the channel (or is not in the guild), 50013 when it sees it but lacks a bit."""
    guild = ctx.state.guild_of(channel)
    if guild is None:
        return None
    if ctx.state.bot.id not in guild.members:
        return error(403, 50001, "Missing Access")
    have = ctx.state.permissions_in(channel, ctx.state.bot)
    if not have & Permission.VIEW_CHANNEL:
        return error(403, 50001, "Missing Access")
    if have & needed != needed:
        return error(403, 50013, "Missing Permissions")
    return None


def _strip_embeds(ctx: Context, channel: Channel, fields: dict[str, object]) -> None:
    """Without EMBED_LINKS Discord accepts the message but silently drops its embeds."""
    if channel.guild_id is None or not fields.get("embeds"):
        return
    if not ctx.state.permissions_in(channel, ctx.state.bot) & Permission.EMBED_LINKS:
        fields["embeds"] = []


async def get_channel(request: web.Request) -> web.Response:
    channel = _channel(request)
    if isinstance(channel, web.Response):
        return channel
    refused = _missing_permission(context(request), channel, Permission.VIEW_CHANNEL)
    return refused or reply(channel.payload(context(request).state.users))


def _as_stored(message: Message) -> dict[str, object]:
    """A message read back: Discord does not store the nonce, it is only echoed in the create
    response and the MESSAGE_CREATE event (so a bot cannot find a message by its nonce)."""
    payload = message.payload()
    payload.pop("nonce", None)
    return payload


async def list_messages(request: web.Request) -> web.Response:
    channel = _channel(request)
    if isinstance(channel, web.Response):
        return channel
    ctx = context(request)
    refused = _missing_permission(ctx, channel, Permission.VIEW_CHANNEL)
    if refused is not None:
        return refused
    if channel.guild_id and not (
        ctx.state.permissions_in(channel, ctx.state.bot) & Permission.READ_MESSAGE_HISTORY
    ):
        return reply([])  # documented: no history permission, no messages
    limit = int(request.query.get("limit", "50"))
    messages = ctx.state.messages_in(channel)[-limit:]
    return reply([_as_stored(message) for message in reversed(messages)])


async def create_message(request: web.Request) -> web.Response:
    ctx = context(request)
    state = ctx.state
    channel = _channel(request)
    if isinstance(channel, web.Response):
        return channel
    if channel.type == ChannelType.DM:
        refusal = ctx.faults.dm_refusal(channel.recipient_ids[0])
        if refusal is not None:
            return reply(refusal, 403)
        if not state.shares_guild_with_bot(channel.recipient_ids[0]):
            return error(403, 50278, NO_MUTUAL_GUILDS)
    needed = Permission.VIEW_CHANNEL | (
        Permission.SEND_MESSAGES_IN_THREADS if channel.is_thread else Permission.SEND_MESSAGES
    )
    data = json_body(request)
    if isinstance(data.get("message_reference"), dict):
        needed |= Permission.READ_MESSAGE_HISTORY  # a reply reads the message it answers
    if body(request).uploads:
        needed |= Permission.ATTACH_FILES
    refused = _missing_permission(ctx, channel, needed)
    if refused is not None:
        return refused
    nonce = data.get("nonce")
    key = (state.bot.id, str(nonce))
    if nonce is not None and data.get("enforce_nonce"):
        seen = state.nonces.get(key)
        if seen is not None and time.monotonic() - seen[1] < ctx.config.nonce_window:
            earlier = state.messages.get(seen[0])
            if earlier is not None:
                return reply(earlier.payload())
    fields = message_fields(ctx, request, data)
    _strip_embeds(ctx, channel, fields)
    if not (fields.get("content") or fields.get("embeds") or fields.get("attachments")) and not (
        fields.get("components")
    ):
        return error(400, 50006, "Cannot send an empty message")
    reference = data.get("message_reference")
    message = state.add_message(
        channel,
        state.bot,
        flags=int(data.get("flags") or 0) & ~(1 << 6),
        nonce=nonce,
        # As Discord stores it: a reply (type 0) in this channel unless the bot said else.
        message_reference=(
            {"type": 0, "channel_id": str(channel.id), **reference}
            if isinstance(reference, dict)
            else None
        ),
        **fields,
    )
    if nonce is not None:
        state.nonces[key] = (message.id, time.monotonic())
    dispatch_message(ctx, "MESSAGE_CREATE", message)
    return reply(message.payload())


def _message(request: web.Request, channel: Channel) -> Message | web.Response:
    message = context(request).state.messages.get(snowflake(request, "message_id"))
    # Ephemeral messages exist only for their interaction's webhook, never in the channel.
    if message is None or message.deleted or message.ephemeral or message.channel_id != channel.id:
        return not_found(10008, "Message")
    return message


async def get_message(request: web.Request) -> web.Response:
    channel = _channel(request)
    if isinstance(channel, web.Response):
        return channel
    needed = Permission.VIEW_CHANNEL | Permission.READ_MESSAGE_HISTORY
    refused = _missing_permission(context(request), channel, needed)
    if refused is not None:
        return refused
    message = _message(request, channel)
    return message if isinstance(message, web.Response) else reply(_as_stored(message))


async def update_message(request: web.Request) -> web.Response:
    ctx = context(request)
    channel = _channel(request)
    if isinstance(channel, web.Response):
        return channel
    message = _message(request, channel)
    if isinstance(message, web.Response):
        return message
    if message.author is not ctx.state.bot:
        return error(403, 50005, "Cannot edit a message authored by another user")
    refused = _missing_permission(ctx, channel, Permission.VIEW_CHANNEL)
    if refused is not None:
        return refused
    fields = message_fields(ctx, request, json_body(request), message.attachments)
    _strip_embeds(ctx, channel, fields)
    edit_message(ctx, message, fields)
    dispatch_message(ctx, "MESSAGE_UPDATE", message)
    return reply(message.payload())


async def delete_message(request: web.Request) -> web.Response:
    ctx = context(request)
    channel = _channel(request)
    if isinstance(channel, web.Response):
        return channel
    message = _message(request, channel)
    if isinstance(message, web.Response):
        return message
    if message.author is not ctx.state.bot:
        refused = _missing_permission(ctx, channel, Permission.MANAGE_MESSAGES)
        if refused is not None:
            return refused
    message.deleted = True
    ctx.state.notify()
    ctx.gateway.dispatch(
        "MESSAGE_DELETE",
        {"id": str(message.id), "channel_id": str(channel.id)},
        guild_id=channel.guild_id,
    )
    return no_content()


def _create_thread(
    ctx: Context, parent: Channel, data: dict[str, object], *, thread_id: int | None, kind: int
) -> Channel:
    guild = ctx.state.guild_of(parent)
    thread = ctx.state.add_channel(
        guild,
        str(data.get("name") or "thread"),
        ChannelType(kind),
        parent_id=parent.id,
        owner_id=ctx.state.bot.id,
        channel_id=thread_id,
    )
    duration = data.get("auto_archive_duration")
    if isinstance(duration, int):
        thread.auto_archive_duration = duration
    # The creator is added to the thread: THREAD_CREATE carries its thread member.
    member = {
        "id": str(thread.id),
        "user_id": str(ctx.state.bot.id),
        "join_timestamp": iso(thread.created_at),
        "flags": 1,
    }
    event = {**thread.payload(), "newly_created": True, "member": member}
    ctx.gateway.dispatch("THREAD_CREATE", event, guild_id=thread.guild_id)
    ctx.state.notify()
    return thread


async def create_thread_from_message(request: web.Request) -> web.Response:
    ctx = context(request)
    channel = _channel(request)
    if isinstance(channel, web.Response):
        return channel
    message = _message(request, channel)
    if isinstance(message, web.Response):
        return message
    if channel.guild_id is None or channel.is_thread:
        return error(400, 50024, "Cannot execute action on this channel type")
    refused = _missing_permission(ctx, channel, Permission.CREATE_PUBLIC_THREADS)
    if refused is not None:
        return refused
    if message.id in ctx.state.channels:
        return error(400, 160004, "A thread has already been created for this message")
    data = json_body(request)
    kind = ChannelType.PUBLIC_THREAD
    thread = _create_thread(ctx, channel, data, thread_id=message.id, kind=kind)
    message.thread = thread
    return reply(thread.payload(), 201)


async def create_thread(request: web.Request) -> web.Response:
    ctx = context(request)
    channel = _channel(request)
    if isinstance(channel, web.Response):
        return channel
    if channel.guild_id is None or channel.is_thread:
        return error(400, 50024, "Cannot execute action on this channel type")
    data = json_body(request)
    kind = int(data.get("type") or ChannelType.PRIVATE_THREAD)
    if channel.type == ChannelType.GUILD_FORUM:
        kind = ChannelType.PUBLIC_THREAD
    needed = (
        Permission.CREATE_PUBLIC_THREADS
        if kind == ChannelType.PUBLIC_THREAD
        else Permission.CREATE_PRIVATE_THREADS
    )
    refused = _missing_permission(ctx, channel, needed)
    if refused is not None:
        return refused
    thread = _create_thread(ctx, channel, data, thread_id=None, kind=kind)
    payload = thread.payload()
    starter = data.get("message")
    if isinstance(starter, dict):
        message = ctx.state.add_message(
            thread, ctx.state.bot, **message_fields(ctx, request, starter)
        )
        payload["message"] = message.payload()
    return reply(payload, 201)


ROUTES = [
    api("GET", "/channels/{channel_id}", get_channel),
    api("GET", "/channels/{channel_id}/messages", list_messages),
    api("POST", "/channels/{channel_id}/messages", create_message),
    api("GET", "/channels/{channel_id}/messages/{message_id}", get_message),
    api("PATCH", "/channels/{channel_id}/messages/{message_id}", update_message),
    api("DELETE", "/channels/{channel_id}/messages/{message_id}", delete_message),
    api("POST", "/channels/{channel_id}/messages/{message_id}/threads", create_thread_from_message),
    api("POST", "/channels/{channel_id}/threads", create_thread),
]
