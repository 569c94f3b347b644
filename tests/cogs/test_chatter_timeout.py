"""The public reply to an @mention removes itself after the configured time."""

from __future__ import annotations

import pytest

from bot.domain.clock import ManualClock
from emulator.harness import DiscordHarness
from emulator.runners import BotConfig
from tests.cogs.chatter_helpers import bot_mention, post

pytestmark = pytest.mark.e2e


@pytest.fixture
def bot_config(clock: ManualClock) -> BotConfig:
    return BotConfig(clock=clock, settings={"chatter": {"reply_timeout_seconds": 0.5}})


async def test_unused_reply_is_deleted_after_the_timeout(discord: DiscordHarness) -> None:
    alice = discord.add_member("alice")
    await post(discord, alice, f"{bot_mention(discord)} I'm in Lisbon Mar 3-7")
    reply = await discord.wait_for_message(discord.channel, lambda m: m.author.bot)
    assert "Lisbon" in reply.content
    await discord.wait_until(lambda: discord.state.messages[reply.id].deleted, "reply deleted")
    assert discord.requests("DELETE /channels/{channel_id}/messages/{message_id}")
