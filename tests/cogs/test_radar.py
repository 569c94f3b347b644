"""Trip radar end to end: a quiet ✈️ on chat that reads as the author's own trip, only where
admins turned it on, within its limits, and the author's ✈️ saving the trip."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.domain.clock import ManualClock
from emulator.harness import DiscordHarness
from emulator.models import Permission
from emulator.runners import BotConfig
from models.base import Base
from tests.cogs.chatter_helpers import all_stored_text_values, bot_mention, post
from tests.cogs.helpers import run
from tests.cogs.radar_helpers import (
    OTHER_TRIP,
    PLANE,
    SAVED,
    TRIP,
    bot_reactions,
    handled,
    nudged,
    radar_cog,
    radar_on,
    trips,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def bot_config(clock: ManualClock) -> BotConfig:
    return BotConfig(clock=clock, settings={"bot": {"message_content_intent": True}})


async def test_radar_reads_only_the_channels_admins_chose(discord: DiscordHarness) -> None:
    alice = discord.add_member("alice")
    before = await discord.say(alice, TRIP)
    await handled(discord)
    assert bot_reactions(discord, before) == []  # off by default

    shown = await radar_on(discord)
    assert "Trip radar" in shown
    assert discord.channel.mention in shown
    assert "Unavailable" not in shown
    assert "quiet" in shown
    elsewhere = discord.add_channel("random")
    bob = discord.add_member("bob")
    outside = await discord.say(bob, TRIP, at=elsewhere)
    said = await discord.say(alice, OTHER_TRIP)
    await nudged(discord, said)
    await handled(discord)
    assert bot_reactions(discord, said) == [PLANE]
    assert bot_reactions(discord, outside) == []
    # Never a word in public: the only messages are the members' own.
    assert all(not m.author.bot for m in discord.channel_messages())

    admin = discord.add_member("admin", admin=True)
    off = await run(discord, admin, "tweetup-admin radar", channel=discord.channel, enabled=False)
    assert "Channels: none" in off.content
    carol = discord.add_member("carol")
    later = await discord.say(carol, TRIP)
    await handled(discord)
    assert bot_reactions(discord, later) == []


async def test_one_nudge_per_author_per_trip_and_per_day(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    await radar_on(discord)
    alice = discord.add_member("alice")
    first = await discord.say(alice, TRIP)
    await nudged(discord, first)
    again = await discord.say(alice, "Still flying to Berlin Dec 4-6, who is up for a beer?")
    other = await discord.say(alice, OTHER_TRIP)  # another trip, the same day
    await handled(discord)
    assert bot_reactions(discord, again) == []
    assert bot_reactions(discord, other) == []

    clock.advance(timedelta(hours=25))
    same_trip = await discord.say(alice, TRIP)
    next_day = await discord.say(alice, OTHER_TRIP)
    await nudged(discord, next_day)
    await handled(discord)
    assert bot_reactions(discord, same_trip) == []  # once per trip, whatever the day
    # The limits are per author: bob's trip is his.
    bob = discord.add_member("bob")
    await nudged(discord, await discord.say(bob, TRIP))


async def test_a_fresh_message_edited_into_a_trip_is_read_again(
    discord: DiscordHarness,
) -> None:
    await radar_on(discord)
    alice, bob = discord.add_member("alice"), discord.add_member("bob")
    said = await discord.say(alice, "Flying somewhere soon, anyone want to meet?")
    await handled(discord)
    assert bot_reactions(discord, said) == []
    await discord.edit(alice, said, TRIP)
    await nudged(discord, said)
    # Edited again (a typo fixed): the limits hold, no second ✈️ and no error.
    await discord.edit(alice, said, TRIP + " 🍺")
    await handled(discord)
    assert bot_reactions(discord, said) == [PLANE]
    # An edit long after posting is not news: bob's day-old message is left alone.
    old = await discord.say(bob, "Nothing planned yet, will see")
    await discord.edit(bob, old, OTHER_TRIP, later=timedelta(days=1))
    await handled(discord)
    assert bot_reactions(discord, old) == []


async def test_members_can_opt_out(discord: DiscordHarness) -> None:
    await radar_on(discord)
    alice = discord.add_member("alice")
    shown = await run(discord, alice, "notify", radar=False)
    assert "Trip radar may put ✈️ on my trip messages: **off**" in shown.content
    said = await discord.say(alice, TRIP)
    await handled(discord)
    assert bot_reactions(discord, said) == []
    await run(discord, alice, "notify", radar=True)
    await nudged(discord, await discord.say(alice, OTHER_TRIP))


async def test_the_authors_plane_saves_the_trip_and_no_one_elses(
    discord: DiscordHarness,
) -> None:
    await radar_on(discord)
    alice, bob = discord.add_member("alice"), discord.add_member("bob")
    said = await discord.say(alice, "**Flying** to __Berlin__ Dec 4-6, anyone want to meet?")
    await nudged(discord, said)
    await discord.react(bob, said, PLANE)
    await handled(discord)
    assert await trips(discord) == []
    assert bot_reactions(discord, said) == [PLANE]

    await discord.react(alice, said, PLANE)
    await discord.wait_until(
        lambda: bot_reactions(discord, said) == [SAVED] or None, "the trip marked saved"
    )
    [trip] = await trips(discord)
    assert (trip.user_id, trip.place_label) == (alice.user.id, "Berlin, DE")
    assert (trip.start_date.isoformat(), trip.end_date.isoformat()) == ("2026-12-04", "2026-12-06")
    # A second tap (off and on again) saves nothing more.
    await discord.unreact(alice, said, PLANE)
    await discord.react(alice, said, PLANE)
    await handled(discord)
    assert len(await trips(discord)) == 1
    assert all(not m.author.bot for m in discord.channel_messages())


async def test_the_bots_plane_comes_off_after_a_day_even_after_a_restart(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    await radar_on(discord)
    alice = discord.add_member("alice")
    said = await discord.say(alice, TRIP)
    await nudged(discord, said)
    await discord.restart()
    clock.advance(timedelta(hours=23))
    assert await radar_cog(discord).sweep() == 0
    assert bot_reactions(discord, said) == [PLANE]
    clock.advance(timedelta(hours=2))
    assert await radar_cog(discord).sweep() == 1
    assert bot_reactions(discord, said) == []
    assert await radar_cog(discord).sweep() == 0
    # Too late to tap: the nudge is over, nothing is saved.
    await discord.react(alice, said, PLANE)
    await handled(discord)
    assert await trips(discord) == []


async def test_no_table_holds_the_message_text(discord: DiscordHarness) -> None:
    await radar_on(discord)
    alice = discord.add_member("alice")
    secret = "wombat17"
    said = await discord.say(alice, f"Flying to Berlin Dec 4-6 for {secret}, anyone want to meet?")
    await nudged(discord, said)
    await discord.react(alice, said, PLANE)
    await discord.wait_until(lambda: bot_reactions(discord, said) == [SAVED] or None, "saved")
    async with discord.bot.db.read_session() as session:
        for table in Base.metadata.sorted_tables:
            rows = (await session.execute(text(f'SELECT * FROM "{table.name}"'))).all()
            stored = all_stored_text_values([tuple(r) for r in rows])
            assert secret not in stored, table.name
            assert "anyone want" not in stored, table.name


async def test_pings_markdown_and_long_text_never_ping_nor_break_a_limit(
    discord: DiscordHarness,
) -> None:
    await radar_on(discord, sensitivity="normal")
    alice = discord.add_member("alice")
    noisy = [
        "@everyone @here **Flying to Berlin Dec 4-6**, anyone want to meet? <@&1>",
        "> quoted\n**Flying** to __Berlin__ Dec 4-6, anyone? `code` ||spoiler|| " + "x" * 1800,
        TRIP + " " + "So much to plan. " * 110,
        "@everyone " + OTHER_TRIP,
        TRIP,
    ]
    said = [await discord.say(alice, content) for content in noisy]
    await handled(discord)
    planes = [m for m in said if PLANE in bot_reactions(discord, m)]
    assert len(planes) <= 1  # one per author per day, however it is written
    assert all(not m.author.bot for m in discord.channel_messages())
    assert discord.dm_inbox(alice) == []


async def test_admins_are_told_what_the_bot_lacks_before_anything_is_saved(
    discord: DiscordHarness,
) -> None:
    admin = discord.add_member("admin", admin=True)
    discord.deny(discord.channel, discord.bot_member, Permission.ADD_REACTIONS)
    refused = await run(
        discord, admin, "tweetup-admin radar", channel=discord.channel, enabled=True
    )
    assert "**Add Reactions**" in refused.content
    half = await run(discord, admin, "tweetup-admin radar", enabled=True)
    assert "Give both a `channel` and `enabled`" in half.content
    shown = await run(discord, admin, "tweetup-admin radar")
    assert "Channels: none" in shown.content
    assert shown.ephemeral


async def test_a_mention_is_answered_by_chatter_not_radar(discord: DiscordHarness) -> None:
    await radar_on(discord)
    alice = discord.add_member("alice")
    said = await post(discord, alice, f"{bot_mention(discord)} {TRIP}")
    await discord.wait_for_message(matching=lambda m: "Sounds like a trip" in m.content)
    await handled(discord)
    assert bot_reactions(discord, said) == []
