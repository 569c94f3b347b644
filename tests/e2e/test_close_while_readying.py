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


async def test_a_ready_arriving_while_the_bot_stops_ends_quietly(
    discord: DiscordHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gateway stays open while the dispatcher and the loops stop: a READY then (here a
    re-IDENTIFY after an invalid session) starts a new wait, which the bot's first cancel
    came too early for."""
    bot = discord.bot
    stop_dispatcher = bot.dispatcher.stop
    waits: list[asyncio.Task[None]] = []

    async def stop_after_a_new_ready() -> None:
        discord.gateway.invalidate_sessions()
        await discord.gateway.wait_connected(identifies=2)
        waits.append(
            await discord.wait_until(
                lambda: bot._connection._ready_task, "the bot to wait for GUILD_CREATEs again"
            )
        )
        await stop_dispatcher()

    monkeypatch.setattr(bot.dispatcher, "stop", stop_after_a_new_ready)
    await discord.stop_bot()
    assert waits
    done, _ = await asyncio.wait(waits, timeout=5)
    assert waits[0] in done
    assert waits[0].cancelled() or waits[0].exception() is None
