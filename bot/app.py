"""The bot object: discord.py's ``commands.Bot`` holding the settings, database and clock.

Everything it needs is passed in, so the same class runs in production, in a subprocess
against the local emulator, and in-process inside a test.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import json
import logging
import pkgutil
from types import TracebackType
from typing import Any

import aiohttp
import discord
import yarl
from discord.ext import commands

from bot.config import DiscordSection, Settings
from bot.db.checkpoint import WalCheckpoints
from bot.db.database import Database
from bot.delivery.dispatcher import Dispatcher
from bot.domain.clock import Clock
from bot.domain.places import get_gazetteer
from bot.domain.places.online import Geocoder, NominatimGeocoder, NullGeocoder
from bot.domain.shards import owns
from bot.inflight import InFlight
from bot.ops.intake import Intake
from bot.ops.metrics import Metrics
from bot.ops.server import OpsServer
from bot.ops.shutdown import stop_loops
from bot.ui.cities import warm_up
from bot.ui.errors import TweetupTree
from bot.ui.rsvp_batch import RsvpBatcher
from bot.ui.tweetups import announcement_refresher

log = logging.getLogger(__name__)

COGS_PACKAGE = "cogs"


def intents(message_content: bool = False) -> discord.Intents:
    """Only what the product uses: guild lifecycle, and guild messages so an @mention of the
    bot reaches it (with its content, which needs no privileged intent). Trip radar, when
    configured, adds the privileged MESSAGE_CONTENT and the reactions on messages."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.guild_messages = True
    wanted.message_content = message_content
    wanted.guild_reactions = message_content
    return wanted


def point_at(endpoints: DiscordSection) -> None:
    """Send REST and gateway traffic where the configuration says (the emulator, in tests).

    discord.py reads both from class attributes, so this is process-wide by nature.
    """
    discord.http.Route.BASE = endpoints.api_base_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(endpoints.gateway_url)


def cog_extensions() -> list[str]:
    """Every module of the cogs package; found by name so nothing imports the cogs."""
    spec = importlib.util.find_spec(COGS_PACKAGE)
    if spec is None or spec.submodule_search_locations is None:
        return []
    return sorted(
        f"{COGS_PACKAGE}.{module.name}"
        for module in pkgutil.iter_modules(spec.submodule_search_locations)
        if not module.name.startswith("_")
    )


def shard_options(settings: Settings) -> dict[str, Any]:
    """discord.py's sharding arguments: none unless configured ("auto" asks Discord)."""
    count = settings.bot.shard_count
    if count is None:
        return {}
    ids = settings.bot.shard_ids
    return {
        "shard_count": None if count == "auto" else count,
        "shard_ids": list(ids) if ids is not None else None,
    }


def bot_class(settings: Settings) -> type[TweetupBot]:
    """The sharded bot (one gateway connection per shard) when sharding is configured,
    else the plain one: an unconfigured bot behaves exactly as before sharding existed."""
    return ShardedTweetupBot if settings.bot.shard_count is not None else TweetupBot


# Tweetup never joins voice: the warnings about missing voice libraries are noise.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


class TweetupBot(commands.Bot):
    def __init__(
        self,
        *,
        settings: Settings,
        database: Database,
        clock: Clock,
        connector: aiohttp.BaseConnector | None = None,
        background_jobs: bool = True,
    ) -> None:
        metrics = Metrics()
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents(settings.bot.message_content_intent),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=TweetupTree,
            connector=connector,
            chunk_guilds_at_startup=False,
            member_cache_flags=discord.MemberCacheFlags.none(),
            max_messages=None,
            guild_ready_timeout=settings.discord.guild_ready_timeout,
            **shard_options(settings),
            http_trace=metrics.trace_config(),
        )
        self.metrics = metrics
        #: Every interaction enters here: named for the logs, measured, declined when stopping.
        self.intake = Intake(self)
        self.ops_server: OpsServer | None = None
        self._stopping: asyncio.Future[None] | None = None
        self.settings = settings
        self.db = database
        self.clock = clock
        self.background_jobs = background_jobs
        self.dispatcher = Dispatcher(self)
        #: SQLite's WAL checkpoints, outside every writer's COMMIT (bot.db.checkpoint).
        self.checkpoints = WalCheckpoints(database.engine)
        #: Interactions acknowledged but not finished yet: a graceful stop lets them end.
        self.in_flight = InFlight()
        #: RSVP clicks, saved in batches per tweetup.
        self.rsvps = RsvpBatcher(self)
        #: Coalesced edits of tweetup announcements after RSVP changes.
        self.announcements = announcement_refresher(self)
        self.geocoder: Geocoder = NullGeocoder()
        #: Discord refused MESSAGE_CONTENT (close 4014): running without it, radar is off.
        self.content_intent_refused = False

    async def setup_hook(self) -> None:
        await self._drop_content_intent_unless_enabled()
        port = self.settings.bot.metrics_port
        if port is not None:
            self.ops_server = OpsServer(self, host=self.settings.bot.metrics_host, port=port)
            await self.ops_server.start()
        await warm_up()
        if self.settings.places.online_geocoding:
            self.geocoder = NominatimGeocoder(
                self.settings.places.nominatim_user_agent, gazetteer=get_gazetteer()
            )
        for extension in cog_extensions():
            await self.load_extension(extension)
        if self.settings.bot.sync_commands == "auto":
            await self.sync_commands_if_changed()
        self.checkpoints.start()  # even without jobs: nothing else keeps the WAL bounded
        if self.background_jobs:
            self.dispatcher.start()

    async def sync_commands(self, guild_id: int | None = None) -> int:
        """Register the slash commands with Discord, globally or in one guild (instant)."""
        guild = discord.Object(id=guild_id) if guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        synced = await self.tree.sync(guild=guild)
        return len(synced)

    async def sync_commands_if_changed(self) -> None:
        """Sync only when the command definitions changed since the last sync.

        Discord rate-limits command registration hard, so a bot that restarts often must
        not re-register identical commands each time.
        """
        guild_id = self.settings.bot.dev_guild_id
        payload = [command.to_dict(self.tree) for command in self.tree.get_commands()]
        digest = hashlib.sha256(
            json.dumps([payload, guild_id], sort_keys=True).encode()
        ).hexdigest()
        stamp = self.settings.bot.data_dir / "commands.sha256"
        if stamp.exists() and stamp.read_text().strip() == digest:
            log.info("Slash commands unchanged since the last sync")
            return
        count = await self.sync_commands(guild_id)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(digest)
        log.info("Synced %d slash commands %s", count, f"to guild {guild_id}" if guild_id else "")

    async def _drop_content_intent_unless_enabled(self) -> None:
        """Before the first IDENTIFY, ask the application whether its Message Content toggle
        is on (its flags say so): if not, connect without the intent rather than be closed
        with 4014. A sharded bot needs this: discord.py's AutoShardedBot closes itself on
        4014 and cannot reconnect, unlike :meth:`connect`'s fallback below."""
        wanted = self._connection._intents
        if not wanted.message_content:
            return
        flags = (await self.application_info()).flags
        if flags.gateway_message_content or flags.gateway_message_content_limited:
            return
        self._refuse_content_intent()

    def _refuse_content_intent(self) -> None:
        wanted = self._connection._intents
        wanted.message_content = wanted.guild_reactions = False
        self.content_intent_refused = True
        log.warning(
            "Discord refused the Message Content intent: running without it, so trip "
            "radar is off (turn the intent on under Bot → Privileged Gateway Intents, "
            "or set bot.message_content_intent = false)"
        )

    async def connect(self, *, reconnect: bool = True) -> None:
        """Connect; when Discord refuses the privileged MESSAGE_CONTENT intent (the app's
        toggle is off, or it is not approved), connect again without it instead of stopping:
        only trip radar needs it."""
        while True:
            try:
                await super().connect(reconnect=reconnect)
                return
            except discord.PrivilegedIntentsRequired:
                wanted = self._connection._intents
                if not wanted.message_content or self.is_closed():
                    raise
                self._refuse_content_intent()

    def owns_guild(self, guild_id: int) -> bool:
        """Whether this process runs the shard that receives the guild's events.

        Guild-scoped background work that needs the gateway (its cache, posting in its
        channels) runs only on the owner; an unsharded bot owns every guild."""
        return owns(guild_id, self.shard_count, self.own_shard_ids)

    @property
    def own_shard_ids(self) -> list[int] | None:
        """The shards this process runs; None for every shard (or an unsharded bot)."""
        shard_ids: list[int] | None = getattr(self, "shard_ids", None)
        return shard_ids

    async def on_message(self, message: discord.Message, /) -> None:
        """No text commands: messages reach only the cogs' listeners (an @mention would
        otherwise be read as the command prefix)."""

    async def on_ready(self) -> None:
        user = self.user
        log.info(
            "Logged in as %s (%s) in %d guilds", user, user.id if user else "?", len(self.guilds)
        )

    async def close(self) -> None:
        """Stop once: SIGTERM's handler and ``async with bot`` both call this, and a second
        concurrent run would dispose the database under the first (which ``asyncio.run``
        then cancels mid-close)."""
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop())
        await asyncio.shield(self._stopping)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # discord.py's own exit waits only for its part of close(): the database would be
        # disposed after ``asyncio.run`` returned, cancelled half way.
        await self.close()

    def _cancel_ready_delay(self) -> None:
        """After each READY discord.py waits guild_ready_timeout for the GUILD_CREATEs, then
        dispatches on_ready; its close() does not cancel that wait, which then fires on a
        closed client (AttributeError, "Task exception was never retrieved"). A shutdown
        just after a READY or a re-IDENTIFY (an invalid session, a reconnect) hit it."""
        ready_delay: asyncio.Task[None] | None = getattr(self._connection, "_ready_task", None)
        if ready_delay is not None:
            ready_delay.cancel()

    async def _stop(self) -> None:
        # New interactions get a short "restarting" answer; those under way may finish.
        self.intake.stop_accepting()
        if not await self.intake.drain(grace=10.0):
            log.warning("Stopping with %d interactions still being handled", self.intake.handling)
        if not await self.in_flight.drain(grace=10.0):
            log.warning("Stopping with %d interactions unfinished", len(self.in_flight))
        await self.announcements.close()  # the last counts are shown before going away
        self._cancel_ready_delay()
        await self.dispatcher.stop()
        await stop_loops(self, grace=10.0)
        await super().close()
        # Again: the gateway stayed open while the dispatcher and loops stopped, and a
        # READY that came meanwhile (a bot started moments before) began a new wait.
        self._cancel_ready_delay()
        await self.checkpoints.stop()
        await self.db.dispose()
        if self.ops_server is not None:
            await self.ops_server.close()


class ShardedTweetupBot(TweetupBot, commands.AutoShardedBot):
    """``TweetupBot`` over ``AutoShardedBot``: the shards in ``bot.shard_ids`` of
    ``bot.shard_count``, each its own gateway connection, in one process."""
