"""``bot.shard_count = "auto"``: the bot asks Discord how many shards it should run
(``GET /gateway/bot``) and runs all of them in one process, on the embedded database."""

from __future__ import annotations

import pytest

from bot.domain.clock import ManualClock
from emulator.harness import DiscordHarness
from emulator.runners import BotConfig
from emulator.web import EmulatorConfig

pytestmark = pytest.mark.e2e


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    return EmulatorConfig(shards=3)


@pytest.fixture
def bot_config(clock: ManualClock) -> BotConfig:
    return BotConfig(clock=clock, settings={"bot": {"shard_count": "auto"}})


async def test_auto_runs_every_recommended_shard(discord: DiscordHarness) -> None:
    assert discord.requests("GET /gateway/bot")
    assert discord.gateway.live_shards == [(0, 3), (1, 3), (2, 3)]
    assert discord.bot.shard_count == 3
    for shard in range(3):
        guild = discord.add_guild(f"Shard {shard}", shard=(shard, 3))
        assert discord.bot.owns_guild(guild.id)
        member = discord.add_member(f"ana{shard}", guild=guild)
        reply = await (await discord.slash(member, "about")).reply()
        assert reply.custom_ids == ["about:privacy"]
