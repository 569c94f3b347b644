"""``python -m bot run`` configured for trip radar when Discord refuses the Message Content
intent at the gateway (close 4014) although the application's flags showed it on (an
approval withdrawn, say): it says so in one line and runs on without it."""

from __future__ import annotations

import pytest

from emulator.harness import DiscordHarness
from emulator.runners import BotConfig
from emulator.web import EmulatorConfig

pytestmark = pytest.mark.e2e


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    content_limited = 1 << 19  # GATEWAY_MESSAGE_CONTENT_LIMITED: the portal says yes
    return EmulatorConfig(privileged_intents=0, application_flags=content_limited)


@pytest.fixture
def bot_config() -> BotConfig:
    return BotConfig(env={"TWEETUP_BOT__MESSAGE_CONTENT_INTENT": "true"})


async def test_the_process_runs_on_without_the_refused_intent(
    discord_process: DiscordHarness,
) -> None:
    discord = discord_process
    assert discord.gateway.refused_intents == 1
    alice = discord.add_member("alice")
    reply = await (await discord.slash(alice, "about")).reply()
    assert reply.custom_ids == ["about:privacy"]
    log = discord.runner.log()
    assert log.count("Discord refused the Message Content intent") == 1
