"""The emulator: one aiohttp application serving Discord's REST API and gateway, over
plain HTTP (for a bot in a subprocess, pointed at it by configuration) and over TLS as
``discord.com`` / ``gateway.discord.gg`` (for a bot in the test's own process)."""

from __future__ import annotations

from types import TracebackType
from typing import Literal

import aiohttp
from aiohttp import web

from emulator import tls
from emulator.faults import Faults
from emulator.gateway import Gateway
from emulator.gateway_schemas import GatewayShapes
from emulator.ratelimits import RateLimits
from emulator.routes import api_routes
from emulator.sharding import Sharding
from emulator.spec import OpenApiSpec
from emulator.state import State, Violation
from emulator.web import API_PREFIX, CONTEXT, Context, EmulatorConfig, api_middleware


class Emulator:
    def __init__(
        self,
        config: EmulatorConfig | None = None,
        *,
        spec: OpenApiSpec | Literal["default"] | None = "default",
    ) -> None:
        self.config = config or EmulatorConfig()
        self.state = State()
        self.faults = Faults()
        self.rate_limits = RateLimits(
            global_per_second=self.config.global_rate_limit,
            invalid_request_limit=self.config.invalid_request_limit,
        )
        # None only for tests of the documented rules themselves; the default loads the
        # shipped spec and raises SpecUnavailable when it cannot.
        self.spec = OpenApiSpec.load() if spec == "default" else spec
        self.gateway = Gateway(
            self.state,
            token=self.config.token,
            heartbeat_interval_ms=self.config.heartbeat_interval_ms,
            shapes=GatewayShapes(self.spec.registry) if self.spec is not None else None,
            latency=self.config.latency,
            privileged_intents=self.config.privileged_intents,
            sharding=Sharding(
                recommended_shards=self.config.shards,
                max_concurrency=self.config.max_concurrency,
                session_start_total=self.config.session_start_total,
                enforce_concurrency=self.config.enforce_identify_concurrency,
            ),
        )
        self.app = web.Application(middlewares=[api_middleware])
        self.app[CONTEXT] = Context(
            self.config, self.state, self.spec, self.faults, self.rate_limits, self.gateway
        )
        self.app.add_routes(api_routes())
        self.app.router.add_get("/", self.gateway.handle)
        self.app.router.add_get("/gateway", self.gateway.handle)
        self._runner: web.AppRunner | None = None
        self.http_port = 0
        self.tls_port = 0

    # -- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        runner = web.AppRunner(self.app, handle_signals=False, access_log=None, shutdown_timeout=2)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        await web.TCPSite(runner, "127.0.0.1", 0, ssl_context=tls.server_context()).start()
        self.http_port = runner.addresses[0][1]
        self.tls_port = runner.addresses[1][1]
        self._runner = runner

    async def close(self) -> None:
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Emulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    # -- how a bot reaches it ------------------------------------------------------------

    @property
    def token(self) -> str:
        return self.config.token

    @property
    def api_base_url(self) -> str:
        """For a bot in a subprocess: ``TWEETUP_DISCORD__API_BASE_URL``."""
        return f"http://127.0.0.1:{self.http_port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """For a bot in a subprocess: ``TWEETUP_DISCORD__GATEWAY_URL``."""
        return f"ws://127.0.0.1:{self.http_port}/gateway"

    def connector(self) -> aiohttp.TCPConnector:
        """For a bot in this process: reaches the emulator as discord.com, nothing else."""
        return tls.connector(self.tls_port)

    # -- what went wrong -----------------------------------------------------------------

    @property
    def in_flight(self) -> int:
        """Requests the bot made that have not had their answer yet."""
        return self.app[CONTEXT].in_flight

    @property
    def responses_validated(self) -> int:
        """How many REST answers were checked against the spec's response schemas."""
        return self.app[CONTEXT].responses_validated

    @property
    def violations(self) -> list[Violation]:
        return list(self.state.violations)

    def take_violations(self) -> list[Violation]:
        """The violations so far, forgotten (for tests that provoke them on purpose)."""
        taken = list(self.state.violations)
        self.state.violations.clear()
        return taken
