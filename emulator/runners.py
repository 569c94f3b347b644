"""Running the real bot against the emulator: in this process, or as ``python -m bot run``.

In-process, the bot gets an aiohttp connector that reaches the emulator as
``discord.com`` over TLS (nothing in discord.py is patched or re-pointed). In a
subprocess, the bot is configured through the environment exactly as an operator would,
and can be killed with SIGKILL and started again on the same database.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import discord
import yarl

from emulator.server import Emulator

if TYPE_CHECKING:
    from discord.ext import commands

    from bot.app import TweetupBot
    from bot.domain.clock import Clock

#: How long a starting bot may take to log in, sync and connect.
START_WITHIN = 60.0  # generous: a loaded CI machine starts a bot process slowly
#: In tests the bot waits this long for GUILD_CREATEs after READY.
GUILD_READY_TIMEOUT = 0.1
ERROR_LINE = re.compile(r"^\[[^\]]+\] \[(ERROR|CRITICAL)\s*\]")


@dataclass
class BotConfig:
    """How a test wants its bot: override the ``bot_config`` fixture to change it.

    ``cogs`` are factories of test-only cogs, added before the commands are synced
    (in-process only). ``settings`` are extra configuration sections, e.g.
    ``{"defaults": {"radius_km": 10}}``. ``clock`` is what the bot reads as ``bot.clock``
    (in-process only; a subprocess uses the system clock shifted by
    ``bot.clock_offset_seconds``).
    """

    cogs: Sequence[Callable[[TweetupBot], commands.Cog]] = ()
    clock: Clock | None = None
    settings: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    database_url: str | None = None
    env: Mapping[str, str] = field(default_factory=dict)


def _sections(config: BotConfig, data_dir: Path) -> dict[str, dict[str, Any]]:
    sections: dict[str, dict[str, Any]] = {
        "bot": {"data_dir": data_dir, "sync_commands": "auto"},
        "discord": {"guild_ready_timeout": GUILD_READY_TIMEOUT},
    }
    for name, values in config.settings.items():
        sections.setdefault(name, {}).update(values)
    return sections


class InProcessBot:
    """A ``TweetupBot`` object on the test's event loop; ``kill`` is a close here."""

    mode = "in-process"

    def __init__(
        self, emulator: Emulator, config: BotConfig, *, data_dir: Path, database_url: str
    ) -> None:
        self.emulator = emulator
        self.config = config
        self.data_dir = data_dir
        self.database_url = database_url
        self.bot: TweetupBot | None = None
        self._task: asyncio.Task[None] | None = None
        self._saved: tuple[str, yarl.URL] | None = None

    async def start(self) -> None:
        from bot.app import bot_class
        from bot.config import Settings
        from bot.db.database import Database
        from bot.domain.clock import SystemClock

        # Validated like a config file, but hermetic: the developer's TWEETUP_* variables
        # do not leak into in-process tests.
        sections = _sections(self.config, self.data_dir)
        sections.setdefault("database", {}).setdefault("url", self.database_url)
        settings = Settings.model_validate(sections)
        bot = bot_class(settings)(
            settings=settings,
            database=Database.from_url(self.database_url),
            clock=self.config.clock or SystemClock(),
            connector=self.emulator.connector(),
        )
        cogs = list(self.config.cogs)
        product_setup = bot.setup_hook

        async def setup_hook() -> None:
            for factory in cogs:
                await bot.add_cog(factory(bot))
            await product_setup()

        bot.setup_hook = setup_hook  # type: ignore[method-assign]
        ready = asyncio.Event()

        async def on_ready() -> None:
            ready.set()

        bot.add_listener(on_ready, "on_ready")
        self._pin_discord_endpoints()
        self.bot = bot
        self._task = asyncio.create_task(bot.start(self.emulator.token), name="tweetup-bot")
        waiter = asyncio.create_task(ready.wait())
        done, _ = await asyncio.wait(
            {self._task, waiter}, timeout=START_WITHIN, return_when=asyncio.FIRST_COMPLETED
        )
        if waiter not in done:
            waiter.cancel()
            task = self._task
            if task in done:
                await self._finish()
                raise RuntimeError("the bot stopped while starting") from task.exception()
            await self.stop()
            raise TimeoutError(f"the bot was not ready within {START_WITHIN}s")

    def _pin_discord_endpoints(self) -> None:
        """discord.py's endpoints are class attributes; make sure they are Discord's own,
        which the connector maps to the emulator (and restore them afterwards)."""
        self._saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
        discord.http.Route.BASE = "https://discord.com/api/v10"
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL("wss://gateway.discord.gg/")

    async def stop(self) -> None:
        if self.bot is not None:
            await self.bot.close()
        await self._finish()

    async def kill(self) -> None:
        await self.stop()

    async def _finish(self) -> None:
        if self._task is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._task, 10)
            self._task = None
        if self._saved is not None:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._saved
            self._saved = None
        self.bot = None

    def logged_errors(self) -> list[str]:
        return []  # in-process errors are caught by the logging handler of the fixture


class SubprocessBot:
    """``python -m bot run`` configured by environment variables, as in production."""

    mode = "subprocess"

    def __init__(
        self, emulator: Emulator, config: BotConfig, *, data_dir: Path, database_url: str
    ) -> None:
        self.emulator = emulator
        self.config = config
        self.data_dir = data_dir
        self.database_url = database_url
        self.log_path = data_dir.parent / "bot-subprocess.log"
        self.process: asyncio.subprocess.Process | None = None
        self._log: IO[bytes] | None = None
        self.starts = 0

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TWEETUP_")}
        env.update(
            {
                "DISCORD_TOKEN": self.emulator.token,
                "TWEETUP_DISCORD__API_BASE_URL": self.emulator.api_base_url,
                "TWEETUP_DISCORD__GATEWAY_URL": self.emulator.gateway_url,
                "TWEETUP_DISCORD__GUILD_READY_TIMEOUT": str(GUILD_READY_TIMEOUT),
                "TWEETUP_DATABASE__URL": self.database_url,
                "TWEETUP_BOT__DATA_DIR": str(self.data_dir),
                "TWEETUP_BOT__LOG_LEVEL": "INFO",
                "PYTHONUNBUFFERED": "1",
            }
        )
        for section, values in self.config.settings.items():
            for key, value in values.items():
                text = str(value) if isinstance(value, str | Path) else json.dumps(value)
                env[f"TWEETUP_{section.upper()}__{key.upper()}"] = text
        env.update(self.config.env)
        return env

    async def start(self) -> None:
        identified = self.emulator.gateway.identifies
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        self._log.write(f"===== start #{self.starts + 1} =====\n".encode())
        self._log.flush()
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            env=self.environment(),
            cwd=self.data_dir.parent,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=self._log,
            stderr=asyncio.subprocess.STDOUT,
        )
        self.starts += 1
        exited = asyncio.create_task(self.process.wait())
        connected = asyncio.create_task(
            self.emulator.gateway.wait_connected(START_WITHIN, identifies=identified + 1)
        )
        done, _ = await asyncio.wait({exited, connected}, return_when=asyncio.FIRST_COMPLETED)
        if connected not in done:
            connected.cancel()
            await self._closed()
            raise RuntimeError(f"the bot process exited while starting:\n{self.log()[-3000:]}")
        exited.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await exited
        await connected

    async def kill(self) -> None:
        """SIGKILL: no cleanup at all, like a crash or an OOM kill."""
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL)
        await self._closed()

    async def stop(self) -> None:
        """SIGTERM, then SIGKILL if it does not stop within 10 s."""
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 10)
            except TimeoutError:
                self.process.send_signal(signal.SIGKILL)
        await self._closed()

    async def _closed(self) -> None:
        if self.process is not None:
            await self.process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def logged_errors(self) -> list[str]:
        """ERROR lines (with what follows them, e.g. a traceback) from the bot's log."""
        found: list[str] = []
        lines = self.log().splitlines()
        for index, line in enumerate(lines):
            if ERROR_LINE.match(line):
                tail = [line]
                for following in lines[index + 1 : index + 30]:
                    if following.startswith("["):
                        break
                    tail.append(following)
                found.append("\n".join(tail))
        return found


BotRunner = InProcessBot | SubprocessBot
