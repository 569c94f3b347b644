"""``sync``: register the slash commands with Discord without starting the gateway."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

from bot.cli.common import Subparsers, settings_or_exit
from bot.cli.run import NO_TOKEN_HELP
from bot.config import TOKEN_ENV, Settings


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "sync",
        help="register the slash commands globally or in one server",
        description="Register the slash commands. Global registration can take a while to "
        "show in clients; --guild makes them appear in that server at once (for testing).",
    )
    parser.add_argument("--guild", type=int, metavar="ID", help="register in this server only")
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

    try:
        count = asyncio.run(_sync(settings, token, args.guild))
    except discord.LoginFailure:
        print(f"Discord rejected the token in {TOKEN_ENV}.", file=sys.stderr)
        return 2
    where = f"in server {args.guild}" if args.guild else "globally"
    print(f"Registered {count} commands {where}.")
    return 0


async def _sync(settings: Settings, token: str, guild_id: int | None) -> int:
    from bot.app import TweetupBot, point_at
    from bot.db.database import Database
    from bot.domain.clock import SystemClock

    point_at(settings.discord)
    quiet = settings.model_copy(
        update={"bot": settings.bot.model_copy(update={"sync_commands": "off"})}
    )
    bot = TweetupBot(
        settings=quiet, database=Database.from_url(settings.database_url), clock=SystemClock()
    )
    async with bot:
        await bot.login(token)
        return await bot.sync_commands(guild_id)
