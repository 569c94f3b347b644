"""Reminders across downtime, and meetup times on daylight-saving days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.clock import ManualClock
from bot.domain.tweetups.reminders import LATE_NOTE
from emulator.harness import DiscordHarness
from emulator.models import Message
from tests.cogs.helpers import BERLIN, run

pytestmark = pytest.mark.e2e


async def announce(discord: DiscordHarness, organizer, title: str, when: str) -> Message:  # type: ignore[no-untyped-def]
    reply = await run(discord, organizer, "tweetup announce", title=title, city=BERLIN, when=when)
    assert "Announced" in reply.content, reply.content
    return await discord.wait_until(
        lambda: next(
            (
                m
                for m in discord.channel_messages()
                if m.embeds and title in m.embeds[0].get("title", "")
            ),
            None,
        ),
        f"the announcement of {title}",
    )


async def test_after_two_hours_down_future_reminders_arrive_late_and_past_ones_are_skipped(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    organizer = discord.add_member("org", admin=True)
    bob = discord.add_member("bob")
    evening = await announce(discord, organizer, "Evening drinks", "Dec 3 at 7pm")  # 18:00 UTC
    lunch = await announce(discord, organizer, "Lunch", "Dec 3 at 1pm")  # 12:00 UTC, ends 14:00
    for message in (evening, lunch):
        await (await discord.click(message, label="Going", user=bob)).followup()

    clock.set(datetime(2026, 12, 2, 11, 0, tzinfo=UTC))  # no reminder due yet
    await discord.kill_bot()
    clock.set(datetime(2026, 12, 3, 15, 0, tzinfo=UTC))  # lunch is over, drinks still ahead
    await discord.restart()
    [late] = await discord.wait_until(lambda: discord.dm_inbox(bob) or None, "the late reminder")
    assert late.content.startswith(LATE_NOTE)
    assert "Evening drinks" in late.content

    clock.set(datetime(2026, 12, 3, 16, 1, tzinfo=UTC))  # the 2 h reminder of the drinks
    discord.bot.dispatcher.wake()
    await discord.wait_until(lambda: len(discord.dm_inbox(bob)) == 2 or None, "the 2 h reminder")
    assert all("Lunch" not in m.content for m in discord.dm_inbox(bob))
    assert LATE_NOTE not in discord.dm_inbox(bob)[1].content


async def test_a_time_in_the_spring_forward_gap_moves_an_hour_later_and_says_so(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    clock.set(datetime(2027, 3, 20, 12, 0, tzinfo=UTC))
    organizer = discord.add_member("org", admin=True)
    reply = await run(
        discord,
        organizer,
        "tweetup announce",
        title="Night walk",
        city=BERLIN,
        when="Mar 28 at 02:30",
    )
    assert "03:30" in reply.content
    assert "ℹ️" in reply.content  # the note explaining the shift
    [event] = discord.state.scheduled_events.values()
    start = datetime.fromisoformat(str(event.payload()["scheduled_start_time"]))
    assert start == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)  # 03:30 CEST
    assert datetime.fromisoformat(str(event.payload()["scheduled_end_time"])) - start == timedelta(
        hours=2
    )
