"""Shutting down while discord.py still waits for the GUILD_CREATEs after a READY.

After every READY (the first, or a new IDENTIFY after an invalid session) discord.py waits
``guild_ready_timeout`` before on_ready; its ``close()`` does not cancel that wait, which
then dispatched on a closed client (AttributeError, "Task exception was never retrieved").
This made ``test_the_bot_identifies_again_after_an_invalid_session`` fail about 1 run in
10 under load: the test ended, and the bot closed, inside that window.
"""

from __future__ import annotations

import asyncio

import pytest

from emulator.harness import DiscordHarness
from emulator.runners import BotConfig

pytestmark = pytest.mark.e2e


@pytest.fixture
def bot_config(clock: object) -> BotConfig:
    # A wide window, so that the bot is certainly closed while it waits.
    return BotConfig(clock=clock, settings={"discord": {"guild_ready_timeout": 1.0}})  # type: ignore[arg-type]


async def test_closing_during_the_ready_delay_ends_it_quietly(discord: DiscordHarness) -> None:
    bot = discord.bot
    discord.gateway.invalidate_sessions()
    await discord.gateway.wait_connected(identifies=2)
    pending = await discord.wait_until(
        lambda: bot._connection._ready_task, "the bot to wait for GUILD_CREATEs again"
    )
    await discord.stop_bot()
    done, _ = await asyncio.wait({pending}, timeout=5)
    assert pending in done
    assert pending.cancelled() or pending.exception() is None
