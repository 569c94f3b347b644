"""Trip radar without the Message Content intent: not configured, or refused by Discord
(gateway close 4014). The bot runs on either way, and admins are told why radar is off."""

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


@pytest.fixture(params=["refused", "not configured"])
def case(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    return EmulatorConfig(privileged_intents=0)  # the developer portal's toggle is off


@pytest.fixture
def bot_config(clock: ManualClock, case: str) -> BotConfig:
    asked = case == "refused"
    return BotConfig(clock=clock, settings={"bot": {"message_content_intent": asked}})


async def test_radar_is_unavailable_and_says_why(
    discord: DiscordHarness, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    refusals = discord.gateway.refused_intents
    assert refusals == (1 if case == "refused" else 0)
    assert discord.bot.intents.message_content is False
    if case == "refused":
        started = caplog.get_records("setup")  # the bot connects in the fixture
        lines = [r for r in started if "refused the Message Content intent" in r.message]
        assert len(lines) == 1
        assert lines[0].levelno == logging.WARNING
    shown = await radar_on(discord)
    assert "Unavailable" in shown
    why = "Discord refused" if case == "refused" else "bot.message_content_intent = true"
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
