"""Reminders arrive exactly once even when the bot process is SIGKILLed mid-delivery.

The bot runs as ``python -m bot run`` (real clock, shifted forward with
``bot.clock_offset_seconds`` when a restart should find a reminder due). The emulator holds
the DM request so the test can kill the process (a) after it committed its claim but before
Discord took the message, and (b) after Discord created the message but before the bot heard
back and marked it sent.
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.db.database import Database
from emulator.harness import DiscordHarness
from models import OutboxMessage
from tests.cogs.helpers import BERLIN, run

pytestmark = pytest.mark.e2e

DM_MESSAGES = "POST /channels/{channel_id}/messages"


async def reminder_due_at(database_url: str) -> datetime:
    database = Database.from_url(database_url)
    try:
        async with database.read_session() as session:
            rows = await session.scalars(
                select(OutboxMessage.due_at).where(OutboxMessage.kind == "reminder")
            )
            return min(rows)
    finally:
        await database.dispose()


async def first_reminder_status(database_url: str) -> str:
    """The state of the day-before DM (the 2 h reminder is not due yet): the "who you'll
    meet" message, which replaces the 24 h reminder."""
    database = Database.from_url(database_url)
    try:
        async with database.read_session() as session:
            status = await session.scalar(
                select(OutboxMessage.status)
                .where(OutboxMessage.kind == "meet_intro")
                .order_by(OutboxMessage.due_at)
                .limit(1)
            )
            return str(status)
    finally:
        await database.dispose()


async def set_up_going_member(discord: DiscordHarness, database_url: str):  # type: ignore[no-untyped-def]
    organizer = discord.add_member("org", admin=True)
    bob = discord.add_member("bob")
    reply = await run(
        discord,
        organizer,
        "tweetup announce",
        title="Crash test",
        city=BERLIN,
        when="in 3 days at 7pm",
    )
    assert "Announced" in reply.content, reply.content
    posted = await discord.wait_for_message(matching=lambda m: bool(m.embeds))
    await discord.click(posted, label="Going", user=bob)
    await discord.wait_until(
        lambda: any(r.route.startswith("POST /interactions") for r in discord.requests()) or None,
        "the RSVP answer",
    )
    return bob


def shift_clock_to(discord: DiscordHarness, instant: datetime) -> None:
    """The next start of the bot process runs with its clock at ``instant`` (and onwards)."""
    offset = (instant - datetime.now(UTC)).total_seconds()
    runner = discord.runner
    assert runner is not None
    env = {**runner.config.env, "TWEETUP_BOT__CLOCK_OFFSET_SECONDS": f"{offset:.0f}"}
    runner.config = dataclasses.replace(runner.config, env=env)


def is_dm(discord: DiscordHarness):  # type: ignore[no-untyped-def]
    return lambda params: int(params["channel_id"]) in set(discord.state.dm_channels.values())


@pytest.mark.parametrize(
    "moment", ["after the claim, before Discord got it", "after sending, before marking"]
)
async def test_a_sigkill_mid_delivery_never_loses_or_doubles_a_reminder(
    discord_process: DiscordHarness, bot_database_url: str, moment: str
) -> None:
    discord = discord_process
    bob = await set_up_going_member(discord, bot_database_url)
    due = await reminder_due_at(bot_database_url)
    await discord.kill_bot()

    held = 2.0 if moment.startswith("after the claim") else 30.0
    fault = discord.faults.latency(
        held,
        route=DM_MESSAGES,
        times=1,
        after=moment.startswith("after sending"),
        match=is_dm(discord),
    )
    shift_clock_to(discord, due + timedelta(seconds=5))
    await discord.restart()
    if moment.startswith("after sending"):
        await discord.wait_until(lambda: discord.dm_inbox(bob) or None, "Discord to create the DM")
    else:
        await discord.wait_until(lambda: fault.fired or None, "the DM request to be held")
    assert await first_reminder_status(bot_database_url) == "claimed"
    await discord.kill_bot()  # SIGKILL while the DM request is in flight

    await discord.restart()
    await discord.wait_until(lambda: discord.dm_inbox(bob) or None, "the reminder DM")
    for _ in range(200):
        if await first_reminder_status(bot_database_url) == "sent":
            break
        await asyncio.sleep(0.05)
    assert await first_reminder_status(bot_database_url) == "sent"
    await asyncio.sleep(held if held < 5 else 0)  # let a held first request finish, if any
    [reminder] = discord.dm_inbox(bob)
    assert "Crash test" in reminder.content
