"""Prometheus metrics of one bot process, in its own registry.

Counters are bumped where things happen (the interaction intake, the DM dispatcher, every
HTTP response from Discord through an aiohttp trace hook); gauges that describe state (the
outbox backlog, gateway latency) are computed when Prometheus scrapes, so an idle bot does
no work for them. A registry per bot keeps two bots in one test process apart.
"""

from __future__ import annotations

import asyncio
import logging
import math
from typing import TYPE_CHECKING

import aiohttp
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from bot.ops.links import gateway_links
from bot.services import outbox_stats

if TYPE_CHECKING:
    from bot.app import TweetupBot

log = logging.getLogger(__name__)

#: Seconds from an interaction's arrival to the end of its handling. Discord wants the first
#: answer within 3 s; most handlers end well under a second.
LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0)
#: A scrape never waits longer than this on the database.
BACKLOG_TIMEOUT = 2.0


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.interactions = Counter(
            "tweetup_interactions",
            "Interactions handled, by command (or component) and outcome: ok, rejected (a "
            "friendly refusal), error (a bug), declined (arrived while stopping), unhandled.",
            ["command", "outcome"],
            registry=r,
        )
        self.interaction_seconds = Histogram(
            "tweetup_interaction_duration_seconds",
            "Time from an interaction's arrival to the end of its handling.",
            ["command"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.dms = Counter(
            "tweetup_dms",
            "Direct messages sent, and send attempts that failed.",
            ["result"],
            registry=r,
        )
        self.outbox_finished = Counter(
            "tweetup_outbox_finished",
            "Outbox messages settled, by final status (sent, skipped, unreachable, failed).",
            ["status"],
            registry=r,
        )
        self.discord_responses = Counter(
            "tweetup_discord_responses",
            "HTTP responses from Discord's API, by status code.",
            ["status"],
            registry=r,
        )
        self.rate_limited = Counter(
            "tweetup_discord_rate_limited",
            "HTTP 429 answers from Discord, by X-RateLimit-Scope (user, global, shared).",
            ["scope"],
            registry=r,
        )
        self.outbox_due = Gauge(
            "tweetup_outbox_due", "Outbox messages due and not sent yet.", registry=r
        )
        self.outbox_scheduled = Gauge(
            "tweetup_outbox_scheduled", "Outbox messages waiting for a later time.", registry=r
        )
        self.outbox_oldest_due_age = Gauge(
            "tweetup_outbox_oldest_due_age_seconds",
            "How long the longest-waiting due outbox message has been due (0 when none).",
            registry=r,
        )
        self.gateway_latency = Gauge(
            "tweetup_gateway_latency_seconds",
            "Heartbeat round trip of each gateway connection (shard).",
            ["shard"],
            registry=r,
        )
        self.gateway_connected = Gauge(
            "tweetup_gateway_connected",
            "1 while the shard's gateway connection is open.",
            ["shard"],
            registry=r,
        )
        self.in_flight = Gauge(
            "tweetup_interactions_in_flight", "Interactions being handled now.", registry=r
        )

    def trace_config(self) -> aiohttp.TraceConfig:
        """Hooks for the bot's HTTP session: count every answer, and 429s by scope
        (discord.py waits them out silently, so they are invisible otherwise)."""
        trace = aiohttp.TraceConfig()

        async def on_request_end(
            session: aiohttp.ClientSession,
            context: object,
            params: aiohttp.TraceRequestEndParams,
        ) -> None:
            status = params.response.status
            self.discord_responses.labels(str(status)).inc()
            if status == 429:
                scope = params.response.headers.get("X-RateLimit-Scope", "unknown")
                self.rate_limited.labels(scope).inc()

        trace.on_request_end.append(on_request_end)
        return trace

    async def render(self, bot: TweetupBot) -> bytes:
        """The text exposition, with the state gauges brought up to date first."""
        for shard, connected, latency in gateway_links(bot):
            self.gateway_connected.labels(str(shard)).set(1 if connected else 0)
            if math.isfinite(latency):
                self.gateway_latency.labels(str(shard)).set(latency)
        self.in_flight.set(bot.intake.handling)
        try:
            await asyncio.wait_for(self._read_backlog(bot), BACKLOG_TIMEOUT)
        except Exception as error:  # the scrape still answers; /healthz names the database
            log.warning("Outbox backlog unavailable for /metrics: %s", type(error).__name__)
            for gauge in (self.outbox_due, self.outbox_scheduled, self.outbox_oldest_due_age):
                gauge.set(math.nan)
        return generate_latest(self.registry)

    async def _read_backlog(self, bot: TweetupBot) -> None:
        now = bot.clock.now()
        async with bot.db.read_session() as session:
            backlog = await outbox_stats.backlog(session=session, now=now)
        self.outbox_due.set(backlog.due)
        self.outbox_scheduled.set(backlog.scheduled)
        oldest = backlog.oldest_due_at
        self.outbox_oldest_due_age.set(
            0.0 if oldest is None else max(0.0, (now - oldest).total_seconds())
        )
