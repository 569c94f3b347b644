"""The bot's own background work that is not a cog's: SQLite's WAL checkpoints."""

from __future__ import annotations

import asyncio

from emulator.harness import DiscordHarness

CHECKPOINTS = "tweetup-wal-checkpoints"


def running(name: str) -> bool:
    return any(task.get_name() == name and not task.done() for task in asyncio.all_tasks())


async def test_the_bot_checkpoints_its_sqlite_wal_from_start_to_stop(
    discord: DiscordHarness,
) -> None:
    """Its connections leave checkpoints out of COMMIT (bot.db.checkpoint): without this
    task the WAL would grow as long as the bot runs."""
    assert running(CHECKPOINTS) == (discord.bot.db.dialect == "sqlite")
    await discord.stop_bot()
    assert not running(CHECKPOINTS)
