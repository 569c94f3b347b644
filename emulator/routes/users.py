"""Users, DM channels and the gateway's address."""

from __future__ import annotations

import time

from aiohttp import web

from emulator.routes.common import api, json_body, snowflake
from emulator.web import Context, context, error, not_found, reply


async def get_me(request: web.Request) -> web.Response:
    bot = context(request).state.bot
    return reply({**bot.payload(), "verified": True, "mfa_enabled": False, "locale": bot.locale})


async def get_user(request: web.Request) -> web.Response:
    user = context(request).state.users.get(snowflake(request, "user_id"))
    return reply(user.payload()) if user else not_found(10013, "User")


async def create_dm(request: web.Request) -> web.Response:
    ctx = context(request)
    recipient = json_body(request).get("recipient_id")
    user = ctx.state.users.get(int(str(recipient))) if str(recipient).isdigit() else None
    if user is None:
        return not_found(10013, "User")
    if user.id not in ctx.state.dm_channels and _opening_too_fast(ctx):
        return error(403, 40003, "You are opening direct messages too fast.")
    channel = ctx.state.dm_channel(user)
    return reply(channel.payload(ctx.state.users))


def _opening_too_fast(ctx: Context) -> bool:
    """Discord limits how fast a bot opens new DM channels (undocumented, about 30 quickly);
    reopening an existing one is free."""
    burst = ctx.config.dm_open_burst
    if burst is None:
        return False
    opened = ctx.state.dm_opens
    moment = time.monotonic()
    while opened and moment - opened[0] > ctx.config.dm_open_window:
        opened.popleft()
    if len(opened) >= burst:
        return True
    opened.append(moment)
    return False


def _gateway_url(request: web.Request) -> str:
    if request.secure:
        return "wss://gateway.discord.gg"
    return f"ws://{request.host}/gateway"


async def get_gateway(request: web.Request) -> web.Response:
    return reply({"url": _gateway_url(request)})


async def get_gateway_bot(request: web.Request) -> web.Response:
    return reply(context(request).gateway.sharding.gateway_bot(_gateway_url(request)))


ROUTES = [
    api("GET", "/users/@me", get_me),
    api("POST", "/users/@me/channels", create_dm),
    api("GET", "/users/{user_id}", get_user),
    api("GET", "/gateway", get_gateway),
    api("GET", "/gateway/bot", get_gateway_bot),
]
