"""Interactions nothing in the bot claims any more — a button whose view died with a restart,
a form opened before one — get a short private answer instead of Discord's bare "This
interaction failed", and change nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.ops.intake import EXPIRED, command_label
from emulator.harness import DiscordHarness
from models import Home, Trip
from tests.cogs.helpers import final_reply, run

pytestmark = pytest.mark.e2e

BERLIN = "Berlin, DE"


async def rows(discord: DiscordHarness, model: type[Home] | type[Trip]) -> list[object]:
    async with discord.bot.db.read_session() as session:
        return list(await session.scalars(select(model)))


async def test_a_question_asked_before_a_restart_answers_that_it_expired(
    discord: DiscordHarness,
) -> None:
    alice = discord.add_member("alice")
    await run(discord, alice, "home set", city=BERLIN)
    question = await final_reply(await discord.slash(alice, "privacy delete"))
    await discord.restart()
    answer = await (await discord.click(question, label="Yes, erase it", user=alice)).reply()
    assert answer.ephemeral
    assert answer.content == EXPIRED
    assert len(await rows(discord, Home)) == 1  # nothing was erased


async def test_a_form_opened_before_a_restart_answers_that_it_expired(
    discord: DiscordHarness,
) -> None:
    alice = discord.add_member("alice")
    said = await discord.say(alice, "I'm in Lisbon Mar 3-7")
    card = await final_reply(await discord.message_command(alice, "Add as my trip", said))
    form = await discord.click(card, "card:edit", user=alice)
    await discord.restart()
    answer = await (await discord.submit_modal(form, Dates="Mar 4-8")).reply()
    assert answer.ephemeral
    assert answer.content == EXPIRED
    assert await rows(discord, Trip) == []


async def test_a_live_button_is_not_answered_twice(discord: DiscordHarness) -> None:
    """The fallback answers only what nothing claimed: a live question still works."""
    alice = discord.add_member("alice")
    await run(discord, alice, "home set", city=BERLIN)
    handle = await discord.slash(alice, "privacy delete")
    await discord.click(await final_reply(handle), label="Yes, erase it", user=alice)
    await discord.wait_until(lambda: "erased" in handle.messages[-1].content, "the erasure")
    assert all(EXPIRED not in message.content for message in handle.messages)
    assert await rows(discord, Home) == []


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (
            {"type": 2, "data": {"name": "travel", "options": [{"type": 1, "name": "add"}]}},
            "travel add",
        ),
        ({"type": 3, "data": {"custom_id": "card:edit"}}, "card"),
        ({"type": 5, "data": {"custom_id": "chat:add:1:2"}}, "chat"),
    ],
)
def test_interactions_are_named_by_command_or_custom_id_prefix(
    data: dict[str, object], label: str
) -> None:
    assert command_label(data) == label
