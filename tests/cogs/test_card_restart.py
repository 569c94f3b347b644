"""The private cards of "Add as my trip" and "Plan a tweetup from this" after a restart: a
click answers clearly with what to do next, instead of failing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from emulator.harness import DiscordHarness
from emulator.models import Message
from models import Poll, Trip
from tests.cogs.helpers import final_reply

pytestmark = pytest.mark.e2e


async def stored(discord: DiscordHarness, model: type[Trip] | type[Poll]) -> list[object]:
    async with discord.bot.db.read_session() as session:
        return list(await session.scalars(select(model)))


def expired_card(discord: DiscordHarness, message_id: int) -> Message | None:
    message = discord.state.messages[message_id]
    return message if "expired" in message.content else None


async def test_the_trip_card_after_a_restart_says_how_to_continue(
    discord: DiscordHarness,
) -> None:
    alice = discord.add_member("alice")
    said = await discord.say(alice, "I'm in Lisbon Mar 3-7")
    card = await final_reply(await discord.message_command(alice, "Add as my trip", said))
    await discord.restart()
    await discord.click(card, "card:save", user=alice)
    expired = await discord.wait_until(
        lambda: expired_card(discord, card.id),
        "the expired card",
    )
    assert "Add as my trip" in expired.content
    assert expired.custom_ids == []  # the dead buttons are gone
    assert await stored(discord, Trip) == []
    # the menu works again as usual
    again = await final_reply(await discord.message_command(alice, "Add as my trip", said))
    assert "card:save" in again.custom_ids


async def test_the_plan_card_after_a_restart_says_how_to_continue(
    discord: DiscordHarness,
) -> None:
    alice, bob = discord.add_member("alice"), discord.add_member("bob")
    said = await discord.say(bob, "dinner in Berlin Dec 10-12?")
    card = await final_reply(await discord.message_command(alice, "Plan a tweetup from this", said))
    await discord.restart()
    await discord.click(card, "plan:open", user=alice)
    expired = await discord.wait_until(
        lambda: expired_card(discord, card.id),
        "the expired card",
    )
    assert "Plan a tweetup from this" in expired.content
    assert await stored(discord, Poll) == []
