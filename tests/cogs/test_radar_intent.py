"""Trip radar without the Message Content intent: not configured, or refused by Discord
(the application's flags say the portal toggle is off). The bot reads the flags before its
first IDENTIFY, so it is never closed with 4014 — sharded or not — and admins are told why
radar is off. (A 4014 despite the flags: tests/e2e/test_refused_intent.py.)"""

from __future__ import annotations

import logging

import pytest

from bot.domain.clock import ManualClock
from emulator.harness import DiscordHarness
from emulator.runners import BotConfig
from emulator.web import EmulatorConfig
from tests.cogs.helpers import final_reply, run
from tests.cogs.radar_helpers import TRIP, bot_reactions, handled, radar_on

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["refused", "refused on 2 shards", "not configured"])
def case(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    return EmulatorConfig(privileged_intents=0)  # the developer portal's toggle is off


@pytest.fixture
def bot_config(clock: ManualClock, case: str) -> BotConfig:
    asked = case.startswith("refused")
    shards = {"shard_count": 2} if "shards" in case else {}
    return BotConfig(clock=clock, settings={"bot": {"message_content_intent": asked, **shards}})


async def test_radar_is_unavailable_and_says_why(
    discord: DiscordHarness, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    assert discord.gateway.refused_intents == 0  # no IDENTIFY asked for what was refused
    assert discord.bot.shard_count == (2 if "shards" in case else None)
    assert discord.bot.intents.message_content is False
    if case.startswith("refused"):
        started = caplog.get_records("setup")  # the bot connects in the fixture
        lines = [r for r in started if "refused the Message Content intent" in r.message]
        assert len(lines) == 1
        assert lines[0].levelno == logging.WARNING
    shown = await radar_on(discord)
    assert "Unavailable" in shown
    why = "Discord refused" if case.startswith("refused") else "bot.message_content_intent = true"
    assert why in shown
    # The explicit paths still work, and radar stays silent.
    alice = discord.add_member("alice")
    said = await discord.say(alice, TRIP)
    await handled(discord)
    assert bot_reactions(discord, said) == []
    card = await final_reply(await discord.message_command(alice, "Add as my trip", said))
    assert "Berlin, DE" in card.content
    settings = await run(discord, alice, "notify")
    assert "Trip radar may put ✈️" in settings.content
