"""The application and its slash commands (global and per guild)."""

from __future__ import annotations

from aiohttp import web

from emulator.gateway import GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT
from emulator.routes.common import api, snowflake
from emulator.web import EmulatorConfig, body, context, error, not_found, reply

#: Application flags for the privileged intents of an app in fewer than 100 servers.
LIMITED_FLAGS = {
    GUILD_PRESENCES: 1 << 13,  # GATEWAY_PRESENCE_LIMITED
    GUILD_MEMBERS: 1 << 15,  # GATEWAY_GUILD_MEMBERS_LIMITED
    MESSAGE_CONTENT: 1 << 19,  # GATEWAY_MESSAGE_CONTENT_LIMITED
}


def application_flags(config: EmulatorConfig) -> int:
    """What the developer portal's intent toggles show in the application's flags."""
    if config.application_flags is not None:
        return config.application_flags
    return sum(flag for intent, flag in LIMITED_FLAGS.items() if config.privileged_intents & intent)


async def get_application(request: web.Request) -> web.Response:
    ctx = context(request)
    state = ctx.state
    flags = application_flags(ctx.config)
    owner = state.guilds[next(iter(state.guilds))].owner_id if state.guilds else state.bot.id
    return reply(
        {
            "id": str(state.application_id),
            "name": state.bot.username,
            "icon": None,
            "description": "Emulated application",
            "summary": "",
            "type": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "flags": flags,
            "flags_new": str(flags),
            "owner": state.users[owner].payload(),
            "team": None,
            "bot": state.bot.payload(),
            "interactions_endpoint_url": None,
            "redirect_uris": [],
            "tags": [],
            "approximate_guild_count": len(state.guilds),
            "approximate_user_install_count": 0,
            "approximate_user_authorization_count": 0,
            "role_connections_verification_url": None,
            "explicit_content_filter": 0,
            "eligible_oauth2_scopes": ["bot", "applications.commands"],
        }
    )


def _scope(request: web.Request) -> int | web.Response | None:
    """The guild id of a guild route (None for global), or the error to answer."""
    state = context(request).state
    if snowflake(request, "application_id") != state.application_id:
        return error(403, 50001, "Missing Access")
    if "guild_id" not in request.match_info:
        return None
    guild_id = snowflake(request, "guild_id")
    if guild_id not in state.guilds:
        return error(403, 50001, "Missing Access")
    return guild_id


async def list_commands(request: web.Request) -> web.Response:
    scope = _scope(request)
    if isinstance(scope, web.Response):
        return scope
    commands = context(request).state.commands_for(scope)
    return reply([command.payload() for command in commands])


async def bulk_set_commands(request: web.Request) -> web.Response:
    scope = _scope(request)
    if isinstance(scope, web.Response):
        return scope
    definitions = body(request).json or []
    if not isinstance(definitions, list):
        return error(400, 50035, "Invalid Form Body")
    commands = context(request).state.set_commands(scope, [d for d in definitions if d])
    return reply([command.payload() for command in commands])


async def get_command(request: web.Request) -> web.Response:
    scope = _scope(request)
    if isinstance(scope, web.Response):
        return scope
    command = context(request).state.commands.get(snowflake(request, "command_id"))
    if command is None or command.guild_id != scope:
        return not_found(10063, "application command")
    return reply(command.payload())


ROUTES = [
    api("GET", "/applications/@me", get_application),
    api("GET", "/oauth2/applications/@me", get_application),
    api("GET", "/applications/{application_id}/commands", list_commands),
    api("PUT", "/applications/{application_id}/commands", bulk_set_commands),
    api("GET", "/applications/{application_id}/commands/{command_id}", get_command),
    api("GET", "/applications/{application_id}/guilds/{guild_id}/commands", list_commands),
    api("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", bulk_set_commands),
    api(
        "GET",
        "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}",
        get_command,
    ),
]
