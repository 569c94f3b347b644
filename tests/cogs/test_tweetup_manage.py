"""Who may manage a tweetup is settled before any question, and bad ids get friendly answers."""

from __future__ import annotations

import pytest

from emulator.harness import DiscordHarness
from emulator.models import Message
from tests.cogs.helpers import BERLIN, run, text_of
from tests.cogs.test_tweetup import announce

pytestmark = pytest.mark.e2e


def labels(message: Message) -> list[str]:
    return [str(item.get("label")) for item in message.iter_components() if item.get("label")]


async def tweetup_id(discord: DiscordHarness) -> str:
    organizer = discord.add_member("org", admin=True)
    posted = await announce(discord, organizer)
    return posted.custom_ids[0].split(":")[1]


async def test_a_member_who_may_not_edit_is_told_so_before_any_time_question(
    discord: DiscordHarness,
) -> None:
    tweetup = await tweetup_id(discord)
    stranger = discord.add_member("stranger")
    # "3/4 at 7" would need two questions (which date order, morning or evening).
    reply = await run(discord, stranger, "tweetup edit", tweetup=tweetup, when="3/4 at 7")
    assert reply.ephemeral
    assert "Only the organizer" in reply.content
    assert labels(reply) == []


async def test_a_member_who_may_not_cancel_is_not_asked_are_you_sure(
    discord: DiscordHarness,
) -> None:
    tweetup = await tweetup_id(discord)
    stranger = discord.add_member("stranger")
    reply = await run(discord, stranger, "tweetup cancel", tweetup=tweetup)
    assert "Only the organizer" in reply.content
    assert labels(reply) == []


async def test_cancelling_a_tweetup_that_does_not_exist_asks_nothing(
    discord: DiscordHarness,
) -> None:
    admin = discord.add_member("admin", admin=True)
    reply = await run(discord, admin, "tweetup cancel", tweetup="987654321")
    assert "doesn't exist" in reply.content
    assert labels(reply) == []


async def test_the_cancel_question_names_the_tweetup_and_keep_it_keeps_it(
    discord: DiscordHarness,
) -> None:
    organizer = discord.add_member("org", admin=True)
    posted = await announce(discord, organizer)
    tweetup = posted.custom_ids[0].split(":")[1]
    question = await run(discord, organizer, "tweetup cancel", tweetup=tweetup)
    assert "Coffee" in question.content
    assert "Berlin" in question.content
    assert labels(question) == ["Yes, cancel it", "Keep it"]
    await discord.click(question, label="Keep it", user=organizer)
    assert "CANCELLED" not in text_of(discord.state.messages[posted.id])
    reply = await run(discord, organizer, "tweetup list")
    assert "Coffee" in reply.content


@pytest.mark.parametrize("bad", ["²", "①", "12²", "99999999999999999999", "-3", "abc"])
async def test_digit_like_tweetup_ids_get_a_friendly_answer(
    discord: DiscordHarness, bad: str
) -> None:
    admin = discord.add_member("admin", admin=True)
    for command in ("tweetup cancel", "tweetup edit"):
        options = {"title": "New"} if command == "tweetup edit" else {}
        reply = await run(discord, admin, command, tweetup=bad, **options)
        assert reply.ephemeral
        assert "Pick a tweetup from the list" in reply.content, reply.content


@pytest.mark.parametrize("bad", ["²", "①", "99999999999999999999", "-99999999999999999999"])
async def test_digit_like_city_values_get_a_friendly_answer(
    discord: DiscordHarness, bad: str
) -> None:
    member = discord.add_member("ana")
    reply = await run(discord, member, "home set", city=bad)
    assert reply.ephemeral
    assert "city" in reply.content.lower(), reply.content
    assert "went wrong" not in reply.content.lower()
    shown = await run(discord, member, "home show")
    assert BERLIN not in shown.content
