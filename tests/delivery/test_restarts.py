"""Exactly-once reminders across restarts that Discord's nonce cannot cover.

The bot runs as ``python -m bot run`` and is SIGKILLed at chosen moments. Discord drops a
re-sent message with the same nonce only for a few minutes (the emulator's ``nonce_window``,
shortened here); a restart is not a delivery failure, so five of them must not use up the
retries a real failure needs.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from emulator.harness import DiscordHarness
from emulator.runners import BotConfig
from tests.cogs.test_reminders_crash import (
    DM_MESSAGES,
    first_reminder_status,
    is_dm,
    reminder_due_at,
    set_up_going_member,
    shift_clock_to,
)

pytestmark = pytest.mark.e2e

OPEN_DM = "POST /users/@me/channels"
#: The emulator forgets nonces after this long (Discord: "a few minutes").
EMULATED_NONCE_WINDOW = 1.0


@pytest.fixture
def bot_config() -> BotConfig:
    # The bot trusts nonces for less time than the (shortened) emulator keeps them.
    return BotConfig(settings={"delivery": {"nonce_window_seconds": 0.5}})


async def status_becomes(database_url: str, wanted: str) -> str:
    """The reminder's status once it is ``wanted``, or after 10 s (the database is in another
    process's hands, so this polls)."""
    for _ in range(200):
        if await first_reminder_status(database_url) == wanted:
            break
        await asyncio.sleep(0.05)
    return await first_reminder_status(database_url)


async def test_a_dm_delivered_before_a_long_outage_is_not_sent_again(
    discord_process: DiscordHarness, bot_database_url: str
) -> None:
    """Killed after Discord created the DM but before the bot recorded it, then down for
    longer than Discord remembers the nonce: the restarted bot finds the DM in the channel
    and marks it sent instead of sending a second one."""
    discord = discord_process
    discord.emulator.config.nonce_window = EMULATED_NONCE_WINDOW
    bob = await set_up_going_member(discord, bot_database_url)
    due = await reminder_due_at(bot_database_url)
    await discord.kill_bot()
    discord.faults.latency(30.0, route=DM_MESSAGES, times=1, after=True, match=is_dm(discord))
    shift_clock_to(discord, due + timedelta(seconds=5))
    await discord.restart()
    await discord.wait_until(lambda: discord.dm_inbox(bob) or None, "Discord to create the DM")
    assert await first_reminder_status(bot_database_url) == "claimed"
    await discord.kill_bot()  # the answer never reached the bot

    await asyncio.sleep(EMULATED_NONCE_WINDOW * 1.5)  # down longer than the nonce window
    await discord.restart()
    assert await status_becomes(bot_database_url, "sent") == "sent"
    [reminder] = discord.dm_inbox(bob)
    assert "Crash test" in reminder.content
    dm_path = f"/channels/{discord.state.dm_channels[bob.user.id]}/messages"
    sends = [r for r in discord.requests(DM_MESSAGES) if r.path.endswith(dm_path)]
    assert len(sends) == 1  # the held one; nothing was sent again


async def test_five_crash_restarts_then_a_server_error_still_deliver(
    discord_process: DiscordHarness, bot_database_url: str
) -> None:
    """Each start claims the due reminder again; that is not a failed send. Five crashes
    mid-delivery, then one 503 from Discord: the reminder still arrives, once."""
    discord = discord_process
    bob = await set_up_going_member(discord, bot_database_url)
    due = await reminder_due_at(bot_database_url)
    await discord.kill_bot()
    shift_clock_to(discord, due + timedelta(seconds=5))
    for _ in range(5):
        held = discord.faults.latency(2.0, route=OPEN_DM, times=1)
        await discord.restart()
        await discord.wait_until(lambda: held.fired or None, "the DM to be on its way")  # noqa: B023
        await discord.kill_bot()
    assert not discord.dm_inbox(bob)

    failed = discord.faults.fail(DM_MESSAGES, 503, times=1, match=is_dm(discord))
    await discord.restart()
    await discord.wait_until(lambda: discord.dm_inbox(bob) or None, "the reminder", within=30.0)
    assert failed.fired == 1
    assert await status_becomes(bot_database_url, "sent") == "sent"
    [reminder] = discord.dm_inbox(bob)
    assert "Crash test" in reminder.content
