"""Reactions: the bot adds and removes its own, and removes others' (see emulator.reactions)."""

from __future__ import annotations

from aiohttp import web

from emulator import reactions
from emulator.models import Channel, Message, Permission
from emulator.routes.channels import _channel, _message, _missing_permission
from emulator.routes.common import api, snowflake
from emulator.web import Context, context, error, no_content


def _target(request: web.Request) -> tuple[Context, Channel, Message, str] | web.Response:
    """The channel, the message and the emoji named by the path, or Discord's refusal."""
    ctx = context(request)
    channel = _channel(request)
    if isinstance(channel, web.Response):
        return channel
    refused = _missing_permission(
        ctx, channel, Permission.VIEW_CHANNEL | Permission.READ_MESSAGE_HISTORY
    )
    if refused is not None:
        return refused
    message = _message(request, channel)
    if isinstance(message, web.Response):
        return message
    emoji = request.match_info.get("emoji_name", "")
    if not reactions.is_known_emoji(emoji):
        return error(400, 10014, "Unknown Emoji")
    return ctx, channel, message, emoji


async def add_my_reaction(request: web.Request) -> web.Response:
    target = _target(request)
    if isinstance(target, web.Response):
        return target
    ctx, channel, message, emoji = target
    if emoji not in message.reactions:
        refused = _missing_permission(ctx, channel, Permission.ADD_REACTIONS)
        if refused is not None:
            return refused
        if len(message.reactions) >= reactions.MAX_DISTINCT:
            return error(400, 30010, "Maximum number of reactions reached (20)")
    reactions.add(ctx.state, ctx.gateway, message, ctx.state.bot, emoji)
    return no_content()


async def delete_my_reaction(request: web.Request) -> web.Response:
    target = _target(request)
    if isinstance(target, web.Response):
        return target
    ctx, _, message, emoji = target
    reactions.remove(ctx.state, ctx.gateway, message, ctx.state.bot, emoji)
    return no_content()


async def delete_user_reaction(request: web.Request) -> web.Response:
    target = _target(request)
    if isinstance(target, web.Response):
        return target
    ctx, channel, message, emoji = target
    user = ctx.state.users.get(snowflake(request, "user_id"))
    if user is not ctx.state.bot:
        refused = _missing_permission(ctx, channel, Permission.MANAGE_MESSAGES)
        if refused is not None:
            return refused
    if user is not None:
        reactions.remove(ctx.state, ctx.gateway, message, user, emoji)
    return no_content()


_PATH = "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}"
ROUTES = [
    api("PUT", _PATH + "/@me", add_my_reaction),
    api("DELETE", _PATH + "/@me", delete_my_reaction),
    api("DELETE", _PATH + "/{user_id}", delete_user_reaction),
]
