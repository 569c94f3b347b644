"""Recurring tweetups: checked in full when created; one broken series never stops the others."""

from __future__ import annotations

from datetime import timedelta

import pytest
from discord.ext import tasks
from sqlalchemy import select, update

from bot.domain.clock import ManualClock
from emulator.harness import DiscordHarness
from models import TweetupSeries
from tests.cogs.helpers import BERLIN, run

pytestmark = pytest.mark.e2e


async def series_rows(discord: DiscordHarness) -> list[TweetupSeries]:
    async with discord.bot.db.read_session() as session:
        return list(await session.scalars(select(TweetupSeries).order_by(TweetupSeries.id)))


def announcements(discord: DiscordHarness, title: str) -> int:
    return sum(
        1
        for message in discord.channel_messages()
        if any(title in str(embed.get("title", "")) for embed in message.embeds)
    )


async def test_a_series_whose_first_date_is_beyond_the_horizon_is_still_checked(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    """On Nov 21 "the 20th of every month" first falls on Dec 20, beyond the 4 weeks the job
    creates ahead, so no occurrence is created now: the series must be checked anyway, not
    fail a month later in the hourly job."""
    organizer = discord.add_member("org", admin=True)
    reply = await run(
        discord,
        organizer,
        "tweetup announce",
        title="\u200b",  # nothing visible: no tweetup can carry it
        city=BERLIN,
        when="Friday 19:00",
        repeat="the 20th of every month at 19:00",
    )
    assert reply.ephemeral
    assert "title" in reply.content
    assert await series_rows(discord) == []


async def test_one_broken_series_does_not_stop_the_others(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    organizer = discord.add_member("org", admin=True)
    # The job posts new dates in the server's announcement channel.
    await run(discord, organizer, "tweetup-admin settings", announce_channel=discord.channel)
    for title, rule in (
        ("Thursday lunch", "every Thursday at 12:30"),
        ("Friday beers", "every Friday at 19:00"),
    ):
        reply = await run(
            discord,
            organizer,
            "tweetup announce",
            title=title,
            city=BERLIN,
            when="Friday 19:00",
            repeat=rule,
        )
        assert "days before it" in reply.content, reply.content
    lunches = announcements(discord, "Thursday lunch")
    good, bad = await series_rows(discord)
    # A rule an older version stored that this one no longer reads.
    async with discord.bot.db.session() as session:
        await session.execute(
            update(TweetupSeries).where(TweetupSeries.id == bad.id).values(rule="every blursday")
        )

    clock.advance(timedelta(days=7))
    cog = discord.bot.get_cog("Lifecycle")
    job: tasks.Loop = cog.materialize_series  # type: ignore[union-attr]
    job.restart()  # the hourly run, now
    await discord.wait_until(
        lambda: announcements(discord, "Thursday lunch") > lunches or None, "next week's lunch"
    )
    dm = await discord.wait_for_dm(organizer)
    assert "Friday beers" in dm.content
    assert "stopped announcing new dates" in dm.content
    good, bad = await series_rows(discord)
    assert good.broken_at is None
    assert bad.broken_at == clock.now()
    assert bad.broken_reason
    assert job.is_running()
    assert not job.failed()

    # The next run skips the broken series quietly: no second DM, the good one goes on.
    clock.advance(timedelta(days=7))
    lunches = announcements(discord, "Thursday lunch")
    job.restart()
    await discord.wait_until(
        lambda: announcements(discord, "Thursday lunch") > lunches or None, "the lunch after"
    )
    assert len(discord.dm_inbox(organizer)) == 1
    assert job.is_running()


async def test_a_series_posts_each_date_a_week_before_and_shows_the_next_dates(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    organizer = discord.add_member("org", admin=True)
    await run(discord, organizer, "tweetup-admin settings", announce_channel=discord.channel)
    reply = await run(
        discord,
        organizer,
        "tweetup announce",
        title="Thursday lunch",
        city=BERLIN,
        when="Thursday 12:30",
        repeat="every Thursday at 12:30",
    )
    assert "announced 7 days before it" in reply.content
    assert announcements(discord, "Thursday lunch") == 1  # not a month of them at once
    [first] = [m for m in discord.channel_messages() if m.embeds]
    shown = str(first.embeds[0].get("description", ""))
    assert "🔁" in shown
    assert shown.count(":D>") == 4  # the series' next four dates
    clock.advance(timedelta(days=7))
    job: tasks.Loop = discord.bot.get_cog("Lifecycle").materialize_series  # type: ignore[union-attr]
    job.restart()
    await discord.wait_until(
        lambda: announcements(discord, "Thursday lunch") == 2 or None, "next week's lunch"
    )
    later = [m for m in discord.channel_messages() if m.embeds][-1]
    assert "🔁" not in str(later.embeds[0].get("description", ""))


async def test_a_date_that_came_while_the_bot_was_down_is_announced_at_start(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    """The job's first run waits for the gateway: before READY the bot knows no channel,
    and an occurrence created then would never be announced."""
    organizer = discord.add_member("org", admin=True)
    await run(discord, organizer, "tweetup-admin settings", announce_channel=discord.channel)
    await run(
        discord,
        organizer,
        "tweetup announce",
        title="Thursday lunch",
        city=BERLIN,
        when="Thursday 12:30",
        repeat="every Thursday at 12:30",
    )
    assert announcements(discord, "Thursday lunch") == 1
    await discord.stop_bot()
    clock.advance(timedelta(days=7))
    discord.gateway.latency = 0.5  # a connection as slow as the real one can be
    await discord.restart()
    await discord.wait_until(
        lambda: announcements(discord, "Thursday lunch") == 2 or None, "next week's lunch"
    )
