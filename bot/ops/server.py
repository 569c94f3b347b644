"""The optional HTTP endpoint: ``/healthz`` for supervisors and ``/metrics`` for Prometheus.

Served by aiohttp on the bot's own event loop (no thread, no second framework), on
``bot.metrics_host:bot.metrics_port``. It reads the bot's state and never changes it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.ops import health

if TYPE_CHECKING:
    from bot.app import TweetupBot

log = logging.getLogger(__name__)


class OpsServer:
    def __init__(self, bot: TweetupBot, *, host: str, port: int) -> None:
        self.bot = bot
        self.host = host
        self.port = port
        app = web.Application()
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/metrics", self.metrics)
        self._runner = web.AppRunner(app, access_log=None)

    async def start(self) -> None:
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        if sockets:  # port 0 asks the system for a free one: tell which
            self.port = int(sockets[0].getsockname()[1])
        log.info("Serving /healthz and /metrics on http://%s:%d", self.host, self.port)

    async def close(self) -> None:
        await self._runner.cleanup()

    async def healthz(self, request: web.Request) -> web.Response:
        result = await health.check(self.bot)
        return web.json_response(result.as_json(), status=200 if result.ok else 503)

    async def metrics(self, request: web.Request) -> web.Response:
        body = await self.bot.metrics.render(self.bot)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})
