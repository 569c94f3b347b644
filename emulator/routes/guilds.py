"""Guilds, members and scheduled events."""

from __future__ import annotations

from aiohttp import web

from emulator import events
from emulator.models import Guild, ScheduledEvent
from emulator.routes.common import api, json_body, snowflake
from emulator.rules import FieldError, invalid_form_body
from emulator.web import context, error, no_content, not_found, reply

#: Fields of a scheduled event that the bot may set (Discord ignores the rest).
EVENT_FIELDS = (
    "name",
    "description",
    "scheduled_start_time",
    "scheduled_end_time",
    "privacy_level",
    "entity_type",
    "channel_id",
    "entity_metadata",
    "image",
    "recurrence_rule",
)


def _guild(request: web.Request) -> Guild | web.Response:
    state = context(request).state
    guild = state.guilds.get(snowflake(request, "guild_id"))
    if guild is None or state.bot.id not in guild.members:
        return not_found(10004, "Guild")
    return guild


async def get_guild(request: web.Request) -> web.Response:
    guild = _guild(request)
    if isinstance(guild, web.Response):
        return guild
    payload = context(request).state.guild_create_payload(guild)
    for gateway_only in GATEWAY_ONLY:
        payload.pop(gateway_only, None)
    payload.update(REST_DEFAULTS)
    if request.query.get("with_counts", "").lower() == "true":
        payload["approximate_member_count"] = len(guild.members)
        payload["approximate_presence_count"] = 0
    return reply(payload)


#: What GUILD_CREATE carries and the REST guild object does not.
GATEWAY_ONLY = (
    "members", "channels", "threads", "presences", "voice_states", "joined_at", "large",
    "unavailable", "member_count", "guild_scheduled_events", "stage_instances",
    "soundboard_sounds",
)  # fmt: skip
#: Fields the REST guild object always has (Discord's OpenAPI spec requires them), with the
#: values of a plain community-less server.
REST_DEFAULTS = {
    "home_header": None,
    "incidents_data": None,
    "max_presences": None,
    "max_stage_video_channel_users": 50,
    "max_video_channel_users": 25,
    "nsfw": False,
    "premium_progress_bar_enabled": False,
    "region": "deprecated",
    "safety_alerts_channel_id": None,
    "widget_channel_id": None,
    "widget_enabled": False,
}


async def get_member(request: web.Request) -> web.Response:
    guild = _guild(request)
    if isinstance(guild, web.Response):
        return guild
    member = guild.members.get(snowflake(request, "user_id"))
    return reply(member.payload()) if member else not_found(10007, "Member")


def _can_manage_events(
    request: web.Request, guild: Guild, event: ScheduledEvent | None = None
) -> web.Response | None:
    if not events.may_edit(guild, context(request).state, event):
        return error(403, 50013, "Missing Permissions")
    return None


def _advance(request: web.Request) -> None:
    """Events start and end by themselves when the (test) clock passes their times."""
    ctx = context(request)
    for event in events.advance(ctx.state, ctx.state.clock()):
        payload = event.payload(ctx.state.users.get(event.creator_id))
        ctx.gateway.dispatch("GUILD_SCHEDULED_EVENT_UPDATE", payload, guild_id=event.guild_id)
    ctx.state.notify()


def _invalid(problems: list[FieldError]) -> web.Response:
    return reply(invalid_form_body(problems), 400)


def _event_payload(request: web.Request, event: ScheduledEvent) -> dict[str, object]:
    state = context(request).state
    return event.payload(state.users.get(event.creator_id))


async def list_events(request: web.Request) -> web.Response:
    _advance(request)
    guild = _guild(request)
    if isinstance(guild, web.Response):
        return guild
    state = context(request).state
    events = [state.scheduled_events[i] for i in guild.scheduled_event_ids]
    return reply([_event_payload(request, event) for event in events])


async def create_event(request: web.Request) -> web.Response:
    ctx = context(request)
    guild = _guild(request)
    if isinstance(guild, web.Response):
        return guild
    refused = _can_manage_events(request, guild)
    if refused is not None:
        return refused
    data = json_body(request)
    fields = {name: data[name] for name in EVENT_FIELDS if name in data}
    problems = events.check_fields(fields, ctx.state.clock(), creating=True)
    if problems:
        return _invalid(problems)
    event = ctx.state.add_scheduled_event(guild, ctx.state.bot, fields)
    payload = _event_payload(request, event)
    ctx.gateway.dispatch("GUILD_SCHEDULED_EVENT_CREATE", payload, guild_id=guild.id)
    return reply(payload)


def _event(request: web.Request, guild: Guild) -> ScheduledEvent | web.Response:
    event = context(request).state.scheduled_events.get(
        snowflake(request, "guild_scheduled_event_id")
    )
    if event is None or event.guild_id != guild.id:
        return not_found(10070, "Guild Scheduled Event")
    return event


async def get_event(request: web.Request) -> web.Response:
    _advance(request)
    guild = _guild(request)
    if isinstance(guild, web.Response):
        return guild
    event = _event(request, guild)
    return event if isinstance(event, web.Response) else reply(_event_payload(request, event))


async def update_event(request: web.Request) -> web.Response:
    ctx = context(request)
    _advance(request)
    guild = _guild(request)
    if isinstance(guild, web.Response):
        return guild
    event = _event(request, guild)
    if isinstance(event, web.Response):
        return event
    refused = _can_manage_events(request, guild, event)
    if refused is not None:
        return refused
    if event.status in events.FINISHED:
        return error(400, 180000, "Cannot update a finished event")
    data = json_body(request)
    changes = {name: data[name] for name in EVENT_FIELDS if name in data}
    problems = events.check_update(event, data) + events.check_fields(
        {**event.fields, **changes}, ctx.state.clock(), creating=False
    )
    if problems:
        return _invalid(problems)
    event.fields.update(changes)
    if isinstance(data.get("status"), int):
        event.status = data["status"]
    ctx.state.notify()
    payload = _event_payload(request, event)
    ctx.gateway.dispatch("GUILD_SCHEDULED_EVENT_UPDATE", payload, guild_id=guild.id)
    return reply(payload)


async def delete_event(request: web.Request) -> web.Response:
    ctx = context(request)
    guild = _guild(request)
    if isinstance(guild, web.Response):
        return guild
    event = _event(request, guild)
    if isinstance(event, web.Response):
        return event
    refused = _can_manage_events(request, guild, event)
    if refused is not None:
        return refused
    payload = _event_payload(request, event)
    del ctx.state.scheduled_events[event.id]
    guild.scheduled_event_ids.remove(event.id)
    ctx.state.notify()
    ctx.gateway.dispatch("GUILD_SCHEDULED_EVENT_DELETE", payload, guild_id=guild.id)
    return no_content()


EVENTS = "/guilds/{guild_id}/scheduled-events"
ROUTES = [
    api("GET", "/guilds/{guild_id}", get_guild),
    api("GET", "/guilds/{guild_id}/members/{user_id}", get_member),
    api("GET", EVENTS, list_events),
    api("POST", EVENTS, create_event),
    api("GET", EVENTS + "/{guild_scheduled_event_id}", get_event),
    api("PATCH", EVENTS + "/{guild_scheduled_event_id}", update_event),
    api("DELETE", EVENTS + "/{guild_scheduled_event_id}", delete_event),
]
