"""The web client's HTTP API: read what a member sees, act as that member, follow changes.

Reads are plain JSON; every action goes through :class:`~emulator.harness.DiscordHarness`
(slash, autocomplete, click, select, submit_modal, say), so the bot receives exactly the
INTERACTION_CREATE a Discord client would send, built from the commands the bot
registered. ``GET /api/events`` is a Server-Sent Events stream that says "something
changed" (the page then re-reads), woken by every change of the emulator's state.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from aiohttp import web

from emulator.demo import views
from emulator.demo.sandbox import Sandbox
from emulator.harness import InteractionHandle
from emulator.models import JSON, Channel, ChannelType, Member
from emulator.state import State

STATIC = Path(__file__).resolve().parent / "static"
SANDBOX = web.AppKey("sandbox", Sandbox)
#: How long the event stream coalesces a burst of changes into one event.
COALESCE = 0.08
#: A comment line this often keeps proxies and the browser from dropping the stream.
KEEPALIVE = 15.0
USER, CHANNEL, ROLE, MENTIONABLE = 6, 7, 8, 9


class Refused(Exception):
    """A request the page should not have made; answered 400 with the reason."""


def _id(raw: Any) -> int:
    """A snowflake from the page (0, which matches nothing, when it is not one)."""
    return int(str(raw)) if str(raw).isdigit() else 0


def _sandbox(request: web.Request) -> Sandbox:
    return request.app[SANDBOX]


def _viewer(sandbox: Sandbox, raw: Any) -> Member:
    member = sandbox.by_id(_id(raw))
    if member is None or member.user.bot:
        raise Refused("unknown member")
    return member


def _channel(sandbox: Sandbox, raw: Any, viewer: Member) -> Channel:
    state = sandbox.emulator.state
    channel = state.channels.get(_id(raw))
    if channel is None or not views.channel_visible(state, channel, viewer.user):
        raise Refused("unknown channel")
    return channel


async def _json(request: web.Request) -> JSON:
    try:
        data = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise Refused("the body is not JSON") from exc
    if not isinstance(data, dict):
        raise Refused("expected a JSON object")
    return data


@web.middleware
async def refusals(request: web.Request, handler: Any) -> web.StreamResponse:
    try:
        response: web.StreamResponse = await handler(request)
    except Refused as refused:
        return web.json_response({"error": str(refused)}, status=400)
    except (LookupError, TypeError, ValueError, PermissionError) as problem:
        # The harness refuses what a Discord client could not send (an unknown option,
        # a hidden command, someone else's ephemeral message): show the reason.
        return web.json_response({"error": str(problem).strip("'\"")}, status=400)
    except AssertionError as problem:
        return web.json_response({"error": str(problem)}, status=504)
    return response


# -- reading -------------------------------------------------------------------------------


async def index(request: web.Request) -> web.StreamResponse:
    return web.FileResponse(STATIC / "index.html")


async def world(request: web.Request) -> web.Response:
    """Everything around the messages: server, channels, members, commands, clock."""
    sandbox = _sandbox(request)
    viewer = _viewer(sandbox, request.query.get("viewer") or sandbox.guild.owner_id)
    state = sandbox.emulator.state
    return web.json_response(
        {
            "viewer": views.user_view(viewer.user),
            "sidebar": views.sidebar(state, sandbox.guild, viewer.user),
            "members": views.members_view(sandbox.guild),
            "roles": views.roles_view(sandbox.guild),
            "users": {str(u.id): views.display_name(u) for u in state.users.values()},
            "commands": views.commands_view(state, sandbox.guild, viewer.user),
            "now": sandbox.now().isoformat(),
            "offset_seconds": sandbox.clock.offset.total_seconds(),
            "caption": vars(sandbox.caption),
            "version": state_version(state),
        }
    )


async def messages(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    viewer = _viewer(sandbox, request.query.get("viewer"))
    channel = _channel(sandbox, request.query.get("channel"), viewer)
    shown = views.messages_for(sandbox.emulator.state, channel, viewer.user, sandbox.bot_time)
    name = "Direct messages" if channel.type == ChannelType.DM else channel.name
    return web.json_response({"channel": {"id": str(channel.id), "name": name}, "messages": shown})


async def file(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    message = sandbox.emulator.state.messages.get(int(request.match_info["message_id"]))
    wanted = request.match_info["attachment_id"]
    found = next((a for a in (message.attachments if message else []) if str(a.id) == wanted), None)
    if found is None:
        raise web.HTTPNotFound()
    kind = found.content_type or _guess(found.filename)
    return web.Response(body=found.data, content_type=kind.split(";")[0])


def _guess(filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower()
    return {
        "png": "image/png",
        "jpg": "image/jpeg",
        "ics": "text/calendar",
        "json": "application/json",
    }.get(suffix, "application/octet-stream")


def state_version(state: State) -> int:
    return state.version


def _changed(state: State, seen: int) -> Callable[[], bool]:
    return lambda: state_version(state) != seen


async def events(request: web.Request) -> web.StreamResponse:
    """Server-Sent Events: one ``changed`` event per burst of changes in the emulator."""
    sandbox = _sandbox(request)
    state = sandbox.emulator.state
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
    )
    await response.prepare(request)
    seen = state_version(state)
    with contextlib.suppress(ConnectionResetError, asyncio.CancelledError):
        while True:
            try:
                await state.wait_for(_changed(state, seen), within=KEEPALIVE, what="a change")
            except AssertionError:
                await response.write(b": keepalive\n\n")
                continue
            await asyncio.sleep(COALESCE)
            seen = state_version(state)
            await response.write(f"event: changed\ndata: {seen}\n\n".encode())
    return response


# -- acting --------------------------------------------------------------------------------


def _options(sandbox: Sandbox, channel: Channel, command: str, values: JSON) -> dict[str, Any]:
    """The page's option values, with user/channel/role ids turned into the objects the
    harness puts in ``resolved`` (as a Discord client does); empty values dropped."""
    state = sandbox.emulator.state
    name, *path = command.split()
    registered = state.find_command(name, channel.guild_id)
    if registered is None:
        raise Refused(f"/{name} is not a command here")
    types = views.option_types(registered, path)
    converted: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or value == "":
            continue
        kind = types.get(key)
        if kind in (USER, MENTIONABLE):
            member = sandbox.by_id(int(value))
            role = sandbox.guild.roles.get(int(value))
            converted[key] = member or role
        elif kind == CHANNEL:
            converted[key] = state.channels[int(value)]
        elif kind == ROLE:
            converted[key] = sandbox.guild.roles[int(value)]
        else:
            converted[key] = value
        if converted[key] is None:
            raise Refused(f"unknown value for {key}")
    return converted


def _answer(handle: InteractionHandle) -> web.Response:
    kind = handle.response_type
    return web.json_response(
        {
            "interaction_id": str(handle.record.id),
            "response": kind.name if kind is not None else None,
            "modal": handle.modal,
        }
    )


async def slash(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    data = await _json(request)
    viewer = _viewer(sandbox, data.get("viewer"))
    channel = _channel(sandbox, data.get("channel"), viewer)
    command = str(data.get("command", "")).strip().lstrip("/")
    options = _options(sandbox, channel, command, dict(data.get("options") or {}))
    handle = await sandbox.discord.slash(viewer, command, at=channel, options=options)
    return _answer(handle)


async def autocomplete(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    data = await _json(request)
    viewer = _viewer(sandbox, data.get("viewer"))
    channel = _channel(sandbox, data.get("channel"), viewer)
    command = str(data.get("command", "")).strip().lstrip("/")
    focused = str(data.get("focused", ""))
    values = dict(data.get("options") or {})
    typed = str(values.pop(focused, "") or "")
    options = _options(sandbox, channel, command, values)
    options[focused] = typed
    choices = await sandbox.discord.autocomplete(
        viewer, command, focused=focused, at=channel, options=options
    )
    return web.json_response({"choices": choices})


def _message(sandbox: Sandbox, raw: Any, viewer: Member) -> Any:
    state = sandbox.emulator.state
    message = state.messages.get(_id(raw))
    if message is None or not views.can_see(message, viewer.user):
        raise Refused("unknown message")
    _channel(sandbox, message.channel_id, viewer)
    return message


async def click(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    data = await _json(request)
    viewer = _viewer(sandbox, data.get("viewer"))
    message = _message(sandbox, data.get("message"), viewer)
    handle = await sandbox.discord.click(message, str(data.get("custom_id")), user=viewer)
    return _answer(handle)


async def select(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    data = await _json(request)
    viewer = _viewer(sandbox, data.get("viewer"))
    message = _message(sandbox, data.get("message"), viewer)
    values = [str(v) for v in data.get("values") or []]
    custom_id = str(data.get("custom_id"))
    handle = await sandbox.discord.select(message, custom_id, values, user=viewer)
    return _answer(handle)


async def submit(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    data = await _json(request)
    viewer = _viewer(sandbox, data.get("viewer"))
    raw = data.get("interaction")
    record = sandbox.emulator.state.interactions.get(_id(raw))
    if record is None or record.user.id != viewer.id or record.modal is None:
        raise Refused("no such form")
    shown = InteractionHandle(sandbox.discord, record)
    handle = await sandbox.discord.submit_modal(shown, dict(data.get("values") or {}))
    return _answer(handle)


async def say(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    data = await _json(request)
    viewer = _viewer(sandbox, data.get("viewer"))
    channel = _channel(sandbox, data.get("channel"), viewer)
    content = str(data.get("content", "")).strip()[:2000]
    if not content:
        raise Refused("nothing to send")
    message = await sandbox.discord.say(viewer, content, at=channel)
    return web.json_response({"id": str(message.id)})


async def fast_forward(request: web.Request) -> web.Response:
    """``{"hours": 24}`` moves the clock; ``{"to": "next"}`` jumps to the next queued DM."""
    sandbox = _sandbox(request)
    data = await _json(request)
    if data.get("to") == "next":
        due = await sandbox.next_due()
        if due is None:
            return web.json_response({"now": sandbox.now().isoformat(), "due": None})
        delta = due - sandbox.now() + timedelta(seconds=1)
    else:
        hours = float(data.get("hours", 0))
        if not 0 < hours <= 24 * 366:
            raise Refused("hours must be between 0 and a year")
        delta = timedelta(hours=hours)
    moved = sandbox.fast_forward(delta)
    return web.json_response({"now": moved.isoformat(), "due": True})


def web_app(sandbox: Sandbox) -> web.Application:
    app = web.Application(middlewares=[refusals])
    app[SANDBOX] = sandbox
    app.router.add_get("/", index)
    app.router.add_get("/api/world", world)
    app.router.add_get("/api/messages", messages)
    app.router.add_get("/api/events", events)
    app.router.add_get("/api/files/{message_id:\\d+}/{attachment_id:\\d+}/{name}", file)
    app.router.add_post("/api/slash", slash)
    app.router.add_post("/api/autocomplete", autocomplete)
    app.router.add_post("/api/click", click)
    app.router.add_post("/api/select", select)
    app.router.add_post("/api/modal", submit)
    app.router.add_post("/api/say", say)
    app.router.add_post("/api/fast-forward", fast_forward)
    app.router.add_static("/static/", STATIC)
    return app
