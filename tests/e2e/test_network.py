"""The bot over a realistic network: latency on every round trip, a zombie gateway
connection, and an application granted no privileged intent."""

from __future__ import annotations

import pytest

from emulator.harness import DiscordHarness
from emulator.web import EmulatorConfig

pytestmark = pytest.mark.e2e

LATENCY = 0.2


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    # Slow heartbeats would make a zombie take a minute to notice; privileged intents are
    # all refused, as for an application whose owner never ticked them.
    return EmulatorConfig(latency=LATENCY, heartbeat_interval_ms=300, privileged_intents=0)


async def test_the_deadline_counts_both_legs_of_the_round_trip(discord: DiscordHarness) -> None:
    alice = discord.add_member("alice")
    about = await discord.slash(alice, "about")
    record = about.record
    assert record.responded is not None
    # The interaction reached the bot LATENCY after Discord created it, and the answer
    # reached Discord LATENCY after the bot sent it: both count against the 3 s.
    assert record.responded - record.created >= 2 * LATENCY
    assert (await about.reply()).custom_ids == ["about:privacy"]


async def test_the_bot_reconnects_from_a_zombie_connection(discord: DiscordHarness) -> None:
    # discord.py gives up on a silent connection after heartbeat_timeout (60 s by default);
    # shorten it, then reconnect so that the new connection uses it.
    discord.bot._connection.heartbeat_timeout = 1.0
    await discord.gateway.disconnect()
    await discord.wait_until(lambda: discord.gateway.resumes == 1, "the bot to RESUME")
    discord.gateway.stop_acking()
    await discord.wait_until(
        lambda: discord.gateway.resumes == 2, "the bot to give up on the zombie and RESUME"
    )
    alice = discord.add_member("alice")
    assert (await (await discord.slash(alice, "about")).reply()).custom_ids == ["about:privacy"]


async def test_the_bot_asks_for_no_privileged_intent(discord: DiscordHarness) -> None:
    assert discord.gateway.refused_intents == 0
    assert discord.gateway.connected
