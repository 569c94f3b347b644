"""``run``: start the bot."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import os
import signal
import sys
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.cli.common import Subparsers, settings_or_exit
from bot.config import TOKEN_ENV, Settings

if TYPE_CHECKING:
    from bot.app import TweetupBot

#: Longest start-up with the garbage collector off, should READY not come (see serve).
GC_PAUSE = 60.0

NO_TOKEN_HELP = f"""\
Tweetup needs a Discord bot token, read from the {TOKEN_ENV} environment variable.

  1. Open https://discord.com/developers/applications and create an application.
  2. Under "Bot", press "Reset Token" and copy the token.
  3. Start the bot with the token in its environment, for example:
       export {TOKEN_ENV}='paste-the-token-here'
       scripts/run
  4. Invite it to your server with the link printed by: scripts/run invite

The token is a password: keep it out of config files and chat.

No token yet? Try Tweetup in your browser first: scripts/run demo"""


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "run",
        help="start the bot",
        description=f"Connect to Discord and serve commands until stopped. Needs {TOKEN_ENV}. "
        "Migrates the embedded SQLite database at start (see database.auto_migrate).",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        print(NO_TOKEN_HELP, file=sys.stderr)
        return 2
    settings = settings_or_exit(args)
    if settings is None:
        return 2
    import discord

    from bot.ops import logs

    level = getattr(logging, settings.bot.log_level)
    logs.setup(settings.bot.log_format, level, secrets=(token,))
    # Alembic narrates every plugin it loads; only its warnings matter when the bot starts.
    logging.getLogger("alembic").setLevel(max(level, logging.WARNING))
    try:
        return asyncio.run(serve(settings, token))
    except discord.LoginFailure:
        print(
            f"Discord rejected the token in {TOKEN_ENV}: check that you copied the bot token "
            "(not the client secret) and that it was not reset since.",
            file=sys.stderr,
        )
        return 2
    except discord.PrivilegedIntentsRequired:
        # Only MESSAGE_CONTENT is ever asked for, and a refusal of it is handled in the bot
        # (it connects again without it): reaching here means another was asked for.
        print("Discord refused a privileged intent the bot asked for.", file=sys.stderr)
        return 2
    except DiscordUnreachable as error:
        print(error, file=sys.stderr)
        return 3


class DiscordUnreachable(Exception):
    """Logging in or opening the gateway failed at the network level (no network, DNS, proxy)."""

    def __init__(self, settings: Settings, cause: BaseException) -> None:
        reason = str(cause).strip() or type(cause).__name__
        super().__init__(
            f"Cannot reach Discord at {settings.discord.api_base_url} ({reason}). "
            "Check the network connection (and any proxy or firewall), then start again."
        )


async def serve(settings: Settings, token: str) -> int:
    import aiohttp
    import discord

    from bot.app import bot_class, point_at
    from bot.db import migrate
    from bot.db.database import Database
    from bot.domain.clock import SystemClock

    log = logging.getLogger("bot")
    point_at(settings.discord)
    if settings.should_auto_migrate:
        if await migrate.upgrade_if_behind(settings.database_url):
            log.info("Database migrated to the newest schema")
        log.info("Database schema is up to date")
    clock = SystemClock(timedelta(seconds=settings.bot.clock_offset_seconds))
    bot = bot_class(settings)(
        settings=settings, database=Database.from_url(settings.database_url), clock=clock
    )
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, lambda: asyncio.ensure_future(bot.close()))
    async with bot:
        collector = asyncio.create_task(resume_collection(bot), name="tweetup-gc-resume")
        try:
            await bot.start(token)
        except (OSError, TimeoutError, aiohttp.ClientError, discord.GatewayNotFound) as error:
            raise DiscordUnreachable(settings, error) from None
        finally:
            collector.cancel()
    log.info("Stopped")
    return 0


async def resume_collection(bot: TweetupBot) -> None:
    """Turn the garbage collector back on once connected (or after ``GC_PAUSE`` seconds).

    ``python -m bot`` starts with it off (bot/__main__.py): the start-up creates about a
    million objects that live as long as the process (modules, classes, SQLAlchemy and
    pydantic metadata, the command tree), and the collector walked them all several times
    while there was nothing to free (~0.25 s of a start's CPU). Frozen then (``gc.freeze``),
    they stay out of every later collection, which only sees what the bot allocates after.
    """
    try:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(bot.wait_until_ready(), GC_PAUSE)
    finally:
        gc.freeze()
        gc.enable()
