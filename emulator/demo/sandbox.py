"""The demo's moving parts in one object: emulator, real bot, web client, demo clock.

The bot is the product's ``TweetupBot`` with the product's cogs, logged into the emulator
over real HTTP and a real gateway (the same way the end-to-end tests run it). Its clock is
the system clock plus an offset the page can push forward, so reminders that are due in
two days can be seen now: the dispatcher is woken after each jump, exactly as the tests
do with ``ManualClock``.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiohttp import web

from bot.domain.clock import SystemClock
from bot.domain.places import get_gazetteer
from emulator.demo.views import display_name
from emulator.harness import DiscordHarness
from emulator.models import Channel, Member
from emulator.runners import BotConfig, InProcessBot
from emulator.server import Emulator
from emulator.web import EmulatorConfig

log = logging.getLogger(__name__)

SERVER_NAME = "Tweetup Demo"
#: Who is there without ``--seed``: the owner first (an admin who may announce tweetups).
STARTER_MEMBERS = ("Ana", "Bo", "Chen", "Dara", "Emil")


@dataclass
class Caption:
    """What the tour says right now (shown above the page)."""

    step: int = 0
    total: int = 0
    text: str = ""
    #: Whom and where the page should show (ids), so the visitor sees what the text says.
    viewer: str | None = None
    channel: str | None = None


class Sandbox:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.emulator = Emulator(EmulatorConfig())  # the shipped spec; raises if unreadable
        self.discord = DiscordHarness(self.emulator, within=15.0)
        self.clock = SystemClock()
        self.caption = Caption()
        self.members: dict[str, Member] = {}
        self.guild = self.discord.guild
        self.guild.name = SERVER_NAME
        owner = self.emulator.state.users[self.guild.owner_id]
        owner.username, owner.global_name = "ana", "Ana"
        self.members["ana"] = self.guild.members[owner.id]
        self.general: Channel = self.discord.channel
        self.meetups: Channel = self.discord.add_channel("meetups")
        #: (real instant, offset from then on): to show messages at the bot's time.
        self.jumps: list[tuple[datetime, timedelta]] = []
        self._site: web.AppRunner | None = None
        self.port = 0

    # -- people ------------------------------------------------------------------------

    def member(self, name: str) -> Member:
        """The member called ``name`` (case-insensitive), created on first use."""
        key = name.lower()
        if key not in self.members:
            self.members[key] = self.discord.add_member(key)
            self.members[key].user.global_name = name
        return self.members[key]

    def by_id(self, user_id: int) -> Member | None:
        return self.guild.members.get(user_id)

    def names(self) -> list[str]:
        return [display_name(m.user) for m in self.members.values()]

    # -- time --------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock.now()

    def fast_forward(self, delta: timedelta) -> datetime:
        """Move the bot's clock forward and let the dispatcher send what became due."""
        if delta > timedelta(0):
            self.clock.offset += delta
            self.jumps.append((datetime.now(UTC), self.clock.offset))
        bot = self.discord.bot
        if bot is not None:
            bot.dispatcher.wake()
        self.emulator.state.notify()
        return self.clock.now()

    def bot_time(self, real: datetime) -> datetime:
        """The bot's clock at a real instant (messages are stamped in real time)."""
        offset = timedelta(0)
        for moment, after in self.jumps:
            if moment <= real:
                offset = after
        return real + offset

    async def next_due(self) -> datetime | None:
        """When the bot's next queued DM (a reminder, a digest, a notice) is due."""
        from bot.services import outbox

        bot = self.discord.bot
        if bot is None:
            return None
        async with bot.db.read_session() as session:
            due = await outbox.next_due_at(session=session)
        return due if due is None or due.tzinfo else due.replace(tzinfo=self.now().tzinfo)

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self, *, port: int, seed: str | None) -> None:
        from bot.db import migrate
        from emulator.demo.api import web_app

        # The page's port first: a port in use fails at once, before anything else starts.
        site = web.AppRunner(
            web_app(self), handle_signals=False, access_log=None, shutdown_timeout=1
        )
        await site.setup()
        self._site = site
        await web.TCPSite(site, "127.0.0.1", port).start()
        self.port = site.addresses[0][1]
        self.data_dir.mkdir(parents=True, exist_ok=True)
        database = self.data_dir / "tweetup.sqlite3"
        for suffix in ("", "-wal", "-shm", "-journal"):  # every demo starts empty
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        (self.data_dir / "commands.sha256").unlink(missing_ok=True)
        url = f"sqlite+aiosqlite:///{database.as_posix()}"
        await migrate.upgrade(url)
        # The city index takes seconds to build on a first start: before the bot's start,
        # which has a time limit.
        await asyncio.to_thread(get_gazetteer)
        await self.emulator.start()
        for name in STARTER_MEMBERS[1:]:
            self.member(name)
        runner = InProcessBot(
            self.emulator,
            BotConfig(clock=self.clock, database_url=url),
            data_dir=self.data_dir,
            database_url=url,
        )
        await self.discord.start_bot(runner)
        if seed == "community":
            from emulator.demo.seed import seed_community

            await seed_community(self)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    async def close(self) -> None:
        if self._site is not None:
            await self._site.cleanup()
            self._site = None
        await self.discord.stop_bot()
        await self.emulator.close()
        for violation in self.emulator.take_violations():
            log.warning("The bot broke a Discord rule: %s", violation)

    async def serve_forever(self) -> None:
        await asyncio.Event().wait()
