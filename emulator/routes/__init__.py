"""The REST routes, one module per resource. Paths are the spec's, so each route's
template names its OpenAPI operation."""

from __future__ import annotations

from aiohttp import web

from emulator.routes import applications, channels, guilds, interactions, reactions, users


def api_routes() -> list[web.RouteDef]:
    return [
        *users.ROUTES,
        *applications.ROUTES,
        *interactions.ROUTES,
        *channels.ROUTES,
        *reactions.ROUTES,
        *guilds.ROUTES,
    ]
