"""One poll becomes at most one tweetup, whoever confirms it and however fast they click."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import update

from emulator.harness import DiscordHarness
from emulator.models import Message
from models import Poll
from tests.cogs.helpers import BERLIN, confirm_poll, final_reply, run, text_of

pytestmark = pytest.mark.e2e


def announcements(discord: DiscordHarness) -> list[Message]:
    return [
        m
        for m in discord.channel_messages()
        if m.embeds and "📅" in str(m.embeds[0].get("title", ""))
    ]


async def open_poll(discord: DiscordHarness) -> tuple[Message, object, object]:
    alice, bob = discord.add_member("alice"), discord.add_member("bob")
    await run(discord, alice, "home set", city=BERLIN)
    await run(discord, bob, "home set", city=BERLIN)
    await run(discord, alice, "tweetup propose", city=BERLIN, members=f"<@{bob.user.id}>")
    poll = await discord.wait_for_message(matching=lambda m: bool(m.embeds))
    await discord.click(poll, label="1: Yes", user=bob)
    return discord.state.messages[poll.id], alice, bob


async def test_two_confirm_modals_submitted_together_make_one_tweetup(
    discord: DiscordHarness,
) -> None:
    poll, alice, _ = await open_poll(discord)
    first = await confirm_poll(discord, poll, alice)
    second = await confirm_poll(discord, poll, alice)
    assert first.modal is not None
    assert second.modal is not None
    submitted = await asyncio.gather(
        discord.submit_modal(first, title="Brunch"),
        discord.submit_modal(second, title="Brunch again"),
    )
    answers = [await final_reply(handle) for handle in submitted]
    texts = sorted(answer.content for answer in answers)
    assert sum("Announced" in text for text in texts) == 1, texts
    [late] = [text for text in texts if "Announced" not in text]
    assert "already confirmed" in late
    assert "https://discord.com/channels/" in late
    await discord.wait_until(lambda: announcements(discord) or None, "the announcement")
    assert len(announcements(discord)) == 1
    assert len(discord.state.scheduled_events) == 1
    threads = [c for c in discord.state.channels.values() if c.is_thread]
    assert len(threads) == 1


async def test_an_admin_confirming_someone_elses_poll_closes_it(
    discord: DiscordHarness,
) -> None:
    poll, alice, _ = await open_poll(discord)
    admin = discord.add_member("admin", admin=True)
    late = await confirm_poll(discord, poll, alice)
    modal = await confirm_poll(discord, poll, admin)
    await final_reply(await discord.submit_modal(modal, title="Dinner"))
    closed = discord.state.messages[poll.id]
    assert "Confirmed" in text_of(closed)
    assert all(item.get("disabled") for item in closed.iter_components() if item.get("type") == 2)
    answer = await final_reply(await discord.submit_modal(late, title="Lunch"))
    assert answer.ephemeral
    assert "already confirmed" in answer.content
    assert len(announcements(discord)) == 1


async def test_a_poll_confirmed_before_its_message_id_is_stored_still_shows_it(
    discord: DiscordHarness,
) -> None:
    """The poll is posted, then its message id stored: a confirm in between (a busy
    machine) redraws the message the form was opened on instead of leaving it open."""
    poll, alice, _ = await open_poll(discord)
    async with discord.bot.db.session() as session:
        await session.execute(update(Poll).values(message_id=None))
    modal = await confirm_poll(discord, poll, alice)
    await final_reply(await discord.submit_modal(modal, title="Dinner"))
    closed = discord.state.messages[poll.id]
    assert "Confirmed" in text_of(closed)
    assert all(item.get("disabled") for item in closed.iter_components() if item.get("type") == 2)
