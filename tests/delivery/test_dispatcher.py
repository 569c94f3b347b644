"""The dispatcher in the test's process, against the emulator's real global rate limit."""

from __future__ import annotations

import bisect
from collections import Counter

import pytest

from bot.domain.clock import ManualClock
from bot.services.outbox import dm_channel_id
from emulator.harness import DiscordHarness
from emulator.runners import BotConfig
from tests.delivery import seed_due_reminders

pytestmark = pytest.mark.e2e

OPEN_DM = "POST /users/@me/channels"
SEND = "POST /channels/{channel_id}/messages"
MEMBERS = 80


@pytest.fixture
def bot_config(clock: ManualClock) -> BotConfig:
    # The fastest pace the configuration allows: 50 DMs/s, Discord's global request limit.
    return BotConfig(clock=clock, settings={"delivery": {"dm_opens_per_minute": 1500}})


def most_in_one_second(times: list[float]) -> int:
    """The most requests that arrived within any one-second window."""
    times = sorted(times)
    return max(bisect.bisect_left(times, t + 1.0) - i for i, t in enumerate(times))


async def test_first_dms_cost_two_requests_and_stay_under_the_global_limit(
    discord: DiscordHarness, clock: ManualClock, bot_database_url: str
) -> None:
    """Nobody here had a DM from the bot yet, so each reminder opens a DM channel, then
    posts: at 50 DMs/s that would be 100 requests/s. The dispatcher paces requests as well
    as DMs, so it never runs into Discord's global limit (429s count towards Discord's limit
    on invalid requests, past which the bot's IP is banned for a while)."""
    discord.emulator.config.dm_open_burst = None  # the 40003 limit has its own test
    organizer = discord.add_member("organizer", admin=True)
    members = [discord.add_member(f"member{n}").user for n in range(MEMBERS)]
    await seed_due_reminders(
        bot_database_url,
        guild_id=discord.guild.id,
        organizer_id=organizer.user.id,
        member_ids=[m.id for m in members],
        now=clock.now(),
        title="Picnic",
    )
    discord.bot.dispatcher.wake()
    await discord.wait_until(
        lambda: all(discord.dm_inbox(m) for m in members), f"{MEMBERS} DMs", within=30.0
    )

    assert [len(discord.dm_inbox(m)) for m in members] == [1] * MEMBERS
    assert discord.rate_limits.refused == []
    ours = discord.requests(OPEN_DM) + discord.requests(SEND)
    assert Counter(r.route for r in ours) == {OPEN_DM: MEMBERS, SEND: MEMBERS}
    assert most_in_one_second([r.at for r in ours]) <= 50
    # The DM channels were remembered: the next DM to them costs one request.
    async with discord.bot.db.read_session() as session:
        cached = [await dm_channel_id(session=session, user_id=m.id) for m in members]
    assert cached == [discord.state.dm_channels[m.id] for m in members]
