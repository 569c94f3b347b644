"""/metrics and /healthz of a bot running two shards in one process: one sample per shard."""

from __future__ import annotations

import pytest

from bot.domain.clock import ManualClock
from emulator.harness import DiscordHarness
from emulator.runners import BotConfig
from tests.ops.test_endpoint import get, scrape, value

pytestmark = pytest.mark.e2e


@pytest.fixture
def bot_config(clock: ManualClock) -> BotConfig:
    return BotConfig(clock=clock, settings={"bot": {"metrics_port": 0, "shard_count": 2}})


async def test_each_shard_has_its_own_gateway_samples(discord: DiscordHarness) -> None:
    assert discord.gateway.live_shards == [(0, 2), (1, 2)]
    samples = await scrape(discord)
    for shard in ("0", "1"):
        assert value(samples, "tweetup_gateway_connected", shard=shard) == 1
        assert ("tweetup_gateway_latency_seconds", (("shard", shard),)) in samples
    assert ("tweetup_gateway_connected", (("shard", "2"),)) not in samples
    status, _, body = await get(discord, "/healthz")
    assert status == 200, body
    assert '"gateway": "ok"' in body
